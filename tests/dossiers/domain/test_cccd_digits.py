"""The birth digits of a 12-digit CCCD against the date of birth and the sex (no database):
digit 4 the century and sex (0/1 1900s male/female, 2/3 2000s, …), digits 5-6 the year."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hotro.dossiers.domain.fields import FEMALE, MALE, cccd_contradictions, sex_of


def cccd(born: dt.date, sex: str, province: str = "079", serial: str = "000123") -> str:
    digit = 2 * ((born.year - 1900) // 100) + (1 if sex == FEMALE else 0)
    return f"{province}{digit}{born.year % 100:02d}{serial}"


@given(
    st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2299, 12, 31)),
    st.sampled_from([MALE, FEMALE]),
)
def test_a_cccd_made_from_the_birth_date_and_sex_agrees(born: dt.date, sex: str) -> None:
    assert cccd_contradictions(cccd(born, sex), born, sex) == []


@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2099, 12, 31)))
def test_another_century_digit_is_caught(born: dt.date) -> None:
    number = cccd(born, MALE)
    wrong = number[:3] + str((int(number[3]) + 2) % 10) + number[4:]
    assert "national_id_century" in cccd_contradictions(wrong, born)


@pytest.mark.parametrize(
    ("number", "born", "sex", "found"),
    [
        ("079190000123", dt.date(1990, 4, 12), FEMALE, []),
        ("079190000123", dt.date(1990, 4, 12), MALE, ["national_id_sex"]),
        ("079190000123", dt.date(1991, 4, 12), None, ["national_id_birth_year"]),
        # a man born in 1995 by the number, in 2001 by the date: both digits disagree
        (
            "079095001234",
            dt.date(2001, 3, 5),
            None,
            ["national_id_century", "national_id_birth_year"],
        ),
        ("079290000123", dt.date(1990, 4, 12), None, ["national_id_century"]),
        ("001305000123", dt.date(2005, 1, 1), FEMALE, []),
        ("001305000123", dt.date(2005, 1, 1), MALE, ["national_id_sex"]),
        ("123456789", dt.date(2005, 1, 1), MALE, []),  # a 9-digit CMND carries no birth digits
        ("079190000123", None, None, []),  # nothing to compare with
    ],
)
def test_contradictions(
    number: str, born: dt.date | None, sex: str | None, found: list[str]
) -> None:
    assert cccd_contradictions(number, born, sex) == found


@pytest.mark.parametrize(
    ("raw", "sex"),
    [("Nam", MALE), ("nữ", FEMALE), (" NỮ ", FEMALE), ("nu", FEMALE), ("x", None), ("", None)],
)
def test_sex_words(raw: str, sex: str | None) -> None:
    assert sex_of(raw) == sex

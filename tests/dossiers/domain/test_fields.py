"""Validation of each field kind (no database)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from stdnum.vn import mst

from hotro.catalog.schema import FieldKind, FormField
from hotro.dossiers.domain import fields
from hotro.dossiers.domain.fields import Invalid, Period


def field(kind: FieldKind, **kw: Any) -> FormField:
    return FormField(key="x", label="x", label_en="x", kind=kind, **kw)


def code_of(f: FormField, raw: Any, period: Period | None = None) -> str:
    with pytest.raises(Invalid) as exc:
        fields.clean(f, raw, period)
    return exc.value.code


@pytest.mark.parametrize("raw", ["079190000123", "001088000456", "123456789", " 079 190 000 123 "])
def test_national_id_accepts_cccd_and_cmnd(raw: str) -> None:
    assert fields.clean(field(FieldKind.NATIONAL_ID), raw) == raw.replace(" ", "")


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("07919000012", "national_id"),  # 11 digits
        ("0791900001234", "national_id"),  # 13 digits
        ("07919000012a", "national_id"),
        ("０７９１９０００００１２", "national_id"),  # full-width digits
        ("099190000123", "national_id_province"),  # no province 099
        ("003190000123", "national_id_province"),
    ],
)
def test_national_id_rejects(raw: str, code: str) -> None:
    assert code_of(field(FieldKind.NATIONAL_ID), raw) == code


def test_tax_code_checks_length_and_check_digit() -> None:
    f = field(FieldKind.TAX_CODE)
    assert fields.clean(f, "0100233488") == "0100233488"
    assert fields.clean(f, "0100233488-001") == "0100233488001"
    assert code_of(f, "0100233489") == "tax_code_checksum"
    assert code_of(f, "01002334") == "tax_code"
    assert code_of(f, "01002334880") == "tax_code"


@given(st.integers(min_value=1, max_value=99), st.integers(min_value=1, max_value=9_999_999))
def test_every_tax_code_with_its_check_digit_passes(province: int, serial: int) -> None:
    body = f"{province:02d}{serial:07d}"
    check = mst.calc_check_digit(body)
    if len(check) == 1:
        assert fields.clean(field(FieldKind.TAX_CODE), body + check) == body + check
        wrong = str((int(check) + 1) % 10)
        assert code_of(field(FieldKind.TAX_CODE), body + wrong) == "tax_code_checksum"


def test_dates_and_the_policy_period() -> None:
    period = Period(dt.date(2021, 5, 1), dt.date(2021, 12, 31))
    f = field(FieldKind.DATE, within_period=True)
    assert fields.clean(f, "2021-07-01", period) == "2021-07-01"
    assert fields.clean(f, "01/07/2021", period) == "2021-07-01"
    assert code_of(f, "2021-04-30", period) == "date_outside_period"
    assert code_of(f, "2022-01-01", period) == "date_outside_period"
    assert code_of(f, "2021-02-30", period) == "date"
    assert code_of(f, "hôm qua", period) == "date"


def test_integers_with_bounds() -> None:
    f = field(FieldKind.INTEGER, min=15, max=365)
    assert fields.clean(f, 15) == 15
    assert fields.clean(f, "30") == 30
    assert fields.clean(f, 45.0) == 45  # what Excel gives
    assert code_of(f, 14) == "min_value"
    assert code_of(f, 366) == "max_value"
    assert code_of(f, 15.5) == "integer"
    assert code_of(f, True) == "integer"
    assert code_of(f, "mười lăm") == "integer"


def test_required_and_optional() -> None:
    assert code_of(field(FieldKind.TEXT), None) == "required"
    assert code_of(field(FieldKind.TEXT), "   ") == "required"
    assert fields.clean(field(FieldKind.TEXT, required=False), "") is None


def test_other_kinds() -> None:
    assert fields.clean(field(FieldKind.BOOLEAN), "có") is True
    assert code_of(field(FieldKind.BOOLEAN), "maybe") == "boolean"
    assert fields.clean(field(FieldKind.PHONE), "090 312 3456") == "0903123456"
    assert code_of(field(FieldKind.PHONE), "12345") == "phone"
    assert fields.clean(field(FieldKind.EMAIL), "A@B.VN") == "a@b.vn"
    assert code_of(field(FieldKind.EMAIL), "a@b") == "email"
    assert code_of(field(FieldKind.SOCIAL_INSURANCE_NO), "12345") == "social_insurance_no"
    assert code_of(field(FieldKind.MONEY), -1) == "money"
    assert code_of(field(FieldKind.TEXT), "a\x00b") == "text"
    assert code_of(field(FieldKind.TEXT), {"nested": 1}) == "text"
    assert code_of(field(FieldKind.CHOICE, choices=["F0", "F1"]), "F2") == "choice"

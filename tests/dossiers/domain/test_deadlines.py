"""Working-day arithmetic against the official 2020-2022 schedules (no database)."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from hotro.core import clock
from hotro.dossiers.domain.deadlines import OutOfCalendar, WorkingCalendar, receipt_day

CAL = WorkingCalendar()
D = dt.date


@pytest.mark.parametrize(
    ("first", "last"),
    [
        (D(2020, 1, 23), D(2020, 1, 29)),  # Tết Canh Tý
        (D(2021, 2, 10), D(2021, 2, 16)),  # Tết Tân Sửu
        (D(2022, 1, 31), D(2022, 2, 4)),  # Tết Nhâm Dần
    ],
)
def test_tet_is_off_every_day(first: dt.date, last: dt.date) -> None:
    day = first
    while day <= last:
        assert not CAL.is_working(day), day
        day += dt.timedelta(days=1)


@pytest.mark.parametrize(
    "day",
    [
        D(2021, 4, 21),  # Hùng Kings 2021
        D(2021, 4, 30),
        D(2021, 5, 3),  # substitute for 1 May 2021, a Saturday
        D(2021, 9, 2),
        D(2021, 9, 3),  # the adjacent National Day holiday since 2021
        D(2022, 9, 1),
        D(2022, 9, 2),
    ],
)
def test_public_holidays_are_off(day: dt.date) -> None:
    assert not CAL.is_working(day)


def test_ordinary_days() -> None:
    assert CAL.is_working(D(2021, 10, 13))  # Wednesday
    assert not CAL.is_working(D(2021, 10, 16))  # Saturday
    assert not CAL.is_working(D(2021, 10, 17))  # Sunday


def test_due_date_skips_weekend_and_national_day() -> None:
    # Wed 1 Sep 2021 + 6 working days: Thu 2 and Fri 3 are holidays, then Mon 6 … Mon 13.
    assert CAL.add_working_days(D(2021, 9, 1), 6) == D(2021, 9, 13)


def test_due_date_over_tet_2021() -> None:
    # Tue 9 Feb 2021 + 1 working day: Tết runs to Tue 16 Feb, so Wed 17 Feb.
    assert CAL.add_working_days(D(2021, 2, 9), 1) == D(2021, 2, 17)


def test_an_extra_working_saturday_counts() -> None:
    # An administrator's override: Saturday 16 Oct 2021 worked.
    cal = WorkingCalendar(extra_working=[D(2021, 10, 16)])
    assert cal.is_working(D(2021, 10, 16))
    assert cal.add_working_days(D(2021, 10, 15), 1) == D(2021, 10, 16)
    assert CAL.add_working_days(D(2021, 10, 15), 1) == D(2021, 10, 18)


def test_extra_day_off() -> None:
    cal = WorkingCalendar(extra_off=[D(2021, 10, 14)])
    assert cal.add_working_days(D(2021, 10, 13), 1) == D(2021, 10, 15)


def test_zero_days_is_the_day_or_the_next_working_day() -> None:
    assert CAL.add_working_days(D(2021, 10, 13), 0) == D(2021, 10, 13)
    assert CAL.add_working_days(D(2021, 10, 16), 0) == D(2021, 10, 18)


def test_outside_the_calendar_is_an_error() -> None:
    with pytest.raises(OutOfCalendar):
        CAL.add_working_days(D(2040, 1, 1), 1)
    with pytest.raises(ValueError, match="negative"):
        CAL.add_working_days(D(2021, 1, 4), -1)


days = st.dates(min_value=D(2019, 1, 1), max_value=D(2031, 12, 1))


@given(day=days, n=st.integers(min_value=1, max_value=40))
def test_add_then_count_agree(day: dt.date, n: int) -> None:
    due = CAL.add_working_days(day, n)
    assert due > day
    assert CAL.is_working(due)
    assert CAL.working_days_between(day, due) == n
    # No working day is skipped: the day before `due` is fewer than n working days away.
    assert CAL.working_days_between(day, due - dt.timedelta(days=1)) == n - 1


@given(day=days, n=st.integers(min_value=1, max_value=40))
def test_add_matches_a_day_by_day_walk(day: dt.date, n: int) -> None:
    walked, left = day, n
    while left:
        walked += dt.timedelta(days=1)
        if CAL.is_working(walked):
            left -= 1
    assert CAL.add_working_days(day, n) == walked


@given(st.lists(st.tuples(days, st.integers(min_value=1, max_value=30)), min_size=1, max_size=50))
def test_bulk_equals_one_by_one(pairs: list[tuple[dt.date, int]]) -> None:
    starts = np.array([d for d, _ in pairs], dtype="datetime64[D]")
    ns = np.array([n for _, n in pairs], dtype=np.int64)
    bulk = CAL.add_working_days_bulk(starts, ns)
    assert [d.astype(object) for d in bulk] == [CAL.add_working_days(d, n) for d, n in pairs]


@pytest.mark.parametrize(
    ("local", "expected"),
    [
        (clock.vietnam_datetime(2021, 10, 13, 9, 0), D(2021, 10, 13)),
        (clock.vietnam_datetime(2021, 10, 13, 16, 59), D(2021, 10, 13)),
        (clock.vietnam_datetime(2021, 10, 13, 17, 0), D(2021, 10, 14)),  # after the cut-off
        (clock.vietnam_datetime(2021, 10, 15, 18, 0), D(2021, 10, 18)),  # Friday evening
        (clock.vietnam_datetime(2021, 10, 16, 10, 0), D(2021, 10, 18)),  # Saturday
        (clock.vietnam_datetime(2021, 9, 2, 8, 0), D(2021, 9, 6)),  # National Day
    ],
)
def test_receipt_day_applies_cutoff_and_days_off(local: dt.datetime, expected: dt.date) -> None:
    assert receipt_day(CAL, local, 17) == expected


def test_bulk_refuses_what_it_cannot_answer() -> None:
    with pytest.raises(ValueError, match="n >= 1"):
        CAL.add_working_days_bulk(np.array(["2021-02-13"], dtype="datetime64[D]"), 0)
    with pytest.raises(OutOfCalendar):
        CAL.add_working_days_bulk(np.array(["2010-01-04"], dtype="datetime64[D]"), 1)


@pytest.mark.parametrize(
    ("worked", "paid_back"),
    [
        (D(2024, 5, 4), D(2024, 4, 29)),  # Saturday worked for Monday 29 April 2024
        (D(2025, 4, 26), D(2025, 5, 2)),  # Saturday worked for Friday 2 May 2025
    ],
)
def test_swapped_saturdays_are_working_days(worked: dt.date, paid_back: dt.date) -> None:
    assert CAL.is_working(worked) and not CAL.is_working(paid_back)
    assert CAL.swapped[worked] == paid_back
    assert (worked, "working", f"worked in exchange for {paid_back.isoformat()}") in CAL.exceptions(
        worked.year
    )


def test_2024_swap_in_a_due_date() -> None:
    # Fri 3 May 2024 + 1 working day is the Saturday worked, 4 May.
    assert CAL.add_working_days(D(2024, 5, 3), 1) == D(2024, 5, 4)
    # Fri 26 Apr 2024 + 1: Mon 29 Apr off (swapped), 30 Apr and 1 May holidays: Thu 2 May.
    assert CAL.add_working_days(D(2024, 4, 26), 1) == D(2024, 5, 2)

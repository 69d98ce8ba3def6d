"""Working-day arithmetic. Pure: the calendar is built from the `holidays` package's
Vietnamese holidays plus the overrides an administrator keeps (extra days off, Saturdays
worked), and answers in O(log n) from a sorted array of working-day ordinals, which also
serves bulk computation with numpy."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from typing import Literal

import holidays
import numpy as np
import numpy.typing as npt

FIRST_YEAR = 2019
LAST_YEAR = 2032


_SUBSTITUTED = re.compile(r"substituted from ([0-9]{2})/([0-9]{2})/([0-9]{4})")


class OutOfCalendar(ValueError):
    """A date outside the years the calendar was built for."""


class WorkingCalendar:
    def __init__(
        self,
        *,
        first_year: int = FIRST_YEAR,
        last_year: int = LAST_YEAR,
        extra_off: Iterable[dt.date] = (),
        extra_working: Iterable[dt.date] = (),
    ) -> None:
        self.first = dt.date(first_year, 1, 1)
        self.last = dt.date(last_year, 12, 31)
        public = holidays.country_holidays("VN", years=range(first_year, last_year + 1))
        off = set(public) | set(extra_off)
        # A bridge day off is paid back by a Saturday worked; the package names that Saturday
        # in the day off's name ("Day off (substituted from 05/04/2024)").
        self.swapped: dict[dt.date, dt.date] = {}
        for day, name in public.items():
            found = _SUBSTITUTED.search(str(name))
            if found:
                month, dom, year = (int(x) for x in found.groups())
                self.swapped[dt.date(year, month, dom)] = day
        working = set(extra_working) | set(self.swapped)
        self.extra_off = frozenset(extra_off)
        self.extra_working = frozenset(extra_working)
        days = (self.first + dt.timedelta(days=i) for i in range((self.last - self.first).days + 1))
        self._ordinals: npt.NDArray[np.int64] = np.fromiter(
            (d.toordinal() for d in days if d in working or (d.weekday() < 5 and d not in off)),
            dtype=np.int64,
        )
        self._names: dict[dt.date, str] = {d: str(name) for d, name in public.items()}

    def _check(self, day: dt.date) -> None:
        if not (self.first <= day <= self.last):
            raise OutOfCalendar(f"{day} is outside {self.first.year}-{self.last.year}")

    def is_working(self, day: dt.date) -> bool:
        self._check(day)
        i = int(np.searchsorted(self._ordinals, day.toordinal()))
        return i < len(self._ordinals) and int(self._ordinals[i]) == day.toordinal()

    def holiday_name(self, day: dt.date) -> str | None:
        return self._names.get(day)

    def exceptions(self, year: int) -> list[tuple[dt.date, str, str]]:
        """The year's departures from Monday-to-Friday: (day, 'off' or 'working', why)."""
        rows: list[tuple[dt.date, str, str]] = []
        for day, name in self._names.items():
            if day.year == year and day.weekday() < 5 and day not in self.extra_working:
                rows.append((day, "off", name))
        for day in self.extra_off:
            if day.year == year and day.weekday() < 5 and day not in self._names:
                rows.append((day, "off", "extra day off"))
        for day, paid_back in self.swapped.items():
            if day.year == year:
                rows.append((day, "working", f"worked in exchange for {paid_back.isoformat()}"))
        for day in self.extra_working:
            if day.year == year and day not in self.swapped:
                rows.append((day, "working", "extra working day"))
        return sorted(rows)

    def add_working_days(self, day: dt.date, n: int) -> dt.date:
        """The n-th working day after `day`, `day` itself not counted; n = 0 gives `day` if it
        is a working day, else the next one."""
        self._check(day)
        if n < 0:
            raise ValueError("n must not be negative")
        side: Literal["left", "right"] = "right" if n > 0 else "left"
        i = int(np.searchsorted(self._ordinals, day.toordinal(), side=side)) + max(n - 1, 0)
        if i >= len(self._ordinals):
            raise OutOfCalendar(f"{n} working days after {day} is past {self.last}")
        return dt.date.fromordinal(int(self._ordinals[i]))

    def next_working_day(self, day: dt.date) -> dt.date:
        """`day` if it is a working day, else the first working day after it."""
        return self.add_working_days(day, 0)

    def working_days_between(self, start: dt.date, end: dt.date) -> int:
        """Working days in (start, end]: how many working days pass from `start` to `end`;
        negative when `end` is before `start`."""
        self._check(start)
        self._check(end)
        a = int(np.searchsorted(self._ordinals, start.toordinal(), side="right"))
        b = int(np.searchsorted(self._ordinals, end.toordinal(), side="right"))
        return b - a

    def add_working_days_bulk(
        self, days: npt.NDArray[np.datetime64], n: npt.NDArray[np.int64] | int
    ) -> npt.NDArray[np.datetime64]:
        """Vectorised add_working_days for n ≥ 1: `days` as datetime64[D]."""
        # datetime64[D] counts from 1970-01-01, whose proleptic ordinal is 719163.
        ordinals = days.astype("datetime64[D]").astype(np.int64) + 719_163
        counts = np.asarray(n)
        if counts.size and int(counts.min()) < 1:
            raise ValueError("bulk due dates take n >= 1")
        first, last = self.first.toordinal(), self.last.toordinal()
        if ordinals.size and (int(ordinals.min()) < first or int(ordinals.max()) > last):
            raise OutOfCalendar(f"a start date is outside {self.first.year}-{self.last.year}")
        idx = np.searchsorted(self._ordinals, ordinals, side="right") + counts - 1
        if idx.size and int(idx.max()) >= len(self._ordinals):
            raise OutOfCalendar("a due date falls past the calendar")
        return (self._ordinals[idx] - 719_163).astype("datetime64[D]")


def receipt_day(
    calendar: WorkingCalendar, submitted_local: dt.datetime, cutoff_hour: int
) -> dt.date:
    """The day an online submission counts as received: that day if it is a working day and
    before the cut-off hour (Vietnam time), else the next working day."""
    day = submitted_local.date()
    if calendar.is_working(day) and submitted_local.hour < cutoff_hour:
        return day
    return calendar.add_working_days(day, 1)


def working_days_left(calendar: WorkingCalendar, due: dt.date, today: dt.date) -> int:
    """Working days from today to the due date: 0 on the due date itself, negative once past
    it (-1 the first working day after)."""
    return calendar.working_days_between(today, due)

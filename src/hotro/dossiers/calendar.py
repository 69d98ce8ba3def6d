"""The working-day calendar in force: the pure calendar plus the administrators' overrides."""

from __future__ import annotations

from functools import lru_cache

from hotro.catalog.models import CalendarDay
from hotro.dossiers.domain.deadlines import WorkingCalendar


@lru_cache(maxsize=1)
def working_calendar() -> WorkingCalendar:
    days = list(CalendarDay.objects.values_list("date", "kind"))
    return WorkingCalendar(
        extra_off=[d for d, k in days if k == CalendarDay.Kind.OFF],
        extra_working=[d for d, k in days if k == CalendarDay.Kind.WORKING],
    )


def calendar_changed() -> None:
    """Forget the built calendar after the override table changed."""
    working_calendar.cache_clear()

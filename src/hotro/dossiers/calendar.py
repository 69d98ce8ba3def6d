"""The working-day calendar in force: the pure calendar plus the administrators' overrides.

Built once and rebuilt when the override table changes, in every process: each use asks the
table for a small signature (count and latest change), one indexed query."""

from __future__ import annotations

import threading

from django.db.models import Count, Max

from hotro.catalog.models import CalendarDay
from hotro.dossiers.domain.deadlines import WorkingCalendar

_lock = threading.Lock()
_built: tuple[object, WorkingCalendar] | None = None


def working_calendar() -> WorkingCalendar:
    global _built
    signature = tuple(CalendarDay.objects.aggregate(n=Count("id"), last=Max("updated_at")).values())
    with _lock:
        if _built is not None and _built[0] == signature:
            return _built[1]
    days = list(CalendarDay.objects.values_list("date", "kind"))
    calendar = WorkingCalendar(
        extra_off=[d for d, k in days if k == CalendarDay.Kind.OFF],
        extra_working=[d for d, k in days if k == CalendarDay.Kind.WORKING],
    )
    with _lock:
        _built = (signature, calendar)
    return calendar

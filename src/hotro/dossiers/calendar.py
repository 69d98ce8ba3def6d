"""The working-day calendar in force: the pure calendar plus the administrators' overrides.

Built once and rebuilt when the override table changes, in every process: a process asks the
table for a small signature (count and latest change) at most once every `RECHECK_SECONDS`,
and forgets its calendar at once when it changes an override itself (signals)."""

from __future__ import annotations

import threading
import time
from typing import Any

from django.db.models import Count, Max
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from hotro.catalog.models import CalendarDay
from hotro.dossiers.domain.deadlines import WorkingCalendar

# How long another process's change of an override may go unseen. A submission asked the
# table three times (receipt, step, slip); overrides are entered days ahead of the day.
RECHECK_SECONDS = 2.0

_lock = threading.Lock()
_built: tuple[object, WorkingCalendar] | None = None
_checked_at = 0.0


def working_calendar() -> WorkingCalendar:
    global _built, _checked_at
    now = time.monotonic()
    with _lock:
        if _built is not None and now - _checked_at < RECHECK_SECONDS:
            return _built[1]
    signature = tuple(CalendarDay.objects.aggregate(n=Count("id"), last=Max("updated_at")).values())
    with _lock:
        if _built is not None and _built[0] == signature:
            _checked_at = now
            return _built[1]
    days = list(CalendarDay.objects.values_list("date", "kind"))
    calendar = WorkingCalendar(
        extra_off=[d for d, k in days if k == CalendarDay.Kind.OFF],
        extra_working=[d for d, k in days if k == CalendarDay.Kind.WORKING],
    )
    with _lock:
        _built, _checked_at = (signature, calendar), now
    return calendar


@receiver(post_save, sender=CalendarDay)
@receiver(post_delete, sender=CalendarDay)
def calendar_forget(**_: Any) -> None:
    """An override changed in this process: the next use rebuilds the calendar."""
    global _built
    with _lock:
        _built = None

"""The working-day calendar in force: the pure calendar plus the administrators' overrides.

Built once and rebuilt when the override table changes, in every process: a process asks the
table for a small signature at most once every `RECHECK_SECONDS`, and forgets its calendar when
it changes an override itself, at once and again when that change commits.

What a rollback must not fool: a calendar built from a transaction's own uncommitted overrides
is used by that transaction only, never kept for the process; and the signature (count, latest
change, highest id) cannot come back to an earlier value by a rollback or a flush, because ids
are never reused."""

from __future__ import annotations

import threading
import time
from typing import Any

from django.db import connection, transaction
from django.db.models import Count, Max
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from hotro.catalog.models import CalendarDay
from hotro.core import caches
from hotro.dossiers.domain.deadlines import WorkingCalendar

# How long another process's change of an override may go unseen. A submission asked the
# table three times (receipt, step, slip); overrides are entered days ahead of the day.
RECHECK_SECONDS = 2.0

_lock = threading.Lock()
_built: tuple[object, WorkingCalendar] | None = None
_checked_at = 0.0


def _signature() -> tuple[object, ...]:
    return tuple(
        CalendarDay.objects.aggregate(n=Count("id"), last=Max("updated_at"), top=Max("id")).values()
    )


def _build() -> WorkingCalendar:
    days = list(CalendarDay.objects.values_list("date", "kind"))
    return WorkingCalendar(
        extra_off=[d for d, k in days if k == CalendarDay.Kind.OFF],
        extra_working=[d for d, k in days if k == CalendarDay.Kind.WORKING],
    )


def _own_changes_pending() -> bool:
    """Whether this connection's open transaction changed an override: its `_committed` hook
    is still waiting. Django drops the hook when the change is rolled back (the transaction or
    the savepoint it was made in), so nothing is left to clear by hand."""
    return connection.in_atomic_block and any(
        entry[1] is _committed for entry in connection.run_on_commit
    )


def working_calendar() -> WorkingCalendar:
    global _built, _checked_at
    if _own_changes_pending():
        return _build()
    now = time.monotonic()
    with _lock:
        # A clock that went backwards (a test's patched one) means "not checked".
        if _built is not None and 0 <= now - _checked_at < RECHECK_SECONDS:
            return _built[1]
    signature = _signature()
    with _lock:
        if _built is not None and _built[0] == signature:
            _checked_at = now
            return _built[1]
    calendar = _build()
    with _lock:
        _built, _checked_at = (signature, calendar), now
    return calendar


@caches.register
def calendar_forget() -> None:
    """The next use rebuilds the calendar."""
    global _built
    with _lock:
        _built = None


def _committed() -> None:
    calendar_forget()


@receiver(post_save, sender=CalendarDay)
@receiver(post_delete, sender=CalendarDay)
def calendar_changed(**_: Any) -> None:
    """An override changed in this process: forget now, and again once it commits (another
    thread may have rebuilt from the committed table in between)."""
    calendar_forget()
    if not _own_changes_pending():
        transaction.on_commit(_committed)

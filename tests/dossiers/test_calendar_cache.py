"""The process's working calendar never outlives the transaction that changed it: a rollback
(of a savepoint or of a whole transaction) leaves no override behind in the cache, a commit is
seen at once, and a clock that jumps does not make a stale calendar look fresh. The cache is
deliberately not reset between the steps of these tests."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import transaction

from hotro.catalog.models import CalendarDay
from hotro.dossiers import calendar

DAY = dt.date(2021, 10, 14)  # a Thursday, a working day unless overridden


class _Rollback(Exception):
    pass


def _frozen_monotonic(monkeypatch: pytest.MonkeyPatch, value: float) -> list[float]:
    now = [value]
    monkeypatch.setattr(calendar.time, "monotonic", lambda: now[0])
    return now


@pytest.mark.django_db
def test_a_savepoint_rolled_back_leaves_no_override_in_the_cache(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _frozen_monotonic(monkeypatch, 5000.0)  # no recheck can come to the rescue
    assert calendar.working_calendar().is_working(DAY)
    with pytest.raises(_Rollback), transaction.atomic():
        CalendarDay.objects.create(date=DAY, kind="off", name="Nghỉ đột xuất")
        assert not calendar.working_calendar().is_working(DAY)
        raise _Rollback
    assert not CalendarDay.objects.filter(date=DAY).exists()
    assert calendar.working_calendar().is_working(DAY)


@pytest.mark.django_db(transaction=True)
def test_a_transaction_rolled_back_leaves_no_override_in_the_cache(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _frozen_monotonic(monkeypatch, 5000.0)
    assert calendar.working_calendar().is_working(DAY)
    with pytest.raises(_Rollback), transaction.atomic():
        CalendarDay.objects.create(date=DAY, kind="off", name="Nghỉ đột xuất")
        assert not calendar.working_calendar().is_working(DAY)
        raise _Rollback
    assert calendar.working_calendar().is_working(DAY)


@pytest.mark.django_db(transaction=True)
def test_a_committed_override_is_seen_at_once_even_if_another_thread_rebuilt_meanwhile(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _frozen_monotonic(monkeypatch, 5000.0)
    before = calendar.working_calendar()
    kept = calendar._built
    assert before.is_working(DAY) and kept is not None
    with transaction.atomic():
        CalendarDay.objects.create(date=DAY, kind="off", name="Nghỉ đột xuất")
        # What another thread keeps while this transaction is open: the committed table.
        calendar._built = kept
    assert not calendar.working_calendar().is_working(DAY)
    CalendarDay.objects.filter(date=DAY).delete()
    assert calendar.working_calendar().is_working(DAY)


@pytest.mark.django_db
def test_a_clock_set_back_does_not_make_a_stale_calendar_look_fresh(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The cause of the CI failure: a test that patched the monotonic clock forward left the
    cache checked "in the future", so on a machine up for less than that, every later use
    trusted it without asking the table."""
    now = _frozen_monotonic(monkeypatch, 1000.0)
    assert calendar.working_calendar().is_working(DAY)
    _insert_without_signals()
    now[0] = 10.0  # earlier than the last check
    assert not calendar.working_calendar().is_working(DAY)


def _insert_without_signals() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO catalog_calendarday (date, kind, name, source, updated_at) "
            "VALUES (%s, 'off', 'Nghỉ đột xuất', '', %s)",
            [DAY, dt.datetime.now(dt.UTC)],
        )


@pytest.mark.django_db(transaction=True)
def test_after_a_rolled_back_change_later_transactions_use_the_cache_again(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Nothing of the rolled-back change lingers: the next transaction keeps its calendar for
    the process as usual, and asks the table no more."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _frozen_monotonic(monkeypatch, 5000.0)
    with pytest.raises(_Rollback), transaction.atomic():
        CalendarDay.objects.create(date=DAY, kind="off", name="Nghỉ đột xuất")
        raise _Rollback
    with transaction.atomic():
        assert calendar.working_calendar().is_working(DAY)
        with CaptureQueriesContext(connection) as asked:
            assert calendar.working_calendar().is_working(DAY)
    assert asked.captured_queries == []

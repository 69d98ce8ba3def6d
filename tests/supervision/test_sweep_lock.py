"""The sweep's mark is read under a PostgreSQL advisory lock: shared by every change of a
dossier (`counters_snapshot`), exclusive for the sweep. So no change judges a dossier by a
mark the sweep is moving (the count would take the dossier twice, or never). Two real
connections; SQLite runs one writer at a time and takes no such lock."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable

import pytest
from django.db import connection, connections, transaction

from hotro.dossiers.models import Dossier
from hotro.supervision import services

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="advisory locks are PostgreSQL's"),
]


def _in_thread(work: Callable[[], object]) -> object:
    """Run `work` on another connection (its own transaction) and return what it returned."""
    out: list[object] = []

    def run() -> None:
        try:
            out.append(work())
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(timeout=30)
    assert not thread.is_alive()
    return out[0]


def _try(kind: str) -> bool:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"SELECT {kind}(%s)", [services._SWEEP_LOCK])
        return bool(cursor.fetchone()[0])


def test_a_change_holds_the_mark_shared_and_the_sweep_waits_for_it() -> None:
    holding, release = threading.Event(), threading.Event()
    seen: list[bool] = []

    def change() -> None:
        with transaction.atomic():
            dossier = Dossier(stat_bucket="pending_on_time", due_date=dt.date(2021, 10, 20))
            services.counters_snapshot(dossier)  # a change's first read of the counters
            holding.set()
            release.wait(timeout=20)
        connections.close_all()

    thread = threading.Thread(target=change)
    thread.start()
    assert holding.wait(timeout=20)
    # While the change is open, the sweep's exclusive lock cannot be had…
    seen.append(bool(_in_thread(lambda: _try("pg_try_advisory_xact_lock"))))
    # …but another change's shared one can.
    seen.append(bool(_in_thread(lambda: _try("pg_try_advisory_xact_lock_shared"))))
    release.set()
    thread.join(timeout=20)
    seen.append(bool(_in_thread(lambda: _try("pg_try_advisory_xact_lock"))))
    assert seen == [False, True, True]


def test_the_sweep_holds_the_mark_exclusively() -> None:
    with transaction.atomic():
        services.counters_sweep(today=dt.date(2021, 10, 20))  # rolled back with the test
        assert _in_thread(lambda: _try("pg_try_advisory_xact_lock_shared")) is False

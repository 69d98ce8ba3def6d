"""Background tasks: thin wrappers that call a service. Each is idempotent, so a retried or
doubled run changes nothing more."""

from __future__ import annotations

from dataclasses import asdict

from celery import shared_task

import hotro.celery  # noqa: F401 (the app these tasks run on: made here, not at every import)
from hotro.dossiers.orphans import orphans_purge
from hotro.dossiers.sweep import overdue_sweep


@shared_task(name="hotro.overdue_sweep")
def overdue_sweep_task() -> dict[str, int]:
    return asdict(overdue_sweep())


@shared_task(name="hotro.orphan_uploads_purge")
def orphan_uploads_purge_task() -> dict[str, int]:
    return asdict(orphans_purge())

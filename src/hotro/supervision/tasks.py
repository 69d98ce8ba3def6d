"""Supervision's scheduled work: thin wrappers; each task is idempotent."""

from __future__ import annotations

from dataclasses import asdict

from celery import shared_task

import hotro.celery  # noqa: F401 (the app these tasks run on: made here, not at every import)
from hotro.supervision.digests import digest_daily, digest_weekly
from hotro.supervision.reminders import reminder_compose


@shared_task(name="hotro.digest_weekly")
def digest_weekly_task() -> dict[str, int]:
    return asdict(digest_weekly())


@shared_task(name="hotro.digest_daily")
def digest_daily_task() -> dict[str, int]:
    return asdict(digest_daily())


@shared_task(name="hotro.reminder_compose")
def reminder_compose_task(dispatch_id: int) -> str:
    """Compose and issue a reminder dispatch asked for (reminders.reminder_request)."""
    return reminder_compose(dispatch_id)

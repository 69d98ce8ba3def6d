"""The background worker (Celery). With no broker configured (the embedded default) tasks run
in-process, at once; with `CELERY_BROKER_URL` (Redis) they run in `hotro worker` processes,
and the worker's beat starts the scheduled ones."""

from __future__ import annotations

import os

from celery import Celery
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hotro.settings")

app = Celery("hotro")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks(["hotro.dossiers", "hotro.signatures", "hotro.supervision"])


def _beat_schedule() -> dict[str, dict[str, object]]:
    from django.conf import settings

    return {
        name: {"task": entry["task"], "schedule": crontab(**entry["cron"])}
        for name, entry in settings.HOTRO_BEAT_SCHEDULE.items()
    }


app.conf.beat_schedule = _beat_schedule()

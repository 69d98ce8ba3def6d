"""The background worker (Celery). With no broker configured (the embedded default) tasks run
in-process, at once; with `CELERY_BROKER_URL` (Redis) they run in `hotro worker` processes,
and the worker's beat starts the scheduled ones."""

from __future__ import annotations

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hotro.settings")

app = Celery("hotro")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks(["hotro.dossiers", "hotro.signatures", "hotro.supervision"])

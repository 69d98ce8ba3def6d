"""Hỗ trợ: online support dossiers, end to end.

The Celery application is made when something first needs it (`hotro.celery_app`, the tasks
modules, `celery -A hotro`), not at every import of the package: importing Celery costs about
a fifth of a second, which every `hotro` command used to pay."""

from __future__ import annotations

from typing import Any

__all__ = ["celery_app"]


def __getattr__(name: str) -> Any:
    if name == "celery_app":
        from hotro.celery import app

        return app
    raise AttributeError(f"module 'hotro' has no attribute {name!r}")

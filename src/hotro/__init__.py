"""Hỗ trợ: online support dossiers, end to end."""

from hotro.celery import app as celery_app

__all__ = ["celery_app"]

"""Uploads that never became part of a dossier: a quota on how many a user may hold, and
their removal, rows and files, once they are older than HOTRO_ORPHAN_UPLOAD_HOURS.

An upload is stored before the dossier that uses it is submitted, so unattached uploads are
normal for a while; without a bound they are free storage for anyone with an account."""

from __future__ import annotations

import datetime as dt
import functools
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Count, Sum

from hotro.accounts.models import User
from hotro.core import clock
from hotro.core.errors import FieldError, ValidationFailed
from hotro.dossiers.models import Document

log = logging.getLogger(__name__)
BATCH = 500
_MB = 1024 * 1024


@contextmanager
def pending_quota(*, user: User, size: int) -> Iterator[None]:
    """Hold the user's uploads still while one more of `size` bytes is stored: refused
    (422, field `file`) when it would pass HOTRO_PENDING_UPLOADS_MAX or ..._BYTES_MAX. The
    user's row is locked, so two uploads at once cannot both take the last place."""
    with transaction.atomic():
        list(User.objects.select_for_update().filter(pk=user.pk).values_list("pk", flat=True))
        held = Document.objects.filter(owner=user, dossier__isnull=True).aggregate(
            count=Count("id"), size=Sum("size")
        )
        count, total = held["count"] or 0, held["size"] or 0
        max_count = settings.HOTRO_PENDING_UPLOADS_MAX
        max_bytes = settings.HOTRO_PENDING_UPLOAD_BYTES_MAX
        if count + 1 > max_count or total + size > max_bytes:
            params = {
                "count": count,
                "megabytes": round(total / _MB, 1),
                "max_count": max_count,
                "max_megabytes": round(max_bytes / _MB),
                "hours": settings.HOTRO_ORPHAN_UPLOAD_HOURS,
            }
            raise ValidationFailed(
                "pending_uploads_full",
                params=params,
                errors=[FieldError("file", "pending_uploads_full", params)],
            )
        yield


@dataclass(frozen=True)
class Purged:
    documents: int
    bytes: int


def orphans_purge(*, older_than_hours: int | None = None) -> Purged:
    """Delete every upload not attached to a dossier and older than the given hours (the
    setting's by default), with its file. Idempotent: a second run finds nothing more. A
    dossier being submitted holds its uploads' rows locked; those are skipped, not waited for."""
    hours = settings.HOTRO_ORPHAN_UPLOAD_HOURS if older_than_hours is None else older_than_hours
    cutoff = clock.now() - dt.timedelta(hours=hours)
    documents = size = 0
    while True:
        with transaction.atomic():
            batch = list(
                Document.objects.select_for_update(skip_locked=True)
                .filter(dossier__isnull=True, uploaded_at__lt=cutoff)
                .order_by("uploaded_at")
                .values_list("id", "file", "size")[:BATCH]
            )
            if not batch:
                break
            Document.objects.filter(id__in=[i for i, _, _ in batch], dossier__isnull=True).delete()
            names = [name for _, name, _ in batch if name]
            # Files go once the rows are gone for good; a rollback leaves both in place.
            transaction.on_commit(functools.partial(_delete_files, names))
        documents += len(batch)
        size += sum(s for _, _, s in batch)
    if documents:
        log.info("purged %d orphan uploads (%d bytes) older than %d h", documents, size, hours)
    return Purged(documents=documents, bytes=size)


def _delete_files(names: list[str]) -> None:
    for name in names:
        try:
            default_storage.delete(name)
        except OSError:  # already gone, or the disk refuses: the row is gone either way
            log.warning("could not delete the file %s of a purged upload", name, exc_info=True)

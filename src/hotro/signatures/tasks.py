"""Background validation of large uploads. Idempotent: validating twice records the same."""

from __future__ import annotations

from celery import shared_task

import hotro.celery  # noqa: F401 (the app these tasks run on: made here, not at every import)
from hotro.dossiers.models import Document
from hotro.signatures.services import document_validate


@shared_task(name="hotro.document_validate")
def document_validate_task(document_id: str) -> str | None:
    document = Document.objects.filter(id=document_id).first()
    if document is None:
        return None
    report = document_validate(document=document)
    return report.indication.value if report.indication else None

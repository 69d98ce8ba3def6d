"""Writes of generated documents."""

from __future__ import annotations

import hashlib

from django.core.files.base import ContentFile

from hotro.core import clock
from hotro.documents.slips import Slip, render
from hotro.dossiers.models import Document, Dossier, Event
from hotro.signatures.services import document_validate


def slip_attach(*, dossier: Dossier, slip: Slip, event: Event) -> Document:
    """Render the slip an action leaves and attach it to the dossier (in the action's
    transaction: the slip exists exactly when the action happened)."""
    content = render(slip, dossier, event=event)
    doc = Document(
        owner=None,
        dossier=dossier,
        component=slip.value,
        filename=f"{slip.value}-{dossier.code}.pdf",
        media_type="application/pdf",
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        uploaded_at=clock.now(),
    )
    doc.file.save(doc.sha256, ContentFile(content), save=False)
    doc.save(force_insert=True)
    document_validate(document=doc)  # the agency's own signature, judged like any other
    return doc

"""Issuing a dispatch and registering it at each recipient: one transaction per dispatch, so
its number, its files and its deliveries exist together or not at all."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, replace

from django.core.files.base import ContentFile
from django.db import transaction

from hotro.accounts.models import Role, User
from hotro.catalog.models import Agency
from hotro.core import clock
from hotro.core.errors import Forbidden, ValidationFailed
from hotro.correspondence.models import IncomingDispatch, OutgoingDispatch, RegisterCounter
from hotro.correspondence.registers import register_next
from hotro.documents.dispatches import Letter, render_docx, render_pdf
from hotro.dossiers.models import Notification

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class Attachment:
    filename: str
    content: bytes


@transaction.atomic
def dispatch_issue(
    *,
    user: User,
    letter: Letter,
    kind: str,
    to: Sequence[Agency],
    attachment: Attachment | None = None,
    figures: dict[str, object] | None = None,
) -> OutgoingDispatch:
    """Number the letter in its issuer's outgoing register, render it (PDF signed by the
    issuer when it has a key, and DOCX), store it with its attachment, and register it at
    every recipient agency, whose officers find it in their inbox."""
    if user.role not in (Role.SUPERVISOR, Role.ADMIN) or (
        user.role == Role.SUPERVISOR and user.agency_id != letter.issuer.id
    ):
        raise Forbidden()
    if not to:
        raise ValidationFailed("dispatch_no_recipient")
    now = clock.now()
    year = now.astimezone(clock.VIETNAM).year
    number = register_next(
        agency_id=letter.issuer.id, year=year, direction=RegisterCounter.Direction.OUT
    )
    letter = replace(letter, number=number, issued_at=now)
    pdf = render_pdf(letter)
    stem = f"{number}-{letter.symbol}"
    dispatch = OutgoingDispatch(
        agency=letter.issuer,
        year=year,
        number=number,
        symbol=letter.symbol,
        kind=kind,
        abstract=letter.abstract[:500],
        issued_at=now,
        issued_by=user,
        signer=letter.signer,
        recipients=list(letter.recipients),
        figures=figures or {},
        pdf_sha256=hashlib.sha256(pdf).hexdigest(),
    )
    dispatch.pdf.save(f"{stem}.pdf", ContentFile(pdf), save=False)
    dispatch.docx.save(f"{stem}.docx", ContentFile(render_docx(letter)), save=False)
    if attachment is not None:
        dispatch.attachment.save(attachment.filename, ContentFile(attachment.content), save=False)
    dispatch.save(force_insert=True)
    for agency in to:
        incoming = IncomingDispatch.objects.create(
            agency=agency,
            year=year,
            number=register_next(
                agency_id=agency.id, year=year, direction=RegisterCounter.Direction.IN
            ),
            received_at=now,
            dispatch=dispatch,
        )
        _notify(agency, dispatch, incoming)
    return dispatch


def _notify(agency: Agency, dispatch: OutgoingDispatch, incoming: IncomingDispatch) -> None:
    title = (
        f"Công văn đến số {incoming.number}: {dispatch.number_symbol} của {dispatch.agency.name}"
    )
    Notification.objects.bulk_create(
        Notification(
            user=user,
            kind="dispatch",
            title=title[:300],
            body=f"V/v {dispatch.abstract}",
            created_at=incoming.received_at,
        )
        for user in User.objects.filter(agency=agency, is_active=True)
    )


@transaction.atomic
def incoming_forward(*, user: User, incoming: IncomingDispatch, to: str) -> IncomingDispatch:
    """Record to whom the agency passed a dispatch it received ("chuyển")."""
    if user.agency_id != incoming.agency_id:
        raise Forbidden()
    if not to.strip():
        raise ValidationFailed("forward_to_required")
    incoming.forwarded_to = to.strip()[:300]
    incoming.forwarded_at = clock.now()
    incoming.forwarded_by = user
    incoming.save(update_fields=["forwarded_to", "forwarded_at", "forwarded_by"])
    return incoming

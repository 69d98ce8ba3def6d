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


@dataclass(frozen=True)
class Delivery:
    """A recipient agency, with what is attached for it alone (its own overdue list)."""

    agency: Agency
    attachment: Attachment | None = None


def _may_issue(user: User, issuer: Agency) -> None:
    if user.role not in (Role.SUPERVISOR, Role.ADMIN) or (
        user.role == Role.SUPERVISOR and user.agency_id != issuer.id
    ):
        raise Forbidden()


def dispatch_request(
    *,
    user: User,
    issuer: Agency,
    kind: str,
    symbol: str,
    abstract: str,
    signer: str,
    request: dict[str, object],
) -> OutgoingDispatch:
    """Record a dispatch asked for, to be composed and issued by the worker: no number yet,
    no file; `dispatch_issue(dispatch=…)` fills it in."""
    _may_issue(user, issuer)
    now = clock.now()
    return OutgoingDispatch.objects.create(
        agency=issuer,
        year=now.astimezone(clock.VIETNAM).year,
        number=None,
        state=OutgoingDispatch.State.COMPOSING,
        symbol=symbol,
        kind=kind,
        abstract=abstract[:500],
        issued_at=now,
        issued_by=user,
        signer=signer,
        request=request,
    )


def dispatch_fail(*, dispatch: OutgoingDispatch, code: str, params: dict[str, object]) -> None:
    """A dispatch the worker could not issue: marked so, and its author told why."""
    from hotro.core.messages import render

    changed = OutgoingDispatch.objects.filter(
        id=dispatch.id, state=OutgoingDispatch.State.COMPOSING
    ).update(
        state=OutgoingDispatch.State.FAILED,
        failure=code[:60],
        request={**dispatch.request, "failure_params": params},
    )
    if not changed:  # issued, or failed already, by another run of the task
        return
    dispatch.refresh_from_db()
    if dispatch.issued_by is not None:
        Notification.objects.create(
            user=dispatch.issued_by,
            kind="dispatch",
            title=f"Không ban hành được công văn V/v {dispatch.abstract}"[:300],
            body=render(code, "vi", params),
            created_at=clock.now(),
        )


@transaction.atomic
def dispatch_issue(
    *,
    user: User,
    letter: Letter,
    kind: str,
    to: Sequence[Agency | Delivery],
    attachment: Attachment | None = None,
    figures: dict[str, object] | None = None,
    dispatch: OutgoingDispatch | None = None,
) -> OutgoingDispatch:
    """Number the letter in its issuer's outgoing register, render it (PDF signed by the
    issuer, and DOCX), store it with its attachment, and register it at every recipient
    agency, with what is attached for that recipient; their officers find it in their inbox.
    `dispatch` is the row of a dispatch asked for earlier (`dispatch_request`), filled in."""
    _may_issue(user, letter.issuer)
    deliveries = [d if isinstance(d, Delivery) else Delivery(d) for d in to]
    if not deliveries:
        raise ValidationFailed("dispatch_no_recipient")
    now = clock.now()
    year = now.astimezone(clock.VIETNAM).year
    number = register_next(
        agency_id=letter.issuer.id, year=year, direction=RegisterCounter.Direction.OUT
    )
    letter = replace(letter, number=number, issued_at=now)
    pdf = render_pdf(letter)
    stem = f"{number}-{letter.symbol}"
    if dispatch is None:
        dispatch = OutgoingDispatch(agency=letter.issuer, issued_by=user, kind=kind)
    dispatch.year, dispatch.number, dispatch.state = year, number, OutgoingDispatch.State.ISSUED
    dispatch.symbol, dispatch.abstract = letter.symbol, letter.abstract[:500]
    dispatch.issued_at, dispatch.signer = now, letter.signer
    dispatch.recipients, dispatch.figures = list(letter.recipients), figures or {}
    dispatch.pdf_sha256 = hashlib.sha256(pdf).hexdigest()
    dispatch.pdf.save(f"{stem}.pdf", ContentFile(pdf), save=False)
    dispatch.docx.save(f"{stem}.docx", ContentFile(render_docx(letter)), save=False)
    if attachment is not None:
        dispatch.attachment.save(attachment.filename, ContentFile(attachment.content), save=False)
    dispatch.save()
    for delivery in deliveries:
        incoming = IncomingDispatch(
            agency=delivery.agency,
            year=year,
            number=register_next(
                agency_id=delivery.agency.id, year=year, direction=RegisterCounter.Direction.IN
            ),
            received_at=now,
            dispatch=dispatch,
        )
        if delivery.attachment is not None:
            own = delivery.attachment
            incoming.attachment.save(own.filename, ContentFile(own.content), save=False)
        incoming.save(force_insert=True)
        _notify(delivery.agency, dispatch, incoming)
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

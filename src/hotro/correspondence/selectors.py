"""Reads of the registers: an agency sees what it sent and what it received; supervisors and
administrators see every outgoing register in their scope."""

from __future__ import annotations

from django.db.models import QuerySet
from django.db.models.fields.files import FieldFile

from hotro.accounts.models import Role, User
from hotro.core.errors import NotFound
from hotro.correspondence.models import IncomingDispatch, OutgoingDispatch


def outgoing_list(*, user: User) -> QuerySet[OutgoingDispatch]:
    qs = OutgoingDispatch.objects.select_related("agency")
    if user.role == Role.ADMIN:
        return qs
    if user.agency_id is None:
        return qs.none()
    return qs.filter(agency_id=user.agency_id)


def inbox(*, user: User) -> QuerySet[IncomingDispatch]:
    qs = IncomingDispatch.objects.select_related("dispatch", "dispatch__agency")
    if user.agency_id is None:
        return qs.none()
    return qs.filter(agency_id=user.agency_id)


def dispatch_visible(*, user: User, dispatch_id: int) -> OutgoingDispatch:
    """A dispatch its issuer or one of its recipients may open."""
    dispatch = OutgoingDispatch.objects.select_related("agency").filter(id=dispatch_id).first()
    if dispatch is None:
        raise NotFound()
    if user.role == Role.ADMIN or dispatch.agency_id == user.agency_id:
        return dispatch
    if user.agency_id is not None and dispatch.deliveries.filter(agency_id=user.agency_id).exists():
        return dispatch
    raise NotFound()  # not 403: whether it exists is not the caller's business


def dispatch_file_for(*, user: User, dispatch: OutgoingDispatch, part: str) -> FieldFile | None:
    """The file `part` ("pdf", "docx", "attachment") of a dispatch as `user` may have it: a
    recipient's attachment is its own (its own overdue list), the issuer's the whole one."""
    recipient = user.role != Role.ADMIN and dispatch.agency_id != user.agency_id
    if part == "attachment" and recipient and user.agency_id is not None:
        own = dispatch.deliveries.filter(agency_id=user.agency_id).first()
        if own is not None and own.attachment:
            return own.attachment
    field: FieldFile = getattr(dispatch, part)
    return field or None


def incoming_get(*, user: User, incoming_id: int) -> IncomingDispatch:
    incoming = inbox(user=user).filter(id=incoming_id).first()
    if incoming is None:
        raise NotFound()
    return incoming

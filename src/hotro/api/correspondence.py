"""The registers of dispatches: what my agency sent, what it received (the inbox), the files,
and passing a received dispatch on."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from django.http import FileResponse, HttpRequest
from ninja import Router, Schema
from pydantic import Field

from hotro.api.auth import AUTH, current_user
from hotro.api.files import DOCX, PDF, XLSX, attachment, download
from hotro.api.problems import language
from hotro.api.schemas import Problem
from hotro.core import clock
from hotro.core.errors import NotFound
from hotro.core.messages import render
from hotro.correspondence import selectors, services
from hotro.correspondence.models import IncomingDispatch, OutgoingDispatch

router = Router(tags=["dispatches"])
MEDIA = {"pdf": PDF, "docx": DOCX, "attachment": XLSX}


class DispatchOut(Schema):
    id: int
    agency_code: str
    agency_name: str
    number: int | None = Field(description="none while the dispatch is being composed")
    number_symbol: str = Field(description="as printed: 2704/UBND-HCC (…/UBND-HCC before)")
    state: Literal["composing", "issued", "failed"] = Field(
        description="composing: asked for, the worker composes and issues it; failed: see `failure`"
    )
    failure: str = Field(description="why it could not be issued, in the caller's language")
    year: int
    kind: str
    abstract: str
    issued_at: dt.datetime
    signer: str
    recipients: list[str]
    figures: dict[str, object]
    has_attachment: bool


class IncomingOut(Schema):
    id: int
    number: int = Field(description="số đến, in this agency's incoming register")
    year: int
    received_at: dt.datetime
    forwarded_to: str
    forwarded_at: dt.datetime | None
    dispatch: DispatchOut


class ForwardIn(Schema):
    to: str = Field(max_length=300, description="to whom the dispatch is passed on (chuyển)")


def dispatch_out(d: OutgoingDispatch, lang: str = "vi") -> dict[str, object]:
    return {
        "id": d.id,
        "agency_code": d.agency.code,
        "agency_name": d.agency.name,
        "number": d.number,
        "number_symbol": d.number_symbol,
        "year": d.year,
        "kind": d.kind,
        "abstract": d.abstract,
        "issued_at": d.issued_at.astimezone(clock.VIETNAM),
        "signer": d.signer,
        "recipients": d.recipients,
        "figures": d.figures,
        "has_attachment": bool(d.attachment),
        "state": d.state,
        "failure": render(d.failure, lang, d.request.get("failure_params")) if d.failure else "",
    }


def incoming_out(i: IncomingDispatch) -> dict[str, object]:
    return {
        "id": i.id,
        "number": i.number,
        "year": i.year,
        "received_at": i.received_at.astimezone(clock.VIETNAM),
        "forwarded_to": i.forwarded_to,
        "forwarded_at": i.forwarded_at.astimezone(clock.VIETNAM) if i.forwarded_at else None,
        "dispatch": dispatch_out(i.dispatch),
    }


@router.get(
    "/dispatches",
    response={200: list[DispatchOut], 401: Problem},
    auth=AUTH,
    summary="The outgoing register of my agency (newest first, at most 200)",
)
def outgoing(request: HttpRequest) -> list[dict[str, object]]:
    lang = language(request)
    return [
        dispatch_out(d, lang) for d in selectors.outgoing_list(user=current_user(request))[:200]
    ]


@router.get(
    "/dispatches/inbox",
    response={200: list[IncomingOut], 401: Problem},
    auth=AUTH,
    summary="The incoming register of my agency (newest first, at most 200)",
    openapi_extra={
        "responses": {
            200: {
                "links": {
                    "ForwardNewest": {
                        "operationId": "hotro_api_correspondence_forward",
                        "parameters": {"incoming_id": "$response.body#/0/id"},
                    }
                }
            }
        }
    },
)
def incoming(request: HttpRequest) -> list[dict[str, object]]:
    return [incoming_out(i) for i in selectors.inbox(user=current_user(request))[:200]]


@router.get(
    "/dispatches/{dispatch_id}",
    response={200: DispatchOut, 401: Problem, 404: Problem},
    auth=AUTH,
    summary="One dispatch of my agency or sent to it: whether it is still being composed",
)
def dispatch_get(request: HttpRequest, dispatch_id: int) -> dict[str, object]:
    user = current_user(request)
    return dispatch_out(
        selectors.dispatch_visible(user=user, dispatch_id=dispatch_id), language(request)
    )


@router.get(
    "/dispatches/{dispatch_id}/{part}",
    response={200: None, 401: Problem, 404: Problem},
    auth=AUTH,
    summary="A dispatch's signed PDF, its DOCX draft, or its attachment (the overdue list)",
    openapi_extra=download(*MEDIA.values()),
)
def dispatch_file(
    request: HttpRequest, dispatch_id: int, part: Literal["pdf", "docx", "attachment"]
) -> FileResponse:
    user = current_user(request)
    dispatch = selectors.dispatch_visible(user=user, dispatch_id=dispatch_id)
    field = selectors.dispatch_file_for(user=user, dispatch=dispatch, part=part)
    if field is None:
        raise NotFound()
    name = str(field.name or "")
    return attachment(field, filename=name.rsplit("/", 1)[-1], media_type=MEDIA[part])


@router.post(
    "/dispatches/inbox/{incoming_id}/forward",
    response={200: IncomingOut, 401: Problem, 403: Problem, 404: Problem, 422: Problem},
    auth=AUTH,
    summary="Record to whom a received dispatch is passed on (chuyển)",
)
def forward(request: HttpRequest, incoming_id: int, payload: ForwardIn) -> dict[str, object]:
    user = current_user(request)
    item = selectors.incoming_get(user=user, incoming_id=incoming_id)
    return incoming_out(services.incoming_forward(user=user, incoming=item, to=payload.to))

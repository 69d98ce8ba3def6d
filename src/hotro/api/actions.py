"""Lifecycle endpoints: take an action on a dossier; read its history."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.http import FileResponse, HttpRequest, HttpResponse
from ninja import Router, Schema
from pydantic import Field

from hotro.api.auth import AUTH, current_user
from hotro.api.dossiers import dossier_out
from hotro.api.files import PDF, UPLOADED, attachment, download
from hotro.api.schemas import DocumentRefIn, DossierOut, Problem, dossier_links
from hotro.api.throttles import Limited
from hotro.documents.slips import Slip, render
from hotro.dossiers import actions, selectors
from hotro.dossiers.domain.lifecycle import Action
from hotro.dossiers.intake import DocumentRef

router = Router(tags=["lifecycle"])


class SupplementItemIn(Schema):
    description: str = Field(max_length=1000)
    component: str = Field(default="", max_length=60)
    kind: Literal["electronic", "information", "paper_copy", "seal"] = "electronic"


class ExclusionIn(Schema):
    position: int = Field(ge=1)
    reason_code: str = Field(max_length=10)
    reason_text: str = Field(max_length=4000)


class ActionIn(Schema):
    reason_code: str = Field(default="", max_length=10)
    reason_text: str = Field(default="", max_length=4000)
    items: list[SupplementItemIn] = Field(default_factory=list, max_length=50)
    new_due_date: dt.date | None = None
    positions: list[int] = Field(default_factory=list, max_length=10_000)
    excluded: list[ExclusionIn] = Field(
        default_factory=list,
        max_length=10_000,
        description="approve: beneficiaries left out, each with a rejection reason (R1)",
    )
    note: str = Field(default="", max_length=4000)
    documents: list[DocumentRefIn] = Field(
        default_factory=list,
        max_length=20,
        description="supplement: uploads (POST /documents) that complete the dossier",
    )


class EventOut(Schema):
    seq: int
    at: dt.datetime
    actor: str
    agency_code: str | None
    action: str
    from_status: str
    to_status: str
    reason_code: str
    reason_text: str
    payload: dict[str, Any]
    hash: str


@router.post(
    "/dossiers/{code}/actions/{action}",
    response={
        200: DossierOut,
        400: Problem,
        401: Problem,
        403: Problem,
        404: Problem,
        409: Problem,
        422: Problem,
    },
    auth=AUTH,
    summary="Take a lifecycle action on a dossier",
    description="Actions: receive, refuse, request_supplement, supplement, forward, approve, "
    "reject, pay, return_result, withdraw, apologize. A rule of the directives that refuses "
    "the call is named in the problem's `rule` (R1-R9); an action the lifecycle does not "
    "allow now (or one that lost a race to another) is a 409.\n\n"
    "**The chain to the end**: `receive` (submitted → in_processing, the first step), "
    "`forward` once per step but the last (each step's agency acts), `approve` at the last "
    "step (→ approved: the decision, where the statistics count the dossier as done), `pay` "
    "(→ paid; a partial payment stays approved), `return_result` (approved or paid → done, "
    "the status `done`). Branches: `refuse` (submitted → refused), `request_supplement` "
    "(→ awaiting_supplement, the clock stops) and the applicant's `supplement` (→ "
    "in_processing, the due date moves by the days paused), `reject` (in_processing → "
    "rejected), the applicant's `withdraw` (→ withdrawn), `apologize` (a new due date, the "
    "status stays). Officers act for the agency in the dossier's `holder`: the receiving "
    "agency until `receive`, then the agency of `current_step`. See docs/lifecycle.md.",
    openapi_extra=dossier_links(200),
)
def act(request: HttpRequest, code: str, action: Action, payload: ActionIn) -> dict[str, object]:
    user = current_user(request)
    selectors.dossier_get(user=user, code=code)  # 404 for what the caller may not see
    actions.dossier_act(
        user=user,
        code=code,
        action=action,
        data=actions.ActionInput(
            reason_code=payload.reason_code,
            reason_text=payload.reason_text,
            items=[actions.SupplementItem(**i.dict()) for i in payload.items],
            new_due_date=payload.new_due_date,
            positions=payload.positions,
            excluded=[actions.Exclusion(**e.dict()) for e in payload.excluded],
            note=payload.note,
            documents=[DocumentRef(d.component, d.upload_id) for d in payload.documents],
        ),
    )
    return dossier_out(selectors.dossier_after_action(code=code))


@router.get(
    "/dossiers/{code}/documents/{doc_id}/file",
    response={200: None, 401: Problem, 404: Problem},
    auth=AUTH,
    summary="Download a document of the dossier (an upload or a slip), as an attachment",
    openapi_extra=download(*UPLOADED),
)
def document_file(request: HttpRequest, code: str, doc_id: str) -> FileResponse:
    dossier = selectors.dossier_get(user=current_user(request), code=code)
    doc = selectors.dossier_document(dossier=dossier, doc_id=doc_id)
    return attachment(doc.file, filename=doc.filename, media_type=doc.media_type)


@router.get(
    "/dossiers/{code}/slips/process-control",
    response={200: None, 401: Problem, 404: Problem, 429: Problem},
    auth=AUTH,
    throttle=[Limited("render")],  # abuse: each call renders and signs a PDF
    summary="The process control slip as it stands now (PDF)",
    openapi_extra=download(PDF),
)
def process_control(request: HttpRequest, code: str) -> HttpResponse:
    dossier = selectors.dossier_get(user=current_user(request), code=code)
    response = HttpResponse(render(Slip.PROCESS_CONTROL, dossier), content_type=PDF)
    response["Content-Disposition"] = f'attachment; filename="phieu-kiem-soat-{dossier.code}.pdf"'
    return response


@router.get(
    "/dossiers/{code}/events",
    response={200: list[EventOut], 401: Problem, 404: Problem},
    auth=AUTH,
    summary="The dossier's history, oldest first, each event chained by hash to the one before",
)
def events(request: HttpRequest, code: str) -> list[dict[str, object]]:
    dossier = selectors.dossier_get(user=current_user(request), code=code)
    return [
        {
            "seq": e.seq,
            "at": e.at,
            "actor": e.actor_label,
            "agency_code": e.agency.code if e.agency else None,
            "action": e.action,
            "from_status": e.from_status,
            "to_status": e.to_status,
            "reason_code": e.reason_code,
            "reason_text": e.reason_text,
            "payload": e.payload,
            "hash": e.hash,
        }
        for e in dossier.events.select_related("agency").order_by("seq")
    ]

"""Dossier endpoints: submit, list, read, public lookup, document upload."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict

from django.conf import settings
from django.http import HttpRequest
from ninja import File, Form, Header, Query, Router, Schema
from ninja import Status as Reply
from ninja.files import UploadedFile
from pydantic import Field

from hotro.api.auth import AUTH, current_user
from hotro.api.schemas import (
    DocumentOut,
    DossierIn,
    DossierOut,
    DossierPage,
    Problem,
    PublicDossierOut,
    dossier_links,
)
from hotro.api.throttles import Limited
from hotro.core import clock
from hotro.core.uploads import read_bounded
from hotro.dossiers import selectors, services
from hotro.dossiers.calendar import working_calendar
from hotro.dossiers.domain.deadlines import WorkingCalendar, working_days_left
from hotro.dossiers.domain.status import CLOCK_RUNNING, LABEL_VI, Status
from hotro.dossiers.holders import Whereabouts, whereabouts
from hotro.dossiers.intake import DocumentRef
from hotro.dossiers.models import Channel, Document, Dossier
from hotro.dossiers.public import public_view

router = Router(tags=["dossiers"])
public_router = Router(tags=["public"])
ERRORS = {400: Problem, 401: Problem, 403: Problem, 404: Problem, 422: Problem}


def document_out(d: Document) -> dict[str, object]:
    return {
        "id": str(d.id),
        "component": d.component,
        "filename": d.filename,
        "media_type": d.media_type,
        "size": d.size,
        "sha256": d.sha256,
        "uploaded_at": d.uploaded_at.astimezone(clock.VIETNAM),
        "signature_verdict": d.signature_verdict,
        "signature_status": signature_status(d),
        "signer_party": d.signer_party,
        "signature_report": d.signature_report,
    }


def signature_status(d: Document) -> str:
    if d.signature_report is None:
        return "pending"
    return "validated" if d.signature_report.get("signatures") else "unsigned"


def dossier_summary(
    d: Dossier, calendar: WorkingCalendar | None = None, where: Whereabouts | None = None
) -> dict[str, object]:
    """One row. A list passes each row's whereabouts, read once for the page."""
    where = where or whereabouts([d])[d.id]
    holder = where.holder
    return {
        "code": d.code,
        "policy_code": d.policy.code,
        "agency_code": d.agency.code,
        "agency_name": d.agency.name,
        "applicant_name": d.applicant_name,
        "status": d.status,
        "status_label": LABEL_VI[Status(d.status)],
        "portal_status": d.portal_status,
        "current_step": d.current_step,
        "current_step_name": where.step_name,
        "holder": {"code": holder.code, "name": holder.name} if holder else None,
        "channel": d.channel,
        "submitted_at": d.submitted_at.astimezone(clock.VIETNAM),
        "received_on": d.received_on,
        "due_date": d.due_date,
        "finished_at": d.finished_at.astimezone(clock.VIETNAM) if d.finished_at else None,
        "beneficiary_count": d.beneficiary_count,
        "total_amount": d.total_amount,
        "applicant_verified": d.applicant_verified,
        "applicant_verified_by": d.applicant_verified_by,
        **deadline(d, calendar),
    }


def deadline(d: Dossier, calendar: WorkingCalendar | None = None) -> dict[str, object]:
    """Overdue is computed from the calendar, never stored (R4). A list passes the calendar,
    read once for all its rows."""
    if Status(d.status) not in CLOCK_RUNNING:
        return {"overdue": False, "working_days_left": None}
    left = working_days_left(calendar or working_calendar(), d.due_date, clock.today())
    return {"overdue": left < 0, "working_days_left": left}


def dossier_out(d: Dossier) -> dict[str, object]:
    return {
        **dossier_summary(d),
        "applicant": d.applicant_data,
        "beneficiaries": list(d.beneficiaries.all()),
        "documents": [document_out(doc) for doc in d.documents.all()],
    }


@router.post(
    "/documents",
    response={201: DocumentOut, 413: Problem, 415: Problem, 429: Problem, **ERRORS},
    auth=AUTH,
    throttle=[Limited("upload")],
    summary="Upload a document (multipart, field `file`) to attach to a dossier",
    description="The file's type is read from its content (PDF, XML, JPEG, PNG, XLSX, DOCX); "
    "XML with a DTD or entities and archives that expand too far are refused. With the form "
    "fields `policy_code` and `component`, a file of a kind that component does not take is "
    "refused at once (415 `document_wrong_type`), not at submission.",
)
def upload(
    request: HttpRequest,
    file: File[UploadedFile],
    policy_code: Form[str] = "",
    component: Form[str] = "",
) -> Reply[dict[str, object]]:
    content = read_bounded(file, settings.HOTRO_UPLOAD_MAX_BYTES)
    doc = services.document_upload(
        user=current_user(request),
        filename=file.name or "",
        content=content,
        policy_code=policy_code,
        component=component,
    )
    return Reply(201, document_out(doc))


@router.post(
    "/dossiers",
    response={200: DossierOut, 201: DossierOut, 409: Problem, 413: Problem, 429: Problem, **ERRORS},
    auth=AUTH,
    throttle=[Limited("submit")],
    summary="Submit a dossier",
    description="Validated against the policy's form. The answer carries the dossier code "
    "(PREFIX.AGENCYCODE-YYMMDD-NNNN) and the appointment date. With `Idempotency-Key`, the "
    "same key and body answer 200 with the same dossier; the same key with another body is a 409.",
    openapi_extra=dossier_links(200, 201),
)
def submit(
    request: HttpRequest,
    payload: DossierIn,
    idempotency_key: str | None = Header(None, alias="Idempotency-Key"),
) -> Reply[dict[str, object]]:
    result = services.dossier_submit(
        user=current_user(request),
        policy_code=payload.policy_code,
        agency_code=payload.agency_code,
        applicant=payload.applicant,
        beneficiaries=payload.beneficiaries,
        documents=[DocumentRef(d.component, d.upload_id) for d in payload.documents],
        channel=Channel(payload.channel),
        idempotency_key=idempotency_key,
    )
    dossier = selectors.dossier_get(user=current_user(request), code=result.dossier.code)
    return Reply(200 if result.replayed else 201, dossier_out(dossier))


class ListFilters(Schema):
    agency: str | None = None
    policy: str | None = None
    status: Status | None = None
    received_from: dt.date | None = None
    received_to: dt.date | None = None
    q: str | None = None
    overdue: bool | None = None
    due_within: int | None = Field(
        None, ge=0, le=250, description="due within this many working days from today"
    )
    current_step: str | None = None
    cursor: str | None = None
    limit: int = 50


@router.get(
    "/dossiers",
    response={200: DossierPage, **ERRORS},
    auth=AUTH,
    summary="Dossiers the caller may see, newest first (keyset pagination by `cursor`)",
    description="Each row says where the dossier stands: its `current_step` (key and name) and "
    "the agency holding it (`holder`, code and name).",
)
def dossier_list(request: HttpRequest, filters: Query[ListFilters]) -> dict[str, object]:
    page = selectors.dossier_list(
        user=current_user(request),
        filters=selectors.DossierFilters(
            agency_code=filters.agency,
            policy_code=filters.policy,
            status=filters.status.value if filters.status else None,
            received_from=filters.received_from,
            received_to=filters.received_to,
            q=filters.q,
            overdue=filters.overdue,
            due_within=filters.due_within,
            current_step=filters.current_step,
        ),
        limit=max(1, min(filters.limit, 200)),
        cursor=filters.cursor,
    )
    calendar = working_calendar()
    where = whereabouts(page.items)
    return {
        "items": [dossier_summary(d, calendar, where[d.id]) for d in page.items],
        "next_cursor": page.next_cursor,
    }


@router.get(
    "/dossiers/{code}", response={200: DossierOut, **ERRORS}, auth=AUTH, summary="One dossier"
)
def dossier_detail(request: HttpRequest, code: str) -> dict[str, object]:
    return dossier_out(selectors.dossier_get(user=current_user(request), code=code))


@public_router.get(
    "/dossiers/{code}",
    response={200: PublicDossierOut, 404: Problem, 429: Problem},
    throttle=[Limited("lookup")],
    summary="Public status lookup by dossier code (no personal data)",
    description="The status and dates, and of a refusal, rejection or withdrawal the catalog's "
    "wording of the reason. Rate-limited per client address (429 with Retry-After).",
)
def public_dossier(request: HttpRequest, code: str) -> dict[str, object]:
    view = public_view(code=code)
    reason = view.reason
    return {
        **{k: v for k, v in asdict(view).items() if k not in ("reason", "policy_name_en")},
        "reason_code": reason.code if reason else None,
        "reason_label": reason.text if reason else None,
        "reason_label_en": reason.text_en if reason else None,
    }

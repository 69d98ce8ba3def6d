"""Catalog endpoints: policies, their worker-list template, agencies, reasons."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from ninja import File, Query, Router, Schema
from ninja.files import UploadedFile

from hotro.api.auth import AUTH
from hotro.api.files import XLSX, download
from hotro.api.problems import language
from hotro.api.schemas import (
    AgencyOut,
    AgencyPage,
    ParsedListOut,
    PolicyOut,
    PolicySummary,
    Problem,
    ReasonOut,
)
from hotro.api.throttles import Limited
from hotro.catalog import selectors
from hotro.catalog.models import Agency, Policy
from hotro.core import clock
from hotro.core.messages import render
from hotro.core.uploads import read_bounded
from hotro.dossiers import selectors as dossier_selectors
from hotro.dossiers import worker_list

router = Router(tags=["catalog"])
ERRORS = {400: Problem, 404: Problem, 422: Problem}


def policy_summary(p: Policy) -> dict[str, object]:
    return {
        "code": p.code,
        "name": p.name,
        "name_en": p.name_en,
        "decision": p.decision,
        "decision_number": p.decision_number,
        "title": p.title,
        "applicant_kind": p.applicant_kind,
        "receiving_agency_kind": p.receiving_agency_kind,
        "code_prefix": p.code_prefix,
        "period_start": p.period_start,
        "period_end": p.period_end,
        "filing_opens": p.window_opens,
        "filing_deadline": p.filing_deadline,
        "open": p.open_on(clock.today()),
        "total_working_days": p.total_working_days(),
        "confidence": p.confidence,
    }


def agency_out(a: Agency) -> dict[str, object]:
    return {
        "code": a.code,
        "name": a.name,
        "kind": a.kind,
        "level": a.level,
        "parent_code": a.parent.code if a.parent_id and a.parent else None,
        "province_code": a.province_code,
        "district_code": a.district_code,
        "ward_code": a.ward_code,
        "valid_from": a.valid_from,
        "valid_to": a.valid_to,
    }


@router.get("/policies", response=list[PolicySummary], summary="List the support policies")
def policies(request: HttpRequest) -> list[dict[str, object]]:
    return [policy_summary(p) for p in selectors.policy_list()]


@router.get("/policies/{code}", response={200: PolicyOut, **ERRORS}, summary="One policy in full")
def policy(request: HttpRequest, code: str) -> dict[str, object]:
    p = selectors.policy_get(code=code)
    return {
        **policy_summary(p),
        "summary": p.summary,
        "summary_en": p.summary_en,
        "legal_basis": p.legal_basis_on(clock.today()),
        "procedure_code": p.procedure_code,
        "has_beneficiaries": p.has_beneficiaries,
        "max_beneficiaries": p.max_beneficiaries,
        "applicant_fields": p.applicant_fields,
        "beneficiary_fields": p.beneficiary_fields,
        "amount_rule": p.amount_rule,
        "documents": list(p.documents.all()),
        "steps": list(p.steps.all()),
        "confidence_note": p.confidence_note,
    }


@router.get(
    "/policies/{code}/worker-list-template",
    response={200: None, **ERRORS},
    summary="Download the policy's Excel worker-list template",
    openapi_extra=download(XLSX),
)
def worker_list_template(request: HttpRequest, code: str) -> HttpResponse:
    p = selectors.policy_get(code=code)
    response = HttpResponse(
        worker_list.template(p),
        content_type=XLSX,
    )
    response["Content-Disposition"] = f'attachment; filename="danh-sach-{p.code.lower()}.xlsx"'
    return response


@router.post(
    "/policies/{code}/worker-list",
    response={200: ParsedListOut, 401: Problem, 413: Problem, 415: Problem, 429: Problem, **ERRORS},
    auth=AUTH,
    throttle=[Limited("upload")],  # abuse: a file read costs what a file stored costs
    summary="Read a filled-in worker list (xlsx) into beneficiaries, with row-by-row errors",
    description="Stores nothing: the rows come back to be sent with the dossier. Each error "
    "names its row (as in the spreadsheet) and field.",
)
def worker_list_parse(
    request: HttpRequest, code: str, file: File[UploadedFile]
) -> dict[str, object]:
    p = selectors.policy_get(code=code)
    content = read_bounded(file, settings.HOTRO_UPLOAD_MAX_BYTES)
    parsed = worker_list.parse(
        p,
        content,
        max_rows=settings.HOTRO_WORKER_LIST_MAX_ROWS,
        limit=settings.HOTRO_UPLOAD_MAX_BYTES,
    )
    lang = language(request)
    return {
        "beneficiaries": parsed.rows,
        "rows": parsed.row_numbers,
        "errors": [
            {"field": e.field, "code": e.code, "message": render(e.code, lang, e.params)}
            for e in parsed.errors
        ],
    }


class AgencyFilters(Schema):
    province: int | None = None
    kind: str | None = None
    level: str | None = None
    parent: str | None = None
    q: str | None = None
    cursor: str | None = None
    limit: int = 100


@router.get("/agencies", response={200: AgencyPage, **ERRORS}, summary="Agencies, filtered")
def agencies(request: HttpRequest, filters: Query[AgencyFilters]) -> dict[str, object]:
    qs = selectors.agency_list(
        province_code=filters.province,
        kind=filters.kind,
        level=filters.level,
        parent_code=filters.parent,
        q=filters.q,
    ).select_related("parent")
    if filters.cursor:
        qs = qs.filter(id__gt=dossier_selectors.decode_cursor(filters.cursor))
    limit = max(1, min(filters.limit, 500))
    rows = list(qs[: limit + 1])
    more = len(rows) > limit
    rows = rows[:limit]
    return {
        "items": [agency_out(a) for a in rows],
        "next_cursor": dossier_selectors.encode_cursor(rows[-1].id) if more and rows else None,
    }


@router.get("/agencies/{code}", response={200: AgencyOut, **ERRORS}, summary="One agency")
def agency(request: HttpRequest, code: str) -> dict[str, object]:
    return agency_out(selectors.agency_get(code=code))


@router.get(
    "/reasons", response=list[ReasonOut], summary="Reasons of refusal, rejection, supplement"
)
def reasons(request: HttpRequest, kind: str | None = None) -> list[object]:
    return list(selectors.reason_list(kind=kind))

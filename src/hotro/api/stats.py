"""Supervision endpoints: statistics from the counters and the overdue lists (JSON, CSV,
xlsx), for supervisors within their scope and administrators."""

from __future__ import annotations

import datetime as dt
import json
import tempfile
from collections.abc import Iterator
from dataclasses import asdict
from typing import Literal

from django.http import FileResponse, HttpRequest, StreamingHttpResponse
from ninja import Query, Router, Schema

from hotro.api.auth import AUTH, current_user
from hotro.api.files import CSV, XLSX, download
from hotro.api.schemas import Problem
from hotro.core import clock
from hotro.supervision import export
from hotro.supervision.overdue import OverdueRow, overdue_list
from hotro.supervision.selectors import Figures, stats_get

router = Router(tags=["supervision"])
ERRORS = {400: Problem, 401: Problem, 403: Problem, 404: Problem, 422: Problem}


class ScopeIn(Schema):
    province: int | None = None
    agency: str | None = None
    policy: str | None = None


class StatsIn(ScopeIn):
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    as_of: dt.date | None = None


class FiguresOut(Schema):
    received: int
    done: int
    done_on_time: int
    done_late: int
    in_processing: int
    in_processing_on_time: int
    in_processing_overdue: int
    awaiting_supplement: int
    refused: int
    rejected: int
    withdrawn: int
    on_time_rate: float | None


class TopReasonOut(Schema):
    bucket: str
    code: str
    text: str
    count: int


class PartOut(Schema):
    code: str
    name: str
    figures: FiguresOut


class ScopeOut(Schema):
    kind: str
    code: str
    name: str


class StatsOut(Schema):
    scope: ScopeOut
    policy: str | None
    date_from: dt.date | None
    date_to: dt.date
    as_of: dt.date
    figures: FiguresOut
    top_reasons: list[TopReasonOut]
    breakdown_level: str
    breakdown: list[PartOut]


class OverdueOut(Schema):
    code: str
    policy_code: str
    policy_name: str
    applicant: str
    received_on: dt.date
    due_date: dt.date
    working_days_overdue: int
    current_step: str
    holder: str
    officer: str


def figures_out(f: Figures) -> dict[str, object]:
    return {
        "received": f.received,
        "done": f.done,
        "done_on_time": f.done_on_time,
        "done_late": f.done_late,
        "in_processing": f.in_processing,
        "in_processing_on_time": f.pending_on_time,
        "in_processing_overdue": f.pending_overdue,
        "awaiting_supplement": f.awaiting_supplement,
        "refused": f.refused,
        "rejected": f.rejected,
        "withdrawn": f.withdrawn,
        "on_time_rate": f.on_time_rate,
    }


@router.get(
    "",
    response={200: StatsOut, **ERRORS},
    auth=AUTH,
    summary="Statistics of a scope (nation, a province, an agency), one level broken down",
    description="Received, done (on time, late), refused, rejected and withdrawn over the "
    "period [date_from, date_to]; in processing (on time, overdue) and awaiting supplement as "
    "of `as_of` (default today; date_to defaults to as_of). Counted by receiving agency, from "
    "the statistics counters. Supervisors within their scope, administrators everywhere.",
)
def stats(request: HttpRequest, q: Query[StatsIn]) -> dict[str, object]:
    s = stats_get(
        user=current_user(request),
        province=q.province,
        agency=q.agency,
        policy_code=q.policy,
        date_from=q.date_from,
        date_to=q.date_to,
        as_of=q.as_of,
    )
    return {
        "scope": {"kind": s.scope.kind, "code": s.scope.code, "name": s.scope.name},
        "policy": s.policy_code,
        "date_from": s.date_from,
        "date_to": s.date_to,
        "as_of": s.as_of,
        "figures": figures_out(s.figures),
        "top_reasons": [asdict(r) for r in s.top_reasons],
        "breakdown_level": s.breakdown_level,
        "breakdown": [
            {"code": p.code, "name": p.name, "figures": figures_out(p.figures)} for p in s.breakdown
        ],
    }


class OverdueIn(ScopeIn):
    format: Literal["json", "csv", "xlsx"] = "json"


# The overdue list as CSV or xlsx (`format`), beside its JSON.
_FILES = download(CSV, XLSX)["responses"][200]["content"]


def _json_lines(rows: Iterator[OverdueRow]) -> Iterator[str]:
    yield "["
    for i, row in enumerate(rows):
        yield ("," if i else "") + json.dumps(asdict(row), default=str, ensure_ascii=False)
    yield "]"


@router.get(
    "/overdue",
    response={200: list[OverdueOut], **ERRORS},
    auth=AUTH,
    summary="The overdue dossiers of a scope, as JSON, CSV or xlsx (streamed)",
    description="Dossiers in processing whose due date has passed, oldest due date first: "
    "code, policy, applicant, received date, due date, working days overdue, current step, "
    "the agency holding it and the last officer who acted. An agency's list holds what it "
    "received and what it holds now.",
    openapi_extra={"responses": {200: {"content": _FILES}}},
)
def overdue(request: HttpRequest, q: Query[OverdueIn]) -> StreamingHttpResponse | FileResponse:
    rows = overdue_list(
        user=current_user(request), province=q.province, agency=q.agency, policy_code=q.policy
    )
    name = f"ho-so-qua-han-{q.agency or q.province or 'toan-quoc'}-{clock.today():%Y%m%d}"
    if q.format == "xlsx":
        # Spooled to a temporary file, not memory, then sent in chunks.
        out = tempfile.TemporaryFile()  # noqa: SIM115 - closed by the response
        title = f"Danh sách hồ sơ quá hạn, tính đến ngày {clock.today():%d/%m/%Y}"
        export.xlsx_write(rows, out, title=title)
        out.seek(0)
        return FileResponse(
            out,
            as_attachment=True,
            filename=f"{name}.xlsx",
            content_type=XLSX,
        )
    if q.format == "csv":
        response = StreamingHttpResponse(
            export.csv_lines(rows), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
        return response
    return StreamingHttpResponse(_json_lines(rows), content_type="application/json")

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
from pydantic import Field

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


VIEW = (
    "Where the dossiers in processing and awaiting supplement are counted: `held`, at the "
    "agency holding the current step (what its officers' queues show; the default for "
    "today's figures), or `received`, at the receiving agency (the default, and the only "
    "view, for a past day or a period). Flows (received, done, refused, rejected, "
    "withdrawn) are counted at the receiving agency in both."
)


class StatsIn(ScopeIn):
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    as_of: dt.date | None = None
    view: Literal["held", "received"] | None = Field(None, description=VIEW)


class FiguresOut(Schema):
    received: int = Field(description="Dossiers received (submitted) in the period")
    done: int = Field(
        description="Dossiers decided (approved) in the period, on time or late. The decision "
        "ends processing as the national indicators count it: a dossier is done here from "
        "`approve` on, before it is paid (`pay`) and its result returned (`return_result`, "
        "after which its status is `done`). Rejections are counted in `rejected`, not here."
    )
    done_on_time: int = Field(description="Of `done`: decided on or before the due date")
    done_late: int = Field(description="Of `done`: decided after the due date")
    in_processing: int = Field(
        description="Submitted or in processing (the clock running) on `as_of`"
    )
    in_processing_on_time: int
    in_processing_overdue: int = Field(
        description="Of `in_processing`: due date before `as_of`, including dossiers due since "
        "the nightly sweep last ran (counted at read time)"
    )
    awaiting_supplement: int = Field(description="Clock stopped, waiting for the applicant")
    refused: int = Field(description="Refused at receipt in the period")
    rejected: int = Field(description="Not approved after appraisal in the period")
    withdrawn: int = Field(description="Withdrawn by the applicant in the period")
    on_time_rate: float | None = Field(
        description="Percent of `done` decided on time, one decimal, rounded once half up "
        "(50 of 62: 80.6). It ignores open dossiers: read it beside `overdue_share`. "
        "Null before any decision."
    )
    overdue_share: float | None = Field(
        description="Percent of `in_processing` that is overdue, one decimal, rounded once "
        "half up. Null when nothing is in processing."
    )


class TopReasonOut(Schema):
    bucket: str
    code: str
    text: str
    count: int


class PartOut(Schema):
    code: str
    name: str
    parent_code: str = Field(
        description="A ward's district committee, under which the ward is listed; empty "
        "for the other parts"
    )
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
    view: Literal["held", "received"] = Field(description=VIEW)
    swept_through: dt.date | None = Field(
        description="The nightly overdue sweep has recorded the moves to overdue of the "
        "dossiers due before this day (null: it never ran)"
    )
    overdue_unswept: int = Field(
        description="Of `in_processing_overdue`: dossiers due on or after `swept_through`, "
        "counted as overdue at read time because the sweep has not reached them yet"
    )


class OverdueOut(Schema):
    code: str
    policy_code: str
    policy_name: str
    applicant: str
    received_on: dt.date
    due_date: dt.date
    working_days_overdue: int
    current_step: str = Field(description="The name of the current step")
    holder: str = Field(description="The name of the agency holding the current step")
    holder_code: str = Field(description="Its identifier code (Decision 20/2020/QĐ-TTg)")
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
        "overdue_share": f.overdue_share,
    }


@router.get(
    "",
    response={200: StatsOut, **ERRORS},
    auth=AUTH,
    summary="Statistics of a scope (nation, a province, an agency), one level broken down",
    description="Received, done (on time, late), refused, rejected and withdrawn over the "
    "period [date_from, date_to]; in processing (on time, overdue) and awaiting supplement as "
    "of `as_of` (default today; date_to defaults to as_of). From the statistics counters, "
    "never a scan of the dossiers.\n\n"
    "**Done** is the decision: a dossier counts as done from `approve`, while its status "
    "becomes `done` only after `pay` and `return_result`.\n\n"
    "**Where counted** (`view`): today's figures count the open dossiers at the agency "
    "holding the current step by default (`held`), as the overdue lists name the agency "
    "that is late; `view=received` counts them at the receiving agency. A past day or a "
    "period is counted where received only.\n\n"
    "**Overdue at every moment**: dossiers whose due date passed since the nightly sweep last "
    "ran are counted overdue at read time (`overdue_unswept`, `swept_through`), so the "
    "figures agree with GET /stats/overdue.\n\n"
    "A province's agencies are listed with each district's wards under it (`parent_code`). "
    "Supervisors within their scope, administrators everywhere.",
)
def stats(request: HttpRequest, q: Query[StatsIn]) -> dict[str, object]:
    today = clock.today()
    live = q.date_from is None and (q.date_to or q.as_of or today) == today
    s = stats_get(
        user=current_user(request),
        province=q.province,
        agency=q.agency,
        policy_code=q.policy,
        date_from=q.date_from,
        date_to=q.date_to,
        as_of=q.as_of,
        view=q.view or ("held" if live else "received"),
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
            {
                "code": p.code,
                "name": p.name,
                "parent_code": p.parent,
                "figures": figures_out(p.figures),
            }
            for p in s.breakdown
        ],
        "view": s.view,
        "swept_through": s.swept_through,
        "overdue_unswept": s.unswept,
    }


class OverdueIn(ScopeIn):
    format: Literal["json", "csv", "xlsx"] = "json"
    view: Literal["held", "received"] = Field(
        "held",
        description="`held`: the dossiers the scope holds now (an agency's own, a province's "
        "agencies'), as GET /stats counts them by default; `received`: those it received",
    )


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
    "the agency holding it (name and code) and the last officer who acted. With `view=held` "
    "(the default) the scope's list holds what its agencies hold now, the dossiers GET "
    "/stats counts in `in_processing_overdue`; with `view=received`, what they received. "
    "Due dates are compared with today, whether or not the nightly sweep ran.",
    openapi_extra={"responses": {200: {"content": _FILES}}},
)
def overdue(request: HttpRequest, q: Query[OverdueIn]) -> StreamingHttpResponse | FileResponse:
    rows = overdue_list(
        user=current_user(request),
        province=q.province,
        agency=q.agency,
        policy_code=q.policy,
        view=q.view,
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

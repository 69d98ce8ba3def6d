"""Reminder dispatches: a supervisor asks for one for their scope; the worker composes it and
it goes, numbered and signed, to the agencies answering for the overdue dossiers there at the
issuer's level, each with its own overdue list attached."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Schema
from ninja import Status as Reply
from pydantic import Field

from hotro.api.auth import AUTH, current_user
from hotro.api.correspondence import DispatchOut, dispatch_out
from hotro.api.problems import language
from hotro.api.schemas import Problem
from hotro.supervision.reminders import Signer, reminder_request

router = Router(tags=["supervision"])


class ReminderIn(Schema):
    province: int | None = Field(None, description="a province's code; none: your own scope")
    agency: str | None = Field(None, description="one agency's identifier code")
    symbol: str = Field(
        max_length=40, pattern=r"^[A-ZĐ0-9]+(-[A-ZĐ0-9]+)*$", examples=["UBND-KSTT"]
    )
    authority: str = Field("", max_length=60, examples=["KT. CHỦ TỊCH"])
    title: str = Field(max_length=100, examples=["PHÓ CHỦ TỊCH"])
    signer: str = Field(max_length=200, examples=["Phạm Quốc Tuấn"])


@router.post(
    "/reminders",
    response={
        202: DispatchOut,
        401: Problem,
        403: Problem,
        404: Problem,
        409: Problem,
        422: Problem,
    },
    auth=AUTH,
    summary="Ask for a reminder dispatch (công văn đôn đốc) to the agencies with overdue dossiers",
    description="Checked at once, then composed by the background worker: the answer (202) is "
    "the dispatch with `state` `composing` (or already `issued` where tasks run in-process); "
    "follow it with `GET /dispatches/{id}`. Issued, it is numbered in your agency's outgoing "
    "register, signed by your agency (PDF, and a DOCX draft), the figures of the scope in the "
    "body; its addressees follow your level (for the nation the provinces' People's "
    "Committees and Social Insurance; for a province its departments, districts and Social "
    "Insurance), each with its own overdue list attached as xlsx, and the whole list for you. "
    "409 `nothing_overdue` when nothing in the scope is overdue, 409 "
    "`dispatch_signing_key_missing` when your agency has no signing key (a dispatch is never "
    "issued unsigned).",
    openapi_extra={
        "responses": {
            202: {
                "links": {
                    "Dispatch": {
                        "operationId": "hotro_api_correspondence_dispatch_get",
                        "parameters": {"dispatch_id": "$response.body#/id"},
                    },
                    **{
                        part.capitalize(): {
                            "operationId": "hotro_api_correspondence_dispatch_file",
                            "parameters": {"dispatch_id": "$response.body#/id", "part": part},
                        }
                        for part in ("pdf", "docx", "attachment")
                    },
                }
            }
        }
    },
)
def issue(request: HttpRequest, payload: ReminderIn) -> Reply[dict[str, object]]:
    dispatch = reminder_request(
        user=current_user(request),
        province=payload.province,
        agency=payload.agency,
        signer=Signer(payload.authority, payload.title, payload.signer, payload.symbol),
    )
    dispatch.refresh_from_db()  # issued already where the worker runs in-process
    return Reply(202, dispatch_out(dispatch, language(request)))

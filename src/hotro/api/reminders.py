"""Reminder dispatches: a supervisor issues one for their scope; it goes, numbered and signed,
to every agency holding overdue dossiers there, with the overdue list attached."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Schema
from ninja import Status as Reply
from pydantic import Field

from hotro.api.auth import AUTH, current_user
from hotro.api.correspondence import DispatchOut, dispatch_out
from hotro.api.schemas import Problem
from hotro.supervision.reminders import Signer, reminder_issue

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
        201: DispatchOut,
        401: Problem,
        403: Problem,
        404: Problem,
        409: Problem,
        422: Problem,
    },
    auth=AUTH,
    summary="Issue a reminder dispatch (công văn đôn đốc) to the agencies with overdue dossiers",
    description="Numbered in your agency's outgoing register, signed PDF and DOCX, the figures "
    "of the scope in the body and the overdue list attached as xlsx; registered at each "
    "recipient. 409 when nothing in the scope is overdue.",
    openapi_extra={
        "responses": {
            201: {
                "links": {
                    part.capitalize(): {
                        "operationId": "hotro_api_correspondence_dispatch_file",
                        "parameters": {"dispatch_id": "$response.body#/id", "part": part},
                    }
                    for part in ("pdf", "docx", "attachment")
                }
            }
        }
    },
)
def issue(request: HttpRequest, payload: ReminderIn) -> Reply[dict[str, object]]:
    dispatch = reminder_issue(
        user=current_user(request),
        province=payload.province,
        agency=payload.agency,
        signer=Signer(payload.authority, payload.title, payload.signer, payload.symbol),
    )
    return Reply(201, dispatch_out(dispatch))

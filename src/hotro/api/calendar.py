"""Working-day calendar endpoints."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from ninja import Router, Schema

from hotro.api.schemas import DueDateOut, Problem
from hotro.core.errors import FieldError, ValidationFailed
from hotro.dossiers.calendar import working_calendar
from hotro.dossiers.domain.deadlines import OutOfCalendar

router = Router(tags=["calendar"])


class DayOut(Schema):
    date: dt.date
    kind: str
    name: str


@router.get(
    "/days",
    response={200: list[DayOut], 422: Problem},
    summary="The year's days off on weekdays and its extra working days",
)
def days(request: HttpRequest, year: int) -> list[dict[str, object]]:
    calendar = working_calendar()
    if not calendar.first.year <= year <= calendar.last.year:
        raise ValidationFailed(
            errors=[FieldError("year", "max_value", {"max": calendar.last.year})]
        )
    return [{"date": d, "kind": k, "name": n} for d, k, n in calendar.exceptions(year)]


@router.get(
    "/due-date",
    response={200: DueDateOut, 422: Problem},
    summary="The date `days` working days after `start` (start not counted)",
)
def due_date(request: HttpRequest, start: dt.date, days: int) -> dict[str, object]:
    if not 0 <= days <= 3650:
        raise ValidationFailed(errors=[FieldError("days", "max_value", {"max": 3650})])
    try:
        due = working_calendar().add_working_days(start, days)
    except OutOfCalendar as exc:
        raise ValidationFailed(errors=[FieldError("start", "date")]) from exc
    return {"start": start, "days": days, "due_date": due}

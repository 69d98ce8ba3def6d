"""Working-day calendar endpoints."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from ninja import Router

from hotro.api.schemas import DueDateOut, Problem
from hotro.core.errors import FieldError, ValidationFailed
from hotro.dossiers.calendar import working_calendar
from hotro.dossiers.domain.deadlines import OutOfCalendar

router = Router(tags=["calendar"])


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

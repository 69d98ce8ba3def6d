"""The overdue list of a scope: dossiers whose clock runs and whose due date has passed, oldest
due date first, read as a stream so that a list of 100,000 rows never sits in memory."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

from django.db.models import OuterRef, Q, Subquery

from hotro.accounts.models import Role, User
from hotro.catalog.models import PolicyStep
from hotro.catalog.selectors import policy_get
from hotro.core import clock
from hotro.dossiers.calendar import working_calendar
from hotro.dossiers.domain.status import CLOCK_RUNNING
from hotro.dossiers.holders import holder_id
from hotro.dossiers.models import Dossier, Event
from hotro.dossiers.selectors import held_by, held_in_province
from hotro.supervision.selectors import scope_resolve


@dataclass(frozen=True)
class OverdueRow:
    code: str
    policy_code: str
    policy_name: str
    applicant: str
    received_on: dt.date
    due_date: dt.date
    working_days_overdue: int
    current_step: str
    holder: str  # the agency holding the current step
    officer: str  # the last officer who acted on the dossier
    holder_code: str = ""
    holder_id: int | None = None  # the holding agency's id


def overdue_list(
    *,
    user: User,
    province: int | None = None,
    agency: str | None = None,
    policy_code: str | None = None,
    view: Literal["held", "received"] | None = None,
) -> Iterator[OverdueRow]:
    """The overdue dossiers of a scope the user supervises: with `view` "held", those its
    agencies hold now (as the statistics count them by default); "received", those they
    received; None, an agency's list holds both. The scope is checked at the call, before the
    first row is read (so that a refusal is an error, not a broken stream)."""
    scope = scope_resolve(user=user, province=province, agency=agency)
    today = clock.today()
    qs = Dossier.objects.filter(status__in=list(CLOCK_RUNNING), due_date__lt=today)
    if view == "held":
        if scope.agency is not None:
            qs = qs.filter(held_by(scope.agency.id))
        elif scope.province is not None:
            qs = qs.filter(held_in_province(scope.province))
    elif scope.agency is not None and view == "received":
        qs = qs.filter(agency=scope.agency)
    elif scope.agency is not None:
        qs = qs.filter(Q(agency=scope.agency) | Q(step_agency=scope.agency))
    elif scope.province is not None:
        qs = qs.filter(agency__province_code=scope.province)
    if policy_code:
        qs = qs.filter(policy=policy_get(code=policy_code))
    last_officer = (
        Event.objects.filter(dossier=OuterRef("pk"), actor__role=Role.OFFICER)
        .order_by("-seq")
        .values("actor_label")[:1]
    )
    rows = (
        qs.order_by("due_date", "id")
        .annotate(officer=Subquery(last_officer))
        .values_list(
            "code",
            "policy_id",
            "policy__code",
            "policy__name",
            "applicant_name",
            "received_on",
            "due_date",
            "current_step",
            "status",
            "agency_id",
            "step_agency_id",
            "step_agency__code",
            "step_agency__name",
            "agency__code",
            "agency__name",
            "officer",
        )
    )
    return _stream(rows.iterator(chunk_size=2000), today)


def _stream(rows: Iterator[tuple[object, ...]], today: dt.date) -> Iterator[OverdueRow]:
    calendar = working_calendar()
    steps: dict[tuple[object, object], str] = {
        (p, k): n for p, k, n in PolicyStep.objects.values_list("policy_id", "key", "name")
    }
    for (
        code,
        policy_id,
        p_code,
        p_name,
        applicant,
        received,
        due,
        step,
        status,
        agency_id,
        step_agency_id,
        step_code,
        step_name,
        receiver_code,
        receiver,
        who,
    ) in rows:
        assert isinstance(due, dt.date) and isinstance(received, dt.date)
        assert isinstance(agency_id, int) and isinstance(step_agency_id, int | None)
        at_step = holder_id(str(status), agency_id, step_agency_id) != agency_id
        yield OverdueRow(
            code=str(code),
            policy_code=str(p_code),
            policy_name=str(p_name),
            applicant=str(applicant),
            received_on=received,
            due_date=due,
            working_days_overdue=calendar.working_days_between(due, today),
            current_step=steps.get((policy_id, step), str(step)),
            holder=str(step_name if at_step else receiver),
            officer=str(who or ""),
            holder_code=str(step_code if at_step else receiver_code),
            holder_id=step_agency_id if at_step else agency_id,
        )

"""The overdue sweep: dossiers and steps whose due date has passed get one "became overdue"
event each, and the officers holding them and their supervisors are told. Running it again
the same day, or the next, records nothing more for what was already recorded."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.mail import send_mass_mail
from django.db import transaction
from django.db.models import F, Q

from hotro.accounts.models import Role, User
from hotro.catalog.schema import Level
from hotro.core import clock
from hotro.dossiers import history
from hotro.dossiers.domain.status import CLOCK_RUNNING
from hotro.dossiers.locks import dossier_lock
from hotro.dossiers.models import Dossier, Notification
from hotro.supervision.services import counters_sweep


@dataclass
class SweepReport:
    dossiers_overdue: int = 0
    steps_overdue: int = 0
    notifications: int = 0
    counters_moved: int = 0


def _recipients(dossier: Dossier) -> list[User]:
    holder = dossier.step_agency or dossier.agency
    return list(
        User.objects.filter(is_active=True).filter(
            Q(role=Role.OFFICER, agency=holder)
            | Q(
                role=Role.SUPERVISOR,
                agency__level=Level.PROVINCE,
                agency__province_code=dossier.agency.province_code,
            )
        )
    )


def overdue_sweep(*, today: dt.date | None = None) -> SweepReport:
    today = today or clock.today()
    report = SweepReport()
    # The statistics first: one bulk move through the index on open dossiers' due dates.
    report.counters_moved = counters_sweep(today=today)
    # Only what is late and not yet noted: the loop below then follows the dossiers that
    # became late since the last run, not every late dossier there is.
    late = Dossier.objects.filter(status__in=list(CLOCK_RUNNING)).filter(
        Q(due_date__lt=today)
        & (Q(overdue_noted_on__isnull=True) | ~Q(overdue_noted_on=F("due_date")))
        | Q(step_due_date__lt=today) & ~Q(step_overdue_noted=F("current_step"))
    )
    mails: list[tuple[str, str, str | None, list[str]]] = []
    for dossier_id in late.values_list("id", flat=True).iterator(chunk_size=5000):
        with transaction.atomic():
            dossier = dossier_lock(id=dossier_id)
            if dossier is None:
                continue
            noted: list[str] = []
            if dossier.due_date < today and dossier.overdue_noted_on != dossier.due_date:
                dossier.overdue_noted_on = dossier.due_date
                noted.append("dossier")
                report.dossiers_overdue += 1
            step_late = dossier.step_due_date is not None and dossier.step_due_date < today
            if step_late and dossier.step_overdue_noted != dossier.current_step:
                dossier.step_overdue_noted = dossier.current_step
                noted.append("step")
                report.steps_overdue += 1
            if not noted:
                continue
            dossier.save(update_fields=["overdue_noted_on", "step_overdue_noted"])
            history.event_append(
                dossier=dossier,
                actor=None,
                action="became_overdue",
                from_status=dossier.status,
                to_status=dossier.status,
                agency=dossier.step_agency or dossier.agency,
                payload={
                    "what": noted,
                    "due_date": dossier.due_date.isoformat(),
                    "step": dossier.current_step,
                    "step_due_date": dossier.step_due_date.isoformat()
                    if dossier.step_due_date
                    else None,
                },
            )
            title = f"Hồ sơ {dossier.code} đã quá hạn giải quyết"
            body = (
                f"Hạn giải quyết: {dossier.due_date:%d/%m/%Y}. "
                f"Bước hiện tại: {dossier.current_step} "
                f"(hạn bước: {dossier.step_due_date:%d/%m/%Y})."
                if dossier.step_due_date
                else f"Hạn giải quyết: {dossier.due_date:%d/%m/%Y}."
            )
            for user in _recipients(dossier):
                Notification.objects.create(
                    user=user,
                    dossier=dossier,
                    kind="overdue",
                    title=title,
                    body=body,
                    created_at=clock.now(),
                )
                report.notifications += 1
                if user.email:
                    mails.append((title, body, None, [user.email]))
    if mails:
        send_mass_mail(mails, fail_silently=False)
    return report

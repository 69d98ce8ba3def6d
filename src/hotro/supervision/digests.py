"""Supervision's notifications: every week, each agency's head (its officers, where no head is
registered) gets a digest of what the agency holds overdue or due within two working days;
every day, supervisors hear of the agencies in their scope whose overdue count rose since the
day before. Both are idempotent: a rerun the same day (or week) sends nothing more."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.core.mail import send_mass_mail
from django.db import transaction
from django.db.models import Count, F, Q
from django.db.models.functions import Coalesce

from hotro.accounts.models import Role, User
from hotro.catalog.models import Agency
from hotro.catalog.schema import Level
from hotro.core import clock
from hotro.dossiers.calendar import working_calendar
from hotro.dossiers.domain.status import CLOCK_RUNNING
from hotro.dossiers.holders import HOLDER
from hotro.dossiers.models import Dossier, Notification
from hotro.supervision.models import OverdueCount

LISTED = 20  # codes named in a digest; the rest are counted


@dataclass(frozen=True)
class DigestReport:
    agencies: int
    notifications: int


def _open() -> Q:
    return Q(status__in=list(CLOCK_RUNNING))


def overdue_by_holder(today: dt.date) -> dict[int, int]:
    """Open dossiers past their due date, per agency holding them (the agency of the current
    step, or the receiving agency before receipt)."""
    rows = (
        Dossier.objects.filter(_open(), due_date__lt=today)
        .annotate(holder=HOLDER)
        .values("holder")
        .annotate(n=Count("id"))
    )
    return {row["holder"]: row["n"] for row in rows}


def _notify(users: list[User], kind: str, title: str, body: str) -> int:
    now = clock.now()
    Notification.objects.bulk_create(
        Notification(user=u, kind=kind, title=title[:300], body=body, created_at=now) for u in users
    )
    mails = [(title, body, None, [u.email]) for u in users if u.email]
    if mails:
        transaction.on_commit(lambda: send_mass_mail(mails, fail_silently=True))
    return len(users)


@transaction.atomic
def digest_weekly(*, today: dt.date | None = None) -> DigestReport:
    """To the head of each agency holding overdue or soon-due dossiers, the list; to its
    officers where the agency has no head registered, so that the list reaches someone."""
    today = today or clock.today()
    monday = today - dt.timedelta(days=today.weekday())
    soon = working_calendar().add_working_days(today, 2)
    held = (
        Dossier.objects.filter(_open(), due_date__lte=soon)
        .annotate(holder=Coalesce(F("step_agency"), F("agency")))
        .order_by("due_date", "id")
        .values_list("holder", "code", "due_date")
    )
    by_agency: dict[int, list[tuple[str, dt.date]]] = defaultdict(list)
    for holder, code, due in held.iterator(chunk_size=2000):
        by_agency[holder].append((code, due))
    title_week = f"tuần từ {monday:%d/%m/%Y}"
    sent = 0
    officers: dict[int | None, list[User]] = defaultdict(list)
    heads: dict[int | None, list[User]] = defaultdict(list)
    for user in User.objects.filter(
        role=Role.OFFICER, is_active=True, agency_id__in=list(by_agency)
    ):
        (heads if user.agency_head else officers)[user.agency_id].append(user)
    for agency_id, items in by_agency.items():
        late = [(c, d) for c, d in items if d < today]
        upcoming = [(c, d) for c, d in items if d >= today]
        title = (
            f"Tổng hợp {title_week}: {len(late)} hồ sơ quá hạn, "
            f"{len(upcoming)} hồ sơ đến hạn trong 2 ngày làm việc"
        )
        users = [
            u
            for u in heads.get(agency_id) or officers.get(agency_id, [])
            if not Notification.objects.filter(user=u, kind="digest_weekly", title=title).exists()
        ]
        if not users:
            continue
        lines = [f"- {c} (hạn {d:%d/%m/%Y})" for c, d in (late + upcoming)[:LISTED]]
        if len(items) > LISTED:
            lines.append(f"… và {len(items) - LISTED} hồ sơ khác.")
        sent += _notify(users, "digest_weekly", title, "\n".join(lines))
    return DigestReport(agencies=len(by_agency), notifications=sent)


@transaction.atomic
def digest_daily(*, today: dt.date | None = None) -> DigestReport:
    """Record today's overdue count per agency; tell each supervisor which agencies of their
    scope have more overdue dossiers than on the last recorded day. Once a day."""
    today = today or clock.today()
    if OverdueCount.objects.filter(day=today).exists():
        return DigestReport(agencies=0, notifications=0)
    counts = overdue_by_holder(today)
    last_day = (
        OverdueCount.objects.filter(day__lt=today).order_by("-day").values_list("day", flat=True)
    ).first()
    before = (
        dict(OverdueCount.objects.filter(day=last_day).values_list("agency_id", "count"))
        if last_day
        else {}
    )
    OverdueCount.objects.bulk_create(
        [OverdueCount(day=today, agency_id=a, count=n) for a, n in counts.items()]
        or [OverdueCount(day=today, agency_id=None, count=0)]  # marks the day as recorded
    )
    if last_day is None:
        return DigestReport(agencies=0, notifications=0)
    rose = {a: (before.get(a, 0), n) for a, n in counts.items() if n > before.get(a, 0)}
    if not rose:
        return DigestReport(agencies=0, notifications=0)
    agencies = {a.id: a for a in Agency.objects.filter(id__in=list(rose))}
    sent = 0
    for supervisor in User.objects.filter(role=Role.SUPERVISOR, is_active=True).select_related(
        "agency"
    ):
        if supervisor.agency is None:
            continue
        national = supervisor.agency.level == Level.NATIONAL
        mine = sorted(
            (
                (agencies[a], was, now)
                for a, (was, now) in rose.items()
                if national or agencies[a].province_code == supervisor.agency.province_code
            ),
            key=lambda x: x[2] - x[1],
            reverse=True,
        )
        if not mine:
            continue
        title = f"Ngày {today:%d/%m/%Y}: {len(mine)} cơ quan có số hồ sơ quá hạn tăng"
        body = "\n".join(
            f"- {agency.name} ({agency.code}): {was} → {now} hồ sơ quá hạn"
            for agency, was, now in mine[:LISTED]
        )
        sent += _notify([supervisor], "digest_daily", title, body)
    return DigestReport(agencies=len(rose), notifications=sent)

"""`hotro stats reconcile`: the counters recomputed from the dossiers and their histories,
compared with the counters kept, and rewritten on demand. The replay uses the same rules as
the live updates (`rules.py`), up to today."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import QuerySet

from hotro.core import clock
from hotro.dossiers.domain.status import Status
from hotro.dossiers.holders import holder_id
from hotro.dossiers.models import Dossier, Event
from hotro.supervision import rules
from hotro.supervision.models import BUCKET_COLUMNS, StatCount, StatFigure, StatReason
from hotro.supervision.services import (
    HeldKey,
    Key,
    bucket_counted,
    counters_add,
    counters_sweep,
    figures_of,
    held_add,
    held_figures_of,
    moves_total,
    reasons_of,
    swept_through,
)

# Where an event changed the due date, and under which payload key.
_DUE_KEY = {"submit": "due_date", "supplement": "due_date", "apologize": "new_due_date"}


@dataclass
class Difference:
    counters: dict[Key, tuple[int, int]] = field(default_factory=dict)  # key → (kept, expected)
    totals: int = 0  # running-total rows that differ from the sum of the daily rows
    buckets: int = 0  # dossiers whose counted bucket is not the replayed one
    dossiers: int = 0

    @property
    def zero(self) -> bool:
        return not self.counters and not self.totals and not self.buckets


def history_steps(events: Iterable[Any]) -> Iterator[rules.Step]:
    """Events (at, action, to_status, reason_code, payload) as replay steps."""
    for at, action, to_status, reason, payload in events:
        due = (payload or {}).get(_DUE_KEY.get(action, ""))
        yield rules.Step(
            day=at.astimezone(clock.VIETNAM).date(),
            status=Status(to_status),
            due=dt.date.fromisoformat(due) if due else None,
            reason=reason,
        )


def dossier_moves(
    *,
    events: Iterable[Any],
    received_on: dt.date,
    due_date: dt.date,
    horizon: dt.date,
) -> tuple[list[rules.Move], rules.Bucket | None]:
    """The moves of one dossier replayed from its history. The first due date is the one the
    submission recorded, else (bulk-generated histories) the dossier's own."""
    steps = list(history_steps(events))
    first_due = steps[0].due if steps and steps[0].due else due_date
    return rules.replay(steps, received_on=received_on, due=first_due, horizon=horizon)


def expected(
    dossiers: QuerySet[Dossier],
    *,
    horizon: dt.date,
    through: dt.date | None,
    held: dict[HeldKey, int] | None = None,
) -> tuple[dict[Key, int], dict[str, list[int]], int]:
    """The counters the dossiers' histories give, the dossiers whose recorded bucket differs
    from the replayed one (by replayed bucket), and how many dossiers were read; the stocks
    by holding agency are added to `held` when it is given. Two streams
    read side by side (dossiers, events in the same order): no query per dossier, and memory
    that follows the counters and the differences, not the dossiers."""
    totals: dict[Key, int] = defaultdict(int)
    wrong: dict[str, list[int]] = defaultdict(list)
    rows = dossiers.order_by("id").values_list(
        "id",
        "agency_id",
        "policy_id",
        "agency__province_code",
        "received_on",
        "due_date",
        "stat_bucket",
        "status",
        "step_agency_id",
    )
    events = iter(
        Event.objects.filter(dossier__in=dossiers.values("id"))
        .order_by("dossier_id", "seq")
        .values_list("dossier_id", "at", "action", "to_status", "reason_code", "payload")
        .iterator(chunk_size=5000)
    )
    pending = next(events, None)
    count = 0
    for (
        dossier_id,
        agency_id,
        policy_id,
        province,
        received_on,
        due_date,
        recorded,
        status,
        step_agency_id,
    ) in rows.iterator(chunk_size=5000):
        own = []
        while pending is not None and pending[0] == dossier_id:
            own.append(pending[1:])
            pending = next(events, None)
        moves, bucket = dossier_moves(
            events=own, received_on=received_on, due_date=due_date, horizon=horizon
        )
        moves_total(moves, agency_id=agency_id, policy_id=policy_id, province=province, into=totals)
        if held is not None and bucket in rules.STOCK:
            holder = holder_id(status, agency_id, step_agency_id)
            key = (holder, policy_id, bucket.value)
            held[key] = held.get(key, 0) + 1
        if bucket != bucket_counted(recorded, due_date, through):
            wrong[bucket.value if bucket else ""].append(dossier_id)
        count += 1
    return {k: n for k, n in totals.items() if n}, wrong, count


def _differ(kept: dict[Any, Any], want: dict[Any, Any], empty: Any) -> int:
    return sum(
        1 for key in kept.keys() | want.keys() if kept.get(key, empty) != want.get(key, empty)
    )


def counters_reconcile(*, fix: bool = False, today: dt.date | None = None) -> Difference:
    """Compare the counters with the histories (after the day's overdue moves, which the
    nightly sweep also makes); with `fix`, rewrite them and every dossier's bucket."""
    today = today or clock.today()
    counters_sweep(today=today)
    with transaction.atomic():
        held: dict[HeldKey, int] = defaultdict(int)
        want, wrong, count = expected(
            Dossier.objects.all(), horizon=today, through=swept_through(), held=held
        )
        kept: dict[Key, int] = {}
        for row in StatCount.objects.exclude(n=0).values_list(
            "day", "agency_id", "policy_id", "province_code", "bucket", "reason_code", "n"
        ):
            kept[row[:6]] = row[6]
        diff = Difference(dossiers=count)
        for key in kept.keys() | want.keys():
            if kept.get(key, 0) != want.get(key, 0):
                diff.counters[key] = (kept.get(key, 0), want.get(key, 0))
        empty = (0,) * len(BUCKET_COLUMNS)
        want_figures = {
            k: tuple(v.get(c, 0) for c in BUCKET_COLUMNS)
            for k, v in (figures_of(want) | held_figures_of(held)).items()
        }
        kept_figures = {
            row[:4]: row[4:]
            for row in StatFigure.objects.values_list(
                "level", "unit", "province_code", "policy_id", *BUCKET_COLUMNS
            )
            if any(row[4:])
        }
        kept_reasons = {
            row[:5]: row[5]
            for row in StatReason.objects.exclude(n=0).values_list(
                "level", "unit", "policy_id", "bucket", "reason_code", "n"
            )
        }
        diff.totals = _differ(kept_figures, want_figures, empty) + _differ(
            kept_reasons, reasons_of(want), 0
        )
        diff.buckets = sum(len(ids) for ids in wrong.values())
        if fix and not diff.zero:
            StatCount.objects.all().delete()
            StatFigure.objects.all().delete()
            StatReason.objects.all().delete()
            counters_add(want)
            held_add(held)
            for bucket, ids in wrong.items():
                for start in range(0, len(ids), 5000):
                    Dossier.objects.filter(id__in=ids[start : start + 5000]).update(
                        stat_bucket=bucket
                    )
    return diff

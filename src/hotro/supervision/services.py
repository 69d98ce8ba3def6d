"""Writes of the statistics counters. Every change of a dossier calls `counters_snapshot` and
`counters_apply` inside its own transaction; the overdue sweep calls `counters_sweep`; bulk
loads call `counters_add` with the moves they computed with `rules.replay`."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction
from django.db.models import Count

from hotro.core import clock
from hotro.dossiers.domain.status import Status
from hotro.dossiers.holders import HOLDER, holder_id, provinces_of
from hotro.dossiers.models import Dossier
from hotro.supervision import rules
from hotro.supervision.models import (
    ALL_POLICIES,
    BUCKET_COLUMNS,
    StatCount,
    StatFigure,
    StatReason,
    StatSweep,
)
from hotro.supervision.rules import Bucket

# (day, agency id, policy id, province code, bucket, reason) → net count
Key = tuple[dt.date, int, int, int | None, str, str]
# A running-total row: (level "a" or "p", unit, province code, policy id or ALL_POLICIES)
FigureKey = tuple[str, int, int | None, int]
# A stock held at an agency: (holding agency id, policy id, bucket) → net count
HeldKey = tuple[int, int, str]
# A running total by reason: (level "a", "p" or "n", unit, policy id or 0, bucket, reason)
ReasonKey = tuple[str, int, int, str, str]
# Held shared by every change of a dossier, exclusively by the sweep (PostgreSQL advisory
# lock): a change never reads how far the sweep went while the sweep is moving it.
_SWEEP_LOCK = 4_621_001


@dataclass(frozen=True)
class Snapshot:
    """What the counters hold of a dossier before a change."""

    bucket: Bucket | None
    due_date: dt.date
    holder: int  # the agency holding the dossier (dossiers.holders)


def _sweep_lock(*, exclusive: bool) -> None:
    if connection.vendor == "postgresql":  # SQLite runs one writer at a time anyway
        kind = "pg_advisory_xact_lock" if exclusive else "pg_advisory_xact_lock_shared"
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT {kind}(%s)", [_SWEEP_LOCK])


def swept_through() -> dt.date | None:
    """The day before which the overdue moves of dossiers on time are recorded."""
    return StatSweep.objects.filter(id=1).values_list("through", flat=True).first()


def bucket_counted(stat_bucket: str, due_date: dt.date, through: dt.date | None) -> Bucket | None:
    """The bucket the counters hold a dossier in: the one recorded on it, except that a dossier
    recorded on time whose due date the sweep has passed counts as overdue."""
    if not stat_bucket:
        return None
    if stat_bucket == Bucket.ON_TIME and through is not None and due_date < through:
        return Bucket.OVERDUE
    return Bucket(stat_bucket)


def counters_snapshot(dossier: Dossier) -> Snapshot:
    """Taken inside the change's transaction, the dossier's row locked."""
    _sweep_lock(exclusive=False)
    bucket = bucket_counted(dossier.stat_bucket, dossier.due_date, swept_through())
    holder = holder_id(dossier.status, dossier.agency_id, dossier.step_agency_id)
    return Snapshot(bucket, dossier.due_date, holder)


def _upsert(table: str, columns: list[str], key: list[str], rows: list[tuple[Any, ...]]) -> None:
    """Add the counts (the columns that are neither in `key` nor the province, which the key
    decides) to the rows that exist, create the others: one upsert per row, which PostgreSQL
    and SQLite both run atomically. Sorted by key, so that two transactions touching the same
    rows lock them in the same order."""
    if not rows:
        return
    at = [columns.index(k) for k in key]
    rows.sort(key=lambda r: tuple(str(r[i]) for i in at))
    counts = [c for c in columns if c not in key and c != "province_code"]
    added = ", ".join(f"{c} = {table}.{c} + excluded.{c}" for c in counts)
    conflict = f"ON CONFLICT ({', '.join(key)}) DO UPDATE SET {added}"
    if connection.vendor == "postgresql" and len(rows) > 500:
        _upsert_copy(table, columns, key, rows, conflict)
        return
    # Many rows a statement (a bulk load writes tens of thousands): SQLite takes at most 999
    # parameters in older builds.
    size = 1000 if connection.vendor == "postgresql" else 999 // len(columns)
    one = f"({', '.join(['%s'] * len(columns))})"
    with connection.cursor() as cursor:
        for start in range(0, len(rows), size):
            chunk = rows[start : start + size]
            cursor.execute(
                f"INSERT INTO {table} ({', '.join(columns)}) "  # noqa: S608
                f"VALUES {', '.join([one] * len(chunk))} {conflict}",
                [v for row in chunk for v in row],
            )


def _upsert_copy(
    table: str, columns: list[str], key: list[str], rows: list[tuple[Any, ...]], conflict: str
) -> None:
    """Bulk loads on PostgreSQL: COPY into a temporary table, then one upsert from it."""
    names = ", ".join(columns)
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TEMPORARY TABLE IF NOT EXISTS {table}_load ON COMMIT DELETE ROWS "  # noqa: S608
            f"AS SELECT {names} FROM {table} WITH NO DATA"
        )
        with cursor.cursor.copy(f"COPY {table}_load ({names}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        cursor.execute(
            f"INSERT INTO {table} ({names}) SELECT {names} FROM {table}_load "  # noqa: S608
            f"ORDER BY {', '.join(key)} {conflict}"
        )
        cursor.execute(f"TRUNCATE {table}_load")


def figures_of(counts: dict[Key, int]) -> dict[FigureKey, dict[str, int]]:
    """The running totals the daily moves add up to: per agency and per province, each per
    policy and for all policies."""
    figures: dict[FigureKey, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for (_, agency_id, policy_id, province, bucket, _reason), n in counts.items():
        for level, unit in (("a", agency_id), ("p", province or 0)):
            for policy in (policy_id, ALL_POLICIES):
                figures[(level, unit, province, policy)][bucket] += n
    return {k: dict(v) for k, v in figures.items() if any(v.values())}


def reasons_of(counts: dict[Key, int]) -> dict[ReasonKey, int]:
    """The running totals by reason: per agency, province and the nation, each per policy
    and for all policies."""
    reasons: dict[ReasonKey, int] = defaultdict(int)
    for (_, agency_id, policy_id, province, bucket, reason), n in counts.items():
        if not reason:
            continue
        for level, unit in (("a", agency_id), ("p", province or 0), ("n", 0)):
            for policy in (policy_id, ALL_POLICIES):
                reasons[(level, unit, policy, bucket, reason)] += n
    return {k: n for k, n in reasons.items() if n}


_FIGURE_COLUMNS = ["level", "unit", "province_code", "policy_id", *BUCKET_COLUMNS]


def counters_add(counts: dict[Key, int]) -> None:
    """Add net moves to the daily counters and to the running totals."""
    rows = [(*key, n) for key, n in counts.items() if n]
    _upsert(
        StatCount._meta.db_table,
        ["day", "agency_id", "policy_id", "province_code", "bucket", "reason_code", "n"],
        ["day", "agency_id", "policy_id", "bucket", "reason_code"],
        rows,
    )
    _upsert(
        StatFigure._meta.db_table,
        _FIGURE_COLUMNS,
        ["level", "unit", "policy_id"],
        [
            (*key, *(by_bucket.get(c, 0) for c in BUCKET_COLUMNS))
            for key, by_bucket in figures_of(counts).items()
        ],
    )
    _upsert(
        StatReason._meta.db_table,
        ["level", "unit", "policy_id", "bucket", "reason_code", "n"],
        ["level", "unit", "policy_id", "bucket", "reason_code"],
        [(*key, n) for key, n in reasons_of(counts).items()],
    )


def held_figures_of(held: dict[HeldKey, int]) -> dict[FigureKey, dict[str, int]]:
    """The running totals of the stocks by holding agency: level "h" (unit = the holding
    agency) and "q" (unit = its province, 0 for central agencies), each per policy and for
    all policies. Only the stock columns are ever non-zero."""
    provinces = provinces_of(h for h, _, _ in held)
    figures: dict[FigureKey, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for (holder, policy_id, bucket), n in held.items():
        province = provinces.get(holder)
        for level, unit in (("h", holder), ("q", province or 0)):
            for policy in (policy_id, ALL_POLICIES):
                figures[(level, unit, province, policy)][bucket] += n
    return {k: dict(v) for k, v in figures.items() if any(v.values())}


def held_add(held: dict[HeldKey, int]) -> None:
    """Add net moves of the stocks to the running totals by holding agency (live figures
    only: there are no daily rows by holder, see decision 0016)."""
    _upsert(
        StatFigure._meta.db_table,
        _FIGURE_COLUMNS,
        ["level", "unit", "policy_id"],
        [
            (*key, *(by_bucket.get(c, 0) for c in BUCKET_COLUMNS))
            for key, by_bucket in held_figures_of({k: n for k, n in held.items() if n}).items()
        ],
    )


def held_moves(
    *, policy_id: int, before: tuple[int, Bucket | None] | None, after: tuple[int, Bucket]
) -> dict[HeldKey, int]:
    """The stock leaves (holder, bucket) before the change and enters them after it: a
    forward to another agency's step moves it between holders without changing buckets."""
    held: dict[HeldKey, int] = defaultdict(int)
    if before is not None and before[1] in rules.STOCK:
        held[(before[0], policy_id, str(before[1]))] -= 1
    if after[1] in rules.STOCK:
        held[(after[0], policy_id, after[1].value)] += 1
    return {k: n for k, n in held.items() if n}


def moves_total(
    moves: Iterable[rules.Move],
    *,
    agency_id: int,
    policy_id: int,
    province: int | None,
    into: dict[Key, int] | None = None,
) -> dict[Key, int]:
    totals: dict[Key, int] = into if into is not None else defaultdict(int)
    for m in moves:
        totals[(m.day, agency_id, policy_id, province, m.bucket.value, m.reason)] += m.delta
    return totals


def counters_apply(*, dossier: Dossier, before: Snapshot | None, reason_code: str = "") -> None:
    """Record a change of `dossier` (already saved, row locked by the caller): `before` is
    its snapshot taken before the change, None for a submission. Must run inside the
    transaction of the change."""
    day = max(clock.today(), dossier.received_on)
    moves, bucket = rules.transition_moves(
        before.bucket if before else None,
        status=Status(dossier.status),
        due_before=before.due_date if before else dossier.due_date,
        due_after=dossier.due_date,
        day=day,
        reason=reason_code,
    )
    counters_add(
        moves_total(
            moves,
            agency_id=dossier.agency_id,
            policy_id=dossier.policy_id,
            province=dossier.agency.province_code,
        )
    )
    held_add(
        held_moves(
            policy_id=dossier.policy_id,
            before=(before.holder, before.bucket) if before else None,
            after=(holder_id(dossier.status, dossier.agency_id, dossier.step_agency_id), bucket),
        )
    )
    if dossier.stat_bucket != bucket:
        dossier.stat_bucket = bucket.value
        Dossier.objects.filter(id=dossier.id).update(stat_bucket=bucket.value)


def counters_sweep(*, today: dt.date | None = None) -> int:
    """Record the move to overdue of every dossier on time whose due date has passed since the
    last sweep, dated the day after its due date: one grouped count over the index of open
    dossiers' due dates (only the range not yet swept; the index also holds the status and
    step agency, so that the holders' totals move in the same count), and no dossier row
    written, since the dossiers recorded on time and due before `StatSweep.through` count as
    overdue. The time it takes follows the agencies and days it moves, not the dossiers.
    Returns how many moved. Idempotent."""
    today = today or clock.today()
    with transaction.atomic():
        _sweep_lock(exclusive=True)
        sweep, _ = StatSweep.objects.select_for_update().get_or_create(id=1)
        if sweep.through is not None and sweep.through >= today:
            return 0
        due = Dossier.objects.filter(stat_bucket=Bucket.ON_TIME, due_date__lt=today)
        if sweep.through is not None:
            due = due.filter(due_date__gte=sweep.through)
        counts: dict[Key, int] = defaultdict(int)
        held: dict[HeldKey, int] = defaultdict(int)
        moved = 0
        for agency_id, policy_id, province, due_date, holder, n in (
            due.annotate(holder=HOLDER)
            .values_list("agency_id", "policy_id", "agency__province_code", "due_date", "holder")
            .annotate(n=Count("id"))
            .order_by()
        ):
            for m in rules.overdue_catch_up(Bucket.ON_TIME, due=due_date, day=today):
                counts[(m.day, agency_id, policy_id, province, m.bucket.value, m.reason)] += (
                    m.delta * n
                )
            held[(holder, policy_id, Bucket.ON_TIME.value)] -= n
            held[(holder, policy_id, Bucket.OVERDUE.value)] += n
            moved += n
        counters_add(counts)
        held_add(held)
        sweep.through = today
        sweep.save(update_fields=["through"])
    return moved

"""Writes of the statistics counters. Every change of a dossier calls `counters_apply` inside
its own transaction; the overdue sweep calls `counters_sweep`; bulk loads call `counters_add`
with the moves they computed with `rules.replay`."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction

from hotro.core import clock
from hotro.dossiers.domain.status import Status
from hotro.dossiers.models import Dossier
from hotro.supervision import rules
from hotro.supervision.models import StatCount, StatTotal
from hotro.supervision.rules import Bucket

# (day, agency id, policy id, province code, bucket, reason) → net count
Key = tuple[dt.date, int, int, int | None, str, str]
# (level "a", "p" or "n", agency id, province code or 0, province code, policy, bucket, reason)
TotalKey = tuple[str, int, int | None, int, str, str]
# Totals by reason sit in buckets of their own ("refused#"), beside the bucket's total.
REASON_SUFFIX = "#"


@dataclass(frozen=True)
class Snapshot:
    """What the counters hold of a dossier before a change."""

    bucket: Bucket | None
    due_date: dt.date


def counters_snapshot(dossier: Dossier) -> Snapshot:
    return Snapshot(Bucket(dossier.stat_bucket) if dossier.stat_bucket else None, dossier.due_date)


def _upsert(table: str, columns: list[str], key: list[str], rows: list[tuple[Any, ...]]) -> None:
    """Add `n` (the last column) to rows that exist, create the others: one upsert per row,
    which PostgreSQL and SQLite both run atomically. Sorted, so that two transactions touching
    the same rows lock them in the same order."""
    if not rows:
        return
    rows.sort(key=lambda r: tuple(str(v) for v in r[:-1]))
    if connection.vendor == "postgresql" and len(rows) > 500:
        _upsert_copy(table, columns, key, rows)
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
                f"VALUES {', '.join([one] * len(chunk))} "
                f"ON CONFLICT ({', '.join(key)}) DO UPDATE SET n = {table}.n + excluded.n",
                [v for row in chunk for v in row],
            )


def _upsert_copy(
    table: str, columns: list[str], key: list[str], rows: list[tuple[Any, ...]]
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
            f"ORDER BY {', '.join(key)} "
            f"ON CONFLICT ({', '.join(key)}) DO UPDATE SET n = {table}.n + excluded.n"
        )
        cursor.execute(f"TRUNCATE {table}_load")


def totals_of(counts: dict[Key, int]) -> dict[TotalKey, int]:
    """The running totals the daily moves add up to, at the agency and the province level."""
    totals: dict[TotalKey, int] = defaultdict(int)
    for (_, agency_id, policy_id, province, bucket, reason), n in counts.items():
        units = (("a", agency_id, province), ("p", province or 0, province), ("n", 0, None))
        for level, unit, where in units:
            totals[(level, unit, where, policy_id, bucket, "")] += n
            if reason:  # reasons apart, so that the figures read one row per bucket
                totals[(level, unit, where, policy_id, bucket + REASON_SUFFIX, reason)] += n
    return {k: n for k, n in totals.items() if n}


def counters_add(counts: dict[Key, int]) -> None:
    """Add net moves to the daily counters and to the running totals."""
    rows = [(*key, n) for key, n in counts.items() if n]
    _upsert(
        StatCount._meta.db_table,
        ["day", "agency_id", "policy_id", "province_code", "bucket", "reason_code", "n"],
        ["day", "agency_id", "policy_id", "bucket", "reason_code"],
        rows,
    )
    totals_add(totals_of(counts))


def totals_add(totals: dict[TotalKey, int]) -> None:
    _upsert(
        StatTotal._meta.db_table,
        ["level", "unit", "province_code", "policy_id", "bucket", "reason_code", "n"],
        ["level", "unit", "policy_id", "bucket", "reason_code"],
        [(*key, n) for key, n in totals.items() if n],
    )


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
    if dossier.stat_bucket != bucket:
        dossier.stat_bucket = bucket.value
        Dossier.objects.filter(id=dossier.id).update(stat_bucket=bucket.value)


def counters_sweep(*, today: dt.date | None = None, chunk: int = 5_000) -> int:
    """Move the dossiers on time whose due date has passed to overdue, through the partial
    index on their due dates: the time a sweep takes follows the dossiers it moves, not the
    table. Returns how many moved. Idempotent."""
    today = today or clock.today()
    moved = 0
    while True:
        with transaction.atomic():
            rows = list(
                Dossier.objects.select_for_update(of=("self",))
                .filter(stat_bucket=Bucket.ON_TIME, due_date__lt=today)
                .order_by("due_date", "id")
                .values_list("id", "agency_id", "policy_id", "agency__province_code", "due_date")[
                    :chunk
                ]
            )
            if not rows:
                return moved
            totals: dict[Key, int] = defaultdict(int)
            for _, agency_id, policy_id, province, due in rows:
                moves_total(
                    rules.overdue_catch_up(Bucket.ON_TIME, due=due, day=today),
                    agency_id=agency_id,
                    policy_id=policy_id,
                    province=province,
                    into=totals,
                )
            counters_add(totals)
            Dossier.objects.filter(id__in=[r[0] for r in rows]).update(stat_bucket=Bucket.OVERDUE)
            moved += len(rows)

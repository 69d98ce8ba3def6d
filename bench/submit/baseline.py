"""The baseline: every row the submissions wrote, read back and written again into the copies
with plain parameterized statements (one transaction per dossier, the counters as the
service's upserts), by as many psycopg connections as there were clients."""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from typing import Any

import psycopg
from psycopg.types.json import Jsonb

from bench.submit.clients import Outcome
from bench.submit.config import COPY, INSERTED, JSON_TYPES
from bench.submit.copies import quoted

Statement = tuple[str, tuple[Any, ...]]


def _insert_sql(table: str, columns: Sequence[str]) -> str:
    values = ", ".join(["%s"] * len(columns))
    return f"INSERT INTO {COPY}.{table} ({quoted(columns)}) VALUES ({values})"


def _upsert_sql(table: str, columns: Sequence[str], key: Sequence[str]) -> str:
    """The counters' upsert as `supervision.services` writes it: the counts added to the row
    of the same key, or a new row."""
    counts = [c for c in columns if c not in key and c != "province_code"]
    added = ", ".join(f'"{c}" = {COPY}.{table}."{c}" + excluded."{c}"' for c in counts)
    return f"{_insert_sql(table, columns)} ON CONFLICT ({quoted(key)}) DO UPDATE SET {added}"


def _sorted_by_key(
    rows: list[tuple[Any, ...]], columns: Sequence[str], key: Sequence[str]
) -> list[tuple[Any, ...]]:
    # In the service's order, so that two transactions lock shared rows in the same order.
    at = [list(columns).index(k) for k in key]
    return sorted(rows, key=lambda r: tuple(str(r[i]) for i in at))


def counter_statements(dossier: dict[str, Any], province: int | None) -> list[Statement]:
    """The code counter and statistics upserts of one submission, from the same rules as
    `counters_apply` (a submission: no bucket before)."""
    from hotro.core import clock
    from hotro.dossiers.domain.status import Status
    from hotro.supervision import rules
    from hotro.supervision.models import BUCKET_COLUMNS
    from hotro.supervision.services import figures_of, moves_total, reasons_of

    counter = f"{COPY}.dossiers_codecounter"
    out: list[Statement] = [
        (
            f"INSERT INTO {counter} (agency_id, day, last) VALUES (%s, %s, 1) "
            f"ON CONFLICT (agency_id, day) DO UPDATE SET last = {counter}.last + 1",
            (dossier["agency_id"], dossier["received_on"]),
        )
    ]
    day = max(dossier["submitted_at"].astimezone(clock.VIETNAM).date(), dossier["received_on"])
    moves, _ = rules.transition_moves(
        None,
        status=Status(dossier["status"]),
        due_before=dossier["due_date"],
        due_after=dossier["due_date"],
        day=day,
    )
    counts = moves_total(
        moves, agency_id=dossier["agency_id"], policy_id=dossier["policy_id"], province=province
    )
    tables: list[tuple[str, list[str], list[str], list[tuple[Any, ...]]]] = [
        (
            "supervision_statcount",
            ["day", "agency_id", "policy_id", "province_code", "bucket", "reason_code", "n"],
            ["day", "agency_id", "policy_id", "bucket", "reason_code"],
            [(*k, n) for k, n in counts.items() if n],
        ),
        (
            "supervision_statfigure",
            ["level", "unit", "province_code", "policy_id", *BUCKET_COLUMNS],
            ["level", "unit", "policy_id"],
            [(*k, *(by.get(c, 0) for c in BUCKET_COLUMNS)) for k, by in figures_of(counts).items()],
        ),
        (
            "supervision_statreason",
            ["level", "unit", "policy_id", "bucket", "reason_code", "n"],
            ["level", "unit", "policy_id", "bucket", "reason_code"],
            [(*k, n) for k, n in reasons_of(counts).items()],
        ),
    ]
    for table, columns, key, rows in tables:
        sql = _upsert_sql(table, columns, key)
        out += [(sql, tuple(r)) for r in _sorted_by_key(rows, columns, key)]
    return out


def read_back(url: str, ids: list[int]) -> list[list[Statement]]:
    """Per dossier, the statements that write its rows again: its own rows as they stand now,
    then the counters' upserts."""
    by_dossier: dict[int, dict[str, list[Statement]]] = defaultdict(lambda: defaultdict(list))
    dossiers: dict[int, dict[str, Any]] = {}
    with psycopg.connect(url) as conn:
        agency_rows = conn.execute("SELECT id, province_code FROM catalog_agency").fetchall()
        provinces: dict[int, int | None] = {int(a): p for a, p in agency_rows}
        for table in INSERTED:
            link = "id" if table == "dossiers_dossier" else "dossier_id"
            cur = conn.execute(
                f"SELECT * FROM public.{table} WHERE {link} = ANY(%s) ORDER BY 1", [ids]
            )
            assert cur.description is not None
            names = [d.name for d in cur.description]
            json_at = [i for i, d in enumerate(cur.description) if d.type_code in JSON_TYPES]
            sql = _insert_sql(table, names)
            for row in cur.fetchall():
                values = list(row)
                for i in json_at:
                    if values[i] is not None:
                        values[i] = Jsonb(values[i])
                owner = row[names.index(link)]
                by_dossier[owner][table].append((sql, tuple(values)))
                if table == "dossiers_dossier":
                    dossiers[owner] = dict(zip(names, row, strict=True))
    units = []
    for dossier_id in sorted(ids):
        rows = by_dossier[dossier_id]
        d = dossiers[dossier_id]
        counters = counter_statements(d, provinces.get(d["agency_id"]))
        # The service's order: the key, the serial, the dossier and its rows, the counters.
        units.append(
            rows["dossiers_idempotencyrecord"]
            + counters[:1]
            + [s for t in INSERTED[1:] for s in rows[t]]
            + counters[1:]
        )
    return units


def raw_task(url: str, units: Sequence[list[Statement]]) -> Callable[[], Outcome]:
    conn = psycopg.connect(url, autocommit=True)  # connected before the clock starts

    def once() -> Outcome:
        out = Outcome()
        with conn:
            for unit in units:
                start = time.perf_counter()
                with conn.transaction(), conn.cursor() as cur:
                    for sql, params in unit:
                        cur.execute(sql, params)
                out.ms.append((time.perf_counter() - start) * 1000)
        return out

    return once

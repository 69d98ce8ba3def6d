"""The benchmark's database: created and dropped, and PostgreSQL's counters of what each phase
wrote to which table."""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from typing import Any

import psycopg

from bench.submit.config import say


def _split(url: str) -> tuple[str, str]:
    base, _, name = url.rpartition("/")
    # The other benchmarks' databases and the test database are never this one's to drop.
    if not re.fullmatch(r"[a-z0-9_]+", name) or re.fullmatch(
        r"hotro_bench_[0-9]+|test|postgres|template[01]", name
    ):
        raise SystemExit(f"refusing to use database {name!r} (BENCH_SUBMIT_URL)")
    return base, name


def database_create(url: str) -> None:
    base, name = _split(url)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def database_drop(url: str) -> None:
    base, name = _split(url)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def others_gone(url: str) -> None:
    """Wait until the server's connections have ended: a backend flushes its table counters
    when it exits."""
    _, name = _split(url)
    with psycopg.connect(url, autocommit=True) as conn:
        for _ in range(100):
            row = conn.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = %s AND pid <> "
                "pg_backend_pid()",
                [name],
            ).fetchone()
            if row is not None and row[0] == 0:
                return
            time.sleep(0.1)
    say("the server's connections are still open: the tuple counts may be short")


@dataclass(frozen=True)
class TableState:
    rows: int
    inserted: int
    updated: int
    deleted: int


def snapshot(url: str) -> dict[str, TableState]:
    """Every table's row count and PostgreSQL's counters of tuples written to it."""
    with psycopg.connect(url, autocommit=True) as conn:
        tables = conn.execute(
            "SELECT relname, n_tup_ins, n_tup_upd, n_tup_del FROM pg_stat_user_tables "
            "WHERE schemaname = 'public' ORDER BY relname"
        ).fetchall()
        out = {}
        for name, ins, upd, dele in tables:
            row = conn.execute(f'SELECT count(*) FROM public."{name}"').fetchone()
            out[name] = TableState(row[0] if row else 0, ins, upd, dele)
    return out


def written(before: dict[str, TableState], after: dict[str, TableState]) -> dict[str, Any]:
    """The tables the phase wrote to: rows added, tuples inserted and updated."""
    out = {}
    for name, a in after.items():
        b = before.get(name, TableState(0, 0, 0, 0))
        delta = {
            "rows_added": a.rows - b.rows,
            "tuples_inserted": a.inserted - b.inserted,
            "tuples_updated": a.updated - b.updated,
            "tuples_deleted": a.deleted - b.deleted,
        }
        if any(delta.values()):
            out[name] = delta
    return out


def max_dossier_id(url: str) -> int:
    with psycopg.connect(url) as conn:
        row = conn.execute("SELECT coalesce(max(id), 0) FROM dossiers_dossier").fetchone()
        return int(row[0]) if row else 0


def dossier_ids(url: str, after: int) -> list[int]:
    with psycopg.connect(url) as conn:
        rows = conn.execute(
            "SELECT id FROM dossiers_dossier WHERE id > %s ORDER BY id", [after]
        ).fetchall()
    return [int(r[0]) for r in rows]


def database_facts(url: str) -> dict[str, Any]:
    with psycopg.connect(url) as conn:
        row = conn.execute(
            "SELECT current_setting('server_version'), pg_database_size(current_database())"
        ).fetchone()
    assert row is not None
    return {"postgresql": row[0], "database_mib": round(row[1] / 2**20, 1)}

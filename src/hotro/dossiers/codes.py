"""Dossier codes (R6): `PREFIX.AGENCYCODE-YYMMDD-NNNN`, NNNN the receiving agency's serial
for the day of receipt (Circular 01/2018/TT-VPCP, with the national portal's prefix)."""

from __future__ import annotations

import datetime as dt
import re

from django.db import connection

from hotro.dossiers.models import CodeCounter

CODE_PATTERN = re.compile(
    r"^(?P<prefix>[A-Z]{2,10})\.(?P<agency>[0-9A-Z]{3}\.[0-9]{2}\.[0-9]{2}\.[A-Z][0-9]{2})"
    r"-(?P<day>[0-9]{6})-(?P<serial>[0-9]{4,})$"
)


def format_code(prefix: str, agency_code: str, day: dt.date, serial: int) -> str:
    # Four digits as the circular shows; a 10,000th dossier in a day simply gets five.
    return f"{prefix}.{agency_code}-{day:%y%m%d}-{serial:04d}"


def next_serial(*, agency_id: int, day: dt.date) -> int:
    """Take the next serial of `agency_id` for `day`. One statement that both PostgreSQL and
    SQLite run atomically; the counter row stays locked until the caller's transaction ends,
    so concurrent submissions queue on it and a rollback returns the number."""
    table = CodeCounter._meta.db_table
    sql = (
        f"INSERT INTO {table} (agency_id, day, last) VALUES (%s, %s, 1) "  # noqa: S608 (table name is ours)
        f"ON CONFLICT (agency_id, day) DO UPDATE SET last = {table}.last + 1 RETURNING last"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [agency_id, day])
        row = cursor.fetchone()
    return int(row[0])


def counters_raise(lasts: dict[tuple[int, dt.date], int]) -> None:
    """Raise the counters of (agency id, day) to at least the given serials (after serials
    were given out in bulk), in one upsert per row."""
    table = CodeCounter._meta.db_table
    greatest = "GREATEST" if connection.vendor == "postgresql" else "MAX"
    sql = (
        f"INSERT INTO {table} (agency_id, day, last) VALUES (%s, %s, %s) "  # noqa: S608
        f"ON CONFLICT (agency_id, day) DO UPDATE SET last = {greatest}({table}.last, excluded.last)"
    )
    with connection.cursor() as cursor:
        cursor.executemany(sql, [(a, d, last) for (a, d), last in lasts.items()])

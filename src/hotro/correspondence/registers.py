"""Numbers of the outgoing and incoming registers: one upsert that both databases run
atomically, holding the counter row until the transaction ends, so numbers never repeat and a
rollback gives its number back (as the dossier codes do, see dossiers/codes.py)."""

from __future__ import annotations

from django.db import connection

from hotro.correspondence.models import RegisterCounter


def register_next(*, agency_id: int, year: int, direction: str) -> int:
    table = RegisterCounter._meta.db_table
    sql = (
        f"INSERT INTO {table} (agency_id, year, direction, last) VALUES (%s, %s, %s, 1) "  # noqa: S608
        f"ON CONFLICT (agency_id, year, direction) DO UPDATE SET last = {table}.last + 1 "
        "RETURNING last"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [agency_id, year, direction])
        row = cursor.fetchone()
    return int(row[0])

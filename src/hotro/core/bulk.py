"""Bulk writes for generated and imported data: PostgreSQL's COPY, with a plain
executemany fallback on SQLite. The only place that knows the difference."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Sequence
from typing import Any

from django.db import connection, models


def _columns(model: type[models.Model], fields: Sequence[str]) -> list[str]:
    columns = []
    for name in fields:
        field = model._meta.get_field(name)
        assert isinstance(field, models.Field), f"{name} is not a concrete field"
        columns.append(str(field.column))
    return columns


def reserve_ids(model: type[models.Model], n: int) -> list[int]:
    """n primary keys the caller may insert with (within its transaction)."""
    table = model._meta.db_table
    pk = model._meta.pk.column if model._meta.pk else "id"
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [table, pk, n],
            )
            return [row[0] for row in cursor.fetchall()]
        # SQLite: one writer at a time (BEGIN IMMEDIATE), so the max is ours until commit.
        cursor.execute(f"SELECT COALESCE(MAX({pk}), 0) FROM {table}")  # noqa: S608
        start = int(cursor.fetchone()[0]) + 1
    return list(range(start, start + n))


def _sqlite_value(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return connection.ops.adapt_datetimefield_value(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return value


def _pg_value(value: Any) -> Any:
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return value


def insert_rows(
    model: type[models.Model], fields: Sequence[str], rows: Iterable[Sequence[Any]]
) -> int:
    """Insert rows given as tuples in the order of `fields` (model field names)."""
    table = connection.ops.quote_name(model._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(c) for c in _columns(model, fields))
    count = 0
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row([_pg_value(v) for v in row])
                    count += 1
            return count
        marks = ", ".join(["%s"] * len(fields))
        batch: list[list[Any]] = []
        sql = f"INSERT INTO {table} ({columns}) VALUES ({marks})"  # noqa: S608
        for row in rows:
            batch.append([_sqlite_value(v) for v in row])
            if len(batch) == 5_000:
                cursor.executemany(sql, batch)
                count += len(batch)
                batch = []
        if batch:
            cursor.executemany(sql, batch)
            count += len(batch)
    return count

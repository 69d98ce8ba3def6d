"""The copies the baseline writes into: the tables the submissions wrote, recreated in their
own schema with their keys, and afterwards compared row for row with the originals."""

from __future__ import annotations

from collections.abc import Sequence

import psycopg

from bench.submit.config import COPY, INSERTED


def quoted(names: Sequence[str]) -> str:
    return ", ".join(f'"{n}"' for n in names)


def copies_create(url: str, tables: Sequence[str], filled: Sequence[str]) -> None:
    """Copies of the tables in their own schema: columns, defaults, checks, indexes and unique
    keys (LIKE … INCLUDING ALL), and the foreign keys LIKE leaves out, pointing at the copies
    where the table is copied. The `filled` ones (the counters) start with the rows the
    originals hold now, so that the baseline's upserts meet the same rows as the server's."""
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f"DROP SCHEMA IF EXISTS {COPY} CASCADE")
        conn.execute(f"CREATE SCHEMA {COPY}")
        for t in tables:
            conn.execute(f"CREATE TABLE {COPY}.{t} (LIKE public.{t} INCLUDING ALL)")
            if t in filled:
                conn.execute(f"INSERT INTO {COPY}.{t} SELECT * FROM public.{t}")
                # The copy's identity starts at 1: past the ids copied.
                conn.execute(
                    f"SELECT setval(pg_get_serial_sequence('{COPY}.{t}', 'id'), max(id)) "
                    f"FROM {COPY}.{t} HAVING count(*) > 0"
                )
        for t in tables:
            keys = conn.execute(
                """
                SELECT c.confrelid::regclass::text, c.condeferrable, c.condeferred,
                  ARRAY(SELECT a.attname::text FROM unnest(c.conkey) WITH ORDINALITY k(n, o)
                        JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.n
                        ORDER BY k.o),
                  ARRAY(SELECT a.attname::text FROM unnest(c.confkey) WITH ORDINALITY k(n, o)
                        JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.n
                        ORDER BY k.o)
                FROM pg_constraint c WHERE c.contype = 'f' AND c.conrelid = %s::regclass
                """,
                [f"public.{t}"],
            ).fetchall()
            for target, deferrable, deferred, columns, target_columns in keys:
                schema = COPY if target in tables else "public"
                when = (
                    " DEFERRABLE INITIALLY DEFERRED"
                    if deferred
                    else (" DEFERRABLE" if deferrable else "")
                )
                conn.execute(
                    f"ALTER TABLE {COPY}.{t} ADD FOREIGN KEY ({quoted(columns)}) "
                    f"REFERENCES {schema}.{target} ({quoted(target_columns)}){when}"
                )


def copies_compare(url: str, ids: list[int], tables: Sequence[str]) -> dict[str, int]:
    """Rows that differ between each copy and its original (the dossiers' rows; the counters
    whole, without their ids: the copies number their new rows in another order)."""
    out = {}
    with psycopg.connect(url, autocommit=True) as conn:
        for t in tables:
            if t in INSERTED:
                link = "id" if t == "dossiers_dossier" else "dossier_id"
                ours = f"SELECT * FROM public.{t} WHERE {link} = ANY(%(ids)s)"
                theirs = f"SELECT * FROM {COPY}.{t}"
            else:
                cur = conn.execute(f"SELECT * FROM public.{t} LIMIT 0")
                assert cur.description is not None
                names = quoted([d.name for d in cur.description if d.name != "id"])
                ours, theirs = f"SELECT {names} FROM public.{t}", f"SELECT {names} FROM {COPY}.{t}"
            row = conn.execute(
                f"SELECT (SELECT count(*) FROM ({ours} EXCEPT ALL {theirs}) a) "
                f"+ (SELECT count(*) FROM ({theirs} EXCEPT ALL {ours}) b)",
                {"ids": ids},
            ).fetchone()
            out[t] = int(row[0]) if row else -1
    return out

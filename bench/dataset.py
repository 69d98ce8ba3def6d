"""Benchmark databases: one PostgreSQL database per size (`hotro_bench_<size>`), generated once
and kept, so that `make bench-large` measures 10 million dossiers without generating them
again every run (generation takes about 5 minutes per million on this machine).

Generation runs `hotro generate` in several processes at once, each on its own share of the
provinces, so that their dossier codes never collide (codes are numbered per agency and day).
Agencies of the central level (no province) are left out of parallel generation.

    python -m bench.dataset 10000000          # create or complete hotro_bench_10000000
"""

# ruff: noqa: S603  (runs our own `hotro` with arguments built here)
from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import psycopg

BASE_URL = os.environ.get("BENCH_DATABASE_BASE", "postgres://postgres@127.0.0.1:5432")
# The evening of the day the seed counted: the policies are open and histories have run.
CLOCK = "2021-10-13T18:00"
HOTRO = str(Path(sys.executable).with_name("hotro"))


def url_for(size: int) -> str:
    return f"{BASE_URL}/hotro_bench_{size}"


def _env(url: str) -> dict[str, str]:
    return {**os.environ, "DATABASE_URL": url, "HOTRO_CLOCK_START": CLOCK}


def _count(url: str) -> int:
    with psycopg.connect(url) as conn:
        row = conn.execute("SELECT count(*) FROM dossiers_dossier").fetchone()
        return int(row[0]) if row else 0


def _provinces(url: str, shares: int) -> list[list[int]]:
    """The provinces dealt into `shares` groups of about the same number of agencies."""
    with psycopg.connect(url) as conn:
        rows = conn.execute(
            "SELECT province_code, count(*) FROM catalog_agency "
            "WHERE province_code IS NOT NULL GROUP BY 1 ORDER BY 2 DESC, 1"
        ).fetchall()
    groups: list[list[int]] = [[] for _ in range(shares)]
    weights = [0] * shares
    for code, n in rows:
        i = weights.index(min(weights))
        groups[i].append(code)
        weights[i] += n
    return groups


def ensure(size: int, *, processes: int = 2) -> str:
    """The URL of a database holding `size` dossiers, generated if it holds fewer."""
    url = url_for(size)
    name = url.rpartition("/")[2]
    with psycopg.connect(f"{BASE_URL}/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')
    env = _env(url)
    subprocess.run([HOTRO, "migrate", "-v0", "--noinput"], env=env, check=True)
    missing = size - _count(url)
    if missing <= 0:
        return url
    subprocess.run([HOTRO, "loadcatalog"], env=env, check=True, stdout=subprocess.DEVNULL)
    groups = _provinces(url, processes) if processes > 1 else [[]]
    start = time.perf_counter()
    done = _count(url)
    children = []
    for i, group in enumerate(groups):
        share = missing // len(groups) + (1 if i < missing % len(groups) else 0)
        command = [HOTRO, "generate", "--dossiers", str(share), "--seed", str(done + i + 1)]
        if group:
            command += ["--provinces", ",".join(map(str, group))]
        children.append(subprocess.Popen(command, env=env))
    if any(child.wait() for child in children):
        raise SystemExit("generation failed")
    print(f"{name}: {missing:,} dossiers in {time.perf_counter() - start:.0f} s", flush=True)
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE")
    return url


if __name__ == "__main__":
    for arg in sys.argv[1:]:
        print(ensure(int(arg)))

"""Supervision at scale, on PostgreSQL: the statistics from the counters against the plain
GROUP BY over the dossier table (same run, same data), the overdue sweep, and the memory of
the xlsx export of 100,000 rows.

`BENCH_DATABASE_URL` names a PostgreSQL database this benchmark may wipe (default
postgres://postgres@127.0.0.1:5432/hotro_bench, created if missing). `BENCH_SIZES` sets the
dossier counts (default 10000,100000; `make bench-large` adds 1000000)."""

from __future__ import annotations

import datetime as dt
import os
import statistics
import time
import tracemalloc
from collections.abc import Callable, Iterator
from typing import Any

from bench.machine import write

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/hotro_bench"
SEED_DAY = (2021, 10, 13, 18)
RUNS = 60


def _setup_django(url: str) -> None:
    import psycopg

    base, _, name = url.rpartition("/")
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hotro.settings")
    import django

    django.setup()


def _percentiles(fn: Callable[[], Any], runs: int = RUNS) -> dict[str, float]:
    fn()  # warm the caches (the catalog, the plan)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return {
        "p50_ms": round(statistics.median(times), 2),
        "p95_ms": round(times[int(len(times) * 0.95) - 1], 2),
    }


def _group_by(today: dt.date, province: int | None) -> list[tuple[Any, ...]]:
    """The plain way: count the dossier table by province (or agency), status and lateness."""
    from django.db import connection

    where, params = (
        ("", [today]) if province is None else ("WHERE a.province_code = %s", [today, province])
    )
    key = "a.province_code" if province is None else "d.agency_id"
    sql = (
        f"SELECT {key}, d.status, d.due_date < %s AS late, count(*) "
        "FROM dossiers_dossier d JOIN catalog_agency a ON a.id = d.agency_id "
        f"{where} GROUP BY 1, 2, 3"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _wipe() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE supervision_statcount, dossiers_event, dossiers_beneficiary, "
            "dossiers_dossierhandler, dossiers_notification, dossiers_idempotencyrecord, "
            "dossiers_document, dossiers_codecounter, dossiers_dossier"
        )


def _rows(n: int) -> Iterator[Any]:
    from hotro.supervision.overdue import OverdueRow

    for i in range(n):
        yield OverdueRow(
            code=f"NCOVI.000.00.46.H29-210901-{i % 10000:04d}",
            policy_code="QD23-TAM-HOAN-HDLD",
            policy_name="Hỗ trợ người lao động tạm hoãn hợp đồng lao động, nghỉ việc không lương",
            applicant=f"Công ty TNHH May mặc An Phát {i}",
            received_on=dt.date(2021, 9, 1),
            due_date=dt.date(2021, 9, 10),
            working_days_overdue=23,
            current_step="Ủy ban nhân dân cấp huyện thẩm định",
            holder="Ủy ban nhân dân Quận 1",
            officer="Nguyễn Văn An",
        )


def _export(rows: int) -> dict[str, float]:
    """Time without tracing (tracemalloc slows Python down many times), then the peak of
    Python allocations in a second, traced run."""
    import resource
    import tempfile

    from hotro.supervision.export import xlsx_write

    def once() -> int:
        with tempfile.TemporaryFile() as out:
            xlsx_write(_rows(rows), out, title="Danh sách hồ sơ quá hạn")
            return out.tell()

    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.perf_counter()
    size = once()
    elapsed = time.perf_counter() - start
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    tracemalloc.start()
    once()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {
        "rows": rows,
        "seconds": round(elapsed, 2),
        "peak_python_mib": round(peak / 2**20, 1),
        "max_rss_growth_mib": round((rss_after - rss_before) / 1024, 1),
        "file_mib": round(size / 2**20, 1),
    }


def _overdue_from_db(user: Any) -> dict[str, float]:
    """The national overdue list read from the dossiers and written as xlsx, as the API
    streams it: time, and growth of the process's peak memory."""
    import resource
    import tempfile

    from hotro.core import clock
    from hotro.supervision.export import xlsx_write
    from hotro.supervision.overdue import overdue_list

    with clock.frozen(clock.vietnam_datetime(2021, 11, 8, 9)):
        start = time.perf_counter()
        rows = sum(1 for _ in overdue_list(user=user))
        list_s = time.perf_counter() - start
        rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        start = time.perf_counter()
        with tempfile.TemporaryFile() as out:
            xlsx_write(overdue_list(user=user), out, title="Danh sách hồ sơ quá hạn")
        xlsx_s = time.perf_counter() - start
        rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {
        "rows": rows,
        "list_seconds": round(list_s, 2),
        "xlsx_seconds": round(xlsx_s, 2),
        "max_rss_growth_mib": round((rss_after - rss_before) / 1024, 1),
    }


def run() -> None:
    url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)
    sizes = [int(s) for s in os.environ.get("BENCH_SIZES", "10000,100000").split(",")]
    _setup_django(url)
    from django.core.management import call_command

    from hotro.accounts.models import Role, User
    from hotro.accounts.services import user_create
    from hotro.catalog.models import Agency
    from hotro.catalog.selectors import agency_get
    from hotro.catalog.services import catalog_load
    from hotro.core import clock
    from hotro.dossiers.generator import generate
    from hotro.dossiers.models import Dossier
    from hotro.supervision.models import StatCount, StatTotal
    from hotro.supervision.reconcile import counters_reconcile
    from hotro.supervision.selectors import stats_get
    from hotro.supervision.services import counters_sweep

    call_command("migrate", verbosity=0)
    if Agency.objects.count() < 10_000:
        catalog_load()
    _wipe()
    supervisor = User.objects.filter(username="bench-vpcp").first() or user_create(
        username="bench-vpcp",
        role=Role.SUPERVISOR,
        password=None,
        agency=agency_get(code="000.00.00.G01"),
    )
    seed_day = clock.vietnam_datetime(*SEED_DAY)
    result: dict[str, Any] = {"benchmark": "supervision statistics", "sizes": {}}
    table: list[tuple[str, ...]] = [
        (
            "dossiers",
            "daily rows / total rows",
            "stats nation p50/p95 (ms)",
            "GROUP BY nation p50/p95 (ms)",
            "stats province p50/p95 (ms)",
            "GROUP BY province p50/p95 (ms)",
            "sweep: moved in s",
        )
    ]
    generated = 0
    for size in sizes:
        with clock.frozen(seed_day):
            start = time.perf_counter()
            generate(count=size - generated, seed=size)
            generate_s = time.perf_counter() - start
            generated = size
            today = clock.today()
            from django.db import connection

            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
            nation = _percentiles(lambda: stats_get(user=supervisor))
            base_nation = _percentiles(lambda t=today: _group_by(t, None))
            province = _percentiles(lambda: stats_get(user=supervisor, province=79))
            base_province = _percentiles(lambda t=today: _group_by(t, 79))
        # Twelve days later: the sweep moves what fell due meanwhile, through the index.
        later = clock.vietnam_datetime(2021, 10, 25, 0, 30)
        with clock.frozen(later):
            start = time.perf_counter()
            moved = counters_sweep()
            sweep_s = time.perf_counter() - start
            start = time.perf_counter()
            again = counters_sweep()
            idle_s = time.perf_counter() - start
            reconcile_start = time.perf_counter()
            diff = counters_reconcile()
            reconcile_s = time.perf_counter() - reconcile_start
        rows = StatCount.objects.count()
        total_rows = StatTotal.objects.count()
        result["sizes"][size] = {
            "dossiers": Dossier.objects.count(),
            "counter_rows": rows,
            "total_rows": total_rows,
            "generate_s": round(generate_s, 1),
            "stats_nation": nation,
            "group_by_nation": base_nation,
            "stats_province_79": province,
            "group_by_province_79": base_province,
            "sweep": {
                "moved": moved,
                "seconds": round(sweep_s, 2),
                "idle_seconds": round(idle_s, 3),
                "idle_moved": again,
            },
            "reconcile": {"seconds": round(reconcile_s, 1), "zero_difference": diff.zero},
        }
        table.append(
            (
                f"{size:,}",
                f"{rows:,} / {total_rows:,}",
                f"{nation['p50_ms']} / {nation['p95_ms']}",
                f"{base_nation['p50_ms']} / {base_nation['p95_ms']}",
                f"{province['p50_ms']} / {province['p95_ms']}",
                f"{base_province['p50_ms']} / {base_province['p95_ms']}",
                f"{moved:,} in {sweep_s:.2f} s (idle {idle_s * 1000:.0f} ms)",
            )
        )
        # The next size is generated on the seed day again; the statistics as of that day
        # ignore the later moves, and the next sweep moves only what is new.
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        result["postgresql"] = cursor.fetchone()[0]
    from_db = _overdue_from_db(supervisor)
    result["overdue_list_national_from_db"] = from_db
    export = _export(100_000)
    result["xlsx_export_100k"] = export
    table.append(
        (
            "xlsx export",
            f"{export['rows']:,} rows",
            f"{export['seconds']} s",
            f"Python peak {export['peak_python_mib']} MiB, RSS +{export['max_rss_growth_mib']} MiB",
            f"file {export['file_mib']} MiB",
            "",
            "",
        )
    )
    table.append(
        (
            "overdue list from the dossiers",
            f"{from_db['rows']:,} rows",
            f"read {from_db['list_seconds']} s, xlsx {from_db['xlsx_seconds']} s",
            f"RSS +{from_db['max_rss_growth_mib']} MiB",
            "",
            "",
            "",
        )
    )
    write("stats", result, table)


if __name__ == "__main__":
    run()

"""Everything measured at one size, in the database `bench.dataset` keeps for that size, on
the evening of 13 October 2021 (the day the seed counted), each against a baseline measured
in the same run on the same data:

- the dashboard's statistics (`stats_get`) for the nation and a province, against the plain
  GROUP BY over the dossier table;
- the overdue sweep of the counters the next night and twelve days later (rolled back, so the
  database can be measured again);
- the officer's queue page and the API's dossier list, first page and a page 10,000 dossiers
  deep, through Django's test client (views, templates, every query; no network), against the
  same page read with one hand-written SQL query (keyset) and with OFFSET;
- optionally: `hotro stats reconcile` over every dossier (`BENCH_RECONCILE=1`), the national
  overdue list read from the dossiers and written as xlsx (`BENCH_OVERDUE_LIST=1`), and the
  xlsx export of 100,000 rows made up in memory (`BENCH_EXPORT=1`): time and memory.

    python -m bench.scale 1000000     # prints one JSON object; bench.stats collects them
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable, Iterator
from typing import Any

RUNS = int(os.environ.get("BENCH_RUNS", "60"))
SEPTEMBER, OCTOBER_1 = dt.date(2021, 9, 1), dt.date(2021, 10, 1)
DEEP = 10_000


def percentiles(fn: Callable[[], Any], runs: int = RUNS) -> dict[str, float]:
    fn()  # warm the caches (the catalog, the plan, the pages read)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return {
        "p50_ms": round(statistics.median(times), 2),
        "p95_ms": round(times[max(0, int(len(times) * 0.95) - 1)], 2),
        "runs": runs,
    }


def _sql(sql: str, params: list[Any]) -> list[tuple[Any, ...]]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _group_by(today: Any, province: int | None) -> list[tuple[Any, ...]]:
    """The plain way: count the dossier table by province (or agency), status and lateness."""
    where, params = (
        ("", [today]) if province is None else ("WHERE a.province_code = %s", [today, province])
    )
    key = "a.province_code" if province is None else "d.agency_id"
    return _sql(
        f"SELECT {key}, d.status, d.due_date < %s AS late, count(*) "
        "FROM dossiers_dossier d JOIN catalog_agency a ON a.id = d.agency_id "
        f"{where} GROUP BY 1, 2, 3",
        params,
    )


def _staff(username: str, role: str, agency: Any) -> Any:
    from hotro.accounts.models import User
    from hotro.accounts.services import user_create

    found = User.objects.filter(username=username).first()
    return found or user_create(username=username, role=role, password=None, agency=agency)


def _client(user: Any) -> Any:
    """A test client logged in with the second factor proved, as after the login page."""
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user).first() or TOTPDevice.objects.create(
        user=user, name="bench", confirmed=True
    )
    client = Client()
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def _get(client: Any, url: str, **headers: str) -> Callable[[], None]:
    def once() -> None:
        response = client.get(url, headers=headers)
        if response.status_code != 200:
            raise SystemExit(f"{url}: HTTP {response.status_code}")
        response.content  # noqa: B018 (streamed or not, read it all)

    return once


def _stats(supervisor: Any, province: int) -> dict[str, Any]:
    from hotro.core import clock
    from hotro.supervision.selectors import stats_get

    today = clock.today()
    return {
        "nation": percentiles(lambda: stats_get(user=supervisor)),
        "group_by_nation": percentiles(lambda: _group_by(today, None), runs=min(RUNS, 15)),
        "province": percentiles(lambda: stats_get(user=supervisor, province=province)),
        "group_by_province": percentiles(lambda: _group_by(today, province), runs=min(RUNS, 15)),
        # A period (September) and stocks as of its end: the running totals minus what came
        # later, against summing every daily row up to that day (how it was done before).
        "nation_period": percentiles(
            lambda: stats_get(user=supervisor, date_from=SEPTEMBER, as_of=OCTOBER_1)
        ),
        "daily_rows_sum_nation_period": percentiles(
            lambda: _sql(
                "SELECT province_code, bucket, sum(n) FILTER (WHERE day >= %s), sum(n) "
                "FROM supervision_statcount WHERE day <= %s GROUP BY 1, 2",
                [SEPTEMBER, OCTOBER_1],
            ),
            runs=min(RUNS, 15),
        ),
    }


def _sweep() -> dict[str, Any]:
    """The counters' sweep on the next night and twelve days later, each rolled back."""
    from django.db import transaction

    from hotro.core import clock
    from hotro.supervision.services import counters_sweep

    out = {}
    for name, day in (
        ("next_night", (2021, 10, 14, 0, 30)),
        ("twelve_days", (2021, 10, 25, 0, 30)),
    ):
        with clock.frozen(clock.vietnam_datetime(*day)), transaction.atomic():
            start = time.perf_counter()
            moved = counters_sweep()
            seconds = time.perf_counter() - start
            start = time.perf_counter()
            again = counters_sweep()
            idle = time.perf_counter() - start
            transaction.set_rollback(True)
        out[name] = {
            "moved": moved,
            "seconds": round(seconds, 3),
            "idle_ms": round(idle * 1000, 1),
            "idle_moved": again,
        }
    return out


def _lists(size: int) -> dict[str, Any]:
    """The busiest desk's queue and dossier list, first page and 10,000 dossiers deep."""
    from hotro.accounts.models import Role
    from hotro.accounts.services import token_issue
    from hotro.catalog.models import Agency
    from hotro.dossiers.selectors import encode_cursor

    # The agency holding the most dossiers in processing at one of its steps.
    busiest = _sql(
        "SELECT step_agency_id, count(*) FROM dossiers_dossier WHERE status = 'in_processing' "
        "GROUP BY 1 ORDER BY 2 DESC LIMIT 1",
        [],
    )[0]
    agency = Agency.objects.get(id=busiest[0])
    officer = _staff(f"bench-officer-{agency.id}", Role.OFFICER, agency)
    client = _client(officer)
    token = token_issue(user=officer, name="bench")
    bearer = {"authorization": f"Bearer {token}"}
    visible = (
        "(d.agency_id = %s OR EXISTS (SELECT 1 FROM dossiers_dossierhandler h "
        "WHERE h.dossier_id = d.id AND h.agency_id = %s))"
    )
    held = (
        "(d.agency_id = %s AND (d.status = 'submitted' OR d.step_agency_id IS NULL) "
        "OR d.step_agency_id = %s AND d.status <> 'submitted')"
    )
    columns = "d.id, d.code, d.applicant_name, d.status, d.received_on, d.due_date"
    out: dict[str, Any] = {
        "agency": agency.name,
        "in_processing_there": busiest[1],
        "visible": _sql(
            f"SELECT count(*) FROM dossiers_dossier d WHERE {visible}", [agency.id] * 2
        )[0][0],
    }
    deep_id = _sql(
        f"SELECT d.id FROM dossiers_dossier d WHERE {visible} ORDER BY d.id DESC OFFSET %s LIMIT 1",
        [agency.id, agency.id, DEEP],
    )
    cursor = encode_cursor(deep_id[0][0]) if deep_id else ""
    processing = "d.status IN ('in_processing', 'approved', 'paid')"
    out["queue_processing_first"] = percentiles(_get(client, "/can-bo/?hang=processing"))
    out["queue_all_first"] = percentiles(_get(client, "/can-bo/?hang=all"))
    out["queue_all_deep"] = percentiles(_get(client, f"/can-bo/?hang=all&sau={cursor}"))
    out["queue_counts"] = percentiles(
        _get(client, "/can-bo/dem/?hang=processing"), runs=min(RUNS, 15)
    )
    out["api_list_first"] = percentiles(_get(client, "/api/v1/dossiers?limit=50", **bearer))
    out["api_list_deep"] = percentiles(
        _get(client, f"/api/v1/dossiers?limit=50&cursor={cursor}", **bearer)
    )
    out["sql_processing_first"] = percentiles(
        lambda: _sql(
            f"SELECT {columns} FROM dossiers_dossier d WHERE {held} AND {processing} "
            "ORDER BY d.id DESC LIMIT 51",
            [agency.id, agency.id],
        )
    )
    out["sql_all_first"] = percentiles(
        lambda: _sql(
            f"SELECT {columns} FROM dossiers_dossier d WHERE {visible} ORDER BY d.id DESC LIMIT 51",
            [agency.id, agency.id],
        )
    )
    out["sql_all_deep_offset"] = percentiles(
        lambda: _sql(
            f"SELECT {columns} FROM dossiers_dossier d WHERE {visible} "
            "ORDER BY d.id DESC OFFSET %s LIMIT 51",
            [agency.id, agency.id, DEEP],
        ),
        runs=min(RUNS, 15),
    )
    return out


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


def measure(size: int) -> dict[str, Any]:
    from django.db import connection

    from hotro.accounts.models import Role
    from hotro.catalog.selectors import agency_get
    from hotro.core import clock
    from hotro.dossiers.domain.status import CLOCK_RUNNING
    from hotro.dossiers.models import Dossier
    from hotro.supervision.models import StatCount, StatFigure

    result: dict[str, Any] = {"size": size}
    with clock.frozen(clock.vietnam_datetime(2021, 10, 13, 18)):
        supervisor = _staff("bench-vpcp", Role.SUPERVISOR, agency_get(code="000.00.00.G01"))
        result["dossiers"] = Dossier.objects.count()
        result["open_dossiers"] = Dossier.objects.filter(status__in=list(CLOCK_RUNNING)).count()
        result["daily_rows"] = StatCount.objects.count()
        result["total_rows"] = StatFigure.objects.count()
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_database_size(current_database()), version()")
            db_bytes, version = cursor.fetchone()
        result["database_gib"] = round(db_bytes / 2**30, 1)
        result["postgresql"] = version.split(" on ")[0]
        result["stats"] = _stats(supervisor, province=79)
        result["lists"] = _lists(size)
        if os.environ.get("BENCH_OVERDUE_LIST") == "1":
            result["overdue_list_national"] = _overdue_from_db(supervisor)
    result["sweep"] = _sweep()
    if os.environ.get("BENCH_EXPORT") == "1":
        result["xlsx_export_100k"] = _export(100_000)
    if os.environ.get("BENCH_RECONCILE") == "1":
        from hotro.supervision.reconcile import counters_reconcile

        with clock.frozen(clock.vietnam_datetime(2021, 10, 13, 18)):
            start = time.perf_counter()
            diff = counters_reconcile()
            result["reconcile"] = {
                "seconds": round(time.perf_counter() - start, 1),
                "zero_difference": diff.zero,
                "dossiers": diff.dossiers,
            }
    return result


def main() -> None:
    size = int(sys.argv[1])
    from bench.dataset import url_for

    os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL") or url_for(size)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hotro.settings")
    os.environ["HOTRO_ALLOWED_HOSTS"] = "testserver"
    import django

    django.setup()
    logging.getLogger("axes").setLevel(logging.WARNING)  # a line for every test login
    print(json.dumps(measure(size)))


if __name__ == "__main__":
    main()

"""Supervision and the officers' lists at scale, on PostgreSQL: `bench.scale` run at each size
in `BENCH_SIZES` (default 10000,100000; `make bench-large`: 10000,1000000,10000000), each in
its own process on the database `bench.dataset` keeps for that size (generated when missing).
Writes bench/results/stats.* (statistics against the plain GROUP BY, the sweep) and
bench/results/lists.* (the officer's queue and the API's list against hand-written SQL).

The ratio the issue sets (p95 at the largest size ÷ p95 at the smallest) is computed here."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from typing import Any

from bench import dataset
from bench.machine import write


def _measure(size: int, first: bool, last_small: bool) -> dict[str, Any]:
    env = dict(os.environ)
    if first:
        env["BENCH_EXPORT"] = "1"
    if last_small:  # the largest size up to a million: reconcile and the overdue list
        env.setdefault("BENCH_RECONCILE", "1")
        env.setdefault("BENCH_OVERDUE_LIST", "1")
    out = subprocess.run(  # noqa: S603 (our own module, our arguments)
        [sys.executable, "-m", "bench.scale", str(size)],
        env=env,
        check=True,
        stdout=subprocess.PIPE,
        text=True,
    ).stdout
    return dict(json.loads(out.strip().splitlines()[-1]))


def _pp(p: dict[str, float]) -> str:
    return f"{p['p50_ms']} / {p['p95_ms']}"


def run() -> None:
    sizes = [int(s) for s in os.environ.get("BENCH_SIZES", "10000,100000").split(",")]
    small = max((s for s in sizes if s <= 1_000_000), default=sizes[0])
    results = []
    for i, size in enumerate(sizes):
        dataset.ensure(size)
        results.append(_measure(size, first=i == 0, last_small=size == small))
    stats_table: list[tuple[str, ...]] = [
        (
            "dossiers (open)",
            "database",
            "daily rows / total rows",
            "stats nation p50 / p95 (ms)",
            "GROUP BY nation p50 / p95 (ms)",
            "stats province p50 / p95 (ms)",
            "GROUP BY province p50 / p95 (ms)",
            "September, as of 1 Oct: stats p50 / p95 (ms)",
            "same from every daily row p50 / p95 (ms)",
            "sweep next night: moved in s",
            "sweep after 12 days: moved in s",
        )
    ]
    lists_table: list[tuple[str, ...]] = [
        (
            "dossiers",
            "desk (dossiers visible)",
            "queue page: in processing, first p50 / p95 (ms)",
            "queue page: all, first",
            "queue page: all, 10,000 deep",
            "API list: first",
            "API list: 10,000 deep",
            "SQL keyset: in processing, first",
            "SQL keyset: all, first",
            "SQL OFFSET 10,000",
            "queue's tab counts (7 counts)",
        )
    ]
    for r in results:
        st, sw, li = r["stats"], r["sweep"], r["lists"]
        stats_table.append(
            (
                f"{r['dossiers']:,} ({r['open_dossiers']:,})",
                f"{r['database_gib']} GiB",
                f"{r['daily_rows']:,} / {r['total_rows']:,}",
                _pp(st["nation"]),
                _pp(st["group_by_nation"]),
                _pp(st["province"]),
                _pp(st["group_by_province"]),
                _pp(st["nation_period"]),
                _pp(st["daily_rows_sum_nation_period"]),
                f"{sw['next_night']['moved']:,} in {sw['next_night']['seconds']:.2f} s",
                f"{sw['twelve_days']['moved']:,} in {sw['twelve_days']['seconds']:.2f} s",
            )
        )
        lists_table.append(
            (
                f"{r['dossiers']:,}",
                f"{li['agency']} ({li['visible']:,})",
                _pp(li["queue_processing_first"]),
                _pp(li["queue_all_first"]),
                _pp(li["queue_all_deep"]),
                _pp(li["api_list_first"]),
                _pp(li["api_list_deep"]),
                _pp(li["sql_processing_first"]),
                _pp(li["sql_all_first"]),
                _pp(li["sql_all_deep_offset"]),
                _pp(li["queue_counts"]),
            )
        )
    first, last = results[0]["stats"], results[-1]["stats"]
    ratios = {
        scope: round(last[scope]["p95_ms"] / first[scope]["p95_ms"], 2)
        for scope in ("nation", "province", "group_by_nation", "group_by_province")
    }
    stats_table.append(
        (
            f"p95 ratio {results[-1]['dossiers']:,} / {results[0]['dossiers']:,}",
            "",
            "",
            str(ratios["nation"]),
            str(ratios["group_by_nation"]),
            str(ratios["province"]),
            str(ratios["group_by_province"]),
            "",
            "",
            "",
            "",
        )
    )
    for r in results:
        if "reconcile" in r:
            rec = r["reconcile"]
            stats_table.append(
                (
                    f"reconcile at {r['dossiers']:,}",
                    f"{rec['seconds']} s",
                    "zero difference" if rec["zero_difference"] else "DIFFERENCE",
                    *[""] * 8,
                )
            )
        if "overdue_list_national" in r:
            o = r["overdue_list_national"]
            stats_table.append(
                (
                    f"national overdue list at {r['dossiers']:,}",
                    f"{o['rows']:,} rows",
                    f"read {o['list_seconds']} s, xlsx {o['xlsx_seconds']} s",
                    f"RSS +{o['max_rss_growth_mib']} MiB",
                    *[""] * 7,
                )
            )
        if "xlsx_export_100k" in r:
            e = r["xlsx_export_100k"]
            stats_table.append(
                (
                    "xlsx export",
                    f"{e['rows']:,} rows",
                    f"{e['seconds']} s",
                    f"Python peak {e['peak_python_mib']} MiB, RSS +{e['max_rss_growth_mib']} MiB",
                    f"file {e['file_mib']} MiB",
                    *[""] * 6,
                )
            )
    summary = {"benchmark": "supervision and lists at scale", "sizes": results, "ratios": ratios}
    write("stats", summary, stats_table)
    write("lists", {"benchmark": "officer's queue and dossier list", "sizes": results}, lists_table)


if __name__ == "__main__":
    run()

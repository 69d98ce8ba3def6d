"""The figures of a run: percentiles, the result saved as JSON, its Markdown table, and the
in-process profile as printed."""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from typing import Any

from bench.submit.clients import Outcome
from bench.submit.config import Config


def percentiles(ms: Sequence[float]) -> dict[str, float]:
    ordered = sorted(ms)
    return {
        "p50_ms": round(statistics.median(ordered), 1),
        "p95_ms": round(ordered[max(0, int(len(ordered) * 0.95) - 1)], 1),
    }


def result_make(
    cfg: Config,
    agencies: Sequence[tuple[str, int]],
    uploads: Outcome,
    upload_s: float,
    submitted: Outcome,
    submit_s: float,
    raw: Outcome,
    raw_s: float,
) -> dict[str, Any]:
    http_rate, raw_rate = cfg.count / submit_s, cfg.count / raw_s
    return {
        "benchmark": "dossier submission through HTTP against raw inserts of the same rows",
        "clients": cfg.clients,
        "submissions": cfg.count,
        "beneficiaries_per_dossier": cfg.beneficiaries,
        "gunicorn_workers": cfg.workers,
        "agencies": len(agencies),
        "warmup_submissions": cfg.warmup,
        "http": {
            "seconds": round(submit_s, 2),
            "per_s": round(http_rate, 1),
            **percentiles(submitted.ms),
            "connections_opened": submitted.connects,
            "replayed": submitted.replayed,
        },
        "raw_inserts": {
            "seconds": round(raw_s, 3),
            "per_s": round(raw_rate, 1),
            **percentiles(raw.ms),
        },
        "ratio_http_to_raw": round(http_rate / raw_rate, 4),
        "uploads": {
            "count": len(uploads.ms),
            "seconds": round(upload_s, 2),
            "per_s": round(len(uploads.ms) / upload_s, 1),
            **percentiles(uploads.ms),
        },
    }


def table_make(cfg: Config, r: dict[str, Any]) -> list[tuple[str, ...]]:
    h, raw, up = r["http"], r["raw_inserts"], r["uploads"]
    return [
        (
            "clients",
            "submissions",
            "beneficiaries per dossier",
            "HTTP submissions/s",
            "HTTP p50/p95 (ms)",
            "raw inserts dossiers/s",
            "raw p50/p95 (ms)",
            "ratio HTTP / raw",
            "gunicorn workers",
        ),
        (
            str(cfg.clients),
            f"{cfg.count:,} ({r['agencies']} agencies)",
            str(cfg.beneficiaries),
            f"{h['per_s']:,.1f}",
            f"{h['p50_ms']} / {h['p95_ms']}",
            f"{raw['per_s']:,.1f}",
            f"{raw['p50_ms']} / {raw['p95_ms']}",
            f"{r['ratio_http_to_raw']:.3f} (1 : {1 / r['ratio_http_to_raw']:.0f})",
            str(cfg.workers),
        ),
        (
            "uploads (side figure)",
            f"{up['count']:,} files",
            "",
            f"{up['per_s']:,.1f} uploads/s",
            f"{up['p50_ms']} / {up['p95_ms']}",
            "",
            "",
            "",
            str(cfg.workers),
        ),
    ]


def profile_print(p: dict[str, Any]) -> None:
    print(
        f"\nIn process: {p['in_process_ms']['p50_ms']} ms a submission (p50; mean "
        f"{p['in_process_mean_ms']}), {p['queries_per_submission']} queries taking "
        f"{p['query_ms_per_submission']} ms of it; under the profiler "
        f"{p['profiled_ms_per_submission']} ms"
    )
    print("\nThe queries of one submission (ms, SQL):")
    for q in p["queries_of_one"]:
        print(f"{q['ms']:7.2f}  {q['sql'][:110]}")
    for title, key in (("hotro, cumulative", "top_hotro_cumulative"), ("own time", "top_own_time")):
        print(f"\n{title}: ms a submission, share, calls a submission")
        for e in p[key]:
            print(
                f"{e['ms_per_submission']:9.2f} {e['share']:6.1%} "
                f"{e['calls_per_submission']:7.1f}  {e['function']}"
            )

"""The profile of the server side, in this process (`BENCH_SUBMIT_PROFILE`): submissions
through Django's test client, timed, then under cProfile, and the queries of one."""

from __future__ import annotations

import cProfile
import json
import os
import pstats
import time
from collections.abc import Callable, Sequence
from typing import Any

from bench.submit.config import COMPONENTS, WARM_IN_PROCESS
from bench.submit.jobs import Applicant, Job
from bench.submit.report import percentiles


def profile(
    n: int, applicant: Applicant, jobs: Sequence[Job], files: dict[str, bytes]
) -> dict[str, Any]:
    """Submissions through Django's test client (middleware, API, service, database; no
    gunicorn, no network): a few to warm up, n timed, n under cProfile. The uploads before
    each are neither timed nor profiled."""
    from django.db import connection
    from django.test import Client

    from hotro.accounts.models import User
    from hotro.dossiers.services import document_upload

    user = User.objects.get(username=applicant.username)
    client = Client()
    headers = {"authorization": f"Bearer {applicant.token}"}
    profiler = cProfile.Profile()

    def upload(job: Job) -> None:
        job.body["documents"] = [
            {
                "component": c,
                "upload_id": str(document_upload(user=user, filename=f, content=files[f]).id),
            }
            for c, f in COMPONENTS
        ]

    def submit(job: Job, profiled: bool = False) -> float:
        if not job.body["documents"]:
            upload(job)
        body = json.dumps(job.body, ensure_ascii=False)
        start = time.perf_counter()
        if profiled:
            profiler.enable()
        response = client.post(
            "/api/v1/dossiers",
            body,
            content_type="application/json",
            headers={**headers, "idempotency-key": job.key},
        )
        if profiled:
            profiler.disable()
        if response.status_code != 201:
            raise SystemExit(
                f"in-process submission: HTTP {response.status_code} {response.content[:300]!r}"
            )
        return (time.perf_counter() - start) * 1000

    queries: list[tuple[float, str]] = []  # (ms, SQL) of the submissions timed

    def timed_query(execute: Callable[..., Any], sql: str, *args: Any) -> Any:
        start = time.perf_counter()
        try:
            return execute(sql, *args)
        finally:
            queries.append(((time.perf_counter() - start) * 1000, sql))

    warm, timed, profiled = jobs[:WARM_IN_PROCESS], jobs[WARM_IN_PROCESS:][:n], jobs[-n:]
    for job in warm:  # the first request loads the middleware and the URLs
        submit(job)
    for job in timed:
        upload(job)
    # Timed without the profiler; the queries' time measured around each cursor call (BEGIN
    # and COMMIT do not go through one).
    with connection.execute_wrapper(timed_query):
        plain = [submit(job) for job in timed]
    total = sum(submit(job, profiled=True) for job in profiled)
    # (file, line, function) → (primitive calls, calls, own time, cumulative time, callers)
    entries: dict[tuple[str, int, str], tuple[int, int, float, float, Any]] = vars(
        pstats.Stats(profiler)
    )["stats"]

    def top(keep: Callable[[str], bool], by: int, k: int) -> list[dict[str, Any]]:
        chosen = sorted(
            ((where, e) for where, e in entries.items() if keep(where[0])), key=lambda i: -i[1][by]
        )[:k]
        return [
            {
                "function": f"{_short(f)}:{line}({name})",
                "calls_per_submission": round(e[1] / n, 1),
                "ms_per_submission": round(e[by] * 1000 / n, 2),
                "share": round(e[by] * 1000 / total, 3),
            }
            for (f, line, name), e in chosen
        ]

    ours = f"{os.sep}hotro{os.sep}"
    per = len(queries) // n
    return {
        "submissions": n,
        "in_process_ms": percentiles(plain),
        "in_process_mean_ms": round(sum(plain) / n, 1),
        "queries_per_submission": round(len(queries) / n, 1),
        "query_ms_per_submission": round(sum(ms for ms, _ in queries) / n, 1),
        # The last submission's queries, in order (every submission runs the same ones).
        "queries_of_one": [{"ms": round(ms, 2), "sql": sql[:160]} for ms, sql in queries[-per:]],
        "profiled_ms_per_submission": round(total / n, 1),
        "top_hotro_cumulative": top(lambda f: ours in f and "site-packages" not in f, 3, 20),
        "top_own_time": top(lambda f: True, 2, 15),
    }


def _short(path: str) -> str:
    for marker in (f"{os.sep}src{os.sep}", f"site-packages{os.sep}"):
        if marker in path:
            return path.split(marker, 1)[1]
    return path

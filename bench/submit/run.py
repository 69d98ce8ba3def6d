"""The run, phase by phase: the database and the catalog, the employers and the jobs, the
server, the uploads and the warm-up, the timed submissions, the baseline on the copies, the
comparison, the optional profile, the report; the server stopped and the database dropped
whatever happens."""

# ruff: noqa: S603  (runs our own `hotro` with arguments built here)
from __future__ import annotations

import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from bench.machine import write
from bench.submit.baseline import raw_task, read_back
from bench.submit.clients import merge, parallel, submissions_task, uploads_task
from bench.submit.config import (
    CLOCK,
    COMPONENTS,
    EXAMPLES,
    HOTRO,
    INSERTED,
    UPSERTED,
    WARM_IN_PROCESS,
    Config,
    say,
)
from bench.submit.copies import copies_compare, copies_create
from bench.submit.database import (
    database_create,
    database_drop,
    database_facts,
    dossier_ids,
    max_dossier_id,
    others_gone,
    snapshot,
    written,
)
from bench.submit.in_process import profile
from bench.submit.jobs import Applicant, Job, agencies_pick, applicants_create, jobs_make
from bench.submit.report import profile_print, result_make, table_make
from bench.submit.server import Server


def run() -> None:
    cfg = Config.from_env()
    data_dir = Path(tempfile.mkdtemp(prefix="hotro-bench-submit-"))
    env = {
        **os.environ,
        "DATABASE_URL": cfg.url,
        "HOTRO_CLOCK_START": CLOCK,
        "HOTRO_ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "HOTRO_DATA_DIR": str(data_dir),
        "HOTRO_DEBUG": "false",
        "DJANGO_SETTINGS_MODULE": "hotro.settings",
    }
    os.environ.update(env)  # this process too: the clock, the database, the stored files
    server: Server | None = None
    try:
        say(f"database {cfg.url.rpartition('/')[2]}: migrate, loadcatalog")
        database_create(cfg.url)
        subprocess.run([HOTRO, "migrate", "-v0", "--noinput"], env=env, check=True)
        subprocess.run([HOTRO, "loadcatalog"], env=env, check=True, stdout=subprocess.DEVNULL)
        import django

        django.setup()
        from django.db import connections

        applicants = applicants_create(cfg.clients)
        agencies = agencies_pick(cfg.agencies)
        rng = random.Random(20211013)

        def make(first: int, count: int, who: Sequence[Applicant]) -> list[Job]:
            return jobs_make(
                count,
                first=first,
                applicants=who,
                agencies=agencies,
                per=cfg.beneficiaries,
                rng=rng,
            )

        jobs = make(0, cfg.count, applicants)
        warm = make(cfg.count, cfg.warmup, applicants)
        # In process, as the first employer: a few to warm up, then timed, then profiled.
        extra = make(
            cfg.count + cfg.warmup,
            WARM_IN_PROCESS + 2 * cfg.profile if cfg.profile else 0,
            applicants[:1],
        )
        connections.close_all()
        files = {f: (EXAMPLES / f).read_bytes() for _, f in COMPONENTS}

        def share(of: Sequence[Job]) -> list[list[Job]]:
            return [[j for j in of if j.client == c] for c in range(cfg.clients)]

        server = Server(env, cfg.workers, data_dir / "server.log").start()
        say(f"server on port {server.port}, {cfg.workers} workers")
        say(f"uploading {2 * (cfg.count + cfg.warmup)} documents")
        outcomes, upload_s = parallel(
            [
                uploads_task(server.port, applicants[c].token, mine, files)
                for c, mine in enumerate(share([*jobs, *warm]))
            ]
        )
        uploads = merge(outcomes)
        if uploads.failures:
            raise SystemExit("uploads failed:\n" + "\n".join(uploads.failures[:5]))
        # Every worker's first submission loads what the uploads did not need.
        say(f"warming up: {cfg.warmup} submissions")
        outcomes, _ = parallel(
            [
                submissions_task(server.port, applicants[c].token, mine)
                for c, mine in enumerate(share(warm))
            ]
        )
        if failures := merge(outcomes).failures:
            raise SystemExit("warm-up submissions failed:\n" + "\n".join(failures[:5]))
        # The server's backends report what they wrote within 10 s of going idle.
        time.sleep(11)
        before = snapshot(cfg.url)
        max_id = max_dossier_id(cfg.url)
        # The copies, the counters as they stand before the timed phase.
        candidates = [t for t in (*INSERTED, *UPSERTED) if t in before]
        copies_create(cfg.url, candidates, filled=UPSERTED)

        say(f"timed: {cfg.count} submissions from {cfg.clients} clients")
        outcomes, submit_s = parallel(
            [
                submissions_task(server.port, applicants[c].token, mine)
                for c, mine in enumerate(share(jobs))
            ]
        )
        submitted = merge(outcomes)
        server.stop()
        if submitted.failures:
            raise SystemExit(
                f"{len(submitted.failures)} of {cfg.count} submissions failed:\n"
                + "\n".join(submitted.failures[:5])
            )
        others_gone(cfg.url)
        touched = written(before, snapshot(cfg.url))

        ids = dossier_ids(cfg.url, max_id)
        if len(ids) != cfg.count or len({j.code for j in jobs}) != cfg.count:
            raise SystemExit(f"{len(ids)} dossiers in the database for {cfg.count} submissions")
        copied = [t for t in candidates if t in touched]
        left_out = {t: d for t, d in touched.items() if t not in copied}
        units = read_back(cfg.url, ids)
        say(f"baseline: the same rows with psycopg, {cfg.clients} connections")
        outcomes, raw_s = parallel(
            [raw_task(cfg.url, units[c :: cfg.clients]) for c in range(cfg.clients)]
        )
        raw = merge(outcomes)
        differences = copies_compare(cfg.url, ids, candidates)
        if any(differences.values()):
            raise SystemExit(f"the copies differ from the originals: {differences}")

        result = result_make(cfg, agencies, uploads, upload_s, submitted, submit_s, raw, raw_s)
        result["tables_written_by_submissions"] = touched
        result["baseline_tables"] = copied
        result["left_out_of_baseline"] = left_out
        result["statements_per_dossier_raw"] = round(sum(len(u) for u in units) / len(units), 1)
        result.update(database_facts(cfg.url))

        if cfg.profile:
            say(f"in-process: {cfg.profile} submissions timed, {cfg.profile} profiled")
            result["profile"] = profile(cfg.profile, applicants[0], extra, files)
            connections.close_all()
        write("submit", result, table_make(cfg, result))
        if "profile" in result:
            profile_print(result["profile"])
    finally:
        if server is not None:
            server.stop()
        if "django" in sys.modules and "django.db" in sys.modules:
            from django.db import connections

            connections.close_all()
        if cfg.keep:
            say(f"kept: {cfg.url} and {data_dir}")
        else:
            database_drop(cfg.url)
            shutil.rmtree(data_dir, ignore_errors=True)

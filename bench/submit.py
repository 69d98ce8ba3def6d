"""Dossier submissions per second through the real HTTP stack, against raw PostgreSQL inserts
of the same rows, measured in the same run on the same database.

- A fresh database (`BENCH_SUBMIT_URL`, default postgres://postgres@127.0.0.1:5432/
  hotro_bench_submit, dropped and created) gets the migrations and the catalog, and one
  employer with a bearer token per client. Every process (this one, `hotro`, the server)
  runs the clock from 2021-10-13 08:00, when the policies are open.
- `hotro serve` (gunicorn, `BENCH_SUBMIT_WORKERS` workers, default 4) answers C client
  threads (`BENCH_SUBMIT_CLIENTS`, default 8), each with its own `http.client` connection
  (gunicorn's sync workers close it after every answer; the client reconnects). The two
  example PDFs of every submission are uploaded first, timed apart as a side figure; a few
  untimed submissions (`BENCH_SUBMIT_WARMUP`, default 2 per worker) warm the workers up.
- The timed phase posts S dossiers (`BENCH_SUBMIT_COUNT`, default 400) of the
  suspended-contract policy, each with its own workers (`BENCH_SUBMIT_BENEFICIARIES`, default
  2, plausible national IDs never given twice) and Idempotency-Key, spread over the district
  committees (`BENCH_SUBMIT_AGENCIES`: how many, default 0 = all; 1 = all at Quận 1, where
  every submission queues on one code counter). A failed submission stops the run.
- The baseline writes the same rows again: every row the submissions wrote is read back (the
  tables are found by comparing row counts and PostgreSQL's per-table tuple counters before
  and after), then inserted into copies of those tables (`LIKE … INCLUDING ALL`, foreign keys
  added back; the counters' copies start as the originals stood before the timed phase) by C
  psycopg connections, one transaction per dossier, one plain parameterized statement per
  row, the code counter and statistics counters as the same upserts the service makes. The
  copies must then equal the originals, row for row.
- Optionally (`BENCH_SUBMIT_PROFILE=n`), 2n more submissions through Django's test client in
  this process: n timed, n under cProfile (no gunicorn, no network), and the queries of one.

    .venv/bin/python -m bench.submit
    BENCH_SUBMIT_COUNT=100 BENCH_SUBMIT_PROFILE=30 .venv/bin/python -m bench.submit

The database is dropped at the end unless `BENCH_KEEP=1`. Writes bench/results/submit.json
and bench/results/submit.md.
"""

# ruff: noqa: S603  (runs our own `hotro` with arguments built here)
from __future__ import annotations

import cProfile
import datetime as dt
import http.client
import json
import os
import pstats
import random
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import psycopg
from psycopg.types.json import Jsonb

from bench.machine import write

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/hotro_bench_submit"
CLOCK = "2021-10-13T08:00"
DAY = dt.date(2021, 10, 13)
HOTRO = str(Path(sys.executable).with_name("hotro"))
EXAMPLES = Path(__file__).resolve().parent.parent / "docs" / "examples"
POLICY = "QD23-TAM-HOAN-HDLD"
EXAMPLE_AGENCY = "000.00.46.H29"  # Quận 1, the example's district committee
COMPONENTS = (
    ("worker_list", "danh-sach-nguoi-lao-dong.pdf"),
    ("social_insurance_confirmation", "xac-nhan-bhxh.pdf"),
)
COPY = "bench_copy"
WARM_IN_PROCESS = 3
# The rows of a submission, in the order the service writes them.
INSERTED = (
    "dossiers_idempotencyrecord",
    "dossiers_dossier",
    "dossiers_beneficiary",
    "dossiers_document",
    "dossiers_event",
)
UPSERTED = (
    "dossiers_codecounter",
    "supervision_statcount",
    "supervision_statfigure",
    "supervision_statreason",
)
JSON_TYPES = {114, 3802}  # json, jsonb: psycopg reads them as Python values, writes Jsonb


@dataclass(frozen=True)
class Config:
    url: str
    clients: int
    count: int
    workers: int
    beneficiaries: int
    agencies: int
    warmup: int
    profile: int
    keep: bool

    @classmethod
    def from_env(cls) -> Config:
        def number(name: str, default: int) -> int:
            return int(os.environ.get(name, str(default)))

        workers = number("BENCH_SUBMIT_WORKERS", 4)
        return cls(
            url=os.environ.get("BENCH_SUBMIT_URL", DEFAULT_URL),
            clients=number("BENCH_SUBMIT_CLIENTS", 8),
            count=number("BENCH_SUBMIT_COUNT", 400),
            workers=workers,
            beneficiaries=number("BENCH_SUBMIT_BENEFICIARIES", 2),
            agencies=number("BENCH_SUBMIT_AGENCIES", 0),
            warmup=number("BENCH_SUBMIT_WARMUP", 2 * workers),
            profile=number("BENCH_SUBMIT_PROFILE", 0),
            keep=os.environ.get("BENCH_KEEP") == "1",
        )


def say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def percentiles(ms: Sequence[float]) -> dict[str, float]:
    ordered = sorted(ms)
    return {
        "p50_ms": round(statistics.median(ordered), 1),
        "p95_ms": round(ordered[max(0, int(len(ordered) * 0.95) - 1)], 1),
    }


# The database


def _split(url: str) -> tuple[str, str]:
    base, _, name = url.rpartition("/")
    # The other benchmarks' databases and the test database are never this one's to drop.
    if not re.fullmatch(r"[a-z0-9_]+", name) or re.fullmatch(
        r"hotro_bench_[0-9]+|test|postgres|template[01]", name
    ):
        raise SystemExit(f"refusing to use database {name!r} (BENCH_SUBMIT_URL)")
    return base, name


def database_create(url: str) -> None:
    base, name = _split(url)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def database_drop(url: str) -> None:
    base, name = _split(url)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _others_gone(url: str) -> None:
    """Wait until the server's connections have ended: a backend flushes its table counters
    when it exits."""
    _, name = _split(url)
    with psycopg.connect(url, autocommit=True) as conn:
        for _ in range(100):
            row = conn.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = %s AND pid <> "
                "pg_backend_pid()",
                [name],
            ).fetchone()
            if row is not None and row[0] == 0:
                return
            time.sleep(0.1)
    say("the server's connections are still open: the tuple counts may be short")


@dataclass(frozen=True)
class TableState:
    rows: int
    inserted: int
    updated: int
    deleted: int


def snapshot(url: str) -> dict[str, TableState]:
    """Every table's row count and PostgreSQL's counters of tuples written to it."""
    with psycopg.connect(url, autocommit=True) as conn:
        tables = conn.execute(
            "SELECT relname, n_tup_ins, n_tup_upd, n_tup_del FROM pg_stat_user_tables "
            "WHERE schemaname = 'public' ORDER BY relname"
        ).fetchall()
        out = {}
        for name, ins, upd, dele in tables:
            row = conn.execute(f'SELECT count(*) FROM public."{name}"').fetchone()
            out[name] = TableState(row[0] if row else 0, ins, upd, dele)
    return out


def written(before: dict[str, TableState], after: dict[str, TableState]) -> dict[str, Any]:
    """The tables the phase wrote to: rows added, tuples inserted and updated."""
    out = {}
    for name, a in after.items():
        b = before.get(name, TableState(0, 0, 0, 0))
        delta = {
            "rows_added": a.rows - b.rows,
            "tuples_inserted": a.inserted - b.inserted,
            "tuples_updated": a.updated - b.updated,
            "tuples_deleted": a.deleted - b.deleted,
        }
        if any(delta.values()):
            out[name] = delta
    return out


# The submissions

FAMILY = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi")
MIDDLE = {0: ("Văn", "Đức", "Minh", "Quang", "Hữu"), 1: ("Thị", "Ngọc", "Thanh", "Thu", "Kim")}
GIVEN = {
    0: ("An", "Bình", "Dũng", "Hùng", "Khoa", "Nam", "Phúc", "Quân", "Sơn", "Tuấn"),
    1: ("Chi", "Hà", "Hương", "Lan", "Linh", "Mai", "Phương", "Thảo", "Trang", "Yến"),
}


@dataclass
class Applicant:
    username: str
    token: str
    data: dict[str, str]


@dataclass
class Job:
    """One submission: its client, body (documents filled in by the uploads) and key."""

    index: int
    client: int
    body: dict[str, Any]
    key: str
    code: str = ""


def _tax_codes(n: int) -> list[str]:
    """n distinct tax codes that pass the check digit (a base whose digit would be 10 has
    none, and is skipped)."""
    from stdnum.vn import mst

    out: list[str] = []
    base = 310_000_000
    while len(out) < n:
        base += 1
        code = f"{base}{mst.calc_check_digit(str(base))}"
        if mst.is_valid(code):
            out.append(code)
    return out


def applicants_create(n: int) -> list[Applicant]:
    """One employer and bearer token per client, as a person registering would have."""
    from hotro.accounts.models import Role
    from hotro.accounts.services import token_issue, user_create

    out = []
    for i, tax_code in enumerate(_tax_codes(n), start=1):
        name = f"Công ty TNHH May mặc Bến Thành {i:02d}"
        user = user_create(
            username=f"bench-employer-{i}",
            role=Role.APPLICANT,
            full_name=name,
            email=f"lienhe{i}@benthanh.vn",
            tax_code=tax_code,
        )
        data = {
            "name": name,
            "tax_code": tax_code,
            "social_insurance_unit_code": f"TZ{i:04d}A",
            "address": f"Số {10 + i} đường Lê Lợi, phường Bến Nghé, Quận 1",
            "representative": "Nguyễn Văn An",
            "phone": f"0903{i:06d}",
            "email": f"lienhe{i}@benthanh.vn",
        }
        out.append(Applicant(user.username, token_issue(user=user, name="bench"), data))
    return out


def agencies_pick(limit: int) -> list[tuple[str, int]]:
    """(code, province) of the district committees a submission may go to on the day, as
    `agency_get` resolves their codes; `limit` of them spread over the provinces (0 = all)."""
    from hotro.catalog.models import Agency
    from hotro.catalog.schema import AgencyKind
    from hotro.catalog.selectors import agency_get, kinds_acting_as, policy_get

    if limit == 1:
        agency = agency_get(code=EXAMPLE_AGENCY, on=DAY)
        return [(agency.code, agency.province_code or 79)]
    kinds = kinds_acting_as(AgencyKind(policy_get(code=POLICY).receiving_agency_kind))
    newest: dict[str, Agency] = {}
    for a in Agency.objects.filter(kind__in=kinds, valid_from__lte=DAY).order_by("valid_from"):
        newest[a.code] = a  # a code reused later: the submission gets the newest one
    valid = sorted(
        (a for a in newest.values() if a.valid_on(DAY) and a.province_code),
        key=lambda a: (a.province_code or 0, a.code),
    )
    if limit and limit < len(valid):
        valid = [valid[i * len(valid) // limit] for i in range(limit)]
    return [(a.code, a.province_code or 0) for a in valid]


def worker(rng: random.Random, serial: int, province: int) -> dict[str, Any]:
    """A worker whose 12-digit ID is plausible (Circular 59/2021/TT-BCA: province, century and
    sex, year of birth, then a serial) and unique: `serial` is never given twice."""
    from hotro.dossiers.domain.fields import CCCD_PROVINCES

    sex = rng.randrange(2)
    born = dt.date(rng.randrange(1965, 2003), rng.randrange(1, 13), rng.randrange(1, 29))
    century = 0 if born.year < 2000 else 2
    if province not in CCCD_PROVINCES:
        province = 79
    suspended = dt.date(2021, 5, 1) + dt.timedelta(days=rng.randrange(150))
    row: dict[str, Any] = {
        "full_name": f"{rng.choice(FAMILY)} {rng.choice(MIDDLE[sex])} {rng.choice(GIVEN[sex])}",
        "national_id": f"{province:03d}{century + sex}{born.year % 100:02d}{serial:06d}",
        "date_of_birth": born.isoformat(),
        "social_insurance_no": f"{province % 100:02d}{serial:08d}",
        "suspension_start": suspended.isoformat(),
        "suspension_days": rng.randrange(15, 121),
    }
    if sex == 1 and rng.random() < 0.2:
        row["pregnant"] = True
    if rng.random() < 0.3:
        row["children_under_6"] = rng.randrange(1, 3)
    return row


def jobs_make(
    count: int,
    *,
    first: int,
    applicants: Sequence[Applicant],
    agencies: Sequence[tuple[str, int]],
    per: int,
    rng: random.Random,
) -> list[Job]:
    if (first + count) * per >= 10**6:
        raise SystemExit("at most 999,999 workers: the national IDs' serial has six digits")
    jobs = []
    for index in range(first, first + count):
        client = index % len(applicants)
        code, province = agencies[index % len(agencies)]
        body = {
            "policy_code": POLICY,
            "agency_code": code,
            "applicant": applicants[client].data,
            "beneficiaries": [worker(rng, index * per + i + 1, province) for i in range(per)],
            "documents": [],
        }
        jobs.append(Job(index, client, body, key=f"bench-{index:07d}"))
    return jobs


# The server and the clients


class Http:
    """One client's connection. gunicorn's sync workers close every connection after their
    answer: http.client then opens a new one, counted in `connects`."""

    def __init__(self, port: int) -> None:
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
        self.connects = 0

    def request(
        self, method: str, path: str, body: bytes | None, headers: dict[str, str]
    ) -> tuple[int, bytes]:
        if self.conn.sock is None:
            self.connects += 1
        self.conn.request(method, path, body=body, headers=headers)
        response = self.conn.getresponse()
        return response.status, response.read()

    def close(self) -> None:
        self.conn.close()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Server:
    """`hotro serve` in a subprocess; the run stops it when done with it, and on error."""

    def __init__(self, env: dict[str, str], workers: int, log: Path) -> None:
        self.env, self.workers, self.log_path = env, workers, log
        self.port = _free_port()
        self.proc: subprocess.Popen[bytes] | None = None
        self.log: IO[bytes] | None = None

    def start(self) -> Server:
        self.log = self.log_path.open("ab")
        command = [HOTRO, "serve", "--port", str(self.port), "--workers", str(self.workers)]
        self.proc = subprocess.Popen(
            command, env=self.env, stdout=self.log, stderr=subprocess.STDOUT
        )
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise SystemExit(f"the server stopped:\n{self.tail()}")
            try:
                client = Http(self.port)
                client.request("GET", "/api/v1/public/dossiers/NONE", None, {})
                client.close()
                return self
            except OSError:
                time.sleep(0.3)
        raise SystemExit(f"the server did not answer in 180 s:\n{self.tail()}")

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()  # gunicorn's master stops its workers gracefully
            try:
                self.proc.wait(60)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        if self.log is not None:
            self.log.close()
            self.log = None

    def tail(self) -> str:
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-30:])


def parallel(tasks: Sequence[Callable[[], Any]]) -> tuple[list[Any], float]:
    """Run each task in its own thread, all released at once: their results and the seconds
    from the release to the last one's end."""
    results: list[Any] = [None] * len(tasks)
    errors: list[BaseException] = []
    gate = threading.Barrier(len(tasks) + 1)

    def run(i: int) -> None:
        gate.wait()
        try:
            results[i] = tasks[i]()
        except BaseException as exc:  # reported by the caller's thread
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(tasks))]
    for t in threads:
        t.start()
    gate.wait()
    start = time.perf_counter()
    for t in threads:
        t.join()
    seconds = time.perf_counter() - start
    if errors:
        raise errors[0]
    return results, seconds


@dataclass
class Outcome:
    ms: list[float] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    connects: int = 0
    replayed: int = 0


def _multipart(filename: str, content: bytes) -> tuple[bytes, str]:
    boundary = "hotro-bench-boundary-7d3f"
    head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{filename}"\r\n'
        "Content-Type: application/pdf\r\n\r\n"
    ).encode()
    return head + content + f"\r\n--{boundary}--\r\n".encode(), boundary


def uploads_task(
    port: int, token: str, jobs: Sequence[Job], files: dict[str, bytes]
) -> Callable[[], Outcome]:
    def once() -> Outcome:
        out, client = Outcome(), Http(port)
        for job in jobs:
            for component, filename in COMPONENTS:
                body, boundary = _multipart(filename, files[filename])
                headers = {
                    "Authorization": f"Bearer {token}",
                    "Content-Type": f"multipart/form-data; boundary={boundary}",
                }
                start = time.perf_counter()
                status, data = client.request("POST", "/api/v1/documents", body, headers)
                out.ms.append((time.perf_counter() - start) * 1000)
                if status != 201:
                    out.failures.append(f"upload {job.index}: HTTP {status} {data[:300]!r}")
                    continue
                job.body["documents"].append(
                    {"component": component, "upload_id": json.loads(data)["id"]}
                )
        out.connects = client.connects
        client.close()
        return out

    return once


def submissions_task(port: int, token: str, jobs: Sequence[Job]) -> Callable[[], Outcome]:
    def once() -> Outcome:
        out, client = Outcome(), Http(port)
        for job in jobs:
            body = json.dumps(job.body, ensure_ascii=False).encode()
            headers = {
                "Authorization": f"Bearer {token}",
                "Content-Type": "application/json",
                "Idempotency-Key": job.key,
            }
            start = time.perf_counter()
            try:
                status, data = client.request("POST", "/api/v1/dossiers", body, headers)
            except (OSError, http.client.HTTPException) as exc:
                out.failures.append(f"dossier {job.index}: {exc!r}")
                client.close()
                continue
            out.ms.append((time.perf_counter() - start) * 1000)
            code = json.loads(data).get("code") if status in (200, 201) else None
            if not code:
                out.failures.append(f"dossier {job.index}: HTTP {status} {data[:500]!r}")
                continue
            job.code = code
            out.replayed += status == 200
        out.connects = client.connects
        client.close()
        return out

    return once


def _merge(outcomes: Sequence[Outcome]) -> Outcome:
    total = Outcome()
    for o in outcomes:
        total.ms += o.ms
        total.failures += o.failures
        total.connects += o.connects
        total.replayed += o.replayed
    return total


# The baseline: the same rows, written again with plain statements

Statement = tuple[str, tuple[Any, ...]]


def _quoted(names: Sequence[str]) -> str:
    return ", ".join(f'"{n}"' for n in names)


def _insert_sql(table: str, columns: Sequence[str]) -> str:
    values = ", ".join(["%s"] * len(columns))
    return f"INSERT INTO {COPY}.{table} ({_quoted(columns)}) VALUES ({values})"


def _upsert_sql(table: str, columns: Sequence[str], key: Sequence[str]) -> str:
    """The counters' upsert as `supervision.services` writes it: the counts added to the row
    of the same key, or a new row."""
    counts = [c for c in columns if c not in key and c != "province_code"]
    added = ", ".join(f'"{c}" = {COPY}.{table}."{c}" + excluded."{c}"' for c in counts)
    return f"{_insert_sql(table, columns)} ON CONFLICT ({_quoted(key)}) DO UPDATE SET {added}"


def _sorted_by_key(
    rows: list[tuple[Any, ...]], columns: Sequence[str], key: Sequence[str]
) -> list[tuple[Any, ...]]:
    # In the service's order, so that two transactions lock shared rows in the same order.
    at = [list(columns).index(k) for k in key]
    return sorted(rows, key=lambda r: tuple(str(r[i]) for i in at))


def counter_statements(dossier: dict[str, Any], province: int | None) -> list[Statement]:
    """The code counter and statistics upserts of one submission, from the same rules as
    `counters_apply` (a submission: no bucket before)."""
    from hotro.core import clock
    from hotro.dossiers.domain.status import Status
    from hotro.supervision import rules
    from hotro.supervision.models import BUCKET_COLUMNS
    from hotro.supervision.services import figures_of, moves_total, reasons_of

    counter = f"{COPY}.dossiers_codecounter"
    out: list[Statement] = [
        (
            f"INSERT INTO {counter} (agency_id, day, last) VALUES (%s, %s, 1) "
            f"ON CONFLICT (agency_id, day) DO UPDATE SET last = {counter}.last + 1",
            (dossier["agency_id"], dossier["received_on"]),
        )
    ]
    day = max(dossier["submitted_at"].astimezone(clock.VIETNAM).date(), dossier["received_on"])
    moves, _ = rules.transition_moves(
        None,
        status=Status(dossier["status"]),
        due_before=dossier["due_date"],
        due_after=dossier["due_date"],
        day=day,
    )
    counts = moves_total(
        moves, agency_id=dossier["agency_id"], policy_id=dossier["policy_id"], province=province
    )
    tables: list[tuple[str, list[str], list[str], list[tuple[Any, ...]]]] = [
        (
            "supervision_statcount",
            ["day", "agency_id", "policy_id", "province_code", "bucket", "reason_code", "n"],
            ["day", "agency_id", "policy_id", "bucket", "reason_code"],
            [(*k, n) for k, n in counts.items() if n],
        ),
        (
            "supervision_statfigure",
            ["level", "unit", "province_code", "policy_id", *BUCKET_COLUMNS],
            ["level", "unit", "policy_id"],
            [(*k, *(by.get(c, 0) for c in BUCKET_COLUMNS)) for k, by in figures_of(counts).items()],
        ),
        (
            "supervision_statreason",
            ["level", "unit", "policy_id", "bucket", "reason_code", "n"],
            ["level", "unit", "policy_id", "bucket", "reason_code"],
            [(*k, n) for k, n in reasons_of(counts).items()],
        ),
    ]
    for table, columns, key, rows in tables:
        sql = _upsert_sql(table, columns, key)
        out += [(sql, tuple(r)) for r in _sorted_by_key(rows, columns, key)]
    return out


def read_back(url: str, ids: list[int]) -> list[list[Statement]]:
    """Per dossier, the statements that write its rows again: its own rows as they stand now,
    then the counters' upserts."""
    by_dossier: dict[int, dict[str, list[Statement]]] = defaultdict(lambda: defaultdict(list))
    dossiers: dict[int, dict[str, Any]] = {}
    with psycopg.connect(url) as conn:
        agency_rows = conn.execute("SELECT id, province_code FROM catalog_agency").fetchall()
        provinces: dict[int, int | None] = {int(a): p for a, p in agency_rows}
        for table in INSERTED:
            link = "id" if table == "dossiers_dossier" else "dossier_id"
            cur = conn.execute(
                f"SELECT * FROM public.{table} WHERE {link} = ANY(%s) ORDER BY 1", [ids]
            )
            assert cur.description is not None
            names = [d.name for d in cur.description]
            json_at = [i for i, d in enumerate(cur.description) if d.type_code in JSON_TYPES]
            sql = _insert_sql(table, names)
            for row in cur.fetchall():
                values = list(row)
                for i in json_at:
                    if values[i] is not None:
                        values[i] = Jsonb(values[i])
                owner = row[names.index(link)]
                by_dossier[owner][table].append((sql, tuple(values)))
                if table == "dossiers_dossier":
                    dossiers[owner] = dict(zip(names, row, strict=True))
    units = []
    for dossier_id in sorted(ids):
        rows = by_dossier[dossier_id]
        d = dossiers[dossier_id]
        counters = counter_statements(d, provinces.get(d["agency_id"]))
        # The service's order: the key, the serial, the dossier and its rows, the counters.
        units.append(
            rows["dossiers_idempotencyrecord"]
            + counters[:1]
            + [s for t in INSERTED[1:] for s in rows[t]]
            + counters[1:]
        )
    return units


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
                    f"ALTER TABLE {COPY}.{t} ADD FOREIGN KEY ({_quoted(columns)}) "
                    f"REFERENCES {schema}.{target} ({_quoted(target_columns)}){when}"
                )


def raw_task(url: str, units: Sequence[list[Statement]]) -> Callable[[], Outcome]:
    conn = psycopg.connect(url, autocommit=True)  # connected before the clock starts

    def once() -> Outcome:
        out = Outcome()
        with conn:
            for unit in units:
                start = time.perf_counter()
                with conn.transaction(), conn.cursor() as cur:
                    for sql, params in unit:
                        cur.execute(sql, params)
                out.ms.append((time.perf_counter() - start) * 1000)
        return out

    return once


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
                names = _quoted([d.name for d in cur.description if d.name != "id"])
                ours, theirs = f"SELECT {names} FROM public.{t}", f"SELECT {names} FROM {COPY}.{t}"
            row = conn.execute(
                f"SELECT (SELECT count(*) FROM ({ours} EXCEPT ALL {theirs}) a) "
                f"+ (SELECT count(*) FROM ({theirs} EXCEPT ALL {ours}) b)",
                {"ids": ids},
            ).fetchone()
            out[t] = int(row[0]) if row else -1
    return out


# The profile of the server side, in this process


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


# The run


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
        uploads = _merge(outcomes)
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
        if failures := _merge(outcomes).failures:
            raise SystemExit("warm-up submissions failed:\n" + "\n".join(failures[:5]))
        # The server's backends report what they wrote within 10 s of going idle.
        time.sleep(11)
        before = snapshot(cfg.url)
        max_id = _max_dossier_id(cfg.url)
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
        submitted = _merge(outcomes)
        server.stop()
        if submitted.failures:
            raise SystemExit(
                f"{len(submitted.failures)} of {cfg.count} submissions failed:\n"
                + "\n".join(submitted.failures[:5])
            )
        _others_gone(cfg.url)
        touched = written(before, snapshot(cfg.url))

        ids = _dossier_ids(cfg.url, max_id)
        if len(ids) != cfg.count or len({j.code for j in jobs}) != cfg.count:
            raise SystemExit(f"{len(ids)} dossiers in the database for {cfg.count} submissions")
        copied = [t for t in candidates if t in touched]
        left_out = {t: d for t, d in touched.items() if t not in copied}
        units = read_back(cfg.url, ids)
        say(f"baseline: the same rows with psycopg, {cfg.clients} connections")
        outcomes, raw_s = parallel(
            [raw_task(cfg.url, units[c :: cfg.clients]) for c in range(cfg.clients)]
        )
        raw = _merge(outcomes)
        differences = copies_compare(cfg.url, ids, candidates)
        if any(differences.values()):
            raise SystemExit(f"the copies differ from the originals: {differences}")

        result = _result(cfg, agencies, uploads, upload_s, submitted, submit_s, raw, raw_s)
        result["tables_written_by_submissions"] = touched
        result["baseline_tables"] = copied
        result["left_out_of_baseline"] = left_out
        result["statements_per_dossier_raw"] = round(sum(len(u) for u in units) / len(units), 1)
        result.update(_database_facts(cfg.url))

        if cfg.profile:
            say(f"in-process: {cfg.profile} submissions timed, {cfg.profile} profiled")
            result["profile"] = profile(cfg.profile, applicants[0], extra, files)
            connections.close_all()
        write("submit", result, _table(cfg, result))
        if "profile" in result:
            _print_profile(result["profile"])
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


def _max_dossier_id(url: str) -> int:
    with psycopg.connect(url) as conn:
        row = conn.execute("SELECT coalesce(max(id), 0) FROM dossiers_dossier").fetchone()
        return int(row[0]) if row else 0


def _dossier_ids(url: str, after: int) -> list[int]:
    with psycopg.connect(url) as conn:
        rows = conn.execute(
            "SELECT id FROM dossiers_dossier WHERE id > %s ORDER BY id", [after]
        ).fetchall()
    return [int(r[0]) for r in rows]


def _database_facts(url: str) -> dict[str, Any]:
    with psycopg.connect(url) as conn:
        row = conn.execute(
            "SELECT current_setting('server_version'), pg_database_size(current_database())"
        ).fetchone()
    assert row is not None
    return {"postgresql": row[0], "database_mib": round(row[1] / 2**20, 1)}


def _result(
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


def _table(cfg: Config, r: dict[str, Any]) -> list[tuple[str, ...]]:
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


def _print_profile(p: dict[str, Any]) -> None:
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


if __name__ == "__main__":
    run()

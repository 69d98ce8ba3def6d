"""The benchmark's settings (from the environment) and the constants every phase shares."""

from __future__ import annotations

import datetime as dt
import os
import sys
from dataclasses import dataclass
from pathlib import Path

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/hotro_bench_submit"
CLOCK = "2021-10-13T08:00"
DAY = dt.date(2021, 10, 13)
HOTRO = str(Path(sys.executable).with_name("hotro"))
EXAMPLES = Path(__file__).resolve().parents[2] / "docs" / "examples"
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

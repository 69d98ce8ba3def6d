"""Synthetic dossiers for demos and benchmarks: realistic names, IDs, tax codes, amounts and
histories, written with bulk inserts. Serials continue the agencies' code counters, so real
submissions made afterwards never collide with generated codes.

- `context`: what a run reads once from the catalog and carries from batch to batch;
- `facts`: the applicants' and beneficiaries' data;
- `histories`: the final statuses and the chained events that reach them;
- `batch`: one batch's rows and counters, written in bulk."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence

from django.db import transaction

from hotro.dossiers.generator.batch import batch_write
from hotro.dossiers.generator.context import GenerateReport, context_build
from hotro.dossiers.generator.facts import national_id, person_name, tax_code
from hotro.dossiers.generator.histories import STATUS_MIX

__all__ = ["STATUS_MIX", "GenerateReport", "generate", "national_id", "person_name", "tax_code"]


def generate(
    *,
    count: int,
    seed: int = 2021,
    provinces: Sequence[int] | None = None,
    start: dt.date = dt.date(2021, 8, 9),
    end: dt.date = dt.date(2021, 10, 13),
    batch: int = 5_000,
    beneficiaries_max: int = 6,
) -> GenerateReport:
    ctx = context_build(
        seed=seed,
        provinces=provinces,
        start=start,
        end=end,
        beneficiaries_max=beneficiaries_max,
    )
    for chunk in _chunks(count, batch):
        with transaction.atomic():
            batch_write(ctx, chunk)
    return ctx.report


def _chunks(total: int, size: int) -> Iterator[int]:
    while total > 0:
        yield min(size, total)
        total -= size

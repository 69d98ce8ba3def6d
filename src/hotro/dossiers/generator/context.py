"""What a run of the generator reads once and carries from batch to batch: the policies'
shapes, the agencies and reasons to draw from, the working days, the serials given so far,
the step agencies resolved so far, and the report."""

from __future__ import annotations

import datetime as dt
import itertools
import random
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from hotro.catalog.models import Agency, Policy, Reason
from hotro.catalog.schema import AgencyKind, AmountRule, FormField
from hotro.catalog.selectors import (
    StepAgencies,
    agency_for_step,
    kinds_acting_as,
    step_agencies,
)
from hotro.dossiers.calendar import working_calendar


@dataclass
class GenerateReport:
    dossiers: int = 0
    beneficiaries: int = 0
    events: int = 0
    by_status: dict[str, int] = field(default_factory=lambda: defaultdict(int))


@dataclass
class PolicyShape:
    """What the generator needs of a policy, parsed once instead of per dossier."""

    policy: Policy
    applicant_fields: list[FormField]
    beneficiary_fields: list[FormField]
    rule: AmountRule
    steps: list[str]
    step_kinds: list[AgencyKind]
    step_days: list[int]  # working days from receipt to the end of each step
    total_days: int


@dataclass
class Context:
    rng: random.Random
    calendar: Any
    shapes: list[PolicyShape]
    weights: list[int]
    agencies: dict[int, list[Agency]]
    reasons: dict[str, list[Reason]]
    days: list[dt.date]
    beneficiaries_max: int
    report: GenerateReport
    serials: dict[tuple[int, dt.date], int] = field(default_factory=dict)
    resolved: dict[tuple[AgencyKind, int], int | None] = field(default_factory=dict)
    candidates: dict[tuple[AgencyKind, int | None], StepAgencies | None] = field(
        default_factory=dict
    )
    fetched: set[int] = field(default_factory=set)


def context_build(
    *,
    seed: int,
    provinces: Sequence[int] | None,
    start: dt.date,
    end: dt.date,
    beneficiaries_max: int,
) -> Context:
    """The catalog read once for a run: the active policies of Decision 23/2021 that have a
    receiving agency (in `provinces`, if given), and the working days from `start` to `end`."""
    calendar = working_calendar()
    policies = list(
        Policy.objects.filter(active=True, decision="QD23_2021").prefetch_related("steps")
    )
    agencies: dict[int, list[Agency]] = {}
    for p in policies:
        kinds = kinds_acting_as(AgencyKind(p.receiving_agency_kind))
        qs = Agency.objects.filter(kind__in=kinds)
        if provinces:
            qs = qs.filter(province_code__in=provinces)
        agencies[p.id] = list(qs)
    policies = [p for p in policies if agencies[p.id]]
    reasons: dict[str, list[Reason]] = defaultdict(list)
    for r in Reason.objects.filter(active=True):
        reasons[r.kind].append(r)
    return Context(
        rng=random.Random(seed),
        calendar=calendar,
        shapes=[
            PolicyShape(
                policy=p,
                applicant_fields=p.form_applicant_fields(),
                beneficiary_fields=p.form_beneficiary_fields(),
                rule=p.rule(),
                steps=[s.key for s in p.steps.all()],
                step_kinds=[AgencyKind(s.agency_kind) for s in p.steps.all()],
                step_days=list(itertools.accumulate(s.working_days for s in p.steps.all())),
                total_days=sum(s.working_days for s in p.steps.all()),
            )
            for p in policies
        ],
        weights=[
            8 if p.code.endswith("HDLD") else 2 if p.has_beneficiaries else 3 for p in policies
        ],
        agencies=agencies,
        reasons=reasons,
        days=[
            start + dt.timedelta(days=i)
            for i in range((end - start).days + 1)
            if calendar.is_working(start + dt.timedelta(days=i))
        ],
        beneficiaries_max=beneficiaries_max,
        report=GenerateReport(),
    )


def step_agency_id(ctx: Context, shape: PolicyShape, index: int, receiving: Agency) -> int | None:
    kind = shape.step_kinds[index]
    key = (kind, receiving.id)
    if key not in ctx.resolved:
        ctx.resolved[key] = _resolve_step_agency(ctx, kind, receiving)
    return ctx.resolved[key]


def _resolve_step_agency(ctx: Context, kind: AgencyKind, receiving: Agency) -> int | None:
    pool = (kind, receiving.province_code)
    if pool not in ctx.candidates:  # read once per kind and province
        ctx.candidates[pool] = (
            step_agencies(kind, receiving.province_code)
            if receiving.province_code is not None
            else None
        )
    index_ = ctx.candidates[pool]
    found = index_.serving(receiving) if index_ is not None else None
    if found is None:
        found = agency_for_step(kind=kind, near=receiving)
    return found.id if found else None

"""Synthetic dossiers for demos and benchmarks: realistic names, IDs, tax codes, amounts and
histories, written with bulk inserts. Serials continue the agencies' code counters, so real
submissions made afterwards never collide with generated codes."""

from __future__ import annotations

import datetime as dt
import itertools
import random
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from stdnum.vn import mst

from hotro.catalog.models import Agency, Policy, Reason
from hotro.catalog.schema import AgencyKind, AmountRule, FieldKind, FormField
from hotro.catalog.selectors import (
    StepAgencies,
    agency_for_step,
    kinds_acting_as,
    step_agencies,
)
from hotro.core import bulk, clock
from hotro.dossiers import codes, history
from hotro.dossiers.calendar import working_calendar
from hotro.dossiers.domain import amounts
from hotro.dossiers.domain.fields import CCCD_PROVINCES, Invalid
from hotro.dossiers.domain.status import Status
from hotro.dossiers.models import (
    ApplicantProof,
    Beneficiary,
    BeneficiaryStatus,
    Channel,
    CodeCounter,
    Dossier,
    DossierHandler,
    Event,
)
from hotro.supervision.reconcile import dossier_moves
from hotro.supervision.services import Key, counters_add, moves_total

FAMILY = [
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Hoàng",
    "Huỳnh",
    "Phan",
    "Vũ",
    "Võ",
    "Đặng",
    "Bùi",
    "Đỗ",
    "Hồ",
    "Ngô",
    "Dương",
    "Lý",
]
MIDDLE_M = ["Văn", "Hữu", "Minh", "Đức", "Quốc", "Thanh", "Công", "Xuân"]
MIDDLE_F = ["Thị", "Ngọc", "Thu", "Thanh", "Kim", "Mỹ", "Thùy", "Hồng"]
GIVEN_M = [
    "An",
    "Bình",
    "Cường",
    "Dũng",
    "Hải",
    "Hùng",
    "Khánh",
    "Long",
    "Minh",
    "Nam",
    "Phong",
    "Phúc",
    "Quân",
    "Sơn",
    "Tuấn",
    "Việt",
]
GIVEN_F = [
    "Anh",
    "Châu",
    "Giang",
    "Hà",
    "Hạnh",
    "Hòa",
    "Hương",
    "Lan",
    "Linh",
    "Mai",
    "Ngân",
    "Nhung",
    "Phương",
    "Thảo",
    "Trang",
    "Yến",
]
TRADES = [
    "May mặc",
    "Da giày",
    "Điện tử",
    "Chế biến thủy sản",
    "Du lịch",
    "Vận tải",
    "Nhà hàng",
    "Xây dựng",
    "Thương mại",
    "Cơ khí",
    "Gỗ nội thất",
    "Dệt may",
]
BRANDS = [
    "An Phát",
    "Hưng Thịnh",
    "Sao Mai",
    "Phương Nam",
    "Bình Minh",
    "Thành Công",
    "Việt Tiến",
    "Hòa Bình",
]
FORMS = ["Công ty TNHH", "Công ty Cổ phần", "Doanh nghiệp tư nhân", "Hợp tác xã"]
STREETS = [
    "Lê Lợi",
    "Nguyễn Huệ",
    "Trần Hưng Đạo",
    "Hai Bà Trưng",
    "Lý Thường Kiệt",
    "Điện Biên Phủ",
]

# Share of each final status in generated data (the demo's mix; the seed's own figures are
# reproduced by the supervision work).
LATE_DECISIONS = 0.15  # share of the decisions (approve, reject) made after the due date
STATUS_MIX: dict[Status, float] = {
    Status.SUBMITTED: 0.10,
    Status.IN_PROCESSING: 0.30,
    Status.AWAITING_SUPPLEMENT: 0.07,
    Status.REFUSED: 0.12,
    Status.REJECTED: 0.15,
    Status.APPROVED: 0.05,
    Status.PAID: 0.05,
    Status.DONE: 0.13,
    Status.WITHDRAWN: 0.03,
}


@dataclass
class GenerateReport:
    dossiers: int = 0
    beneficiaries: int = 0
    events: int = 0
    by_status: dict[str, int] = field(default_factory=lambda: defaultdict(int))


@dataclass
class _PolicyShape:
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
class _Context:
    rng: random.Random
    calendar: Any
    shapes: list[_PolicyShape]
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


def person_name(rng: random.Random) -> str:
    if rng.random() < 0.5:
        return f"{rng.choice(FAMILY)} {rng.choice(MIDDLE_M)} {rng.choice(GIVEN_M)}"
    return f"{rng.choice(FAMILY)} {rng.choice(MIDDLE_F)} {rng.choice(GIVEN_F)}"


def national_id(rng: random.Random, province: int | None = None) -> str:
    prov = province if province in CCCD_PROVINCES else rng.choice(sorted(CCCD_PROVINCES))
    born = rng.randint(1965, 2002)
    century_sex = (0 if born < 2000 else 2) + rng.randint(0, 1)
    return f"{prov:03d}{century_sex}{born % 100:02d}{rng.randint(0, 999_999):06d}"


def tax_code(rng: random.Random) -> str:
    while True:
        body = f"{rng.randint(1, 99):02d}{rng.randint(1, 9_999_999):07d}"
        check = mst.calc_check_digit(body)
        if len(check) == 1:
            return body + check


def _value(f: FormField, rng: random.Random, policy: Policy, province: int | None) -> Any:
    if f.kind == FieldKind.NATIONAL_ID:
        return national_id(rng, province)
    if f.kind == FieldKind.TAX_CODE:
        return tax_code(rng)
    if f.kind == FieldKind.SOCIAL_INSURANCE_NO:
        return f"{rng.randint(0, 9_999_999_999):010d}"
    if f.kind == FieldKind.PHONE:
        return f"09{rng.randint(0, 99_999_999):08d}"
    if f.kind == FieldKind.EMAIL:
        return f"lienhe{rng.randint(1, 99999)}@example.vn"
    if f.kind == FieldKind.DATE:
        if f.within_period:
            span = (policy.period_end - policy.period_start).days
            return (
                policy.period_start + dt.timedelta(days=rng.randint(0, max(span - 60, 0)))
            ).isoformat()
        return dt.date(rng.randint(1965, 2002), rng.randint(1, 12), rng.randint(1, 28)).isoformat()
    if f.kind in (FieldKind.INTEGER, FieldKind.MONEY):
        low = f.min if f.min is not None else 0
        high = f.max if f.max is not None else max(low, 60)
        if f.key.startswith("children"):
            return rng.choice([0, 0, 0, 1, 1, 2])
        return rng.randint(low, max(low, min(high, low + 60)))
    if f.kind == FieldKind.BOOLEAN:
        return rng.random() < 0.05
    if f.kind == FieldKind.CHOICE:
        return rng.choice(f.choices)
    if f.key in ("full_name", "representative"):
        return person_name(rng)
    if f.key == "name":
        return f"{rng.choice(FORMS)} {rng.choice(TRADES)} {rng.choice(BRANDS)}"
    if "address" in f.key:
        return f"Số {rng.randint(1, 300)} đường {rng.choice(STREETS)}"
    return f"{f.label} {rng.randint(1, 999)}"


def _path(status: Status, steps: int, rng: random.Random) -> list[tuple[str, Status]]:
    """The actions that bring a dossier to `status`, through the policy's steps."""
    received = [("submit", Status.SUBMITTED), ("receive", Status.IN_PROCESSING)]
    forwards = [("forward", Status.IN_PROCESSING)] * max(steps - 1, 0)
    if status == Status.SUBMITTED:
        return received[:1]
    if status == Status.REFUSED:
        return [*received[:1], ("refuse", Status.REFUSED)]
    if status == Status.WITHDRAWN:
        return [*received, ("withdraw", Status.WITHDRAWN)]
    if status == Status.IN_PROCESSING:
        return received + forwards[: rng.randint(0, len(forwards))]
    if status == Status.AWAITING_SUPPLEMENT:
        return [*received, ("request_supplement", Status.AWAITING_SUPPLEMENT)]
    if status == Status.REJECTED:
        return received + forwards[: rng.randint(0, len(forwards))] + [("reject", Status.REJECTED)]
    done = [*received, *forwards, ("approve", Status.APPROVED)]
    if status in (Status.PAID, Status.DONE):
        done.append(("pay", Status.PAID))
    if status == Status.DONE:
        done.append(("return_result", Status.DONE))
    return done


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
    ctx = _Context(
        rng=random.Random(seed),
        calendar=calendar,
        shapes=[
            _PolicyShape(
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
    for chunk in _chunks(count, batch):
        with transaction.atomic():
            _generate_batch(ctx, chunk)
    return ctx.report


def _chunks(total: int, size: int) -> Iterator[int]:
    while total > 0:
        yield min(size, total)
        total -= size


def _generate_batch(ctx: _Context, n: int) -> None:
    rng, calendar, report = ctx.rng, ctx.calendar, ctx.report
    drawn = []
    for _ in range(n):
        shape = rng.choices(ctx.shapes, ctx.weights)[0]
        drawn.append((shape, rng.choice(ctx.agencies[shape.policy.id]), rng.choice(ctx.days)))
    # Counters already in the database for agencies not met before, in one query a batch.
    fresh = {a.id for _, a, _ in drawn} - ctx.fetched
    counters = CodeCounter.objects.filter(agency_id__in=fresh)
    for agency_id, day, last in counters.values_list("agency_id", "day", "last"):
        ctx.serials.setdefault((agency_id, day), last)
    ctx.fetched |= fresh
    plans = []
    statuses, status_weights = list(STATUS_MIX), list(STATUS_MIX.values())
    for shape, agency, day in drawn:
        key = (agency.id, day)
        ctx.serials[key] = ctx.serials.get(key, 0) + 1
        status = rng.choices(statuses, status_weights)[0]
        plans.append((shape, agency, day, ctx.serials[key], status))

    ids = bulk.reserve_ids(Dossier, len(plans))
    dossier_rows: list[tuple[Any, ...]] = []
    beneficiary_rows: list[tuple[Any, ...]] = []
    event_rows: list[tuple[Any, ...]] = []
    handler_rows: list[tuple[int, int]] = []
    # The statistics counters of the batch, replayed from the generated histories with the
    # rules the live updates use: one upsert per counter row, not per dossier.
    counts: dict[Key, int] = defaultdict(int)
    horizon = clock.today()
    for dossier_id, (shape, agency, day, serial, status) in zip(ids, plans, strict=True):
        policy, steps = shape.policy, shape.steps
        applicant = {
            f.key: _value(f, rng, policy, agency.province_code)
            for f in shape.applicant_fields
            if f.required or rng.random() < 0.5
        }
        rows = _beneficiaries(ctx, shape, agency.province_code)
        rule = shape.rule
        row_amounts = [
            _amount(rule, row) if rule.applies_to == "beneficiary" else None for row in rows
        ]
        applicant_amount = _amount(rule, applicant) if rule.applies_to == "applicant" else None
        total = [a for a in [*row_amounts, applicant_amount] if a is not None]
        path = _path(status, len(steps), rng)
        submitted_at = dt.datetime.combine(
            day, dt.time(rng.randint(7, 16), rng.randint(0, 59)), clock.VIETNAM
        )
        forwards = sum(1 for action, _ in path if action == "forward")
        finished = status in (Status.REFUSED, Status.REJECTED, Status.DONE, Status.WITHDRAWN)
        code = codes.format_code(policy.code_prefix, agency.code, day, serial)
        step_index = min(forwards, len(steps) - 1) if steps else 0
        received = status not in (Status.SUBMITTED, Status.REFUSED) and steps
        due = calendar.add_working_days(day, shape.total_days)
        step_agency = _step_agency(ctx, shape, step_index, agency) if received else None
        if received:
            held = {_step_agency(ctx, shape, i, agency) for i in range(step_index + 1)}
            handler_rows += [
                (dossier_id, a) for a in sorted(h for h in held if h) if a != agency.id
            ]
        channel = Channel.ONLINE.value if rng.random() < 0.9 else Channel.IN_PERSON.value
        dossier_rows.append(
            (
                dossier_id,
                code,
                policy.id,
                agency.id,
                serial,
                applicant,
                str(applicant.get("name") or applicant.get("full_name") or ""),
                str(applicant.get("tax_code") or applicant.get("national_id") or ""),
                status.value,
                steps[min(forwards, len(steps) - 1)] if steps else "",
                channel,
                submitted_at,
                day,
                due,
                None,  # finished_at: the time of the last event, set below
                len(rows),
                sum(total) if total else None,
                1,
                step_index,
                step_agency,
                calendar.add_working_days(day, shape.step_days[step_index]) if received else None,
                1 if status == Status.AWAITING_SUPPLEMENT else 0,
                day if status == Status.AWAITING_SUPPLEMENT else None,
                0,
            )
        )
        # Some decisions come after the due date, as in the seeds' reports: the decision is
        # dated a few days past it (never past now).
        late = due if rng.random() < LATE_DECISIONS else None
        events = _events(ctx, dossier_id, code, agency.id, path, submitted_at, late_after=late)
        moves, bucket = dossier_moves(
            events=[(e[2], e[6], e[8], e[9], e[11]) for e in events],
            received_on=day,
            due_date=due,
            horizon=horizon,
        )
        moves_total(
            moves,
            agency_id=agency.id,
            policy_id=policy.id,
            province=agency.province_code,
            into=counts,
        )
        if finished:
            done = dossier_rows[-1]
            dossier_rows[-1] = (*done[:14], events[-1][2], *done[15:])
        dossier_rows[-1] = (
            *dossier_rows[-1],
            len(events),
            events[-1][-1],
            bucket.value if bucket else "",
            _proof(channel, serial),
        )
        b_status = _BENEFICIARY_STATUS.get(status, BeneficiaryStatus.PROPOSED).value
        for i, (row, amount) in enumerate(zip(rows, row_amounts, strict=True), start=1):
            beneficiary_rows.append(
                (
                    dossier_id,
                    policy.id,
                    i,
                    row["national_id"],
                    row["full_name"],
                    row.get("date_of_birth"),
                    row.get("social_insurance_no", ""),
                    amount,
                    b_status,
                    {k: v for k, v in row.items() if k not in _BENEFICIARY_COLUMNS},
                )
            )
        event_rows += events
        report.by_status[status.value] += 1
    bulk.insert_rows(Dossier, _DOSSIER_FIELDS, dossier_rows)
    bulk.insert_rows(Beneficiary, _BENEFICIARY_FIELDS, beneficiary_rows)
    bulk.insert_rows(Event, _EVENT_FIELDS, event_rows)
    bulk.insert_rows(DossierHandler, ["dossier", "agency"], handler_rows)
    counters_add(counts)
    codes.counters_raise(
        {(agency.id, day): ctx.serials[(agency.id, day)] for _, agency, day, _, _ in plans}
    )
    report.dossiers += len(dossier_rows)
    report.beneficiaries += len(beneficiary_rows)
    report.events += len(event_rows)


_DOSSIER_FIELDS = [
    "id",
    "code",
    "policy",
    "agency",
    "serial",
    "applicant_data",
    "applicant_name",
    "applicant_id_number",
    "status",
    "current_step",
    "channel",
    "submitted_at",
    "received_on",
    "due_date",
    "finished_at",
    "beneficiary_count",
    "total_amount",
    "version",
    "step_index",
    "step_agency",
    "step_due_date",
    "supplement_requests",
    "paused_on",
    "apologies",
    "history_seq",
    "history_head",
    "stat_bucket",
    "applicant_verified_by",
]
_BENEFICIARY_FIELDS = [
    "dossier",
    "policy",
    "position",
    "national_id",
    "full_name",
    "date_of_birth",
    "social_insurance_no",
    "amount",
    "status",
    "data",
]
_EVENT_FIELDS = [
    "dossier",
    "seq",
    "at",
    "actor",
    "actor_label",
    "agency",
    "action",
    "from_status",
    "to_status",
    "reason_code",
    "reason_text",
    "payload",
    "prev_hash",
    "hash",
]
_BENEFICIARY_COLUMNS = {"national_id", "full_name", "date_of_birth", "social_insurance_no"}
_BENEFICIARY_STATUS = {
    Status.APPROVED: BeneficiaryStatus.APPROVED,
    Status.PAID: BeneficiaryStatus.PAID,
    Status.DONE: BeneficiaryStatus.PAID,
    Status.REJECTED: BeneficiaryStatus.REJECTED,
}
_REASON_KIND = {
    "refuse": "refuse",
    "reject": "reject",
    "request_supplement": "supplement",
    "withdraw": "withdraw",
}


def _proof(channel: str, serial: int) -> str:
    """How the filer was proven (dossiers.intake): at the desk in person; online, by an
    account bound to the applicant's tax code or ID, except one in eight, which officers see
    flagged. Derived from the serial, so the random draws (and the seeds' output) stay."""
    if channel == Channel.IN_PERSON:
        return ApplicantProof.DESK
    return "" if serial % 8 == 0 else ApplicantProof.CERTIFICATE


def _step_agency(ctx: _Context, shape: _PolicyShape, index: int, receiving: Agency) -> int | None:
    kind = shape.step_kinds[index]
    key = (kind, receiving.id)
    if key not in ctx.resolved:
        ctx.resolved[key] = _resolve_step_agency(ctx, kind, receiving)
    return ctx.resolved[key]


def _resolve_step_agency(ctx: _Context, kind: AgencyKind, receiving: Agency) -> int | None:
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


def _beneficiaries(
    ctx: _Context, shape: _PolicyShape, province: int | None
) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    if not shape.policy.has_beneficiaries:
        return rows
    seen: set[str] = set()
    for _ in range(ctx.rng.randint(1, ctx.beneficiaries_max)):
        row = {
            f.key: _value(f, ctx.rng, shape.policy, province)
            for f in shape.beneficiary_fields
            if f.required or ctx.rng.random() < 0.5
        }
        if row["national_id"] not in seen:
            seen.add(row["national_id"])
            rows.append(row)
    return rows


def _amount(rule: AmountRule, facts: dict[str, Any]) -> int | None:
    try:
        return amounts.entitlement(rule, facts)
    except Invalid:  # a generated fact outside every tier: no amount
        return None


def _events(
    ctx: _Context,
    dossier_id: int,
    code: str,
    agency_id: int,
    path: list[tuple[str, Status]],
    at: dt.datetime,
    *,
    late_after: dt.date | None = None,
) -> list[tuple[Any, ...]]:
    rows: list[tuple[Any, ...]] = []
    prev, from_status = history.GENESIS, ""
    now = clock.now()
    for seq, (action, to_status) in enumerate(path, start=1):
        if late_after is not None and action in ("approve", "reject"):
            past_due = late_after + dt.timedelta(days=ctx.rng.randint(1, 8))
            at = max(at, min(dt.datetime.combine(past_due, dt.time(9), clock.VIETNAM), now))
        kind = _REASON_KIND.get(action)
        reason = ctx.rng.choice(ctx.reasons[kind]) if kind and ctx.reasons[kind] else None
        fields: dict[str, Any] = {
            "seq": seq,
            "at": at,
            "actor_id": None,
            "actor_label": "generator",
            "agency_id": agency_id,
            "action": action,
            "from_status": from_status,
            "to_status": to_status.value,
            "reason_code": reason.code if reason else "",
            "reason_text": reason.text if reason else "",
            "payload": {},
            "prev_hash": prev,
        }
        digest = history.chain_hash(dossier_code=code, **fields)
        rows.append((dossier_id, *fields.values(), digest))
        prev, from_status = digest, to_status.value
        # Never past "now": a history from the future would count in no statistics yet.
        at = max(at, min(at + dt.timedelta(hours=ctx.rng.randint(2, 40)), now))
    return rows

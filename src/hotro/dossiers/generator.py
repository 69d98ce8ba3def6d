"""Synthetic dossiers for demos and benchmarks: realistic names, IDs, tax codes, amounts and
histories, written with bulk inserts. Serials continue the agencies' code counters, so real
submissions made afterwards never collide with generated codes."""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from stdnum.vn import mst

from hotro.catalog.models import Agency, Policy, Reason
from hotro.catalog.schema import AgencyKind, FieldKind, FormField
from hotro.catalog.selectors import kinds_acting_as
from hotro.core import clock
from hotro.dossiers import codes, history
from hotro.dossiers.calendar import working_calendar
from hotro.dossiers.domain import amounts
from hotro.dossiers.domain.fields import CCCD_PROVINCES
from hotro.dossiers.domain.status import Status
from hotro.dossiers.models import (
    Beneficiary,
    BeneficiaryStatus,
    Channel,
    CodeCounter,
    Dossier,
    Event,
)

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
    rng = random.Random(seed)
    calendar = working_calendar()
    policies = list(
        Policy.objects.filter(active=True, decision="QD23_2021").prefetch_related("steps")
    )
    weights = [8 if p.code.endswith("HDLD") else 2 if p.has_beneficiaries else 3 for p in policies]
    agencies: dict[int, list[Agency]] = {}
    for p in policies:
        kinds = kinds_acting_as(AgencyKind(p.receiving_agency_kind))
        qs = Agency.objects.filter(kind__in=kinds)
        if provinces:
            qs = qs.filter(province_code__in=provinces)
        agencies[p.id] = list(qs.only("id", "code", "province_code"))
    policies = [p for p in policies if agencies[p.id]]
    reasons: dict[str, list[Reason]] = defaultdict(list)
    for r in Reason.objects.filter(active=True):
        reasons[r.kind].append(r)
    days = [
        start + dt.timedelta(days=i)
        for i in range((end - start).days + 1)
        if calendar.is_working(start + dt.timedelta(days=i))
    ]
    statuses, status_weights = list(STATUS_MIX), list(STATUS_MIX.values())
    report = GenerateReport()
    serials: dict[tuple[int, dt.date], int] = {}
    for chunk in _chunks(count, batch):
        with transaction.atomic():
            _generate_batch(
                chunk,
                rng,
                policies,
                weights,
                agencies,
                reasons,
                days,
                statuses,
                status_weights,
                serials,
                calendar,
                beneficiaries_max,
                report,
            )
    return report


def _chunks(total: int, size: int) -> Iterator[int]:
    while total > 0:
        yield min(size, total)
        total -= size


def _generate_batch(
    n: int,
    rng: random.Random,
    policies: list[Policy],
    weights: list[int],
    agencies: dict[int, list[Agency]],
    reasons: dict[str, list[Reason]],
    days: list[dt.date],
    statuses: list[Status],
    status_weights: list[float],
    serials: dict[tuple[int, dt.date], int],
    calendar: Any,
    beneficiaries_max: int,
    report: GenerateReport,
) -> None:
    plans = []
    for _ in range(n):
        policy = rng.choices(policies, weights)[0]
        agency = rng.choice(agencies[policy.id])
        day = rng.choice(days)
        key = (agency.id, day)
        if key not in serials:
            counter = CodeCounter.objects.filter(agency_id=agency.id, day=day).first()
            serials[key] = counter.last if counter else 0
        serials[key] += 1
        plans.append((policy, agency, day, serials[key], rng.choices(statuses, status_weights)[0]))

    dossiers, extras = [], []
    for policy, agency, day, serial, status in plans:
        steps = list(policy.steps.all())
        applicant = {
            f.key: _value(f, rng, policy, agency.province_code)
            for f in policy.form_applicant_fields()
            if f.required or rng.random() < 0.5
        }
        rows = []
        if policy.has_beneficiaries:
            seen: set[str] = set()
            for _ in range(rng.randint(1, beneficiaries_max)):
                row = {
                    f.key: _value(f, rng, policy, agency.province_code)
                    for f in policy.form_beneficiary_fields()
                    if f.required or rng.random() < 0.5
                }
                if row["national_id"] not in seen:
                    seen.add(row["national_id"])
                    rows.append(row)
        rule = policy.rule()
        row_amounts = []
        for row in rows:
            try:
                row_amounts.append(
                    amounts.entitlement(rule, row) if rule.applies_to == "beneficiary" else None
                )
            except Exception:
                row_amounts.append(None)
        try:
            applicant_amount = (
                amounts.entitlement(rule, applicant) if rule.applies_to == "applicant" else None
            )
        except Exception:
            applicant_amount = None
        total = [a for a in [*row_amounts, applicant_amount] if a is not None]
        path = _path(status, len(steps), rng)
        submitted_at = dt.datetime.combine(
            day, dt.time(rng.randint(7, 16), rng.randint(0, 59)), clock.VIETNAM
        )
        due = calendar.add_working_days(day, sum(s.working_days for s in steps))
        forwards = sum(1 for action, _ in path if action == "forward")
        finished = status in (Status.REFUSED, Status.REJECTED, Status.DONE, Status.WITHDRAWN)
        finish_day = calendar.add_working_days(day, rng.randint(1, max(2, len(path) * 2)))
        dossiers.append(
            Dossier(
                code=codes.format_code(policy.code_prefix, agency.code, day, serial),
                policy=policy,
                agency_id=agency.id,
                serial=serial,
                applicant_data=applicant,
                applicant_name=str(applicant.get("name") or applicant.get("full_name") or ""),
                applicant_id_number=str(
                    applicant.get("tax_code") or applicant.get("national_id") or ""
                ),
                status=status,
                current_step=steps[min(forwards, len(steps) - 1)].key if steps else "",
                channel=Channel.ONLINE if rng.random() < 0.9 else Channel.IN_PERSON,
                submitted_at=submitted_at,
                received_on=day,
                due_date=due,
                finished_at=dt.datetime.combine(finish_day, dt.time(15, 0), clock.VIETNAM)
                if finished
                else None,
                beneficiary_count=len(rows),
                total_amount=sum(total) if total else None,
            )
        )
        extras.append((rows, row_amounts, path, submitted_at, status))
    Dossier.objects.bulk_create(dossiers)

    beneficiaries, events = [], []
    for dossier, (rows, row_amounts, path, submitted_at, status) in zip(
        dossiers, extras, strict=True
    ):
        b_status = {
            Status.APPROVED: BeneficiaryStatus.APPROVED,
            Status.PAID: BeneficiaryStatus.PAID,
            Status.DONE: BeneficiaryStatus.PAID,
            Status.REJECTED: BeneficiaryStatus.REJECTED,
        }.get(status, BeneficiaryStatus.PROPOSED)
        for i, (row, amount) in enumerate(zip(rows, row_amounts, strict=True), start=1):
            beneficiaries.append(
                Beneficiary(
                    dossier=dossier,
                    policy_id=dossier.policy_id,
                    position=i,
                    national_id=row["national_id"],
                    full_name=row["full_name"],
                    date_of_birth=row.get("date_of_birth"),
                    social_insurance_no=row.get("social_insurance_no", ""),
                    amount=amount,
                    status=b_status,
                    data={
                        k: v
                        for k, v in row.items()
                        if k
                        not in ("national_id", "full_name", "date_of_birth", "social_insurance_no")
                    },
                )
            )
        prev, at, from_status = history.GENESIS, submitted_at, ""
        for seq, (action, to_status) in enumerate(path, start=1):
            reason_kind = {
                "refuse": "refuse",
                "reject": "reject",
                "request_supplement": "supplement",
                "withdraw": "withdraw",
            }.get(action)
            reason = (
                rng.choice(reasons[reason_kind]) if reason_kind and reasons[reason_kind] else None
            )
            event = Event(
                dossier=dossier,
                seq=seq,
                at=at,
                actor=None,
                actor_label="generator",
                agency_id=dossier.agency_id,
                action=action,
                from_status=from_status,
                to_status=to_status,
                reason_code=reason.code if reason else "",
                reason_text=reason.text if reason else "",
                payload={},
                prev_hash=prev,
            )
            event.hash = history.event_hash(event, dossier.code)
            events.append(event)
            prev, from_status = event.hash, to_status
            at = at + dt.timedelta(hours=rng.randint(2, 40))
        report.by_status[status.value] += 1
    Beneficiary.objects.bulk_create(beneficiaries, batch_size=5_000)
    Event.objects.bulk_create(events, batch_size=5_000)
    _save_counters({k: v for k, v in serials.items()})
    report.dossiers += len(dossiers)
    report.beneficiaries += len(beneficiaries)
    report.events += len(events)


def _save_counters(serials: dict[tuple[int, dt.date], int]) -> None:
    existing = {
        (c.agency_id, c.day): c
        for c in CodeCounter.objects.filter(agency_id__in={a for a, _ in serials})
    }
    new, changed = [], []
    for (agency_id, day), last in serials.items():
        row = existing.get((agency_id, day))
        if row is None:
            new.append(CodeCounter(agency_id=agency_id, day=day, last=last))
        elif row.last < last:
            row.last = last
            changed.append(row)
    CodeCounter.objects.bulk_create(new, batch_size=5_000)
    CodeCounter.objects.bulk_update(changed, ["last"], batch_size=5_000)

"""One batch of generated dossiers: each drawn, its rows built (dossier, beneficiaries,
events, handlers), its statistics counted with the live rules, then all written with bulk
inserts in one transaction (the caller's)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from hotro.core import bulk, clock
from hotro.dossiers import codes
from hotro.dossiers.domain.status import Status
from hotro.dossiers.generator.context import Context, step_agency_id
from hotro.dossiers.generator.facts import (
    beneficiaries_draw,
    entitlement_or_none,
    field_value,
    person_agree,
)
from hotro.dossiers.generator.histories import (
    LATE_DECISIONS,
    STATUS_MIX,
    action_path,
    history_rows,
)
from hotro.dossiers.holders import holder_id
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
from hotro.supervision.rules import STOCK
from hotro.supervision.services import HeldKey, Key, counters_add, held_add, moves_total


def batch_write(ctx: Context, n: int) -> None:
    """Draw n dossiers (policy, agency, day, serial, final status), build their rows and
    counters, and insert them."""
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
    held_at: dict[HeldKey, int] = defaultdict(int)  # the stocks by holding agency
    horizon = clock.today()
    for dossier_id, (shape, agency, day, serial, status) in zip(ids, plans, strict=True):
        policy, steps = shape.policy, shape.steps
        applicant = {
            f.key: field_value(f, rng, policy, agency.province_code)
            for f in shape.applicant_fields
            if f.required or rng.random() < 0.5
        }
        person_agree(applicant, rng, agency.province_code)
        rows = beneficiaries_draw(ctx, shape, agency.province_code)
        rule = shape.rule
        row_amounts = [
            entitlement_or_none(rule, row) if rule.applies_to == "beneficiary" else None
            for row in rows
        ]
        applicant_amount = (
            entitlement_or_none(rule, applicant) if rule.applies_to == "applicant" else None
        )
        total = [a for a in [*row_amounts, applicant_amount] if a is not None]
        path = action_path(status, len(steps), rng)
        submitted_at = dt.datetime.combine(
            day, dt.time(rng.randint(7, 16), rng.randint(0, 59)), clock.VIETNAM
        )
        forwards = sum(1 for action, _ in path if action == "forward")
        finished = status in (Status.REFUSED, Status.REJECTED, Status.DONE, Status.WITHDRAWN)
        code = codes.format_code(policy.code_prefix, agency.code, day, serial)
        step_index = min(forwards, len(steps) - 1) if steps else 0
        received = status not in (Status.SUBMITTED, Status.REFUSED) and steps
        due = calendar.add_working_days(day, shape.total_days)
        step_agency = step_agency_id(ctx, shape, step_index, agency) if received else None
        if received:
            held = {step_agency_id(ctx, shape, i, agency) for i in range(step_index + 1)}
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
        events = history_rows(ctx, dossier_id, code, agency.id, path, submitted_at, late_after=late)
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
        if bucket in STOCK:
            holder = holder_id(status.value, agency.id, step_agency)
            held_at[(holder, policy.id, bucket.value)] += 1
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
    held_add(held_at)
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


def _proof(channel: str, serial: int) -> str:
    """How the filer was proven (dossiers.intake): at the desk in person; online, by an
    account bound to the applicant's tax code or ID, except one in eight, which officers see
    flagged. Derived from the serial, so the random draws (and the seeds' output) stay."""
    if channel == Channel.IN_PERSON:
        return ApplicantProof.DESK
    return "" if serial % 8 == 0 else ApplicantProof.CERTIFICATE

"""The lifecycle services: one per action, each one transaction with the dossier row locked.
The transition table (`domain/lifecycle.py`) says what may happen; these functions check who
acts, enforce the rules R1-R9 and write the change and its event together."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from hotro.accounts.models import Role, User
from hotro.catalog.models import Agency, PolicyStep, Reason
from hotro.catalog.schema import AgencyKind
from hotro.catalog.selectors import agency_for_step
from hotro.core import clock
from hotro.core.errors import AppError, Conflict, FieldError, Forbidden, NotFound, ValidationFailed
from hotro.documents.services import slip_attach
from hotro.documents.slips import SLIP_OF_ACTION
from hotro.dossiers import history
from hotro.dossiers.calendar import working_calendar
from hotro.dossiers.domain.lifecycle import TABLE, Action, Actor, NotAllowed, transition
from hotro.dossiers.domain.status import FINISHED, Status
from hotro.dossiers.intake import DocumentRef, documents_check
from hotro.dossiers.locks import dossier_lock
from hotro.dossiers.models import (
    Beneficiary,
    BeneficiaryStatus,
    Dossier,
    DossierHandler,
)
from hotro.dossiers.selectors import dossier_signed_components
from hotro.dossiers.services import documents_attach
from hotro.supervision.services import counters_apply, counters_snapshot

PAPER_KINDS = frozenset({"paper_copy", "seal"})


class RuleBroken(AppError):
    """A rule of the directives forbids the call: answered with the rule's number."""

    status = 422


@dataclass(frozen=True)
class SupplementItem:
    description: str
    component: str = ""
    kind: str = "electronic"  # electronic, information, paper_copy, seal


@dataclass(frozen=True)
class Exclusion:
    """A beneficiary left out of an approval, with its own reason (R1)."""

    position: int
    reason_code: str
    reason_text: str


@dataclass(frozen=True)
class ActionInput:
    reason_code: str = ""
    reason_text: str = ""
    items: Sequence[SupplementItem] = ()
    new_due_date: dt.date | None = None
    positions: Sequence[int] = ()
    excluded: Sequence[Exclusion] = ()  # approve: beneficiaries not approved, each with a reason
    note: str = ""
    documents: Sequence[DocumentRef] = ()  # supplement: uploads that complete the dossier
    extra: dict[str, Any] = field(default_factory=dict)


def acting_agency(dossier: Dossier) -> Agency:
    """Who holds the dossier now: the receiving agency until it is received, then the agency
    of the current step. Judged on the step's id, never on a joined row that may be missing."""
    if dossier.status == Status.SUBMITTED or dossier.step_agency_id is None:
        return dossier.agency
    assert dossier.step_agency is not None
    return dossier.step_agency


def _lock(code: str) -> Dossier:
    dossier = dossier_lock(code=code)
    if dossier is None:
        raise NotFound("dossier_not_found", params={"code": code})
    return dossier


def _check_actor(user: User, dossier: Dossier, actor: Actor) -> Agency | None:
    """R8: officers act for the agency holding the dossier; applicants on their own dossiers."""
    if actor == Actor.APPLICANT:
        if user.role != Role.APPLICANT or dossier.applicant_id != user.id:
            raise Forbidden("not_your_dossier", rule="R8")
        return None
    holder = acting_agency(dossier)
    if user.role != Role.OFFICER or user.agency_id != holder.id:
        raise Forbidden("not_your_step", rule="R8", params={"agency": holder.name})
    return holder


def _reason(kind: str, data: ActionInput) -> Reason:
    """R1: a reason from the catalog and a written text."""
    return _reason_of(kind, data.reason_code, data.reason_text)


def _reason_of(kind: str, code: str, text: str, prefix: str = "") -> Reason:
    if not code or len(text.strip()) < 10:
        raise RuleBroken(
            "reason_required",
            rule="R1",
            errors=[
                FieldError(prefix + name, "reason_required")
                for name, value in (("reason_code", code), ("reason_text", text))
                if not value.strip() or (name == "reason_text" and len(value.strip()) < 10)
            ],
        )
    reason = Reason.objects.filter(code=code, kind=kind, active=True).first()
    if reason is None:
        raise RuleBroken(
            "reason_unknown",
            rule="R1",
            params={"code": code, "kind": kind},
            errors=[
                FieldError(prefix + "reason_code", "reason_unknown", {"code": code, "kind": kind})
            ],
        )
    return reason


def _steps(dossier: Dossier) -> list[PolicyStep]:
    return list(dossier.policy.steps.all())


def _enter_step(dossier: Dossier, steps: list[PolicyStep], index: int, today: dt.date) -> None:
    """Make step `index` current: its agency and its due date, fixed from the receipt day by
    the working days of the steps up to it, shifted by any supplement pause already taken."""
    step = steps[index]
    dossier.step_index = index
    dossier.current_step = step.key
    dossier.step_agency = agency_for_step(kind=AgencyKind(step.agency_kind), near=dossier.agency)
    if dossier.step_agency is not None and dossier.step_agency.id != dossier.agency_id:
        DossierHandler.objects.get_or_create(dossier=dossier, agency=dossier.step_agency)
    calendar = working_calendar()
    upto = sum(s.working_days for s in steps[: index + 1])
    total = sum(s.working_days for s in steps)
    # The dossier's due date already carries the pauses (and an apology's extension): the
    # step's date keeps the same distance from it as at receipt.
    shift = calendar.working_days_between(
        calendar.add_working_days(dossier.received_on, total), dossier.due_date
    )
    dossier.step_due_date = calendar.add_working_days(dossier.received_on, upto + max(shift, 0))


@transaction.atomic
def dossier_act(*, user: User, code: str, action: Action, data: ActionInput) -> Dossier:
    """Take `action` on the dossier `code`. The one entry of every lifecycle action."""
    dossier = _lock(code)
    steps = _steps(dossier)
    try:
        rule = transition(
            action, Status(dossier.status), step_index=dossier.step_index, steps=len(steps)
        )
    except NotAllowed as exc:
        raise Conflict(exc.why, params={"action": action.value, "status": dossier.status}) from exc
    agency = _check_actor(user, dossier, rule.actor)
    reason = _reason(rule.reason_kind, data) if rule.reason_kind else None
    today = clock.today()
    before = dossier.status
    counted = counters_snapshot(dossier)
    payload: dict[str, Any] = {}
    handler = _HANDLERS.get(action)
    if handler is not None:
        payload = handler(dossier, steps, data, today)
    target = rule.target
    if action == Action.PAY and payload.get("remaining", 0):
        target = Status.APPROVED  # a partial payment: still approved
    if target is not None:
        dossier.status = target
    if Status(dossier.status) in FINISHED:
        dossier.finished_at = clock.now()
    dossier.version += 1
    dossier.save()
    event = history.event_append(
        dossier=dossier,
        actor=user,
        action=action.value,
        from_status=before,
        to_status=dossier.status,
        agency=agency,
        reason_code=reason.code if reason else "",
        reason_text=data.reason_text.strip() if reason else "",
        payload=payload | ({"note": data.note} if data.note else {}),
    )
    counters_apply(dossier=dossier, before=counted, reason_code=event.reason_code)
    slip = SLIP_OF_ACTION.get(action.value)
    if slip is not None:
        slip_attach(dossier=dossier, slip=slip, event=event)
    return dossier


def _receive(
    dossier: Dossier, steps: list[PolicyStep], data: ActionInput, today: dt.date
) -> dict[str, Any]:
    _enter_step(dossier, steps, 0, today)
    return {"step": dossier.current_step, "step_agency": _code(dossier.step_agency)}


def _code(agency: Agency | None) -> str | None:
    return agency.code if agency is not None else None


def _forward(
    dossier: Dossier, steps: list[PolicyStep], data: ActionInput, today: dt.date
) -> dict[str, Any]:
    previous = dossier.current_step
    _enter_step(dossier, steps, dossier.step_index + 1, today)
    return {
        "from_step": previous,
        "step": dossier.current_step,
        "step_agency": _code(dossier.step_agency),
        "step_due_date": dossier.step_due_date.isoformat() if dossier.step_due_date else None,
    }


def _request_supplement(
    dossier: Dossier, steps: list[PolicyStep], data: ActionInput, today: dt.date
) -> dict[str, Any]:
    if dossier.supplement_requests >= 1:
        raise RuleBroken("supplement_once", rule="R3")
    if not data.items or any(not i.description.strip() for i in data.items):
        raise RuleBroken("supplement_items_required", rule="R3")
    components = {c.key: c for c in dossier.policy.documents.all()}
    errors = []
    for i, item in enumerate(data.items):
        if item.component and item.component not in components:
            errors.append(
                FieldError(
                    f"items.{i}.component",
                    "document_unknown_component",
                    {"component": item.component},
                )
            )
    if errors:
        raise ValidationFailed(errors=errors)
    signed = dossier_signed_components(dossier=dossier)  # R2 rests on the recorded validation
    for i, item in enumerate(data.items):
        if item.kind in PAPER_KINDS and item.component in signed:
            name = components[item.component].name
            raise RuleBroken(
                "paper_for_signed_component",
                rule="R2",
                params={"component": name},
                errors=[
                    FieldError(f"items.{i}.kind", "paper_for_signed_component", {"component": name})
                ],
            )
    dossier.supplement_requests += 1
    dossier.paused_on = today
    return {"items": [vars(i) for i in data.items], "paused_on": today.isoformat()}


def _supplement(
    dossier: Dossier, steps: list[PolicyStep], data: ActionInput, today: dt.date
) -> dict[str, Any]:
    brought: list[dict[str, str]] = []
    if data.documents:
        # The applicant supplements (the lifecycle's actor): the uploads must be theirs.
        if dossier.applicant is None:
            raise ValidationFailed(errors=[FieldError("documents", "upload_not_found", {"id": ""})])
        errors: list[FieldError] = []
        checked = documents_check(
            dossier.applicant, dossier.policy, data.documents, errors, every_required=False
        )
        if errors:
            raise ValidationFailed(errors=errors)
        documents_attach(dossier=dossier, documents=checked)
        brought = [{"component": c, "document": str(d.id)} for c, d in checked]
    entered: dict[str, Any] = {}
    if dossier.step_agency_id is None:  # asked at receipt: supplementing completes the receipt
        _enter_step(dossier, steps, 0, today)
        entered = {"step": dossier.current_step, "step_agency": _code(dossier.step_agency)}
    calendar = working_calendar()
    paused = calendar.working_days_between(dossier.paused_on or today, today)
    if paused > 0:
        dossier.due_date = calendar.add_working_days(dossier.due_date, paused)
        if dossier.step_due_date:
            dossier.step_due_date = calendar.add_working_days(dossier.step_due_date, paused)
    dossier.paused_on = None
    return {
        "paused_working_days": paused,
        "due_date": dossier.due_date.isoformat(),
        **({"documents": brought} if brought else {}),
        **entered,
    }


def _apologize(
    dossier: Dossier, steps: list[PolicyStep], data: ActionInput, today: dt.date
) -> dict[str, Any]:
    if dossier.apologies >= 1:
        raise RuleBroken("apology_once", rule="R5")
    new = data.new_due_date
    if new is None or new <= dossier.due_date or not working_calendar().is_working(new):
        raise RuleBroken(
            "new_date_required",
            rule="R5",
            params={"due": dossier.due_date.strftime("%d/%m/%Y")},
            errors=[
                FieldError(
                    "new_due_date",
                    "new_date_required",
                    {"due": dossier.due_date.strftime("%d/%m/%Y")},
                )
            ],
        )
    old = dossier.due_date
    dossier.apologies += 1
    dossier.due_date = new
    if dossier.step_due_date and dossier.step_due_date > new:
        dossier.step_due_date = new
    return {"old_due_date": old.isoformat(), "new_due_date": new.isoformat()}


def _approve(
    dossier: Dossier, steps: list[PolicyStep], data: ActionInput, today: dt.date
) -> dict[str, Any]:
    """Approve the proposed beneficiaries, except those excluded with a reason (R1) and those
    already approved or paid under the same policy elsewhere (R9)."""
    proposed = list(dossier.beneficiaries.filter(status=BeneficiaryStatus.PROPOSED))
    by_position = {b.position: b for b in proposed}
    excluded: list[dict[str, Any]] = []
    for i, ex in enumerate(data.excluded):
        if ex.position not in by_position:
            raise ValidationFailed(
                errors=[FieldError(f"excluded.{i}.position", "beneficiary_unknown")]
            )
        reason = _reason_of("reject", ex.reason_code, ex.reason_text, prefix=f"excluded.{i}.")
        b = by_position.pop(ex.position)
        b.status = BeneficiaryStatus.REJECTED
        b.data = {**b.data, "reason_code": reason.code, "reason_text": ex.reason_text.strip()}
        excluded.append({"position": b.position, "reason_code": reason.code})
    remaining = list(by_position.values())
    elsewhere = {
        nid: code
        for nid, code in Beneficiary.objects.filter(
            policy_id=dossier.policy_id,
            national_id__in=[b.national_id for b in remaining],
            status__in=[BeneficiaryStatus.APPROVED, BeneficiaryStatus.PAID],
        )
        .exclude(dossier=dossier)
        .values_list("national_id", "dossier__code")
    }
    flagged = []
    for b in remaining:
        if b.national_id in elsewhere:
            b.status = BeneficiaryStatus.REJECTED
            b.data = {**b.data, "duplicate_of": elsewhere[b.national_id]}
            flagged.append(
                {"national_id": b.national_id, "other_dossier": elsewhere[b.national_id]}
            )
        else:
            b.status = BeneficiaryStatus.APPROVED
    if remaining and len(flagged) == len(remaining):
        first = flagged[0]
        raise RuleBroken(
            "duplicate_beneficiary",
            rule="R9",
            params={"national_id": first["national_id"], "other": first["other_dossier"]},
        )
    if proposed and not remaining:
        raise RuleBroken("approve_nobody", rule="R1")  # rejecting everyone is `reject`
    Beneficiary.objects.bulk_update(proposed, ["status", "data"])
    return {
        "approved": len(remaining) - len(flagged),
        "duplicates": flagged,
        "excluded": excluded,
    }


def _pay(
    dossier: Dossier, steps: list[PolicyStep], data: ActionInput, today: dt.date
) -> dict[str, Any]:
    approved = dossier.beneficiaries.filter(status=BeneficiaryStatus.APPROVED)
    if data.positions:
        approved = approved.filter(position__in=data.positions)
    paying = list(approved)
    if not paying and dossier.beneficiary_count:
        raise Conflict("nothing_to_pay")
    for b in paying:
        b.status = BeneficiaryStatus.PAID
    Beneficiary.objects.bulk_update(paying, ["status"])
    remaining = dossier.beneficiaries.filter(status=BeneficiaryStatus.APPROVED).count()
    return {
        "paid": [b.position for b in paying],
        "amount": sum(b.amount or 0 for b in paying),
        "remaining": remaining,
    }


_HANDLERS = {
    Action.RECEIVE: _receive,
    Action.FORWARD: _forward,
    Action.REQUEST_SUPPLEMENT: _request_supplement,
    Action.SUPPLEMENT: _supplement,
    Action.APOLOGIZE: _apologize,
    Action.APPROVE: _approve,
    Action.PAY: _pay,
}

assert set(_HANDLERS) <= set(TABLE)


@dataclass(frozen=True)
class BulkOutcome:
    code: str
    error: AppError | None = None


def dossier_act_bulk(
    *, user: User, codes: Sequence[str], action: Action, data: ActionInput | None = None
) -> list[BulkOutcome]:
    """The same action on many dossiers, each in its own transaction: one that fails (a rule,
    a race, another agency's step) leaves the others done, and says why."""
    from hotro.dossiers.selectors import dossier_get

    outcomes = []
    for code in dict.fromkeys(codes):
        try:
            dossier_get(user=user, code=code)  # not found for what the user may not see
            dossier_act(user=user, code=code, action=action, data=data or ActionInput())
        except AppError as exc:
            outcomes.append(BulkOutcome(code, exc))
        else:
            outcomes.append(BulkOutcome(code))
    return outcomes

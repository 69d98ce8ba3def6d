"""How generated dossiers end and the histories that bring them there: the mix of final
statuses, the actions through the policy's steps, and the chained events of each."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from hotro.core import clock
from hotro.dossiers import history
from hotro.dossiers.domain.status import Status
from hotro.dossiers.generator.context import Context

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

# The kind of catalog reason each action gives.
_REASON_KIND = {
    "refuse": "refuse",
    "reject": "reject",
    "request_supplement": "supplement",
    "withdraw": "withdraw",
}


def action_path(status: Status, steps: int, rng: random.Random) -> list[tuple[str, Status]]:
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


def history_rows(
    ctx: Context,
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

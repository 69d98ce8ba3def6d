"""Which statistics bucket a dossier is in, and the counter moves a history makes. Pure: the
live counters (`services.counters_apply`, the sweep) and the reconciliation replay the same
rules, so they cannot disagree on what a dossier counts as.

A dossier is in exactly one bucket at any day. Moves are (day, bucket, reason, ±1); the
`received` flow only ever gets +1. Overdue means the due date is before the day (the same
rule as the list filter and the sweep); a dossier moves to overdue on the day after its due
date, whenever the sweep or a later action records it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from hotro.dossiers.domain.status import Status


class Bucket(StrEnum):
    RECEIVED = "received"  # a flow: +1 on the day of receipt, never taken back
    ON_TIME = "pending_on_time"  # submitted or in processing, due date not passed
    OVERDUE = "pending_overdue"  # submitted or in processing, due date passed
    AWAITING = "awaiting_supplement"  # the clock stopped (R3)
    DONE_ON_TIME = "done_on_time"  # decided (approved) on or before the due date
    DONE_LATE = "done_late"
    REFUSED = "refused"  # at receipt
    REJECTED = "rejected"  # after appraisal
    WITHDRAWN = "withdrawn"


STOCK = (Bucket.ON_TIME, Bucket.OVERDUE, Bucket.AWAITING)
TERMINAL = (
    Bucket.DONE_ON_TIME,
    Bucket.DONE_LATE,
    Bucket.REFUSED,
    Bucket.REJECTED,
    Bucket.WITHDRAWN,
)
_DONE = frozenset({Bucket.DONE_ON_TIME, Bucket.DONE_LATE})
# Buckets whose rows keep the reason of the action that led there (top reasons).
WITH_REASON = frozenset({Bucket.REFUSED, Bucket.REJECTED, Bucket.WITHDRAWN})


@dataclass(frozen=True)
class Move:
    day: dt.date
    bucket: Bucket
    delta: int
    reason: str = ""


def percent_of(part: int, whole: int) -> float | None:
    """`part` as a percent of `whole`, rounded once to one decimal, half up (the way the
    offices' reports round: 50 of 62 is 80,6 %, 1 of 16 is 6,3 %), in integers so that no
    binary fraction rounds a second time. None when `whole` is 0 (nothing to rate yet)."""
    if whole <= 0:
        return None
    tenths = (2000 * part + whole) // (2 * whole)  # floor(1000 * part / whole + 1/2)
    return tenths / 10


def bucket_of(status: Status, *, due: dt.date, day: dt.date, previous: Bucket | None) -> Bucket:
    """The bucket of a dossier in `status` on `day`. Done on time or late is decided once, at
    the decision (approve); paying and returning the result keep it."""
    if status in (Status.SUBMITTED, Status.IN_PROCESSING):
        return Bucket.OVERDUE if due < day else Bucket.ON_TIME
    if status == Status.AWAITING_SUPPLEMENT:
        return Bucket.AWAITING
    if status in (Status.APPROVED, Status.PAID, Status.DONE):
        if previous in _DONE:
            return previous
        return Bucket.DONE_LATE if day > due else Bucket.DONE_ON_TIME
    return {
        Status.REFUSED: Bucket.REFUSED,
        Status.REJECTED: Bucket.REJECTED,
        Status.WITHDRAWN: Bucket.WITHDRAWN,
    }[status]


def overdue_catch_up(current: Bucket | None, *, due: dt.date, day: dt.date) -> list[Move]:
    """The move to overdue not yet recorded for a dossier on time whose due date is before
    `day`: dated the day after the due date, as the sweep dates it."""
    if current == Bucket.ON_TIME and due < day:
        first = due + dt.timedelta(days=1)
        return [Move(first, Bucket.ON_TIME, -1), Move(first, Bucket.OVERDUE, +1)]
    return []


def transition_moves(
    current: Bucket | None,
    *,
    status: Status,
    due_before: dt.date,
    due_after: dt.date,
    day: dt.date,
    reason: str = "",
) -> tuple[list[Move], Bucket]:
    """The moves one change of a dossier makes on `day` (`current` None: its submission), and
    the bucket it ends in."""
    moves = overdue_catch_up(current, due=due_before, day=day)
    if moves:
        current = Bucket.OVERDUE
    if current is None:
        moves.append(Move(day, Bucket.RECEIVED, +1))
    new = bucket_of(status, due=due_after, day=day, previous=current)
    if new != current:
        if current is not None:
            moves.append(Move(day, current, -1))
        moves.append(Move(day, new, +1, reason if new in WITH_REASON else ""))
    return moves, new


@dataclass(frozen=True)
class Step:
    """One event of a dossier's history as the replay needs it."""

    day: dt.date
    status: Status
    due: dt.date | None  # the due date after the event, when the event changed it
    reason: str = ""


def replay(
    steps: Iterable[Step], *, received_on: dt.date, due: dt.date, horizon: dt.date
) -> tuple[list[Move], Bucket | None]:
    """Every move a history makes, up to `horizon` (today), and the final bucket. The first
    step is the submission; days before the receipt day count from the receipt day."""
    current: Bucket | None = None
    out: list[Move] = []
    for step in steps:
        day = max(step.day, received_on)
        after = step.due or due
        moves, current = transition_moves(
            current,
            status=step.status,
            due_before=due,
            due_after=after,
            day=day,
            reason=step.reason,
        )
        out += moves
        due = after
    late = overdue_catch_up(current, due=due, day=horizon)
    return out + late, Bucket.OVERDUE if late else current

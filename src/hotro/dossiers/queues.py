"""The officer's work queues: named filters over the dossiers their agency holds (R8 applies
underneath, through the selectors)."""

from __future__ import annotations

from dataclasses import replace

from hotro.accounts.models import User
from hotro.dossiers.domain.status import FINISHED, Status
from hotro.dossiers.selectors import DossierFilters, dossier_count

QUEUES = ("new", "processing", "due_soon", "overdue", "supplement", "done", "all")
DEFAULT = "new"


def queue_filters(
    *, user: User, queue: str, q: str | None = None, policy: str | None = None
) -> DossierFilters:
    agency = user.agency_id
    held = DossierFilters(
        held_by=agency if agency is not None else -1, q=q or None, policy_code=policy or None
    )
    if queue == "new":
        return replace(held, statuses=frozenset({Status.SUBMITTED}))
    if queue == "processing":
        return replace(
            held, statuses=frozenset({Status.IN_PROCESSING, Status.APPROVED, Status.PAID})
        )
    if queue == "due_soon":
        return replace(held, due_within=1, overdue=False)
    if queue == "overdue":
        return replace(held, overdue=True)
    if queue == "supplement":
        return replace(held, statuses=frozenset({Status.AWAITING_SUPPLEMENT}))
    if queue == "done":
        return replace(held, held_by=None, statuses=frozenset(FINISHED))
    return replace(held, held_by=None)


def queue_counts(*, user: User) -> dict[str, int]:
    """How many dossiers each queue holds (an indexed count per part of each)."""
    return {
        name: dossier_count(user=user, filters=queue_filters(user=user, queue=name))
        for name in QUEUES
    }

"""Who holds a dossier now, said once for the counters, the lists and the API: the receiving
agency until the dossier is received (or while no step agency is set), then the agency of the
current step. The same rule as `actions.acting_agency` and `selectors.held_by_parts` (the
officers' queues); `tests/supervision/test_held.py` checks that they agree."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Case, F, IntegerField, Q, When

from hotro.catalog.models import Agency, PolicyStep
from hotro.dossiers.domain.status import FINISHED, Status
from hotro.dossiers.models import Dossier

# The holding agency's id as a column: the same rule in SQL, for grouped counts.
HOLDER = Case(
    When(Q(status=Status.SUBMITTED) | Q(step_agency__isnull=True), then=F("agency_id")),
    default=F("step_agency_id"),
    output_field=IntegerField(),
)


def holder_id(status: str, agency_id: int, step_agency_id: int | None) -> int:
    if status == Status.SUBMITTED or step_agency_id is None:
        return agency_id
    return step_agency_id


def provinces_of(agency_ids: Iterable[int]) -> dict[int, int | None]:
    """The province code of each agency (None: a central agency), in one query."""
    ids = sorted(set(agency_ids))
    if not ids:
        return {}
    return dict(Agency.objects.filter(id__in=ids).values_list("id", "province_code"))


@dataclass(frozen=True)
class Holder:
    code: str
    name: str


@dataclass(frozen=True)
class Whereabouts:
    """Where a dossier stands: the agency holding its current step (None once finished) and
    the step's key and name."""

    holder: Holder | None
    step: str
    step_name: str


def whereabouts(dossiers: Iterable[Dossier]) -> dict[int, Whereabouts]:
    """Of each dossier (a page of a list, or one), by id: two queries whatever the count."""
    rows = list(dossiers)
    held = {
        d.id: holder_id(d.status, d.agency_id, d.step_agency_id)
        for d in rows
        if Status(d.status) not in FINISHED
    }
    agencies = {
        pk: Holder(code, name)
        for pk, code, name in Agency.objects.filter(id__in=sorted(set(held.values()))).values_list(
            "id", "code", "name"
        )
    }
    wanted = Q()
    for policy_id, key in {(d.policy_id, d.current_step) for d in rows if d.current_step}:
        wanted |= Q(policy_id=policy_id, key=key)
    names = (
        {
            (p, k): n
            for p, k, n in PolicyStep.objects.filter(wanted).values_list("policy_id", "key", "name")
        }
        if wanted
        else {}
    )
    return {
        d.id: Whereabouts(
            agencies.get(held[d.id]) if d.id in held else None,
            d.current_step,
            names.get((d.policy_id, d.current_step), ""),
        )
        for d in rows
    }

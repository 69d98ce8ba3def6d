"""Reads of the catalog."""

from __future__ import annotations

import datetime as dt
from functools import cache

from django.db.models import QuerySet

from hotro.catalog import agencies
from hotro.catalog.models import Agency, Policy, Reason
from hotro.catalog.schema import AgencyKind
from hotro.core import caches
from hotro.core.errors import NotFound


def policy_list(*, active_only: bool = True) -> QuerySet[Policy]:
    # The newest decision first: its policies are the ones people look for.
    qs = Policy.objects.prefetch_related("documents", "steps").order_by("-decision", "code")
    return qs.filter(active=True) if active_only else qs


def policy_choices() -> list[tuple[str, str, str]]:
    """(code, title, English title) of the active policies, for lists to pick from: one light
    query, without the documents and steps `policy_list` brings. Each title carries its
    decision's number: the 2020 and 2021 policies have nearly the same names."""
    rows = (
        Policy.objects.filter(active=True)
        .order_by("-decision", "code")
        .only("code", "name", "name_en", "decision")
    )
    return [(p.code, p.title, p.title_en) for p in rows]


def policy_get(*, code: str) -> Policy:
    policy = policy_list(active_only=False).filter(code=code).first()
    if policy is None:
        raise NotFound("policy_not_found", params={"code": code})
    return policy


def agency_get(*, code: str, on: dt.date | None = None) -> Agency:
    """The agency with this identifier code (the one valid on `on`, where codes were reused)."""
    qs = Agency.objects.filter(code=code).order_by("-valid_from")
    if on is not None:
        qs = qs.filter(valid_from__lte=on)
    agency = qs.first()
    if agency is None:
        raise NotFound("agency_not_found", params={"code": code})
    return agency


def agency_list(
    *,
    province_code: int | None = None,
    kind: str | None = None,
    level: str | None = None,
    parent_code: str | None = None,
    q: str | None = None,
) -> QuerySet[Agency]:
    qs = Agency.objects.all()
    if province_code is not None:
        qs = qs.filter(province_code=province_code)
    if kind:
        qs = qs.filter(kind=kind)
    if level:
        qs = qs.filter(level=level)
    if parent_code:
        qs = qs.filter(parent__code=parent_code)
    if q:
        qs = qs.filter(name__icontains=q)
    return qs.order_by("id")


def kinds_acting_as(kind: AgencyKind) -> set[AgencyKind]:
    """The kinds that may stand in for `kind` (a culture department where a province has no
    tourism department)."""
    acts_for = _acts_for()
    return {kind, acts_for[kind]} if kind in acts_for else {kind}


@cache
def _acts_for() -> dict[AgencyKind, AgencyKind]:
    # A data file, read once per process (a change needs a restart, like any catalog file).
    return agencies.structure(agencies.load_spec()).acts_for


caches.register(_acts_for.cache_clear)


def reason_list(*, kind: str | None = None) -> QuerySet[Reason]:
    qs = Reason.objects.filter(active=True)
    return qs.filter(kind=kind) if kind else qs


class StepAgencies:
    """The agencies of a step's kind (or acting for it) in one province, indexed by the place
    they serve: one commune, one district, or the whole province. The exact kind wins over an
    agency acting for it."""

    def __init__(self, kind: AgencyKind, candidates: list[Agency]) -> None:
        self.by_ward: dict[int, Agency] = {}
        self.by_district: dict[int, Agency] = {}
        self.province: Agency | None = None
        for a in sorted(candidates, key=lambda a: (a.kind != kind, a.id)):
            if a.ward_code is not None:
                self.by_ward.setdefault(a.ward_code, a)
            elif a.district_code is not None:
                self.by_district.setdefault(a.district_code, a)
            elif self.province is None:
                self.province = a

    def serving(self, near: Agency) -> Agency | None:
        """The agency serving `near`'s place: its commune, else its district, else the province."""
        if near.ward_code is not None and near.ward_code in self.by_ward:
            return self.by_ward[near.ward_code]
        if near.district_code is not None and near.district_code in self.by_district:
            return self.by_district[near.district_code]
        return self.province


def step_agencies(kind: AgencyKind, province_code: int) -> StepAgencies:
    kinds = kinds_acting_as(kind)
    return StepAgencies(
        kind, list(Agency.objects.filter(kind__in=kinds, province_code=province_code))
    )


def agency_for_step(*, kind: AgencyKind, near: Agency) -> Agency | None:
    """The agency that handles a step of `kind` for a dossier received by `near`."""
    if near.province_code is not None:
        found = step_agencies(kind, near.province_code).serving(near)
        if found is not None:
            return found
    national = Agency.objects.filter(kind__in=kinds_acting_as(kind), province_code__isnull=True)
    return national.order_by("id").first()

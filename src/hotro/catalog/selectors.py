"""Reads of the catalog."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet

from hotro.catalog import agencies
from hotro.catalog.models import Agency, Policy, Reason
from hotro.catalog.schema import AgencyKind
from hotro.core.errors import NotFound


def policy_list(*, active_only: bool = True) -> QuerySet[Policy]:
    # The newest decision first: its policies are the ones people look for.
    qs = Policy.objects.prefetch_related("documents", "steps").order_by("-decision", "code")
    return qs.filter(active=True) if active_only else qs


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
    acts_for = agencies.structure(agencies.load_spec()).acts_for
    return {kind, acts_for[kind]} if kind in acts_for else {kind}


def reason_list(*, kind: str | None = None) -> QuerySet[Reason]:
    qs = Reason.objects.filter(active=True)
    return qs.filter(kind=kind) if kind else qs

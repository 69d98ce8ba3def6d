"""Who may see which dossiers (R8), as a restriction of a queryset: lists, exports, the
dashboards and the API all go through it, so none can show what the user may not see."""

from __future__ import annotations

from typing import TypeVar

from django.db.models import Exists, Model, OuterRef, Q, QuerySet

from hotro.accounts.models import Role, User
from hotro.catalog.schema import Level

M = TypeVar("M", bound=Model)


def dossier_scope(user: User, prefix: str = "") -> Q:
    """The dossiers `user` may see, as a filter (`prefix` for related lookups, e.g. 'dossier__')."""
    if not user.is_active:
        return Q(pk__in=[])
    if user.role == Role.ADMIN or user.is_superuser:
        return Q()
    if user.role == Role.APPLICANT:
        return Q(**{f"{prefix}applicant": user})
    agency = user.agency
    if agency is None:
        return Q(pk__in=[])
    if user.role == Role.SUPERVISOR:
        if agency.level == Level.NATIONAL:
            return Q()
        return Q(**{f"{prefix}agency__province_code": agency.province_code})
    # Officers: the dossiers their agency received, and those it holds or has held at a step.
    from hotro.dossiers.models import DossierHandler

    handled = DossierHandler.objects.filter(dossier=OuterRef(f"{prefix}pk"), agency=agency)
    return Q(**{f"{prefix}agency": agency}) | Q(Exists(handled))


def restrict(queryset: QuerySet[M], user: User, prefix: str = "") -> QuerySet[M]:
    return queryset.filter(dossier_scope(user, prefix))


def dossier_scope_parts(user: User) -> list[Q]:
    """`dossier_scope` as filters whose union is the scope, each of which one index walks in
    id order: an officer's two sources (received by the agency, handled by it at a step)
    apart, since a list newest first over their OR reads far more rows than it shows."""
    agency = user.agency
    if user.role == Role.OFFICER and user.is_active and not user.is_superuser and agency:
        return [Q(agency=agency), Q(handlers__agency=agency)]
    return [dossier_scope(user)]

"""The scope a supervisor looks at (nation, a province, an agency) and who may look at it
(R8)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from django.db.models import Q

from hotro.accounts.models import Role, User
from hotro.catalog.models import Agency
from hotro.catalog.schema import AgencyKind, Level
from hotro.catalog.selectors import agency_get
from hotro.core.errors import Forbidden, NotFound

ScopeKind = Literal["nation", "province", "agency"]


@dataclass(frozen=True)
class Scope:
    kind: ScopeKind
    code: str  # "" for the nation, the province's code, or the agency's identifier code
    name: str
    province: int | None = None
    agency: Agency | None = None

    def counters(self) -> Q:
        if self.kind == "agency" and self.agency is not None:
            return Q(agency=self.agency)
        if self.kind == "province":
            return Q(province_code=self.province)
        return Q()


def _province_name(code: int | None) -> str:
    if code is None:
        return "Cơ quan trung ương"
    committee = Agency.objects.filter(
        province_code=code, kind=AgencyKind.PROVINCE_COMMITTEE
    ).first()
    return committee.name if committee else f"Tỉnh {code}"


def scope_resolve(*, user: User, province: int | None = None, agency: str | None = None) -> Scope:
    """The scope asked for, if `user` may supervise it: admins and the national supervisor
    (Government Office) everything, a province's supervisor their province (R8). Nothing
    asked: the user's own widest scope."""
    national = user.role == Role.ADMIN or user.is_superuser
    own: int | None = None
    if not national:
        if user.role != Role.SUPERVISOR or user.agency is None or not user.is_active:
            raise Forbidden()
        national = user.agency.level == Level.NATIONAL
        own = user.agency.province_code
    if agency:
        found = agency_get(code=agency)
        if not national and found.province_code != own:
            raise Forbidden("scope_outside_yours")
        return Scope("agency", found.code, found.name, found.province_code, found)
    if province is None and not national:
        province = own
    if province is not None:
        if not national and province != own:
            raise Forbidden("scope_outside_yours")
        if not Agency.objects.filter(province_code=province).exists():
            raise NotFound("province_not_found", params={"code": province})
        return Scope("province", str(province), _province_name(province), province)
    return Scope("nation", "", "Toàn quốc")

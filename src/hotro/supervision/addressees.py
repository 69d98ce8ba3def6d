"""Whom a reminder is addressed to. The addressees follow the issuer's level, as the seeds'
letters do: the Government Office writes to the chairmen of the provinces' People's
Committees and to the General Director of Social Insurance (Social Insurance is a vertical
sector: its offices' dossiers are its own); a province writes to its departments, its
districts' People's Committees (for the communes and district offices under them) and its
Social Insurance (for the district Social Insurance offices).

Each overdue dossier goes to exactly one addressee, found from the agency holding it: one
grouped count over the overdue dossiers, one read of the holding agencies with their parents,
and the addressees' own rows, however many recipients there are."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q

from hotro.catalog.models import Agency
from hotro.catalog.schema import AgencyKind, Level
from hotro.dossiers.domain.status import CLOCK_RUNNING
from hotro.dossiers.holders import HOLDER
from hotro.dossiers.models import Dossier
from hotro.dossiers.selectors import held_by, held_in_province
from hotro.supervision.selectors import Scope

SOCIAL_INSURANCE = frozenset(
    {
        AgencyKind.SOCIAL_INSURANCE_NATIONAL,
        AgencyKind.SOCIAL_INSURANCE_PROVINCE,
        AgencyKind.DISTRICT_SOCIAL_INSURANCE,
    }
)
# Under a district's People's Committee for a province's letter.
_DISTRICT = frozenset(
    {AgencyKind.DISTRICT_COMMITTEE, AgencyKind.DISTRICT_LABOUR, AgencyKind.COMMUNE_COMMITTEE}
)
# Vertical sectors' district offices: their province office answers for them.
_VERTICAL = frozenset({AgencyKind.DISTRICT_SOCIAL_INSURANCE, AgencyKind.DISTRICT_TAX})
# Up to this many addressees of one kind are named one by one; more are named as a group.
NAMED_ONE_BY_ONE = 4


@dataclass(frozen=True)
class Addressee:
    agency: Agency
    overdue: int  # the dossiers of its own list


@dataclass(frozen=True)
class Routing:
    """Who gets which dossiers: holder agency id -> addressee id, and the addressees in the
    order the letter names them."""

    addressee_of: dict[int, int]
    addressees: list[Addressee]

    @property
    def listed(self) -> int:
        return sum(a.overdue for a in self.addressees)


def overdue_by_holder(scope: Scope, today: dt.date) -> dict[int, int]:
    """Overdue dossiers of the scope per holding agency (its current step's, or the receiving
    one's): one grouped query on the open due dates."""
    overdue = Dossier.objects.filter(status__in=list(CLOCK_RUNNING), due_date__lt=today)
    if scope.kind == "agency" and scope.agency is not None:
        overdue = overdue.filter(held_by(scope.agency.id))
    elif scope.kind == "province" and scope.province is not None:
        overdue = overdue.filter(held_in_province(scope.province))
    rows = (
        overdue.annotate(holder=HOLDER)
        .values("holder")
        .annotate(n=Count("id"))
        .values_list("holder", "n")
    )
    return {int(h): int(n) for h, n in rows}


def _national_addressee(holder: Agency, ids: _Lookup) -> Agency | None:
    if holder.kind in SOCIAL_INSURANCE:
        return ids.national_social_insurance()
    if holder.level == Level.NATIONAL or holder.province_code is None:
        return holder
    return ids.province_committee(holder.province_code)


def _province_addressee(holder: Agency, ids: _Lookup) -> Agency | None:
    if holder.kind in _DISTRICT:
        node: Agency | None = holder
        while node is not None and node.kind != AgencyKind.DISTRICT_COMMITTEE:
            node = node.parent
        return node
    if holder.kind in _VERTICAL:
        return holder.parent
    if holder.kind == AgencyKind.PROVINCE_COMMITTEE and holder.province_code is not None:
        # its own steps are prepared by its Office
        return ids.committee_office(holder.province_code) or holder
    return holder


class _Lookup:
    """The few agencies an addressee may be that are not a holder's parent, read once."""

    def __init__(self, provinces: set[int]) -> None:
        rows = Agency.objects.filter(
            Q(kind=AgencyKind.SOCIAL_INSURANCE_NATIONAL)
            | Q(
                kind__in=[AgencyKind.PROVINCE_COMMITTEE, AgencyKind.PROVINCE_COMMITTEE_OFFICE],
                province_code__in=sorted(provinces),
            )
        ).order_by("code")
        self._by_kind: dict[tuple[str, int | None], Agency] = {}
        for a in rows:
            self._by_kind.setdefault((a.kind, a.province_code), a)

    def national_social_insurance(self) -> Agency | None:
        return self._by_kind.get((AgencyKind.SOCIAL_INSURANCE_NATIONAL, None))

    def province_committee(self, province: int) -> Agency | None:
        return self._by_kind.get((AgencyKind.PROVINCE_COMMITTEE, province))

    def committee_office(self, province: int) -> Agency | None:
        return self._by_kind.get((AgencyKind.PROVINCE_COMMITTEE_OFFICE, province))


def _order(issuer: Agency, agency: Agency) -> tuple[int, str]:
    """The letter's order: for the nation the provinces, then Social Insurance; for a
    province its own agencies (Social Insurance last of them), then the districts."""
    if issuer.level == Level.NATIONAL:
        return (1 if agency.kind in SOCIAL_INSURANCE else 0, agency.code)
    rank = {Level.PROVINCE: 0, Level.DISTRICT: 2}.get(Level(agency.level), 3)
    if agency.kind in SOCIAL_INSURANCE:
        rank = 1
    return (rank, f"{agency.district_code or 0:06d}{agency.code}")


def route(issuer: Agency, counts: dict[int, int]) -> Routing:
    """Each holder's addressee at the issuer's level; the issuer never writes to itself (its
    own dossiers stay in its whole list only)."""
    holders = list(Agency.objects.filter(id__in=list(counts)).select_related("parent__parent"))
    ids = _Lookup({h.province_code for h in holders if h.province_code is not None})
    national = issuer.level == Level.NATIONAL
    addressee_of: dict[int, int] = {}
    totals: dict[int, int] = {}
    agencies: dict[int, Agency] = {}
    for holder in holders:
        target = _national_addressee(holder, ids) if national else _province_addressee(holder, ids)
        if target is None or target.id == issuer.id:
            continue
        addressee_of[holder.id] = target.id
        totals[target.id] = totals.get(target.id, 0) + counts[holder.id]
        agencies[target.id] = target
    ordered = sorted(agencies.values(), key=lambda a: _order(issuer, a))
    return Routing(addressee_of, [Addressee(a, totals[a.id]) for a in ordered])


def _unit_types(names: list[str]) -> str:
    """'quận, huyện, thành phố' for the districts named 'Quận 1', 'Huyện Nhà Bè', …"""
    found = []
    for unit_type in ("quận", "huyện", "thị xã", "thành phố"):
        if any(n.lower().removeprefix("ủy ban nhân dân ").startswith(unit_type) for n in names):
            found.append(unit_type)
    return ", ".join(found) or "quận, huyện"


def addressed_as(issuer: Agency, addressees: list[Addressee]) -> list[str]:
    """The letter's `Kính gửi` lines. The national letter addresses the heads (as the seed:
    the chairmen, the General Director), a province's letter the bodies; many bodies of one
    kind are named as a group."""
    committees = [a.agency for a in addressees if a.agency.kind == AgencyKind.PROVINCE_COMMITTEE]
    districts = [a.agency for a in addressees if a.agency.kind == AgencyKind.DISTRICT_COMMITTEE]
    lines: list[str] = []
    grouped_committees = len(committees) > NAMED_ONE_BY_ONE
    grouped_districts = len(districts) > NAMED_ONE_BY_ONE
    for a in addressees:
        agency = a.agency
        if agency.kind == AgencyKind.PROVINCE_COMMITTEE and issuer.level == Level.NATIONAL:
            if grouped_committees:
                if agency is committees[0]:
                    lines.append(
                        "Chủ tịch Ủy ban nhân dân các tỉnh, thành phố trực thuộc trung ương"
                    )
                continue
            lines.append(f"Chủ tịch {agency.name}")
        elif agency.kind == AgencyKind.SOCIAL_INSURANCE_NATIONAL:
            lines.append(f"Tổng Giám đốc {agency.name}")
        elif agency.kind == AgencyKind.DISTRICT_COMMITTEE and grouped_districts:
            if agency is districts[0]:
                types = _unit_types([d.name for d in districts])
                lines.append(f"Ủy ban nhân dân các {types}")
        else:
            lines.append(agency.name)
    return lines

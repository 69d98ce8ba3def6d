"""Reads of supervision: the statistics from the counters (never the dossier table) and the
overdue lists. Both are restricted to the supervisor's scope."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field, fields
from typing import Any, Literal

from django.db.models import Min, Q, QuerySet, Sum

from hotro.accounts.models import User
from hotro.catalog.models import Agency, Policy, Reason
from hotro.catalog.schema import AgencyKind
from hotro.catalog.selectors import policy_get
from hotro.core import clock
from hotro.core.errors import ValidationFailed
from hotro.supervision.models import ALL_POLICIES, StatCount, StatFigure, StatReason
from hotro.supervision.rules import STOCK, TERMINAL, Bucket, percent_of
from hotro.supervision.scopes import Scope, scope_resolve
from hotro.supervision.unswept import unswept_count

# Where a dossier is counted: at the agency holding its current step, or where it was
# received (decision 0016). The flows are counted where received in both.
View = Literal["held", "received"]


@dataclass
class Figures:
    received: int = 0
    done_on_time: int = 0
    done_late: int = 0
    pending_on_time: int = 0
    pending_overdue: int = 0
    awaiting_supplement: int = 0
    refused: int = 0
    rejected: int = 0
    withdrawn: int = 0

    @property
    def done(self) -> int:
        return self.done_on_time + self.done_late

    @property
    def in_processing(self) -> int:
        return self.pending_on_time + self.pending_overdue

    @property
    def on_time_rate(self) -> float | None:
        """Percent of the decided dossiers decided on time, one decimal (None before any
        decision). It says nothing of the open ones: read it beside `overdue_share`."""
        return percent_of(self.done_on_time, self.done)

    @property
    def overdue_share(self) -> float | None:
        """Percent of the dossiers in processing (the clock running) that are overdue, one
        decimal (None when none is in processing)."""
        return percent_of(self.pending_overdue, self.in_processing)

    def add(self, other: Figures) -> None:
        mine, theirs = vars(self), vars(other)
        for name, n in theirs.items():
            mine[name] += n


@dataclass(frozen=True)
class ReasonCount:
    bucket: str  # refused or rejected
    code: str
    text: str
    count: int


@dataclass
class Part:
    code: str
    name: str
    figures: Figures
    parent: str = ""  # a ward's district committee (its code), under which it is listed
    depth: int = 0  # 1 for a ward listed under its district


@dataclass
class Stats:
    scope: Scope
    policy_code: str | None
    date_from: dt.date | None
    date_to: dt.date
    as_of: dt.date
    figures: Figures
    top_reasons: list[ReasonCount]
    breakdown_level: str
    breakdown: list[Part] = field(default_factory=list)
    view: View = "received"
    # How far the nightly sweep has recorded the moves to overdue, and how many dossiers due
    # since then the figures count as overdue at read time (decision 0016).
    swept_through: dt.date | None = None
    unswept: int = 0


_FIELD = {
    Bucket.RECEIVED: "received",
    Bucket.DONE_ON_TIME: "done_on_time",
    Bucket.DONE_LATE: "done_late",
    Bucket.ON_TIME: "pending_on_time",
    Bucket.OVERDUE: "pending_overdue",
    Bucket.AWAITING: "awaiting_supplement",
    Bucket.REFUSED: "refused",
    Bucket.REJECTED: "rejected",
    Bucket.WITHDRAWN: "withdrawn",
}
# Figures are built from rows of these columns in this order (positionally, for speed).
assert tuple(_FIELD.values()) == tuple(f.name for f in fields(Figures))


_DAILY_GROUP = {"nation": "province_code", "province": "agency_id", "agency": "policy_id"}


def _live_figures(
    scope: Scope, policy: Policy | None, held: bool = False
) -> tuple[QuerySet[Any], str]:
    """The running totals one level below the scope (its breakdown) and the column naming
    the part: one row per province, per agency or (an agency's breakdown) per policy; by
    receiving agency (levels "a", "p") or, `held`, by holding agency ("h", "q")."""
    agency_level, province_level = ("h", "q") if held else ("a", "p")
    policy_id = policy.id if policy is not None else ALL_POLICIES
    if scope.kind == "nation":
        return StatFigure.objects.filter(level=province_level, policy_id=policy_id), "unit"
    if scope.agency is not None:
        rows = StatFigure.objects.filter(level=agency_level, unit=scope.agency.id)
        if policy is not None:
            return rows.filter(policy_id=policy.id), "policy_id"
        return rows.exclude(policy_id=ALL_POLICIES), "policy_id"
    rows = StatFigure.objects.filter(
        level=agency_level, province_code=scope.province, policy_id=policy_id
    )
    return rows, "unit"


def _live_reasons(scope: Scope, policy: Policy | None) -> QuerySet[Any]:
    """The running totals by reason of the scope itself."""
    if scope.kind == "nation":
        level, unit = "n", 0
    elif scope.agency is not None:
        level, unit = "a", scope.agency.id
    else:
        level, unit = "p", scope.province or 0
    policy_id = policy.id if policy is not None else ALL_POLICIES
    return StatReason.objects.filter(level=level, unit=unit, policy_id=policy_id)


FLOWS = (Bucket.RECEIVED, *TERMINAL)


def _figures_now(scope: Scope, policy: Policy | None, held: bool = False) -> dict[int, Figures]:
    """The running totals of the scope's parts as they stand now, by part (a province code,
    0 for central agencies; an agency id; a policy id)."""
    rows, group = _live_figures(scope, policy, held)
    # Tuples, not dicts: a province's read makes one Figures per agency (hundreds).
    return {key: Figures(*n) for key, *n in rows.values_list(group, *_FIELD.values())}


def _held_now(scope: Scope, policy: Policy | None) -> dict[int, Figures]:
    """The live figures of the held view: the flows where received, the stocks (in
    processing, overdue, awaiting supplement) where held now, part by part."""
    parts = _figures_now(scope, policy)
    for part in parts.values():
        part.pending_on_time = part.pending_overdue = part.awaiting_supplement = 0
    for key, stocks in _figures_now(scope, policy, held=True).items():
        part = parts.setdefault(key, Figures())
        part.pending_on_time = stocks.pending_on_time
        part.pending_overdue = stocks.pending_overdue
        part.awaiting_supplement = stocks.awaiting_supplement
    return parts


def _reasons_now(scope: Scope, policy: Policy | None) -> Counter[tuple[str, str]]:
    rows = (
        _live_reasons(scope, policy)
        .filter(bucket__in=[Bucket.REFUSED.value, Bucket.REJECTED.value])
        .values_list("bucket", "reason_code", "n")
    )
    return Counter({(bucket, code): n for bucket, code, n in rows})


def _reason_rows(daily: QuerySet[StatCount]) -> list[tuple[str, str, int]]:
    return list(
        daily.filter(bucket__in=[Bucket.REFUSED.value, Bucket.REJECTED.value])
        .exclude(reason_code="")
        .values("bucket", "reason_code")
        .annotate(count=Sum("n"))
        .values_list("bucket", "reason_code", "count")
        .order_by()
    )


def _take_back(parts: dict[int, Figures], key: int, sums: dict[str, int]) -> None:
    figures = parts.setdefault(key, Figures())
    for name, n in sums.items():
        setattr(figures, name, getattr(figures, name) - n)


def _backward(
    scope: Scope,
    policy: Policy | None,
    daily: QuerySet[StatCount],
    group: str,
    as_of: dt.date,
    date_from: dt.date | None,
    date_to: dt.date,
) -> tuple[dict[int, Figures], Counter[tuple[str, str]]]:
    """The running totals (now) minus what came after the day asked: stock moves after
    `as_of`; flows after `date_to`, unless the period has a start (then its own days)."""
    parts = _figures_now(scope, policy)
    stock_sums = {_FIELD[b]: Sum("n", filter=Q(bucket=b.value), default=0) for b in STOCK}
    flow_sums = {_FIELD[b]: Sum("n", filter=Q(bucket=b.value), default=0) for b in FLOWS}
    if date_from is None:
        reasons = _reasons_now(scope, policy)
        later = daily.filter(day__gt=date_to)
        taken = {
            **{
                _FIELD[b]: Sum("n", filter=Q(bucket=b.value, day__gt=as_of), default=0)
                for b in STOCK
            },
            **flow_sums,
        }
        for row in later.values(group).annotate(**taken).order_by():
            _take_back(parts, row.pop(group) or 0, row)
        for bucket, code, n in _reason_rows(later):
            reasons[(bucket, code)] -= n
        return parts, reasons
    for row in daily.filter(day__gt=as_of).values(group).annotate(**stock_sums).order_by():
        _take_back(parts, row.pop(group) or 0, row)
    for part in parts.values():  # the flows are the period's alone
        for name in flow_sums:
            setattr(part, name, 0)
    period = daily.filter(day__gte=date_from, day__lte=date_to)
    for row in period.values(group).annotate(**flow_sums).order_by():
        _take_back(parts, row.pop(group) or 0, {k: -v for k, v in row.items()})
    reasons = Counter[tuple[str, str]]()
    for bucket, code, n in _reason_rows(period):
        reasons[(bucket, code)] += n
    return parts, reasons


def _forward(
    daily: QuerySet[StatCount],
    group: str,
    as_of: dt.date,
    date_from: dt.date | None,
    date_to: dt.date,
) -> tuple[dict[int, Figures], Counter[tuple[str, str]]]:
    """The daily rows summed from the first day: stocks up to `as_of`, flows over the
    period (from the first day when it has no start)."""
    period = Q(day__lte=date_to) & (Q(day__gte=date_from) if date_from else Q())
    sums = {
        **{_FIELD[b]: Sum("n", filter=Q(bucket=b.value), default=0) for b in STOCK},
        **{_FIELD[b]: Sum("n", filter=Q(bucket=b.value) & period, default=0) for b in FLOWS},
    }
    upto = daily.filter(day__lte=as_of)
    parts = {
        row.pop(group) or 0: Figures(**row)
        for row in upto.values(group).annotate(**sums).order_by()
    }
    reasons = Counter[tuple[str, str]]()
    for bucket, code, n in _reason_rows(upto.filter(period)):
        reasons[(bucket, code)] += n
    return parts, reasons


def stats_get(
    *,
    user: User,
    province: int | None = None,
    agency: str | None = None,
    policy_code: str | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    as_of: dt.date | None = None,
    top: int = 10,
    view: View = "received",
) -> Stats:
    """The statistics of a scope from the counters: received, done (on time, late), refused,
    rejected and withdrawn over the period [date_from, date_to]; in processing (on time,
    overdue) and awaiting supplement as of `as_of`; the top reasons of refusal and rejection
    over the period; and the same one level down (nation → provinces → agencies, a district's
    wards under it; an agency → its policies). `date_to` defaults to `as_of`, which defaults
    to today. "Done" is the decision (approve): paying and returning the result come after.

    `view` "held" counts the stocks at the agency holding the current step (today only);
    "received" counts everything at the receiving agency. Dossiers due since the sweep last
    ran count as overdue, read through the partial index of open due dates (decision 0016)."""
    scope = scope_resolve(user=user, province=province, agency=agency)
    today = clock.today()
    as_of = as_of or today
    if as_of > today:  # the counters know nothing of tomorrow
        raise ValidationFailed("stats_as_of_future", params={"today": today.isoformat()})
    date_to = date_to or as_of
    if date_to > as_of:
        raise ValidationFailed("stats_period_after_as_of", params={"as_of": as_of.isoformat()})
    if date_from and date_from > date_to:
        raise ValidationFailed("date_range")
    policy = policy_get(code=policy_code) if policy_code else None
    level = {"nation": "province", "province": "agency", "agency": "policy"}[scope.kind]
    live = date_from is None and date_to == today
    if view == "held" and not live:
        raise ValidationFailed("stats_held_live_only", params={"today": today.isoformat()})
    if view == "held":
        parts, reasons = _held_now(scope, policy), _reasons_now(scope, policy)
    elif live:  # the live figures: the running totals
        parts, reasons = _figures_now(scope, policy), _reasons_now(scope, policy)
    else:
        daily = StatCount.objects.filter(scope.counters())
        if policy is not None:
            daily = daily.filter(policy=policy)
        group = _DAILY_GROUP[scope.kind]
        # Read whichever side of the day asked holds fewer days: from now back to it (the
        # running totals minus what came later), or from the first day up to it.
        back_to = as_of if date_from is not None else date_to
        first = StatCount.objects.aggregate(first=Min("day"))["first"] or as_of
        if (today - back_to) <= (as_of - first):
            parts, reasons = _backward(scope, policy, daily, group, as_of, date_from, date_to)
        else:
            parts, reasons = _forward(daily, group, as_of, date_from, date_to)
    through, late = unswept_count(
        kind=scope.kind,
        agency_id=scope.agency.id if scope.agency is not None else None,
        province=scope.province,
        policy_id=policy.id if policy is not None else None,
        before=as_of,
        held=view == "held",
    )
    for key, n in late.items():  # on time in the counters, overdue by the date
        figures = parts.setdefault(key, Figures())
        figures.pending_on_time -= n
        figures.pending_overdue += n
    total = Figures()
    named: dict[Any, Figures] = {}
    for key in sorted(parts):
        figures = parts[key]
        if figures == Figures():  # nothing yet on the day asked
            continue
        named[None if level == "province" and key == 0 else key] = figures
        total.add(figures)
    top_reasons = sorted(
        ((bucket, code, n) for (bucket, code), n in reasons.items() if n),
        key=lambda r: (-r[2], r[1]),
    )[:top]
    texts = dict(Reason.objects.values_list("code", "text"))
    return Stats(
        scope=scope,
        policy_code=policy_code,
        date_from=date_from,
        date_to=date_to,
        as_of=as_of,
        figures=total,
        top_reasons=[
            ReasonCount(bucket, code, texts.get(code, ""), n) for bucket, code, n in top_reasons
        ],
        breakdown_level=level,
        breakdown=_named(level, named, scope.province if scope.kind == "province" else None),
        view=view,
        swept_through=through,
        unswept=sum(late.values()),
    )


def _named(level: str, parts: dict[Any, Figures], province: int | None = None) -> list[Part]:
    if level == "province":
        names: dict[Any, str] = {
            code: name
            for code, name in Agency.objects.filter(
                kind=AgencyKind.PROVINCE_COMMITTEE, province_code__in=list(parts)
            ).values_list("province_code", "name")
        }
        return [
            Part(
                "" if k is None else str(k),
                names.get(k) or ("Cơ quan trung ương" if k is None else f"Tỉnh {k}"),
                f,
            )
            for k, f in parts.items()
        ]
    if level == "agency":
        return _agencies_named(parts, province)
    named = Policy.objects.filter(id__in=list(parts))
    found = {pk: (code, name) for pk, code, name in named.values_list("id", "code", "name")}
    return [Part(*found[k], f) for k, f in parts.items() if k in found]


def _agencies_named(parts: dict[Any, Figures], province: int | None) -> list[Part]:
    """A province's agencies in the catalog's order of units: the province's own first, then
    each district with its wards listed under it (a ward carries its district committee's
    code even when the district itself has nothing to show)."""
    named: QuerySet[Agency]
    if province is not None:
        # The province's agencies by one parameter: hundreds of ids in an IN list cost more
        # to send than the few rows more this reads.
        named = Agency.objects.filter(province_code=province)
    else:
        named = Agency.objects.filter(id__in=list(parts))
    found = {
        pk: (code, name, district, ward, parent or "")
        for pk, code, name, district, ward, parent in named.values_list(
            "id", "code", "name", "district_code", "ward_code", "parent__code"
        )
    }

    def place(pk: int) -> tuple[int, int, int, int, int]:
        _, _, district, ward, _ = found[pk]
        return (district is not None, district or 0, ward is not None, ward or 0, pk)

    out = []
    for pk in sorted((k for k in parts if k in found), key=place):
        code, name, _, ward, parent = found[pk]
        ward_row = ward is not None
        out.append(Part(code, name, parts[pk], parent if ward_row else "", int(ward_row)))
    return out


@dataclass(frozen=True)
class DayFlows:
    day: dt.date
    figures: Figures  # the flows of that day only (received, done, refused, …); stocks stay 0


def flows_daily(
    *,
    user: User,
    date_from: dt.date,
    date_to: dt.date,
    province: int | None = None,
    agency: str | None = None,
    policy_code: str | None = None,
) -> list[DayFlows]:
    """The flows of a scope day by day over [date_from, date_to], every day listed: what
    `stats_get(date_from=d, date_to=d)` counts for each day, in one grouped query."""
    scope = scope_resolve(user=user, province=province, agency=agency)
    if date_from > date_to:
        raise ValidationFailed("date_range")
    flows = [b for b in _FIELD if b == Bucket.RECEIVED or b in TERMINAL]
    rows = StatCount.objects.filter(
        scope.counters(),
        day__gte=date_from,
        day__lte=date_to,
        bucket__in=[b.value for b in flows],
    )
    if policy_code:
        rows = rows.filter(policy=policy_get(code=policy_code))
    sums = {_FIELD[b]: Sum("n", filter=Q(bucket=b.value), default=0) for b in flows}
    by_day = {row.pop("day"): Figures(**row) for row in rows.values("day").annotate(**sums)}
    days = (date_to - date_from).days + 1
    return [
        DayFlows(d, by_day.get(d, Figures()))
        for d in (date_from + dt.timedelta(days=i) for i in range(days))
    ]

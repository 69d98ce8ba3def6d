"""The dossiers the counters still hold on time although their due date has passed, because
the nightly sweep has not reached that day yet: counted at read time so that the figures
never depend on whether the sweep ran (decision 0016).

Read through the partial index of open dossiers' due dates (`dossier_on_time_due_holder`,
which covers the receiving agency, policy, status and step agency): only the range of due
dates from the sweep's mark to the day asked is read, usually one day's."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.db.models import Count, Q

from hotro.dossiers.holders import HOLDER, provinces_of
from hotro.dossiers.models import Dossier
from hotro.dossiers.selectors import held_in_province
from hotro.supervision.models import StatSweep
from hotro.supervision.rules import Bucket


def unswept_count(
    *,
    kind: str,
    agency_id: int | None,
    province: int | None,
    policy_id: int | None,
    before: dt.date,
    held: bool,
) -> tuple[dt.date | None, dict[int, int]]:
    """The sweep's mark, and by part of the scope's breakdown (a province code, 0 for central
    agencies; an agency id; a policy id) how many dossiers recorded on time were due before
    `before` and after the mark. By receiving agency, or (`held`) by holding agency."""
    through = StatSweep.objects.filter(id=1).values_list("through", flat=True).first()
    if through is not None and through >= before:
        return through, {}
    late = Dossier.objects.filter(stat_bucket=Bucket.ON_TIME, due_date__lt=before)
    if through is not None:
        late = late.filter(due_date__gte=through)
    if policy_id is not None:
        late = late.filter(policy_id=policy_id)
    unit = "holder" if held else "agency_id"
    if held:
        late = late.annotate(holder=HOLDER)
    if agency_id is not None:  # an agency's breakdown is by policy
        rows = late.filter(**{unit: agency_id}).values_list("policy_id").annotate(n=Count("id"))
        return through, {p: n for p, n in rows.order_by()}
    if kind == "province" and province is not None:  # the province's rows only, in SQL
        late = late.filter(
            held_in_province(province) if held else Q(agency__province_code=province)
        )
    by_agency = dict(late.values_list(unit).annotate(n=Count("id")).order_by())
    provinces = provinces_of(by_agency)
    parts: dict[int, int] = defaultdict(int)
    for agency, n in by_agency.items():
        if kind == "nation":
            parts[provinces.get(agency) or 0] += n
        elif provinces.get(agency) == province:
            parts[agency] += n
    return through, dict(parts)

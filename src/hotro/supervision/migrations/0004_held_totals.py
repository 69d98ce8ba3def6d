"""The running totals by holding agency (levels "h" and "q" of StatFigure, decision 0016),
built from the dossiers' recorded buckets in SQL that PostgreSQL and SQLite both run: one
pass over the open dossiers. A dossier recorded on time whose due date is before the sweep's
mark counts as overdue (decision 0008). A copy of the rule frozen here: the services may
change later."""

from django.db import migrations

_BUCKETS = (
    "received", "pending_on_time", "pending_overdue", "awaiting_supplement",
    "done_on_time", "done_late", "refused", "rejected", "withdrawn",
)
_STOCK = ("pending_on_time", "pending_overdue", "awaiting_supplement")
_SUMS = ", ".join(
    f"SUM(CASE WHEN bucket = '{b}' THEN 1 ELSE 0 END)" if b in _STOCK else "0" for b in _BUCKETS
)
_HELD = (
    "SELECT CASE WHEN d.status = 'submitted' OR d.step_agency_id IS NULL THEN d.agency_id "
    "ELSE d.step_agency_id END AS holder, d.policy_id AS policy_id, "
    "CASE WHEN d.stat_bucket = 'pending_on_time' AND s.through IS NOT NULL "
    "AND d.due_date < s.through THEN 'pending_overdue' ELSE d.stat_bucket END AS bucket "
    "FROM dossiers_dossier d LEFT JOIN supervision_statsweep s ON s.id = 1 "
    "WHERE d.stat_bucket IN ('pending_on_time', 'pending_overdue', 'awaiting_supplement')"
)
_FIGURES = " UNION ALL ".join(
    f"SELECT '{level}', {unit}, MAX(a.province_code), {policy}, {_SUMS} "
    f"FROM ({_HELD}) h JOIN catalog_agency a ON a.id = h.holder GROUP BY {group}"
    for level, unit, policy, group in (
        ("h", "h.holder", "h.policy_id", "h.holder, h.policy_id"),
        ("h", "h.holder", "0", "h.holder"),
        ("q", "COALESCE(a.province_code, 0)", "h.policy_id", "a.province_code, h.policy_id"),
        ("q", "COALESCE(a.province_code, 0)", "0", "a.province_code"),
    )
)
FILL = (
    "INSERT INTO supervision_statfigure (level, unit, province_code, policy_id, "
    f"{', '.join(_BUCKETS)}) {_FIGURES}"
)
EMPTY = "DELETE FROM supervision_statfigure WHERE level IN ('h', 'q')"


class Migration(migrations.Migration):

    dependencies = [
        ("supervision", "0003_wide_totals_and_sweep_mark"),
        ("dossiers", "0008_open_due_index_with_holder"),
        ("catalog", "0001_initial"),
    ]

    operations = [migrations.RunSQL(FILL, EMPTY)]

"""What the dossier pages show beside the dossier itself: its deadline, its slips."""

from __future__ import annotations

from typing import Any

from hotro.core import clock
from hotro.documents.slips import Slip
from hotro.dossiers.calendar import working_calendar
from hotro.dossiers.domain.deadlines import WorkingCalendar, working_days_left
from hotro.dossiers.domain.status import CLOCK_RUNNING, Status
from hotro.dossiers.models import Dossier

SLIPS = frozenset(s.value for s in Slip)


def deadline(d: Dossier, calendar: WorkingCalendar | None = None) -> dict[str, Any]:
    """Working days left, or overdue by (R4: computed from the calendar, never stored)."""
    if Status(d.status) not in CLOCK_RUNNING:
        return {"running": False, "left": None, "overdue": False, "late_by": 0}
    left = working_days_left(calendar or working_calendar(), d.due_date, clock.today())
    return {"running": True, "left": left, "overdue": left < 0, "late_by": -left}

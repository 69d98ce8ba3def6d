from typing import Any

from django.core.management.base import BaseCommand

from hotro.dossiers.sweep import overdue_sweep


class Command(BaseCommand):
    requires_system_checks: list[str] = []  # starts fast: see hotro.cli
    help = "Record the dossiers and steps that became overdue and notify who holds them."

    def handle(self, *args: Any, **options: Any) -> None:
        report = overdue_sweep()
        self.stdout.write(
            f"overdue: {report.dossiers_overdue} dossiers, {report.steps_overdue} steps; "
            f"{report.notifications} notifications; "
            f"{report.counters_moved} moved to overdue in the statistics"
        )

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from hotro.supervision.digests import digest_daily, digest_weekly


class Command(BaseCommand):
    requires_system_checks: list[str] = []  # starts fast: see hotro.cli
    help = (
        "Supervision's notifications: `hotro digest weekly` (each agency's overdue and soon-due "
        "dossiers to its officers), `hotro digest daily` (to supervisors: the agencies whose "
        "overdue count rose). Both send once per week or day, however often they run."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("which", choices=["weekly", "daily"])

    def handle(self, *args: Any, **options: Any) -> None:
        report = digest_weekly() if options["which"] == "weekly" else digest_daily()
        self.stdout.write(f"{report.agencies} agencies, {report.notifications} notifications")

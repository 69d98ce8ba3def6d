import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from hotro.catalog.services import catalog_load


class Command(BaseCommand):
    help = "Load (or update) agencies, policies and reasons from the catalog's data files."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--provinces",
            help="Comma-separated GSO province codes to load agencies for (default: all 63)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        provinces = (
            {int(p) for p in options["provinces"].split(",")} if options["provinces"] else None
        )
        started = time.perf_counter()
        report = catalog_load(provinces=provinces)
        self.stdout.write(
            f"agencies: {report.agencies_created} new, {report.agencies_updated} updated; "
            f"policies: {report.policies}; reasons: {report.reasons}; "
            f"calendar days: {report.calendar_days} "
            f"({time.perf_counter() - started:.1f} s)"
        )

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from hotro.dossiers.generator import generate


class Command(BaseCommand):
    help = "Generate realistic synthetic dossiers with bulk inserts."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dossiers", type=int, required=True)
        parser.add_argument("--seed", type=int, default=2021)
        parser.add_argument("--provinces", help="Comma-separated GSO province codes")
        parser.add_argument("--batch", type=int, default=5000)

    def handle(self, *args: Any, **options: Any) -> None:
        provinces = (
            [int(p) for p in options["provinces"].split(",")] if options["provinces"] else None
        )
        started = time.perf_counter()
        report = generate(
            count=options["dossiers"],
            seed=options["seed"],
            provinces=provinces,
            batch=options["batch"],
        )
        elapsed = time.perf_counter() - started
        self.stdout.write(
            f"{report.dossiers} dossiers, {report.beneficiaries} beneficiaries, "
            f"{report.events} events in {elapsed:.1f} s "
            f"({report.dossiers / max(elapsed, 1e-9):,.0f} dossiers/s)"
        )

from typing import Any

from django.core.management.base import BaseCommand

from hotro.demokey import demo_code


class Command(BaseCommand):
    # `hotro democode` alone never gets here: hotro.cli answers it before Django starts.
    help = "Print the second-factor code of the demo's published key, valid for 30 seconds."
    requires_system_checks: list[str] = []

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(demo_code())

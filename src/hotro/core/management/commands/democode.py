from typing import Any

from django.core.management.base import BaseCommand

from hotro.demo import demo_code


class Command(BaseCommand):
    help = "Print the second-factor code of the demo's published key, valid for 30 seconds."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(demo_code())

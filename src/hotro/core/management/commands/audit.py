from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from hotro.dossiers.history import chains_verify
from hotro.dossiers.models import Dossier


class Command(BaseCommand):
    requires_system_checks: list[str] = []  # starts fast: see hotro.cli
    help = "Audit the dossiers' histories: `hotro audit verify` checks every hash chain (R7)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        verify = sub.add_parser("verify", help="Check every chain; name the first broken link")
        verify.add_argument("--dossier", help="Only this dossier code")

    def handle(self, *args: Any, **options: Any) -> None:
        dossiers = Dossier.objects.order_by("id")
        if options["dossier"]:
            dossiers = dossiers.filter(code=options["dossier"])
        broken = 0
        for dossier, event in chains_verify(dossiers):
            broken += 1
            self.stdout.write(
                f"BROKEN {dossier.code}: event #{event.seq} ({event.action}"
                f"{f', {event.at:%Y-%m-%d %H:%M}' if event.at else ''}): {event.why}"
            )
        total = dossiers.count()
        if broken:
            raise CommandError(f"{broken} of {total} dossiers have a broken history")
        self.stdout.write(f"{total} dossiers: every history chain verifies")

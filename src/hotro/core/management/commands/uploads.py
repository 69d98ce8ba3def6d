from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from hotro.dossiers.orphans import orphans_purge


class Command(BaseCommand):
    requires_system_checks: list[str] = []  # starts fast: see hotro.cli
    help = (
        "Uploads: `hotro uploads purge [--older-than-hours N]` deletes the uploads never "
        "attached to a dossier, with their files (the worker does it every hour)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        purge = sub.add_parser("purge", help="Delete unattached uploads older than N hours")
        purge.add_argument(
            "--older-than-hours",
            type=int,
            default=None,
            help=f"Default: HOTRO_ORPHAN_UPLOAD_HOURS ({settings.HOTRO_ORPHAN_UPLOAD_HOURS})",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        purged = orphans_purge(older_than_hours=options["older_than_hours"])
        self.stdout.write(f"{purged.documents} unattached uploads deleted ({purged.bytes} bytes)")

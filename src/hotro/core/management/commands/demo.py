from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from hotro.demo import ACCOUNTS, PASSWORD, demo_load
from hotro.demokey import DEMO_TOTP_BASE32


class Command(BaseCommand):
    help = "Load the demo: an account for every role and a few hundred synthetic dossiers."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dossiers",
            type=int,
            default=300,
            help="How many synthetic dossiers to generate when the database holds none "
            "(default 300). 0: the accounts, the demo PKI and the agencies' signing keys "
            "only, an empty dossier table to try the journeys from the first submission.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        report = demo_load(dossiers=options["dossiers"])
        if report is None:
            self.stdout.write("demo already loaded")
        else:
            self.stdout.write(f"demo: {report.dossiers} dossiers, {dict(report.by_status)}")
        self.stdout.write(f"demo accounts (password {PASSWORD}):")
        for a in ACCOUNTS:
            self.stdout.write(f"  {a.username:<20} {a.what}")
        self.stdout.write(
            f"officers, supervisors and quantri: second factor with the published demo key "
            f"{DEMO_TOTP_BASE32} (any authenticator app), or `hotro democode`"
        )
        examples = Path(settings.HOTRO_SIGNING_DIR) / "examples"
        if examples.is_dir():
            self.stdout.write(
                f"signed sample documents to upload on the apply pages: {examples}/ "
                "(danh-sach-nguoi-lao-dong.pdf signed by An Phát, xac-nhan-bhxh.pdf by Social "
                "Insurance)"
            )

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from hotro.signatures import testpki


class Command(BaseCommand):
    requires_system_checks: list[str] = []  # starts fast: see hotro.cli
    help = (
        "Build a demonstration PKI in DIR: a national root, two CA providers, an employer's, "
        "a Social Insurance office's and agencies' certificates (PKCS#12, passphrase "
        f"{testpki.DEMO_PASSPHRASE.decode()}), and CRLs. For demos and tests only."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("directory", type=Path)
        parser.add_argument(
            "--agency",
            action="append",
            default=[],
            metavar="CODE=NAME",
            help="An agency to issue a signing certificate to (repeatable)",
        )
        parser.add_argument(
            "--employer-tax-code", default=testpki.EMPLOYER_TAX_CODE, help="MST of the employer"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        agencies = dict(a.split("=", 1) for a in options["agency"])
        pki = testpki.demo_pki(employer_tax_code=options["employer_tax_code"], agencies=agencies)
        for path in testpki.write(pki, options["directory"]):
            self.stdout.write(str(path))

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from hotro.core.errors import AppError
from hotro.signatures import selectors
from hotro.signatures.services import crl_add, documents_revalidate, trust_add


class Command(BaseCommand):
    requires_system_checks: list[str] = []  # starts fast: see hotro.cli
    help = (
        "The signatures' trust store: `hotro trust add FILE…` (root or intermediate CA "
        "certificates, PEM or DER), `hotro trust crl FILE…` (CRLs), `hotro trust list`."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        add = sub.add_parser("add", help="Trust the CA certificates in these files")
        add.add_argument("files", nargs="+", type=Path)
        crl = sub.add_parser("crl", help="Load these certificate revocation lists")
        crl.add_argument("files", nargs="+", type=Path)
        sub.add_parser("list", help="List the trusted certificates and the CRLs")
        again = sub.add_parser(
            "revalidate",
            help="Judge stored documents again with the current trust store, as of the time "
            "the system received each (after adding a root or a CRL)",
        )
        again.add_argument(
            "--verdict",
            action="append",
            choices=["TOTAL_PASSED", "INDETERMINATE", "TOTAL_FAILED"],
            help="Only documents with this verdict now (repeatable); default: all signed ones",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "revalidate":
            changed = documents_revalidate(verdicts=options["verdict"])
            self.stdout.write(
                f"{changed.checked} documents judged again, {changed.changed} changed"
            )
            return
        if action == "list":
            for cert in selectors.trusted_certificates():
                kind = "root" if cert.is_root else "intermediate"
                self.stdout.write(f"{kind:12} {cert.subject}  (until {cert.not_after:%Y-%m-%d})")
            for crl in selectors.revocation_lists():
                self.stdout.write(
                    f"{'CRL':12} {crl.issuer}  ({crl.this_update:%Y-%m-%d}, "
                    f"{crl.revoked_count} revoked)"
                )
            return
        for path in options["files"]:
            try:
                data = path.read_bytes()
                if action == "add":
                    for cert in trust_add(data=data, source=str(path)):
                        kind = "root" if cert.is_root else "intermediate"
                        self.stdout.write(f"trusted {kind}: {cert.subject}")
                else:
                    row = crl_add(data=data, source=str(path))
                    self.stdout.write(f"CRL of {row.issuer}: {row.revoked_count} revoked")
            except OSError as exc:
                raise CommandError(f"{path}: {exc.strerror}") from exc
            except AppError as exc:
                codes = ", ".join(e.code for e in exc.errors) or exc.code
                raise CommandError(f"{path}: {codes}") from exc

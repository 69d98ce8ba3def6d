from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from hotro.accounts.models import Role
from hotro.accounts.services import user_create
from hotro.catalog.selectors import agency_get
from hotro.core.errors import AppError


class Command(BaseCommand):
    requires_system_checks: list[str] = []  # starts fast: see hotro.cli
    help = "Manage users: `hotro user add NAME --role ROLE [--agency CODE] [--password P]`."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        add = sub.add_parser("add", help="Create a user")
        add.add_argument("name")
        add.add_argument("--role", required=True, choices=[r.value for r in Role])
        add.add_argument("--agency", help="Identifier code of the officer's or supervisor's agency")
        add.add_argument("--password")
        add.add_argument("--full-name", default="")
        add.add_argument("--email", default="")
        add.add_argument(
            "--head", action="store_true", help="An officer who heads the agency (weekly digest)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            agency = agency_get(code=options["agency"]) if options["agency"] else None
            user = user_create(
                username=options["name"],
                role=Role(options["role"]),
                password=options["password"],
                agency=agency,
                full_name=options["full_name"],
                email=options["email"],
                agency_head=options["head"],
            )
        except AppError as exc:
            raise CommandError(f"{exc.code}: {[(e.field, e.code) for e in exc.errors]}") from exc
        self.stdout.write(f"created {user.username} ({user.role})")

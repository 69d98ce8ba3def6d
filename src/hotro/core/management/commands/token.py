from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from hotro.accounts.models import TokenScope, User
from hotro.accounts.services import token_issue, token_limits
from hotro.core.errors import ValidationFailed
from hotro.core.messages import render


class Command(BaseCommand):
    requires_system_checks: list[str] = []  # starts fast: see hotro.cli
    help = (
        "Print a new API token for a user (shown once; only its hash is stored). This is the "
        "operator's way, on the server; people make their own from a logged-in session "
        "(POST /api/v1/tokens; staff after the second factor)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("name")
        parser.add_argument("--label", default="cli")
        parser.add_argument(
            "--scope",
            choices=TokenScope.values,
            help="read (GET only) or write; default: the widest the user's role may have",
        )
        parser.add_argument(
            "--days",
            type=int,
            help="lifetime; default: the role's (HOTRO_TOKEN_DAYS, HOTRO_STAFF_TOKEN_DAYS), "
            "at most HOTRO_TOKEN_MAX_DAYS",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username=options["name"]).first()
        if user is None:
            raise CommandError(f"no user {options['name']}")
        try:
            key = token_issue(
                user=user, name=options["label"], scope=options["scope"], days=options["days"]
            )
        except ValidationFailed as exc:
            raise CommandError(
                "; ".join(f"--{e.field}: {render(e.code, 'en', e.params)}" for e in exc.errors)
            ) from exc
        limits = token_limits(user)
        self.stderr.write(
            f"scope {options['scope'] or limits.scopes[0]}, "
            f"{options['days'] or limits.days} days (the key is printed once)"
        )
        self.stdout.write(key)

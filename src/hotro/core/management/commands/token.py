from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from hotro.accounts.models import User
from hotro.accounts.services import token_issue


class Command(BaseCommand):
    help = "Print a new API token for a user (shown once; only its hash is stored)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("name")
        parser.add_argument("--label", default="cli")

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username=options["name"]).first()
        if user is None:
            raise CommandError(f"no user {options['name']}")
        self.stdout.write(token_issue(user=user, name=options["label"]))

import os
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from hotro import env


class Command(BaseCommand):
    help = "Run the background worker (Celery) with its beat for the scheduled tasks."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--concurrency", type=int, default=2)
        parser.add_argument("--no-beat", action="store_true", help="Leave scheduling to another")

    def handle(self, *args: Any, **options: Any) -> None:
        if not env.CELERY_BROKER_URL.get():
            raise CommandError("CELERY_BROKER_URL is empty: tasks run in-process, no worker needed")
        argv = [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "hotro",
            "worker",
            "--loglevel",
            "INFO",
            "--concurrency",
            str(options["concurrency"]),
        ]
        if not options["no_beat"]:
            argv.append("--beat")
        os.execv(sys.executable, argv)  # noqa: S606 (replace this process with the worker)

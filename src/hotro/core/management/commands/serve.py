import os
import subprocess
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = (
        "Serve the application with gunicorn (static files by WhiteNoise). Each worker is "
        "replaced after --max-requests requests (plus a random jitter, so that they are not "
        "all replaced at once) and is limited to HOTRO_WORKER_MEMORY_MB of address space."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
        parser.add_argument("--workers", type=int, default=2)
        parser.add_argument("--max-requests", type=int, default=1000)
        parser.add_argument("--max-requests-jitter", type=int, default=100)

    def argv(self, **options: Any) -> list[str]:
        bind = f"{options['host']}:{options['port']}"
        return [
            sys.executable,
            "-m",
            "gunicorn",
            "hotro.wsgi:application",
            "--config",
            "python:hotro.core.gunicorn_conf",  # the memory limit, set in each worker
            "--bind",
            bind,
            "--workers",
            str(options["workers"]),
            "--max-requests",
            str(options["max_requests"]),
            "--max-requests-jitter",
            str(options["max_requests_jitter"]),
            "--access-logfile",
            "-",
            "--timeout",
            "120",
        ]

    def handle(self, *args: Any, **options: Any) -> None:
        argv = self.argv(**options)
        bind = argv[argv.index("--bind") + 1]
        host = "127.0.0.1" if options["host"] in ("0.0.0.0", "::") else options["host"]  # noqa: S104
        url = f"http://{host}:{options['port']}"
        self.stdout.write(f"Hỗ trợ: starting on {bind}; the address follows once it answers")
        self.stdout.flush()
        # The address is printed by a process beside gunicorn after the first answer.
        subprocess.Popen([sys.executable, "-m", "hotro.core.readiness", url])  # noqa: S603
        os.execv(sys.executable, argv)  # noqa: S606 (replace this process with gunicorn)

"""The `hotro` command: Django's management commands plus the project's own
(serve, loadcatalog, demo, generate, user, token)."""

from __future__ import annotations

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hotro.settings")
    from django.core.management import execute_from_command_line

    from hotro.env import Refused

    try:
        execute_from_command_line(["hotro", *sys.argv[1:]])
    except Refused as exc:
        sys.exit(f"hotro: {exc}")


if __name__ == "__main__":
    main()

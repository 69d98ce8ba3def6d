"""The `hotro` command: Django's management commands plus the project's own
(serve, loadcatalog, demo, generate, user, token, officers).

`hotro democode` in the demo is answered here, before Django starts: the code comes from the
published key alone (hotro.demokey), so it needs neither the settings nor the database.

Starting fast (an administrator scripts hundreds of calls): django.setup() reads the admin
modules, so they import the signature and PDF libraries only when used; Celery is made by the
tasks modules, not by the package; and the operator's commands (token, user, officers, sweep,
stats, audit, digest, uploads, trust, testpki, democode) skip Django's system checks, which
import the whole URL configuration (every page, the API, WeasyPrint). `hotro check` runs the
checks, and so does `hotro serve` before it starts."""

from __future__ import annotations

import os
import sys


def _demo_environment() -> bool:
    return os.environ.get("HOTRO_ENV", "").strip().lower() == "demo"


def main() -> None:
    args = sys.argv[1:]
    if args == ["democode"] and _demo_environment():
        from hotro.demokey import demo_code

        sys.stdout.write(demo_code() + "\n")
        return
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hotro.settings")
    from django.core.management import execute_from_command_line

    from hotro.env import Refused

    try:
        execute_from_command_line(["hotro", *args])
    except Refused as exc:
        sys.exit(f"hotro: {exc}")


if __name__ == "__main__":
    main()

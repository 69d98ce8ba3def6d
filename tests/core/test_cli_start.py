"""`hotro` starts fast: democode without Django, django.setup() without the signature, PDF and
Celery libraries, and the operator's commands without Django's system checks (which import
every page). Each test looks at what a fresh interpreter loaded, never at a timing."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from celery.schedules import crontab
from django.core.management import load_command_class
from django_otp.oath import hotp

from hotro import demokey

HEAVY = ("weasyprint", "pyhanko", "celery", "aiohttp", "docx", "openpyxl", "hotro.api")


def _fresh(code: str, **environ: str) -> dict[str, object]:
    """Run `code` in a new interpreter; it prints a JSON object on its last line."""
    env = {**os.environ, "HOTRO_ENV": "demo", **environ}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    out = subprocess.run(  # noqa: S603 (our own interpreter and code)
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    ).stdout
    return dict(json.loads(out.strip().splitlines()[-1]))


@pytest.mark.parametrize("at", [0, 59, 1_634_090_400, 1_634_090_429, 1_634_090_430, 2**33])
def test_the_standard_library_code_is_django_otps(at: int) -> None:
    expected = hotp(bytes.fromhex(demokey.DEMO_TOTP_KEY), at // 30)  # what django-otp checks
    assert demokey.demo_code(at) == f"{expected:06d}"


def test_the_published_base32_key_is_the_stored_key() -> None:
    import base64

    assert base64.b32decode(demokey.DEMO_TOTP_BASE32).hex() == demokey.DEMO_TOTP_KEY


def test_democode_answers_before_django_starts() -> None:
    seen = _fresh(
        "import io, json, sys, contextlib\n"
        "sys.argv = ['hotro', 'democode']\n"
        "from hotro import cli\n"
        "buf = io.StringIO()\n"
        "with contextlib.redirect_stdout(buf):\n"
        "    cli.main()\n"
        "print(json.dumps({'out': buf.getvalue(),"
        " 'django': sorted(m for m in sys.modules if m.split('.')[0] == 'django')}))"
    )
    out = str(seen["out"]).strip()
    assert len(out) == 6 and out.isdigit()
    assert seen["django"] == []


def test_democode_outside_the_demo_goes_through_the_settings() -> None:
    """In production the fast path is not taken: the settings refuse the embedded key."""
    env = {**os.environ, "HOTRO_ENV": "production"}
    env.pop("HOTRO_SECRET_KEY", None)
    done = subprocess.run(
        [sys.executable, "-c", "import sys; sys.argv=['hotro','democode']; "
         "from hotro import cli; cli.main()"],
        capture_output=True, text=True, env=env, check=False,
    )  # fmt: skip
    assert done.returncode != 0
    assert "HOTRO_SECRET_KEY" in done.stderr


def test_django_setup_loads_no_heavy_library() -> None:
    seen = _fresh(
        "import json, os, sys, django\n"
        "os.environ['DJANGO_SETTINGS_MODULE'] = 'hotro.settings'\n"
        "django.setup()\n"
        f"print(json.dumps({{h: h in sys.modules for h in {HEAVY!r}}}))"
    )
    assert seen == dict.fromkeys(HEAVY, False)


@pytest.mark.parametrize(
    ("app", "name"),
    [
        ("hotro.core", "token"),
        ("hotro.core", "user"),
        ("hotro.core", "officers"),
        ("hotro.core", "sweep"),
        ("hotro.core", "stats"),
        ("hotro.core", "audit"),
        ("hotro.core", "digest"),
        ("hotro.core", "uploads"),
        ("hotro.core", "democode"),
        ("hotro.signatures", "trust"),
        ("hotro.signatures", "testpki"),
    ],
)
def test_the_operators_commands_skip_the_system_checks(app: str, name: str) -> None:
    assert load_command_class(app, name).requires_system_checks == []


def test_serve_still_runs_the_system_checks() -> None:
    assert load_command_class("hotro.core", "serve").requires_system_checks == "__all__"


def test_the_beat_keeps_its_schedule() -> None:
    from hotro.celery import app

    app.loader.import_default_modules()  # what the worker does at start: finds the tasks
    schedule = app.conf.beat_schedule
    assert schedule["overdue-sweep"]["task"] == "hotro.overdue_sweep"
    assert schedule["overdue-sweep"]["schedule"] == crontab(hour=0, minute=30)
    assert schedule["digest-weekly"]["schedule"] == crontab(hour=7, minute=15, day_of_week="mon")
    assert {e["task"] for e in schedule.values()} <= set(app.tasks)

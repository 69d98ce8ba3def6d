"""The background worker for real: a Celery worker process on the local Redis runs the
overdue sweep against the test database."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import uuid
from pathlib import Path
from typing import Any

import pytest
from celery import Celery
from django.db import connection

from hotro.accounts.models import Role
from hotro.accounts.services import user_create
from hotro.catalog.models import Policy
from hotro.catalog.selectors import agency_get
from hotro.catalog.services import catalog_load
from hotro.core import clock
from hotro.dossiers import actions
from hotro.dossiers.domain.lifecycle import Action
from hotro.dossiers.models import Dossier
from tests.factories import submit_sample

BROKER = "redis://127.0.0.1:6379/15"


def redis_up() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=1):
            return True
    except OSError:
        return False


def database_url() -> str:
    s = connection.settings_dict
    if connection.vendor == "postgresql":
        return f"postgres://{s['USER']}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"
    return f"sqlite:///{s['NAME']}"


@pytest.mark.django_db(transaction=True)
def test_a_real_worker_runs_the_overdue_sweep(tmp_path: Path) -> None:
    if not redis_up():
        if os.environ.get("CI"):
            pytest.fail("Redis is not running on 127.0.0.1:6379; CI needs it for the worker test")
        pytest.skip("no Redis on 127.0.0.1:6379: the real-worker test was skipped")
    if not Policy.objects.exists():
        catalog_load(provinces={79})
    applicant = user_create(username="dn-worker", role=Role.APPLICANT, password="secret-pass-1")
    officer = user_create(
        username="canbo-worker",
        role=Role.OFFICER,
        password="secret-pass-1",
        agency=agency_get(code="000.00.46.H29"),
    )
    # The officer holding the dossier's step after receipt, who is to be told.
    user_create(
        username="bhxh-worker",
        role=Role.OFFICER,
        password="secret-pass-1",
        agency=agency_get(code="000.91.46.H29"),
    )
    with clock.frozen(clock.vietnam_datetime(2021, 10, 13, 9)):
        code = submit_sample(applicant).code
        actions.dossier_act(
            user=officer, code=code, action=Action.RECEIVE, data=actions.ActionInput()
        )

    queue = f"test-{uuid.uuid4().hex[:8]}"
    env = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "CELERY_BROKER_URL": BROKER,
        "HOTRO_CLOCK_START": "2021-10-25T08:00",  # the worker lives after the due date
        "HOTRO_DATA_DIR": str(tmp_path),
    }
    worker = subprocess.Popen(  # noqa: S603 (our own interpreter and arguments)
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "hotro",
            "worker",
            "--pool",
            "solo",
            "-Q",
            queue,
            "--loglevel",
            "WARNING",
        ],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    client = Celery(broker=BROKER, backend=BROKER)
    try:
        result: dict[str, Any] = client.send_task("hotro.overdue_sweep", queue=queue).get(
            timeout=90
        )
    finally:
        worker.terminate()
        output = worker.communicate(timeout=30)[0].decode(errors="replace")
    assert result == {
        "dossiers_overdue": 1,
        "steps_overdue": 1,
        "notifications": 1,
        "counters_moved": 1,
    }, output
    dossier = Dossier.objects.get(code=code)
    assert [e.action for e in dossier.events.order_by("seq")][-1] == "became_overdue"
    assert dossier.overdue_noted_on is not None
    assert dossier.notifications.get().user.username == "bhxh-worker"

"""The overdue sweep: one event per dossier and step, notifications, nothing more on a rerun."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command

from hotro.accounts.models import Role, User
from hotro.core import clock
from hotro.dossiers.history import chain_first_broken
from hotro.dossiers.models import Dossier, Notification
from hotro.dossiers.sweep import overdue_sweep
from tests.conftest import Api

pytestmark = pytest.mark.django_db


def test_sweep_records_once_and_tells_who_holds_the_dossier(
    applicant_api: Api,
    submit_body: Callable[..., dict[str, Any]],
    make_user: Callable[..., User],
    api_for: Callable[..., Api],
) -> None:
    code = applicant_api.post("/dossiers", submit_body()).json()["code"]
    q1 = make_user(Role.OFFICER, "000.00.46.H29")
    bhxh = make_user(Role.OFFICER, "000.91.46.H29", email="bhxh.q1@example.vn")
    hcmc = make_user(Role.SUPERVISOR, "000.00.01.H29", email="giamsat@example.vn")
    elsewhere = make_user(Role.SUPERVISOR, "000.00.01.H48")
    api_for(q1).post(f"/dossiers/{code}/actions/receive", {})
    # Social Insurance's step was due Fri 15 Oct, the dossier Thu 21 Oct 2021.
    with clock.frozen(clock.vietnam_datetime(2021, 10, 18, 8)):
        first = overdue_sweep()
    assert (first.dossiers_overdue, first.steps_overdue) == (0, 1)
    with clock.frozen(clock.vietnam_datetime(2021, 10, 22, 8)):
        second = overdue_sweep()
        again = overdue_sweep()
    assert (second.dossiers_overdue, second.steps_overdue) == (1, 0)
    assert (again.dossiers_overdue, again.steps_overdue, again.notifications) == (0, 0, 0)
    dossier = Dossier.objects.get(code=code)
    events = [e.action for e in dossier.events.order_by("seq")]
    assert events == ["submit", "receive", "became_overdue", "became_overdue"]
    assert chain_first_broken(dossier) is None
    told = set(
        Notification.objects.filter(dossier=dossier).values_list("user__username", flat=True)
    )
    assert told == {bhxh.username, hcmc.username}  # not Quận 1's desk, not Quảng Ngãi
    assert elsewhere.notifications.count() == 0
    assert {m.to[0] for m in mail.outbox} == {"bhxh.q1@example.vn", "giamsat@example.vn"}
    assert "quá hạn" in mail.outbox[0].subject


def test_sweep_command_and_finished_dossiers(
    applicant_api: Api, submit_body: Callable[..., dict[str, Any]]
) -> None:
    import io

    applicant_api.post("/dossiers", submit_body())
    Dossier.objects.update(status="refused")
    out = io.StringIO()
    with clock.frozen(clock.vietnam_datetime(2021, 12, 1, 8)):
        call_command("sweep", stdout=out)
    assert out.getvalue().startswith("overdue: 0 dossiers, 0 steps")

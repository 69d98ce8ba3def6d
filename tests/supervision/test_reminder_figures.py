"""What a reminder's letter says, and what becomes of it when composing breaks. A review of
this session's change found that a letter about one agency mixed what the agency received
with what it holds (the signed letter then overstated what it received), and that a failure
other than a refusal left the dispatch "being composed" for good."""

from __future__ import annotations

import re
from typing import Any

import pytest

from hotro.accounts.models import Role, User
from hotro.core import clock
from hotro.core.formats import vn_number
from hotro.correspondence.models import OutgoingDispatch
from hotro.correspondence.services import dispatch_fail
from hotro.dossiers.domain.status import CLOCK_RUNNING, Status
from hotro.dossiers.generator import generate
from hotro.dossiers.models import Dossier, Notification
from hotro.dossiers.selectors import held_by
from hotro.supervision import reminders
from hotro.supervision.addressees import SOCIAL_INSURANCE
from hotro.supervision.selectors import stats_get
from tests.supervision.test_reminders import BODY, EVENING, codes_in, issue, pdf_text

pytestmark = pytest.mark.django_db


def test_a_letter_about_one_agency_says_what_it_received_and_apart_what_it_holds(
    supervisors: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    with clock.frozen(EVENING):
        generate(count=200, seed=7, provinces=[79], batch=100)
        # a Social Insurance office receives nothing: it holds dossiers at its step
        at_si = (
            Dossier.objects.filter(status__in=list(CLOCK_RUNNING), due_date__lt=clock.today())
            .exclude(status="submitted")
            .filter(step_agency__kind__in=SOCIAL_INSURANCE)
            .values_list("step_agency_id", "step_agency__code")
            .first()
        )
        assert at_si is not None, "the generated data holds overdue dossiers at such an office"
        agency_id, agency_code = at_si
        held = Dossier.objects.filter(held_by(agency_id))
        late = held.filter(status__in=list(CLOCK_RUNNING), due_date__lt=clock.today())
        late_codes = sorted(late.values_list("code", flat=True))
        issuer = User.objects.get(role=Role.SUPERVISOR, agency__code="000.00.01.H29")
        dispatch = issue(
            supervisors["hcmc"],
            django_capture_on_commit_callbacks,
            {**BODY, "symbol": "UBND-KSTT", "agency": agency_code},
        )
    _, text = pdf_text(dispatch)
    said = re.search(r"đã tiếp nhận (\S+) hồ sơ .*? và đang giữ (\S+) hồ sơ", text)
    assert said is not None, text[:600]
    received = stats_get(user=issuer, agency=agency_code, view="received").figures.received
    assert said.group(1) == vn_number(received)  # as counted, not inflated by what it holds
    still_open = held.filter(status__in=[*CLOCK_RUNNING, Status.AWAITING_SUPPLEMENT]).count()
    assert said.group(2) == vn_number(still_open)
    overdue = re.search(r"đang giải quyết quá hạn (\S+) hồ sơ", text)
    assert overdue is not None and int(overdue.group(1).replace(".", "")) == len(late_codes)
    assert codes_in(dispatch.attachment) == late_codes


def test_a_failure_while_composing_marks_it_failed_and_tells_its_author(
    supervisors: dict[str, Any],
    django_capture_on_commit_callbacks: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def broken(*_: object) -> None:
        raise OSError("disk full")

    with clock.frozen(EVENING):
        generate(count=60, seed=6, provinces=[79], batch=60)
        monkeypatch.setattr(reminders, "_lists", broken)
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            r = supervisors["hcmc"].post("/stats/reminders", BODY)
        assert r.status_code == 202
        callbacks[0]()
        dispatch = OutgoingDispatch.objects.get(id=r.json()["id"])
        assert (dispatch.state, dispatch.failure) == ("failed", "dispatch_compose_failed")
        assert Notification.objects.filter(title__startswith="Không ban hành được").count() == 1
        # a second run of the task changes nothing
        assert reminders.reminder_compose(dispatch.id) == "failed"


def test_a_late_failure_does_not_undo_an_issued_dispatch(
    supervisors: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    with clock.frozen(EVENING):
        generate(count=60, seed=6, provinces=[79], batch=60)
        dispatch = issue(supervisors["hcmc"], django_capture_on_commit_callbacks, BODY)
        stale = OutgoingDispatch.objects.get(id=dispatch.id)
        stale.state = OutgoingDispatch.State.COMPOSING  # what a duplicate task had read
        dispatch_fail(dispatch=stale, code="nothing_overdue", params={"scope": "x"})
    dispatch.refresh_from_db()
    assert dispatch.state == "issued" and dispatch.number
    assert not Notification.objects.filter(title__startswith="Không ban hành được").exists()

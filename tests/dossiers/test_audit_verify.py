"""`hotro audit verify` judges who acted, not only whether the chain holds: an officer's event
taken by an agency that did not hold the dossier at that moment (what the R8 race once wrote,
with a perfectly valid chain) is named."""

from __future__ import annotations

from collections.abc import Callable
from io import StringIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from hotro.accounts.models import Role, User
from hotro.catalog.selectors import agency_get
from hotro.dossiers import history
from hotro.dossiers.models import Dossier
from tests.conftest import Api

pytestmark = pytest.mark.django_db
Q1, Q1_BHXH, HCMC = "000.00.46.H29", "000.91.46.H29", "000.00.00.H29"


def _at_the_province(
    applicant_api: Api,
    submit_body: Callable[..., dict[str, Any]],
    make_user: Callable[..., User],
    api_for: Callable[..., Api],
) -> tuple[str, User]:
    code = applicant_api.post("/dossiers", submit_body()).json()["code"]
    q1 = make_user(Role.OFFICER, Q1)
    for officer in (q1, make_user(Role.OFFICER, Q1_BHXH), q1):
        action = "receive" if officer is q1 and "receive" not in _actions(code) else "forward"
        assert api_for(officer).post(f"/dossiers/{code}/actions/{action}", {}).status_code == 200
    assert Dossier.objects.get(code=code).step_agency == agency_get(code=HCMC)
    return code, q1


def _actions(code: str) -> list[str]:
    return list(Dossier.objects.get(code=code).events.values_list("action", flat=True))


def test_an_event_taken_by_an_agency_that_did_not_hold_the_dossier_is_named(
    applicant_api: Api,
    submit_body: Callable[..., dict[str, Any]],
    make_user: Callable[..., User],
    api_for: Callable[..., Api],
) -> None:
    code, district_officer = _at_the_province(applicant_api, submit_body, make_user, api_for)
    out = StringIO()
    call_command("audit", "verify", stdout=out)
    assert "every history chain verifies" in out.getvalue()

    # The history the race left: a district officer's reject after the forward to the
    # province, chained correctly.
    dossier = Dossier.objects.get(code=code)
    history.event_append(
        dossier=dossier,
        actor=district_officer,
        action="reject",
        from_status="in_processing",
        to_status="rejected",
        agency=agency_get(code=Q1),
        reason_code="KD-02",
        reason_text="Thời gian tạm hoãn chưa đủ 15 ngày liên tục.",
    )
    out = StringIO()
    with pytest.raises(CommandError, match="1 of 1 dossiers"):
        call_command("audit", "verify", stdout=out)
    assert (
        f"BROKEN {code}: event #5 (reject" in out.getvalue()
        and f"taken by agency {Q1} while {HCMC} held the dossier" in out.getvalue()
    ), out.getvalue()
    broken = history.chain_first_broken(Dossier.objects.get(code=code))
    assert broken is not None and broken.seq == 5


def test_the_province_acting_after_the_forward_verifies(
    applicant_api: Api,
    submit_body: Callable[..., dict[str, Any]],
    make_user: Callable[..., User],
    api_for: Callable[..., Api],
) -> None:
    code, _ = _at_the_province(applicant_api, submit_body, make_user, api_for)
    province = api_for(make_user(Role.OFFICER, HCMC))
    assert province.post(f"/dossiers/{code}/actions/approve", {}).status_code == 200
    assert history.chain_first_broken(Dossier.objects.get(code=code)) is None


def test_a_supplement_asked_at_receipt_hands_the_dossier_to_the_first_step(
    applicant_api: Api,
    submit_body: Callable[..., dict[str, Any]],
    make_user: Callable[..., User],
    api_for: Callable[..., Api],
) -> None:
    code = applicant_api.post("/dossiers", submit_body()).json()["code"]
    q1 = api_for(make_user(Role.OFFICER, Q1))
    asked = q1.post(
        f"/dossiers/{code}/actions/request_supplement",
        {
            "reason_code": "BS-01",
            "reason_text": "Thiếu bảng lương tháng 6 của người lao động.",
            "items": [{"description": "Bảng lương tháng 6", "kind": "information"}],
        },
    )
    assert asked.status_code == 200, asked.content
    answered = applicant_api.post(
        f"/dossiers/{code}/actions/supplement", {"note": "Đã bổ sung bảng lương."}
    )
    assert answered.status_code == 200, answered.content
    assert history.chain_first_broken(Dossier.objects.get(code=code)) is None
    # Social Insurance holds it now (the first step): the receiving desk may not act.
    history.event_append(
        dossier=Dossier.objects.get(code=code),
        actor=User.objects.get(agency__code=Q1),
        action="forward",
        from_status="in_processing",
        to_status="in_processing",
        agency=agency_get(code=Q1),
        payload={"step": "district_appraise", "step_agency": Q1},
    )
    broken = history.chain_first_broken(Dossier.objects.get(code=code))
    assert broken is not None and broken.why == (
        f"taken by agency {Q1} while {Q1_BHXH} held the dossier"
    )

"""The public lookup finds a code as people copy it (any letter case, spaces around it), on the
page and through the API; the day of receipt and the appointment appear once an officer
received the dossier, not before (issue 12, item 15)."""

from __future__ import annotations

import re
from collections.abc import Callable
from urllib.parse import quote

import pytest
from django.test import Client

from hotro.accounts.models import Role, User
from hotro.dossiers.actions import ActionInput, dossier_act
from hotro.dossiers.domain.lifecycle import Action
from tests.conftest import Api
from tests.factories import submit_sample

pytestmark = pytest.mark.django_db


def _typed_forms(code: str) -> list[str]:
    return [code.lower(), f"  {code}  ", f"\t{code.swapcase()} ", code.title()]


def _facts(html: str) -> dict[str, str]:
    pairs = re.findall(r"<dt>(.*?)</dt><dd>(.*?)</dd>", html, flags=re.S)
    return {re.sub(r"<[^>]+>", "", k).strip(): re.sub(r"<[^>]+>", "", v).strip() for k, v in pairs}


def test_the_page_finds_a_code_in_any_case_and_with_spaces(applicant: User) -> None:
    code = submit_sample(applicant).code
    for typed in _typed_forms(code):
        r = Client().get("/tra-cuu/", {"code": typed})
        body = r.content.decode()
        assert r.status_code == 200
        assert f"Hồ sơ {code}" in body, typed
        assert "Không tìm thấy" not in body


def test_the_api_finds_a_code_in_any_case_and_with_spaces(applicant: User) -> None:
    code = submit_sample(applicant).code
    for typed in _typed_forms(code):
        r = Api(None).get(f"/public/dossiers/{quote(typed)}")
        assert r.status_code == 200, typed
        assert r.json()["code"] == code


def test_another_code_is_still_not_found(applicant: User) -> None:
    code = submit_sample(applicant).code
    other = code[:-4] + "9999"
    body = Client().get("/tra-cuu/", {"code": f" {other.lower()} "}).content.decode()
    assert "Không tìm thấy hồ sơ có mã số “" in body and "«" not in body
    assert Api(None).get(f"/public/dossiers/{quote(other)}").status_code == 404


def test_no_day_of_receipt_before_an_officer_receives(
    applicant: User, make_user: Callable[..., User]
) -> None:
    dossier = submit_sample(applicant)
    facts = _facts(Client().get("/tra-cuu/", {"code": dossier.code}).content.decode())
    assert facts["Trạng thái"] == "Mới nộp, chờ tiếp nhận"
    assert facts["Ngày nộp"] == "13/10/2021"
    assert "Ngày tiếp nhận" not in facts and "Ngày hẹn trả kết quả" not in facts
    data = Api(None).get(f"/public/dossiers/{dossier.code}").json()
    assert (data["submitted_on"], data["received_on"], data["due_date"]) == (
        "2021-10-13",
        None,
        None,
    )

    officer = make_user(Role.OFFICER, agency="000.00.46.H29")
    dossier_act(user=officer, code=dossier.code, action=Action.RECEIVE, data=ActionInput())
    dossier.refresh_from_db()
    facts = _facts(Client().get("/tra-cuu/", {"code": dossier.code}).content.decode())
    assert facts["Ngày tiếp nhận"] == f"{dossier.received_on:%d/%m/%Y}"
    assert facts["Ngày hẹn trả kết quả"] == f"{dossier.due_date:%d/%m/%Y}"
    data = Api(None).get(f"/public/dossiers/{dossier.code}").json()
    assert data["received_on"] == dossier.received_on.isoformat()
    assert data["due_date"] == dossier.due_date.isoformat()


def test_a_dossier_refused_at_receipt_was_never_received(
    applicant: User, make_user: Callable[..., User]
) -> None:
    dossier = submit_sample(applicant)
    officer = make_user(Role.OFFICER, agency="000.00.46.H29")
    dossier_act(
        user=officer,
        code=dossier.code,
        action=Action.REFUSE,
        data=ActionInput(reason_code="TC-01", reason_text="Thiếu danh sách"),
    )
    facts = _facts(Client().get("/tra-cuu/", {"code": dossier.code}).content.decode())
    assert facts["Trạng thái"] == "Không được tiếp nhận"
    assert "Ngày tiếp nhận" not in facts and "Ngày kết thúc" in facts

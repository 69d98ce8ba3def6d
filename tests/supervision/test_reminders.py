"""A supervisor's reminder dispatch: to the agencies holding overdue dossiers in the scope,
with the scope's figures in the body, the overdue list attached, numbered and signed, and in
each recipient's inbox."""

from __future__ import annotations

import io
from collections.abc import Callable

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from hotro.accounts.models import Role, User
from hotro.core import clock
from hotro.correspondence.models import IncomingDispatch, OutgoingDispatch
from hotro.dossiers.generator import generate
from hotro.dossiers.models import Dossier
from hotro.signatures.services import signatures_check
from tests.conftest import Api

pytestmark = pytest.mark.django_db
EVENING = clock.vietnam_datetime(2021, 10, 13, 18)
BODY = {
    "symbol": "VP-KSTT",
    "authority": "KT. CHÁNH VĂN PHÒNG",
    "title": "PHÓ CHÁNH VĂN PHÒNG",
    "signer": "Hoàng Minh Khánh",
}


@pytest.fixture
def supervisors(make_user: Callable[..., User], api_for: Callable[..., Api]) -> dict[str, Api]:
    return {
        "hcmc": api_for(make_user(Role.SUPERVISOR, "000.00.01.H29")),
        "qngai": api_for(make_user(Role.SUPERVISOR, "000.00.01.H48")),
        "officer": api_for(make_user(Role.OFFICER, "000.00.46.H29")),
    }


def test_a_province_reminder_goes_to_every_agency_holding_overdue_dossiers(
    supervisors: dict[str, Api], make_user: Callable[..., User], api_for: Callable[..., Api]
) -> None:
    with clock.frozen(EVENING):
        generate(count=150, seed=5, provinces=[79], batch=50)
        overdue = Dossier.objects.filter(
            status__in=["submitted", "in_processing"], due_date__lt=clock.today()
        )
        expected = overdue.count()
        assert expected > 0
        r = supervisors["hcmc"].post("/stats/reminders", BODY)
    assert r.status_code == 201, r.content
    body = r.json()
    assert body["number_symbol"] == "1/VP-KSTT" and body["kind"] == "reminder"
    assert body["figures"]["pending_overdue"] == expected == body["figures"]["overdue_listed"]
    holders = {d.step_agency.code if d.step_agency else d.agency.code for d in overdue}
    assert set(body["figures"]["by_recipient"]) == holders
    assert IncomingDispatch.objects.filter(dispatch_id=body["id"]).count() == len(holders)

    dispatch = OutgoingDispatch.objects.get(id=body["id"])
    with dispatch.pdf.open("rb") as f:
        pdf = f.read()
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).split())
    assert "Số: 1/VP-KSTT" in text and "Kính gửi:" in text and "Nơi nhận:" in text
    assert f"đang giải quyết quá hạn {expected} hồ sơ (danh sách kèm theo)" in text
    assert "khoản 2 Điều 19 Quyết định số 15/2020/QĐ-TTg" in text
    (sig,) = signatures_check(content=pdf, moment=EVENING, received_at=EVENING).signatures
    assert sig.indication.value == "TOTAL_PASSED"
    with dispatch.attachment.open("rb") as f:
        sheet = load_workbook(io.BytesIO(f.read()), read_only=True).active
        codes = [row[0] for row in sheet.iter_rows(min_row=3, values_only=True)]
    assert sorted(codes) == sorted(overdue.values_list("code", flat=True))

    # a recipient finds it in its inbox and opens the list
    holder = sorted(holders)[0]
    officer = api_for(make_user(Role.OFFICER, holder))
    (item,) = officer.get("/dispatches/inbox").json()
    assert item["dispatch"]["id"] == body["id"]
    assert officer.get(f"/dispatches/{body['id']}/attachment").status_code == 200


def test_only_supervisors_within_their_scope(supervisors: dict[str, Api]) -> None:
    with clock.frozen(EVENING):
        generate(count=60, seed=6, provinces=[79], batch=60)
        assert (
            supervisors["qngai"].post("/stats/reminders", {**BODY, "province": 79}).status_code
            == 403
        )
        assert supervisors["officer"].post("/stats/reminders", BODY).status_code == 403
        # nothing overdue in Quảng Ngãi: nothing to remind
        r = supervisors["qngai"].post("/stats/reminders", BODY)
    assert r.status_code == 409 and r.json()["code"] == "nothing_overdue"
    assert not OutgoingDispatch.objects.exists()


def test_bad_symbol_is_refused(supervisors: dict[str, Api]) -> None:
    r = supervisors["hcmc"].post("/stats/reminders", {**BODY, "symbol": "vp kstt"})
    assert r.status_code == 422

"""A supervisor's reminder dispatch: asked for in the request, composed by the worker,
addressed as the issuer's level addresses (the nation: the provinces' People's Committees and
Social Insurance; a province: its departments, districts and Social Insurance), each
recipient with its own overdue list, the figures adding up, numbered and signed."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook
from pypdf import PdfReader

from hotro.accounts.models import Role, User
from hotro.catalog.models import Agency
from hotro.core import clock
from hotro.correspondence.models import IncomingDispatch, OutgoingDispatch
from hotro.dossiers.generator import generate
from hotro.dossiers.models import Dossier, Notification
from hotro.signatures.services import signatures_check
from hotro.supervision.addressees import SOCIAL_INSURANCE
from hotro.supervision.reminders import Signer, reminder_compose, reminder_draft
from tests.conftest import Api

pytestmark = pytest.mark.django_db
EVENING = clock.vietnam_datetime(2021, 10, 13, 18)
BODY = {
    "symbol": "VP-KSTT",
    "authority": "KT. CHÁNH VĂN PHÒNG",
    "title": "PHÓ CHÁNH VĂN PHÒNG",
    "signer": "Hoàng Minh Khánh",
}


def overdue() -> Any:
    return Dossier.objects.filter(
        status__in=["submitted", "in_processing"], due_date__lt=clock.today()
    ).select_related("agency", "step_agency", "step_agency__parent")


def holder(d: Dossier) -> Agency:
    return d.step_agency or d.agency


def pdf_text(dispatch: OutgoingDispatch) -> tuple[bytes, str]:
    with dispatch.pdf.open("rb") as f:
        pdf = f.read()
    pages = PdfReader(io.BytesIO(pdf)).pages
    return pdf, " ".join(" ".join(p.extract_text() for p in pages).split())


def codes_in(field: Any) -> list[str]:
    with field.open("rb") as f:
        sheet = load_workbook(io.BytesIO(f.read()), read_only=True).active
        return sorted(str(row[0]) for row in sheet.iter_rows(min_row=3, values_only=True))


def issue(api: Api, capture: Any, body: dict[str, Any]) -> OutgoingDispatch:
    """Ask for it, and let the worker run (the test's transaction never commits)."""
    with capture(execute=True):
        r = api.post("/stats/reminders", body)
    assert r.status_code == 202, r.content
    dispatch = OutgoingDispatch.objects.get(id=r.json()["id"])
    assert dispatch.state == "issued", dispatch.failure
    return dispatch


def test_a_province_writes_to_its_departments_districts_and_social_insurance(
    supervisors: dict[str, Api],
    django_capture_on_commit_callbacks: Any,
    make_user: Callable[..., User],
    api_for: Callable[..., Api],
) -> None:
    with clock.frozen(EVENING):
        generate(count=150, seed=5, provinces=[79], batch=50)
        late = list(overdue())
        dispatch = issue(supervisors["hcmc"], django_capture_on_commit_callbacks, BODY)
    deliveries = {i.agency.code: i for i in IncomingDispatch.objects.filter(dispatch=dispatch)}
    for code in deliveries:
        agency = Agency.objects.get(code=code)
        # departments, Social Insurance, districts' committees: never a ward, nor the issuer
        assert agency.level == "province" or agency.kind == "district_committee", agency
        assert code != "000.00.01.H29"
    # each recipient's own list is the dossiers held under it; together, all but the issuer's
    expected: dict[str, list[str]] = {}
    for d in late:
        h = holder(d)
        under = ("commune_committee", "district_labour", "district_social_insurance")
        if h.kind in (*under, "district_tax"):
            h = h.parent  # the district's committee; the province's office of the sector
        elif h.kind == "province_committee":
            continue  # prepared by the Office, the issuer itself: in its whole list only
        expected.setdefault(h.code, []).append(d.code)
    assert set(deliveries) == set(expected)
    for code, incoming in deliveries.items():
        assert codes_in(incoming.attachment) == sorted(expected[code]), code
    assert codes_in(dispatch.attachment) == sorted(d.code for d in late)
    figures = dispatch.figures
    assert figures["by_recipient"] == {k: len(v) for k, v in expected.items()}
    parts = [k for k in figures if k not in ("received", "scope", "as_of")]
    parts = [k for k in parts if k not in ("overdue_listed", "by_recipient")]
    assert sum(figures[k] for k in parts) == figures["received"]  # the body adds up

    pdf, text = pdf_text(dispatch)
    assert "Thành phố Hồ Chí Minh, ngày 13 tháng 10 năm 2021" in text
    assert "Số: 1/VP-KSTT" in text and "Kính gửi:" in text and "Nơi nhận:" in text
    assert f"đang giải quyết quá hạn {len(late)} hồ sơ (danh sách kèm theo)" in text
    assert "COVID-19" in text and "Covid" not in text
    (sig,) = signatures_check(content=pdf, moment=EVENING, received_at=EVENING).signatures
    assert sig.indication.value == "TOTAL_PASSED"

    # a recipient finds it in its inbox and downloads its own list, not the whole one
    code = sorted(deliveries)[0]
    officer = api_for(make_user(Role.OFFICER, code))
    (item,) = officer.get("/dispatches/inbox").json()
    assert item["dispatch"]["id"] == dispatch.id and item["dispatch"]["state"] == "issued"
    r = officer.get(f"/dispatches/{dispatch.id}/attachment")
    content = b"".join(r.streaming_content)
    sheet = load_workbook(io.BytesIO(content), read_only=True).active
    listed = sorted(str(row[0]) for row in sheet.iter_rows(min_row=3, values_only=True))
    assert listed == sorted(expected[code])


def test_the_nation_writes_to_the_chairmen_and_to_social_insurance(
    supervisors: dict[str, Api], django_capture_on_commit_callbacks: Any
) -> None:
    with clock.frozen(EVENING):
        generate(count=200, seed=7, provinces=[79, 51], batch=100)
        late = list(overdue())
        body = {**BODY, "symbol": "VPCP-KSTT", "authority": "", "title": "BỘ TRƯỞNG, CHỦ NHIỆM"}
        dispatch = issue(supervisors["nation"], django_capture_on_commit_callbacks, body)
    at_si = {d.code for d in late if holder(d).kind in SOCIAL_INSURANCE}
    assert at_si and len(late) > len(at_si)
    provinces = {holder(d).province_code for d in late if d.code not in at_si}
    deliveries = IncomingDispatch.objects.filter(dispatch=dispatch).select_related("agency")
    kinds = sorted(i.agency.kind for i in deliveries)
    assert kinds == sorted(
        ["province_committee"] * len(provinces) + (["social_insurance_national"] if at_si else [])
    )
    for incoming in deliveries:
        if incoming.agency.kind == "social_insurance_national":
            assert codes_in(incoming.attachment) == sorted(at_si)
        else:
            mine = [
                d.code
                for d in late
                if d.code not in at_si and holder(d).province_code == incoming.agency.province_code
            ]
            assert codes_in(incoming.attachment) == sorted(mine)
    pdf, text = pdf_text(dispatch)
    assert "Hà Nội, ngày 13 tháng 10 năm 2021" in text and "VĂN PHÒNG CHÍNH PHỦ" in text
    assert "Chủ tịch Ủy ban nhân dân tỉnh Quảng Ngãi" in text
    assert "Tổng Giám đốc Bảo hiểm xã hội Việt Nam" in text
    assert "phường" not in text.lower() and "Ủy ban nhân dân Quận" not in text
    (sig,) = signatures_check(content=pdf, moment=EVENING, received_at=EVENING).signatures
    assert sig.indication.value == "TOTAL_PASSED"


def test_the_request_leaves_it_composing_and_the_worker_issues_it_once(
    supervisors: dict[str, Api], django_capture_on_commit_callbacks: Any
) -> None:
    api = supervisors["hcmc"]
    with clock.frozen(EVENING):
        generate(count=60, seed=6, provinces=[79], batch=60)
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            r = api.post("/stats/reminders", BODY)
        assert r.status_code == 202 and len(callbacks) == 1
        body = r.json()
        assert body["state"] == "composing" and body["number"] is None
        assert body["number_symbol"] == "…/VP-KSTT"
        assert api.get(f"/dispatches/{body['id']}").json()["state"] == "composing"
        assert api.get(f"/dispatches/{body['id']}/pdf").status_code == 404
        assert not IncomingDispatch.objects.exists()
        callbacks[0]()  # the worker
        assert reminder_compose(body["id"]) == "issued"  # a second run changes nothing
    issued = api.get(f"/dispatches/{body['id']}").json()
    assert issued["state"] == "issued" and issued["number_symbol"] == "1/VP-KSTT"
    assert OutgoingDispatch.objects.get().number == 1


def test_what_stops_the_worker_marks_it_failed_and_tells_its_author(
    supervisors: dict[str, Api], django_capture_on_commit_callbacks: Any
) -> None:
    api = supervisors["hcmc"]
    with clock.frozen(EVENING):
        generate(count=60, seed=6, provinces=[79], batch=60)
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            r = api.post("/stats/reminders", BODY)
        overdue().update(due_date=clock.today())  # all dealt with before the worker ran
        callbacks[0]()
    got = api.get(f"/dispatches/{r.json()['id']}").json()
    assert got["state"] == "failed" and "Không có hồ sơ quá hạn" in got["failure"]
    assert Notification.objects.filter(title__startswith="Không ban hành được").count() == 1
    assert not IncomingDispatch.objects.exists()


def test_an_agency_without_a_signing_key_issues_no_dispatch(
    supervisors: dict[str, Api],
) -> None:
    with clock.frozen(EVENING):
        generate(count=80, seed=8, provinces=[51], batch=80)
        assert overdue().exists()
        r = supervisors["qngai"].post("/stats/reminders", BODY)
    assert r.status_code == 409 and r["Content-Type"].startswith("application/problem+json")
    problem = r.json()
    assert problem["code"] == "dispatch_signing_key_missing"
    assert (
        "Chưa cấu hình khoá ký số cho Văn phòng Ủy ban nhân dân tỉnh Quảng Ngãi"
        in (problem["detail"])
    )
    assert not OutgoingDispatch.objects.exists()


def test_the_addressees_cost_the_same_few_queries_however_many_there_are(
    make_user: Callable[..., User],
) -> None:
    user = make_user(Role.SUPERVISOR, "000.00.00.G01")
    signer = Signer("", "BỘ TRƯỞNG, CHỦ NHIỆM", "Trần Văn Sơn", "VPCP-KSTT")
    counted = []
    for count, provinces in ((40, [51]), (300, [79, 51])):
        with clock.frozen(EVENING):
            generate(count=count, seed=count, provinces=provinces, batch=100)
            with CaptureQueriesContext(connection) as queries:
                draft = reminder_draft(user=user, signer=signer)
        counted.append((len(queries), len(draft.routing.addressees)))
    (small, few), (large, many) = counted
    assert many > few and large == small, counted


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

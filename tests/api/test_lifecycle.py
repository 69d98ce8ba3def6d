"""The suspended-contract journey through the API, and every forbidden move on the way
refused with the rule it breaks."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from hotro.accounts.models import Role, User
from hotro.core import clock
from hotro.dossiers.history import chain_first_broken
from hotro.dossiers.models import Document, Dossier
from tests.api.helpers import act, problem
from tests.conftest import Api, pdf_bytes
from tests.factories import png_bytes

pytestmark = pytest.mark.django_db
Q1 = "000.00.46.H29"
Q1_SOCIAL_INSURANCE = "000.91.46.H29"
HCMC = "000.00.00.H29"


PNG = png_bytes()


def test_the_whole_journey_to_payment(code: str, desk: dict[str, Api], applicant_api: Api) -> None:
    r = act(desk["q1"], code, "receive")
    assert r.status_code == 200, r.content
    assert r.json()["current_step"] == "social_insurance_confirm"
    assert act(desk["bhxh"], code, "forward").json()["current_step"] == "district_appraise"
    assert act(desk["q1"], code, "forward").json()["current_step"] == "province_decide"
    approved = act(desk["province"], code, "approve")
    assert approved.json()["status"] == "approved"
    assert {b["status"] for b in approved.json()["beneficiaries"]} == {"approved"}
    partial = act(desk["province"], code, "pay", positions=[1])
    assert partial.json()["status"] == "approved"  # one of two paid
    paid = act(desk["province"], code, "pay")
    assert paid.json()["status"] == "paid"
    done = act(desk["province"], code, "return_result")
    assert done.json()["status"] == "done" and done.json()["finished_at"]
    events = applicant_api.get(f"/dossiers/{code}/events").json()
    assert [e["action"] for e in events] == [
        "submit",
        "receive",
        "forward",
        "forward",
        "approve",
        "pay",
        "pay",
        "return_result",
    ]
    assert events[1]["agency_code"] == Q1 and events[2]["agency_code"] == Q1_SOCIAL_INSURANCE
    assert chain_first_broken(Dossier.objects.get(code=code)) is None
    # Nothing leaves a finished dossier.
    problem(act(desk["province"], code, "reject", reason_code="KD-01", reason_text="x" * 20), 409)


def test_r8_only_the_agency_holding_the_dossier_acts(
    code: str, desk: dict[str, Api], applicant_api: Api
) -> None:
    # Agencies that neither received the dossier nor hold its step cannot even see it.
    problem(act(desk["bhxh"], code, "receive"), 404)
    problem(act(desk["province"], code, "receive"), 404)
    problem(act(applicant_api, code, "receive"), 403, "R8")
    assert act(desk["q1"], code, "receive").status_code == 200
    # Quận 1 received it and still sees it, but the step is now Social Insurance's.
    problem(act(desk["q1"], code, "forward"), 403, "R8")
    # An officer of another district cannot even see it.
    problem(act(desk["thu_duc"], code, "forward"), 404)
    assert Dossier.objects.get(code=code).current_step == "social_insurance_confirm"


def test_r1_refusal_needs_a_catalog_reason_and_a_text(code: str, desk: dict[str, Api]) -> None:
    problem(act(desk["q1"], code, "refuse"), 422, "R1")
    problem(act(desk["q1"], code, "refuse", reason_code="TC-01"), 422, "R1")
    problem(act(desk["q1"], code, "refuse", reason_code="TC-01", reason_text="   "), 422, "R1")
    problem(
        act(desk["q1"], code, "refuse", reason_code="KHONG-CO", reason_text="Lý do đầy đủ ở đây"),
        422,
        "R1",
    )
    # A rejection reason is not a refusal reason.
    problem(
        act(desk["q1"], code, "refuse", reason_code="KD-01", reason_text="Lý do đầy đủ ở đây"),
        422,
        "R1",
    )
    assert Dossier.objects.get(code=code).status == "submitted"
    r = act(
        desk["q1"],
        code,
        "refuse",
        reason_code="TC-01",
        reason_text="Hồ sơ nộp không đúng cơ quan có thẩm quyền.",
    )
    assert r.json()["status"] == "refused"
    last = Dossier.objects.get(code=code).events.order_by("-seq").first()
    assert last is not None and last.reason_code == "TC-01" and "thẩm quyền" in last.reason_text


def test_r1_rejection_after_appraisal_needs_a_reason(code: str, desk: dict[str, Api]) -> None:
    act(desk["q1"], code, "receive")
    problem(act(desk["bhxh"], code, "reject"), 422, "R1")
    r = act(
        desk["bhxh"],
        code,
        "reject",
        reason_code="KD-01",
        reason_text="Người lao động không tham gia BHXH bắt buộc tháng liền kề.",
    )
    assert r.json()["status"] == "rejected"


def test_r2_no_paper_copy_of_a_validly_signed_component(code: str, desk: dict[str, Api]) -> None:
    act(desk["q1"], code, "receive")
    Document.objects.filter(dossier__code=code, component="worker_list").update(
        signature_verdict=Document.Verdict.TOTAL_PASSED, signer_party=Document.Party.RIGHT
    )
    for kind in ("paper_copy", "seal"):
        data = problem(
            act(
                desk["bhxh"],
                code,
                "request_supplement",
                reason_code="BS-01",
                reason_text="Đề nghị bổ sung danh sách người lao động.",
                items=[
                    {
                        "component": "worker_list",
                        "kind": kind,
                        "description": "Nộp bản giấy có đóng dấu",
                    }
                ],
            ),
            422,
            "R2",
        )
        assert "Điều 19" in data["title"] and "45/2020/NĐ-CP" in data["title"]
    assert Dossier.objects.get(code=code).status == "in_processing"
    # Paper of an unsigned component may be asked; so may an electronic re-submission.
    r = act(
        desk["bhxh"],
        code,
        "request_supplement",
        reason_code="BS-01",
        reason_text="Đề nghị bổ sung danh sách người lao động.",
        items=[
            {
                "component": "worker_list",
                "kind": "electronic",
                "description": "Bổ sung số CCCD còn thiếu",
            }
        ],
    )
    assert r.json()["status"] == "awaiting_supplement"


def test_r3_one_supplement_request_and_the_clock_stops(
    code: str, desk: dict[str, Api], applicant_api: Api
) -> None:
    act(desk["q1"], code, "receive")
    due = Dossier.objects.get(code=code).due_date.isoformat()
    assert due == "2021-10-21"
    problem(
        act(
            desk["bhxh"],
            code,
            "request_supplement",
            reason_code="BS-01",
            reason_text="Thiếu danh sách người lao động.",
        ),
        422,
        "R3",
    )
    body = {
        "reason_code": "BS-01",
        "reason_text": "Thiếu danh sách người lao động.",
        "items": [{"component": "worker_list", "description": "Danh sách theo Mẫu số 05"}],
    }
    assert (
        act(desk["bhxh"], code, "request_supplement", **body).json()["status"]
        == "awaiting_supplement"
    )
    # The applicant answers three working days later (Wed 13 -> Mon 18 Oct 2021).
    with clock.frozen(clock.vietnam_datetime(2021, 10, 18, 10)):
        r = act(applicant_api, code, "supplement")
    assert r.json()["status"] == "in_processing"
    assert r.json()["due_date"] == "2021-10-26"  # 21 Oct + 3 working days
    problem(act(desk["bhxh"], code, "request_supplement", **body), 422, "R3")


def test_a_supplement_brings_the_documents_asked_for(
    code: str,
    desk: dict[str, Api],
    applicant_api: Api,
    make_user: Callable[..., User],
    api_for: Callable[..., Api],
) -> None:
    act(desk["q1"], code, "receive")
    body = {
        "reason_code": "BS-01",
        "reason_text": "Danh sách người lao động chưa đủ chữ ký.",
        "items": [{"component": "worker_list", "description": "Danh sách theo Mẫu số 05"}],
    }
    assert act(desk["bhxh"], code, "request_supplement", **body).status_code == 200
    fresh = applicant_api.upload("/documents", "danh-sach-moi.pdf", pdf_bytes("worker_list"))
    assert fresh.status_code == 201
    upload_id = fresh.json()["id"]
    # Someone else's upload, an unknown component, a file of a type the component refuses:
    # each refused with its field, and nothing attached.
    other = api_for(make_user(Role.APPLICANT))
    theirs = other.upload("/documents", "x.pdf", pdf_bytes("other")).json()["id"]
    image = applicant_api.upload("/documents", "anh.png", PNG).json()["id"]
    for documents, field in (
        ([{"component": "worker_list", "upload_id": theirs}], "documents.0.upload_id"),
        ([{"component": "no_such", "upload_id": upload_id}], "documents.0.component"),
        ([{"component": "worker_list", "upload_id": image}], "documents.0.upload_id"),
    ):
        body_ = problem(act(applicant_api, code, "supplement", documents=documents), 422)
        assert field in {e["field"] for e in body_["errors"]}, body_
    assert Dossier.objects.get(code=code).status == "awaiting_supplement"
    assert not Document.objects.filter(id=upload_id, dossier__isnull=False).exists()
    r = act(
        applicant_api,
        code,
        "supplement",
        note="Đã bổ sung danh sách.",
        documents=[{"component": "worker_list", "upload_id": upload_id}],
    )
    assert r.status_code == 200 and r.json()["status"] == "in_processing"
    doc = Document.objects.get(id=upload_id)
    assert doc.dossier is not None and doc.dossier.code == code
    assert doc.component == "worker_list"
    event = Dossier.objects.get(code=code).events.order_by("-seq").first()
    assert event is not None and event.action == "supplement"
    assert event.payload["documents"] == [{"component": "worker_list", "document": upload_id}]
    # The officer sees it among the dossier's documents.
    listed = desk["bhxh"].get(f"/dossiers/{code}").json()["documents"]
    assert upload_id in {d["id"] for d in listed}


def test_r5_one_apology_with_a_later_working_day(code: str, desk: dict[str, Api]) -> None:
    act(desk["q1"], code, "receive")
    apology = {
        "reason_code": "XL-01",
        "reason_text": "Số lượng hồ sơ tăng đột biến, chưa kịp xác nhận.",
    }
    problem(act(desk["bhxh"], code, "apologize", **apology), 422, "R5")
    problem(act(desk["bhxh"], code, "apologize", new_due_date="2021-10-20", **apology), 422, "R5")
    problem(
        act(desk["bhxh"], code, "apologize", new_due_date="2021-10-23", **apology), 422, "R5"
    )  # Saturday
    problem(act(desk["bhxh"], code, "apologize", new_due_date="2021-10-28"), 422, "R1")
    r = act(desk["bhxh"], code, "apologize", new_due_date="2021-10-28", **apology)
    assert r.status_code == 200 and r.json()["due_date"] == "2021-10-28"
    problem(act(desk["bhxh"], code, "apologize", new_due_date="2021-11-04", **apology), 422, "R5")


def test_r9_the_same_person_is_not_approved_twice(
    applicant_api: Api, submit_body: Callable[..., dict[str, Any]], desk: dict[str, Api]
) -> None:
    codes = [applicant_api.post("/dossiers", submit_body()).json()["code"] for _ in range(2)]
    for code in codes:
        act(desk["q1"], code, "receive")
        act(desk["bhxh"], code, "forward")
        act(desk["q1"], code, "forward")
    assert act(desk["province"], codes[0], "approve").json()["status"] == "approved"
    data = problem(act(desk["province"], codes[1], "approve"), 422, "R9")
    assert codes[0] in data["title"]
    assert Dossier.objects.get(code=codes[1]).status == "in_processing"


def test_one_beneficiary_left_out_of_the_approval_with_its_reason(
    code: str, desk: dict[str, Api]
) -> None:
    act(desk["q1"], code, "receive")
    act(desk["bhxh"], code, "forward")
    act(desk["q1"], code, "forward")
    # R1 for each person left out: a catalog reason of the rejection kind, and a text
    no_text = act(
        desk["province"],
        code,
        "approve",
        excluded=[{"position": 2, "reason_code": "KD-01", "reason_text": ""}],
    )
    assert problem(no_text, 422, "R1")["errors"][0]["field"] == "excluded.0.reason_text"
    wrong_kind = act(
        desk["province"],
        code,
        "approve",
        excluded=[{"position": 2, "reason_code": "TC-01", "reason_text": "Không thuộc đối tượng."}],
    )
    problem(wrong_kind, 422, "R1")
    unknown = act(
        desk["province"],
        code,
        "approve",
        excluded=[{"position": 9, "reason_code": "KD-01", "reason_text": "Không thuộc đối tượng."}],
    )
    assert problem(unknown, 422)["errors"][0]["field"] == "excluded.0.position"
    everyone = act(
        desk["province"],
        code,
        "approve",
        excluded=[
            {
                "position": p,
                "reason_code": "KD-01",
                "reason_text": "Không tham gia BHXH tháng liền kề.",
            }
            for p in (1, 2)
        ],
    )
    problem(everyone, 422, "R1")
    assert Dossier.objects.get(code=code).status == "in_processing"
    r = act(
        desk["province"],
        code,
        "approve",
        excluded=[
            {
                "position": 2,
                "reason_code": "KD-01",
                "reason_text": "Không tham gia BHXH tháng liền kề.",
            }
        ],
    )
    assert r.status_code == 200, r.content
    statuses = dict(Dossier.objects.get(code=code).beneficiaries.values_list("position", "status"))
    assert statuses == {1: "approved", 2: "rejected"}
    event = act(desk["province"], code, "pay")  # pays the one approved
    assert event.status_code == 200, event.content


def test_applicant_withdraws_only_their_own(
    code: str,
    applicant_api: Api,
    make_user: Callable[..., User],
    api_for: Callable[..., Api],
    desk: dict[str, Api],
) -> None:
    problem(act(api_for(make_user(Role.APPLICANT)), code, "withdraw"), 404)
    problem(
        act(
            desk["q1"],
            code,
            "withdraw",
            reason_code="RH-01",
            reason_text="Doanh nghiệp xin rút hồ sơ.",
        ),
        403,
        "R8",
    )
    r = act(
        applicant_api,
        code,
        "withdraw",
        reason_code="RH-01",
        reason_text="Doanh nghiệp đã nộp nhầm hồ sơ.",
    )
    assert r.json()["status"] == "withdrawn"


def test_table_refusals_are_conflicts(code: str, desk: dict[str, Api]) -> None:
    data = problem(act(desk["q1"], code, "approve"), 409)
    assert data["code"] == "action_not_allowed_in_status"
    act(desk["q1"], code, "receive")
    problem(act(desk["bhxh"], code, "approve"), 409)  # not the deciding step
    assert act(desk["q1"], code, "nhay-coc").status_code == 422  # no such action


def test_the_public_sees_why_a_dossier_was_refused(code: str, desk: dict[str, Api]) -> None:
    act(
        desk["q1"],
        code,
        "refuse",
        reason_code="TC-01",
        reason_text="Hồ sơ nộp không đúng cơ quan có thẩm quyền.",
    )
    data = Api(None).get(f"/public/dossiers/{code}").json()
    assert data["status"] == "refused" and data["portal_status"] == 3
    # The catalog's wording, not the officer's (tests/api/test_public_lookup.py).
    assert data["reason_code"] == "TC-01" and "thẩm quyền giải quyết" in data["reason_label"]
    assert "reason_text" not in data


def test_audit_verify_names_an_altered_event(code: str, desk: dict[str, Api]) -> None:
    import io

    from django.core.management import call_command
    from django.core.management.base import CommandError

    from hotro.dossiers.models import Event

    act(desk["q1"], code, "receive")
    out = io.StringIO()
    call_command("audit", "verify", stdout=out)
    assert "every history chain verifies" in out.getvalue()
    # Someone edits the history in the database: the receipt now reads as a refusal.
    Event.objects.filter(dossier__code=code, seq=2).update(action="refuse")
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("audit", "verify", stdout=out)
    assert f"BROKEN {code}: event #2 (refuse" in out.getvalue()


def test_audit_verify_notices_a_deleted_last_event(code: str, desk: dict[str, Api]) -> None:
    from hotro.dossiers.models import Event

    act(desk["q1"], code, "receive")
    dossier = Dossier.objects.get(code=code)
    assert chain_first_broken(dossier) is None
    Event.objects.filter(dossier=dossier, seq=2).delete()
    broken = chain_first_broken(Dossier.objects.get(code=code))
    assert broken is not None and broken.seq == 2


def test_an_agency_keeps_seeing_what_it_handled_but_acts_only_on_its_step(
    code: str, desk: dict[str, Api]
) -> None:
    act(desk["q1"], code, "receive")
    assert act(desk["bhxh"], code, "forward").status_code == 200  # now the district appraises
    seen = desk["bhxh"].get(f"/dossiers/{code}")
    assert seen.status_code == 200 and seen.json()["current_step"] == "district_appraise"
    assert code in [d["code"] for d in desk["bhxh"].get("/dossiers").json()["items"]]
    problem(act(desk["bhxh"], code, "forward"), 403, "R8")
    # The province has not held it yet.
    problem(act(desk["province"], code, "approve"), 404)

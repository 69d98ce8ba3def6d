"""R2 on real signatures: a dossier whose worker list is signed by the employer and whose
confirmation is signed by Social Insurance cannot be asked for paper copies; a valid signature
of the wrong party does not count. Through the API, with files signed by the test PKI."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from hotro.accounts.models import Role, User
from hotro.dossiers.models import Document, Dossier
from hotro.signatures import testpki
from tests import pki
from tests.conftest import Api
from tests.factories import pdf_bytes

# The applicant is bound to An Phát's tax code: its own signature counts as the employer's.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("bound_applicant")]
Q1 = "000.00.46.H29"
Q1_SOCIAL_INSURANCE = "000.91.46.H29"


def submit(api: Api, body: dict[str, Any], files: dict[str, bytes]) -> dict[str, Any]:
    body = {**body, "documents": []}
    for component, content in files.items():
        r = api.upload("/documents", f"{component}.pdf", content)
        assert r.status_code == 201, r.content
        body["documents"].append({"component": component, "upload_id": r.json()["id"]})
    r = api.post("/dossiers", body)
    assert r.status_code == 201, r.content
    data: dict[str, Any] = r.json()
    return data


@pytest.fixture
def desk(make_user: Callable[..., User], api_for: Callable[..., Api]) -> dict[str, Api]:
    return {
        "q1": api_for(make_user(Role.OFFICER, Q1)),
        "bhxh": api_for(make_user(Role.OFFICER, Q1_SOCIAL_INSURANCE)),
    }


def ask_paper(api: Api, code: str, component: str) -> Any:
    return api.post(
        f"/dossiers/{code}/actions/request_supplement",
        {
            "reason_code": "BS-01",
            "reason_text": "Đề nghị nộp bản giấy có đóng dấu.",
            "items": [{"component": component, "kind": "paper_copy", "description": "Bản giấy"}],
        },
    )


def test_upload_answers_with_the_signature_report(applicant_api: Api) -> None:
    r = applicant_api.upload("/documents", "ds.pdf", pki.sign(pki.demo().employer))
    assert r.status_code == 201, r.content
    data = r.json()
    assert data["signature_verdict"] == "TOTAL_PASSED"
    assert data["signature_status"] == "validated"
    assert data["signer_party"] == ""  # not known before the dossier names the applicant
    (sig,) = data["signature_report"]["signatures"]
    assert sig["signer"]["tax_code"] == "0100233488"
    assert data["signature_report"]["proof_of_existence"].startswith("2021-10-13")


def test_validly_signed_components_cannot_be_asked_for_paper(
    applicant_api: Api, submit_body: Callable[..., dict[str, Any]], desk: dict[str, Api]
) -> None:
    dossier = submit(
        applicant_api,
        submit_body(),
        {
            "worker_list": pki.sign(pki.demo().employer, pdf_bytes("danh sach")),
            "social_insurance_confirmation": pki.sign(
                pki.demo().social_insurance, pdf_bytes("xac nhan")
            ),
        },
    )
    code = dossier["code"]
    parties = {d["component"]: d["signer_party"] for d in dossier["documents"]}
    assert parties == {"worker_list": "right", "social_insurance_confirmation": "right"}
    assert desk["q1"].post(f"/dossiers/{code}/actions/receive", {}).status_code == 200
    for component in ("worker_list", "social_insurance_confirmation"):
        r = ask_paper(desk["bhxh"], code, component)
        assert r.status_code == 422, r.content
        problem = r.json()
        assert problem["rule"] == "R2"
        assert "Điều 19" in problem["title"] and "45/2020/NĐ-CP" in problem["title"]
    assert Dossier.objects.get(code=code).supplement_requests == 0


def test_a_valid_signature_of_another_party_does_not_count(
    applicant_api: Api, submit_body: Callable[..., dict[str, Any]], desk: dict[str, Api]
) -> None:
    ca = pki.demo().provider_a
    other_employer = testpki.signer(
        ca, testpki.name("CÔNG TY KHÁC", organisation="Công ty khác", uid="MST:0101234567")
    )
    not_social_insurance = testpki.signer(
        ca, testpki.name("BẢO HIỂM TƯ NHÂN", organisation="Công ty Bảo hiểm tư nhân")
    )
    dossier = submit(
        applicant_api,
        submit_body(),
        {
            "worker_list": pki.sign(other_employer, pdf_bytes("ds")),
            "social_insurance_confirmation": pki.sign(not_social_insurance, pdf_bytes("xn")),
        },
    )
    code = dossier["code"]
    for doc in dossier["documents"]:
        assert doc["signature_verdict"] == "TOTAL_PASSED"
        assert doc["signer_party"] == "wrong"
    desk["q1"].post(f"/dossiers/{code}/actions/receive", {})
    # the tax code does not match the applicant's: the employer has not signed it, paper may be asked
    r = ask_paper(desk["bhxh"], code, "worker_list")
    assert r.status_code == 200, r.content


def test_a_tampered_component_may_be_asked_again(
    applicant_api: Api, submit_body: Callable[..., dict[str, Any]], desk: dict[str, Api]
) -> None:
    signed = bytearray(pki.sign(pki.demo().employer, pdf_bytes("noi dung")))
    signed[bytes(signed).index(b"noi dung")] = ord("X")
    dossier = submit(
        applicant_api,
        submit_body(),
        {"worker_list": bytes(signed), "social_insurance_confirmation": pdf_bytes("xn")},
    )
    docs = {d["component"]: d for d in dossier["documents"]}
    assert docs["worker_list"]["signature_verdict"] == "TOTAL_FAILED"
    desk["q1"].post(f"/dossiers/{dossier['code']}/actions/receive", {})
    assert ask_paper(desk["bhxh"], dossier["code"], "worker_list").status_code == 200


def test_large_files_are_validated_by_the_worker(
    applicant_api: Api, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.HOTRO_SIGNATURE_SYNC_MAX_BYTES = 100  # everything counts as large
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        r = applicant_api.upload("/documents", "ds.pdf", pki.sign(pki.demo().employer))
    assert r.json()["signature_status"] == "pending"
    doc = Document.objects.get(id=r.json()["id"])
    assert doc.signature_report is None and doc.signature_verdict == ""
    for callback in callbacks:  # what the worker runs after the commit (eager here)
        callback()
    doc.refresh_from_db()
    assert doc.signature_verdict == "TOTAL_PASSED"


def test_validation_endpoint_reports_each_signature(
    make_user: Callable[..., User], api_for: Callable[..., Api], applicant_api: Api
) -> None:
    officer = api_for(make_user(Role.OFFICER, Q1))
    twice = pki.sign(
        pki.demo().social_insurance, pki.sign(pki.demo().employer), field_name="XacNhanBHXH"
    )
    r = officer.upload("/signatures/validate", "hai-chu-ky.pdf", twice)
    assert r.status_code == 200, r.content
    report = r.json()
    assert [s["signer"]["common_name"] for s in report["signatures"]] == [
        "CÔNG TY TNHH AN PHÁT",
        "BẢO HIỂM XÃ HỘI QUẬN 1",
    ]
    assert report["indication"] == "TOTAL_PASSED"
    assert report["signatures"][0]["coverage"] == "ENTIRE_REVISION"
    # only staff validate files received by other means
    assert applicant_api.upload("/signatures/validate", "x.pdf", twice).status_code == 403
    # hostile input is refused before any parser sees it
    evil = b'<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x "y">]><a>&x;</a>'
    bad = officer.upload("/signatures/validate", "x.xml", evil)
    assert bad.status_code in (415, 422) and bad["Content-Type"].startswith(
        "application/problem+json"
    )


def test_trust_store_is_listed(applicant_api: Api) -> None:
    r = applicant_api.get("/trust")
    assert r.status_code == 200
    subjects = [c["subject"] for c in r.json()["certificates"]]
    assert any("Root CA Quốc gia" in s for s in subjects)
    assert r.json()["certificates"][0]["is_root"] is True
    assert len(r.json()["revocation_lists"]) >= 2

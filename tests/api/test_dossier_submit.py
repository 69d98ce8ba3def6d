"""Submitting a dossier through the API: code, appointment date, validation, idempotency."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

import pytest

from hotro.core import clock
from hotro.dossiers.history import chain_first_broken
from hotro.dossiers.models import Beneficiary, CodeCounter, Document, Dossier, Event
from tests.conftest import Api

pytestmark = pytest.mark.django_db
Body = Callable[..., dict[str, Any]]


def counts() -> tuple[int, int, int, int]:
    return (
        Dossier.objects.count(),
        Beneficiary.objects.count(),
        Event.objects.count(),
        CodeCounter.objects.count(),
    )


def test_submit_gives_the_seed_style_code_and_due_date(
    applicant_api: Api, submit_body: Body
) -> None:
    r = applicant_api.post("/dossiers", submit_body())
    assert r.status_code == 201, r.content
    data = r.json()
    assert data["code"] == "NCOVI.000.00.46.H29-211013-0001"
    assert data["status"] == "submitted" and data["portal_status"] == 1
    assert data["received_on"] == "2021-10-13"
    assert data["submitted_at"] == "2021-10-13T09:30:00+07:00"  # Vietnam time, with its offset
    # 2 + 2 + 2 working days after Wed 13 Oct 2021: Thu 21 Oct.
    total = sum(
        s["working_days"]
        for s in applicant_api.get("/catalog/policies/QD23-TAM-HOAN-HDLD").json()["steps"]
    )
    assert total == 6
    assert data["due_date"] == "2021-10-21"
    assert data["beneficiary_count"] == 2
    # 45 days + pregnant + one child = 5,710,000; 20 days = 1,855,000.
    assert [b["amount"] for b in data["beneficiaries"]] == [5_710_000, 1_855_000]
    assert data["total_amount"] == 7_565_000
    assert {d["component"] for d in data["documents"]} == {
        "worker_list",
        "social_insurance_confirmation",
    }
    dossier = Dossier.objects.get(code=data["code"])
    event = dossier.events.get()
    assert (event.action, event.to_status, event.seq) == ("submit", "submitted", 1)
    assert chain_first_broken(dossier) is None


def test_serials_follow_each_other_per_agency_and_day(
    applicant_api: Api, submit_body: Body
) -> None:
    codes = [applicant_api.post("/dossiers", submit_body()).json()["code"] for _ in range(3)]
    assert [c[-4:] for c in codes] == ["0001", "0002", "0003"]
    other = applicant_api.post("/dossiers", submit_body(agency_code="000.00.80.H29")).json()
    assert other["code"] == "NCOVI.000.00.80.H29-211013-0001"
    with clock.frozen(clock.vietnam_datetime(2021, 10, 14, 8)):
        next_day = applicant_api.post("/dossiers", submit_body()).json()
    assert next_day["code"].endswith("-211014-0001")


def test_after_the_cutoff_the_dossier_counts_from_the_next_working_day(
    applicant_api: Api, submit_body: Body
) -> None:
    with clock.frozen(clock.vietnam_datetime(2021, 10, 15, 17, 30)):  # Friday evening
        data = applicant_api.post("/dossiers", submit_body()).json()
    assert data["received_on"] == "2021-10-18"
    assert data["code"].endswith("-211018-0001")
    assert data["due_date"] == "2021-10-26"


@pytest.mark.parametrize(
    ("change", "field", "code"),
    [
        (
            lambda b: b["applicant"].update(tax_code="0100233489"),
            "applicant.tax_code",
            "tax_code_checksum",
        ),
        (lambda b: b["applicant"].update(tax_code="12345"), "applicant.tax_code", "tax_code"),
        (lambda b: b["applicant"].pop("name"), "applicant.name", "required"),
        (lambda b: b["applicant"].update(phone="abc"), "applicant.phone", "phone"),
        (lambda b: b["applicant"].update(surprise="x"), "applicant.surprise", "unknown_field"),
        (
            lambda b: b["beneficiaries"][1].update(national_id="12345"),
            "beneficiaries.1.national_id",
            "national_id",
        ),
        (
            lambda b: b["beneficiaries"][0].update(suspension_days=10),
            "beneficiaries.0.suspension_days",
            "min_value",
        ),
        (
            lambda b: b["beneficiaries"][0].update(suspension_start="2021-03-01"),
            "beneficiaries.0.suspension_start",
            "date_outside_period",
        ),
        (
            lambda b: b["beneficiaries"][0].update(date_of_birth="31/02/1990"),
            "beneficiaries.0.date_of_birth",
            "date",
        ),
        (
            lambda b: b["beneficiaries"][0].update(amount=9_999_999),
            "beneficiaries.0.amount",
            "amount_mismatch",
        ),
        (
            lambda b: b["beneficiaries"][1].update(national_id="079190000123"),
            "beneficiaries.1.national_id",
            "duplicate_in_list",
        ),
        (lambda b: b.update(beneficiaries=[]), "beneficiaries", "beneficiaries_required"),
        (
            lambda b: b["documents"].pop(),
            "documents.social_insurance_confirmation",
            "document_required",
        ),
        (
            lambda b: b["documents"][0].update(upload_id="00000000-0000-0000-0000-000000000000"),
            "documents.0.upload_id",
            "upload_not_found",
        ),
        (
            lambda b: b["documents"][0].update(upload_id="not-a-uuid"),
            "documents.0.upload_id",
            "upload_not_found",
        ),
        (
            lambda b: b["documents"][0].update(component="ban_giay"),
            "documents.0.component",
            "document_unknown_component",
        ),
        (lambda b: b.update(agency_code="000.00.00.H29"), "agency_code", "agency_wrong_kind"),
    ],
)
def test_bad_input_is_a_problem_naming_the_field_and_leaves_nothing(
    applicant_api: Api,
    submit_body: Body,
    change: Callable[[dict[str, Any]], Any],
    field: str,
    code: str,
) -> None:
    body = submit_body()
    change(body)
    before = counts()
    r = applicant_api.post("/dossiers", body)
    assert r.status_code == 422, r.content
    assert r["Content-Type"].startswith("application/problem+json")
    problem = r.json()
    assert problem["status"] == 422 and problem["type"] == "/problems/validation_failed"
    assert (field, code) in [(e["field"], e["code"]) for e in problem["errors"]], problem
    assert all(e["message"] for e in problem["errors"])
    assert counts() == before
    # Nothing was used up: the next good submission still gets serial 0001.
    assert applicant_api.post("/dossiers", submit_body()).json()["code"].endswith("-0001")


def test_schema_errors_and_unknown_codes_are_problems_too(
    applicant_api: Api, submit_body: Body
) -> None:
    r = applicant_api.post("/dossiers", {"policy_code": "QD23-TAM-HOAN-HDLD"})
    assert r.status_code == 422
    assert {"agency_code", "applicant"} <= {e["field"] for e in r.json()["errors"]}
    r = applicant_api.client.post(
        "/api/v1/dossiers",
        "{not json",
        content_type="application/json",
        headers=applicant_api.headers,
    )
    assert r.status_code in (400, 422) and r["Content-Type"].startswith("application/problem+json")
    r = applicant_api.post("/dossiers", submit_body(policy_code="QD99-KHONG-CO"))
    assert r.status_code == 404 and r.json()["code"] == "policy_not_found"
    r = applicant_api.post("/dossiers", submit_body(agency_code="000.00.99.H99"))
    assert r.status_code == 404 and r.json()["code"] == "agency_not_found"


def test_a_closed_policy_refuses_new_dossiers(applicant_api: Api, submit_body: Body) -> None:
    body = submit_body()
    with clock.frozen(clock.vietnam_datetime(2022, 2, 7, 9)):  # after the 31 Jan 2022 deadline
        r = applicant_api.post("/dossiers", body)
    assert r.status_code == 422
    (error,) = [e for e in r.json()["errors"] if e["field"] == "policy_code"]
    assert error["code"] == "policy_closed"
    assert (
        "từ ngày 07/07/2021 đến hết ngày 31/01/2022, hôm nay là ngày 07/02/2022"
        in (error["message"])
    )


def test_messages_follow_accept_language(applicant: Any, api_for: Any, submit_body: Body) -> None:
    english = api_for(applicant, lang="en")
    body = submit_body(api=english)
    body["applicant"]["tax_code"] = "12345"
    r = english.post("/dossiers", body)
    assert r["Content-Language"] == "en"
    assert r.json()["title"] == "The data sent is not valid."
    assert "10 digits" in r.json()["errors"][0]["message"]
    vietnamese = api_for(applicant)
    r = vietnamese.post("/dossiers", body)
    assert r.json()["title"] == "Dữ liệu gửi lên chưa hợp lệ."
    assert "Mã số thuế" in r.json()["errors"][0]["message"]


def test_idempotency_key_same_body_same_dossier(applicant_api: Api, submit_body: Body) -> None:
    body = submit_body()
    first = applicant_api.post("/dossiers", body, {"Idempotency-Key": "k-1"})
    again = applicant_api.post("/dossiers", body, {"Idempotency-Key": "k-1"})
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["code"] == again.json()["code"]
    assert Dossier.objects.count() == 1


def test_idempotency_key_with_another_body_is_a_conflict(
    applicant_api: Api, submit_body: Body
) -> None:
    body = submit_body()
    assert applicant_api.post("/dossiers", body, {"Idempotency-Key": "k-2"}).status_code == 201
    body["applicant"]["phone"] = "0903999999"
    r = applicant_api.post("/dossiers", body, {"Idempotency-Key": "k-2"})
    assert r.status_code == 409 and r.json()["code"] == "idempotency_key_reused"
    assert Dossier.objects.count() == 1
    bad = applicant_api.post("/dossiers", body, {"Idempotency-Key": "x" * 101})
    assert bad.status_code == 422 and Dossier.objects.count() == 1


def test_an_uploaded_file_serves_one_dossier_only(applicant_api: Api, submit_body: Body) -> None:
    body = submit_body()
    assert applicant_api.post("/dossiers", body).status_code == 201
    r = applicant_api.post("/dossiers", body)
    assert r.status_code == 422
    assert "upload_used" in [e["code"] for e in r.json()["errors"]]


def test_documents_are_stored_with_their_hash(applicant_api: Api, submit_body: Body) -> None:
    code = applicant_api.post("/dossiers", submit_body()).json()["code"]
    for doc in Document.objects.filter(dossier__code=code):
        import hashlib

        with doc.file.open("rb") as f:
            assert hashlib.sha256(f.read()).hexdigest() == doc.sha256
        assert doc.media_type == "application/pdf"
        # validated at upload: an unsigned PDF has an empty report, and no verdict
        assert doc.signature_verdict == ""
        assert doc.signature_report is not None and doc.signature_report["signatures"] == []


def test_a_policy_without_beneficiaries_takes_none(applicant_api: Api) -> None:
    r = applicant_api.post(
        "/dossiers",
        {
            "policy_code": "QD23-HO-KINH-DOANH",
            "agency_code": "000.01.46.H29",
            "applicant": {},
            "beneficiaries": [{"national_id": "079190000123", "full_name": "A"}],
        },
    )
    assert r.status_code == 422
    codes = {e["code"] for e in r.json()["errors"]}
    assert "beneficiaries_not_allowed" in codes and "required" in codes


def test_receipt_date_is_in_the_code_even_for_historical_imports(
    applicant_api: Api, submit_body: Body
) -> None:
    body = submit_body()
    with clock.frozen(clock.vietnam_datetime(2021, 9, 1, 10)):
        code = applicant_api.post("/dossiers", body).json()["code"]
    assert re.fullmatch(r"NCOVI\.000\.00\.46\.H29-210901-0001", code)
    assert Dossier.objects.get(code=code).due_date == dt.date(2021, 9, 13)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (
            lambda b: b["beneficiaries"][0].update(children_under_6=10**13),
            "beneficiaries.0.children_under_6",
        ),
        (
            lambda b: b["beneficiaries"][0].update(children_under_6=500),
            "beneficiaries.0.children_under_6",
        ),
        (
            lambda b: b["beneficiaries"][0].update(full_name="Nguyễn " * 50),
            "beneficiaries.0.full_name",
        ),
    ],
)
def test_out_of_range_values_are_422_not_500(
    applicant_api: Api, submit_body: Body, change: Callable[[dict[str, Any]], Any], field: str
) -> None:
    body = submit_body()
    change(body)
    r = applicant_api.post("/dossiers", body)
    assert r.status_code == 422 and field in [e["field"] for e in r.json()["errors"]]


def test_nul_bytes_and_unknown_paths_are_problems(applicant_api: Api, submit_body: Body) -> None:
    for r in (
        applicant_api.get("/dossiers", q="a\x00b"),
        applicant_api.get("/public/dossiers/NCOVI\x00"),
        applicant_api.post("/dossiers", submit_body(policy_code="QD23\x00")),
        applicant_api.get("/khong-co-duong-nay"),
        applicant_api.client.delete("/api/v1/catalog/policies", headers=applicant_api.headers),
    ):
        assert r.status_code in (400, 404, 405, 422), r.content  # 422: names the field
        assert r["Content-Type"].startswith("application/problem+json")
    assert Dossier.objects.count() == 0


def test_an_applicant_cannot_declare_a_desk_channel(applicant_api: Api, submit_body: Body) -> None:
    r = applicant_api.post("/dossiers", submit_body(channel="in_person"))
    assert r.status_code == 201 and r.json()["channel"] == "online"


def test_upload_ids_in_any_uuid_spelling(applicant_api: Api, submit_body: Body) -> None:
    body = submit_body()
    body["documents"][0]["upload_id"] = body["documents"][0]["upload_id"].upper()
    assert applicant_api.post("/dossiers", body).status_code == 201

"""The API's side of issue 12, items 7 and 8: a file checked against its component when the
upload names one, a CCCD against the date of birth, and every error keeping its machine path
in errors[].field while its message speaks of what the applicant sees."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from tests.conftest import Api

pytestmark = pytest.mark.django_db


def xlsx() -> bytes:
    book = Workbook()
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def upload(api: Api, name: str, content: bytes, **form: str) -> Any:
    return api.client.post(
        "/api/v1/documents",
        {"file": SimpleUploadedFile(name, content), **form},
        headers=api.headers,
    )


def test_an_upload_for_a_component_is_checked_against_its_types(applicant_api: Api) -> None:
    form = {"policy_code": "QD23-TAM-HOAN-HDLD", "component": "worker_list"}
    r = upload(applicant_api, "danh-sach.pdf", xlsx(), **form)
    assert r.status_code == 415, r.content
    body = r.json()
    assert body["code"] == "document_wrong_type"
    assert body["errors"][0]["field"] == "file"
    message = body["errors"][0]["message"]
    assert message.startswith("Tệp danh-sach.pdf là bảng tính Excel (.xlsx); thành phần “Danh")
    assert "worker_list" not in message
    # Without a component, a spreadsheet is a document like any other (checked at submission).
    assert upload(applicant_api, "danh-sach.xlsx", xlsx()).status_code == 201


def test_an_upload_for_an_unknown_component_or_policy_is_refused(applicant_api: Api) -> None:
    r = upload(applicant_api, "a.pdf", xlsx(), policy_code="QD23-TAM-HOAN-HDLD", component="x")
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "component"
    r = upload(applicant_api, "a.pdf", xlsx(), policy_code="KHONG-CO", component="worker_list")
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "policy_code"


def test_an_unknown_kind_names_no_question_mark(applicant_api: Api) -> None:
    r = applicant_api.upload("/documents", "a.pdf", b"just some text")
    assert r.status_code == 415
    assert "?" not in r.json()["title"]
    assert "không thuộc loại tệp nào nhận ra được" in r.json()["title"]


def test_the_submission_keeps_paths_and_names_the_component(
    applicant_api: Api, submit_body: Callable[..., dict[str, Any]]
) -> None:
    body = submit_body()
    sheet = applicant_api.upload("/documents", "danh-sach.pdf", xlsx()).json()["id"]
    body["documents"][0]["upload_id"] = sheet
    r = applicant_api.post("/dossiers", body)
    assert r.status_code == 422
    error = next(e for e in r.json()["errors"] if e["code"] == "document_wrong_type")
    assert error["field"] == "documents.0.upload_id"
    assert "thành phần “Danh sách người lao động tạm hoãn" in error["message"]


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"date_of_birth": "2001-04-12"}, "national_id_century"),
        ({"date_of_birth": "1991-04-12"}, "national_id_birth_year"),
        ({"national_id": "079185000123"}, "national_id_birth_year"),
    ],
)
def test_a_cccd_that_contradicts_the_birth_date_is_refused(
    applicant_api: Api,
    submit_body: Callable[..., dict[str, Any]],
    change: dict[str, str],
    code: str,
) -> None:
    body = submit_body()
    body["beneficiaries"][0].update(change)
    r = applicant_api.post("/dossiers", body)
    assert r.status_code == 422, r.content
    found = [e for e in r.json()["errors"] if e["code"] == code]
    assert found and found[0]["field"] == "beneficiaries.0.national_id"


def test_a_duplicate_names_the_list_position_through_the_api(
    applicant_api: Api, submit_body: Callable[..., dict[str, Any]]
) -> None:
    body = submit_body()
    body["beneficiaries"].append(dict(body["beneficiaries"][0]))
    r = applicant_api.post("/dossiers", body)
    error = next(e for e in r.json()["errors"] if e["code"] == "duplicate_in_list")
    assert error["field"] == "beneficiaries.2.national_id"
    assert "(dòng 1)" in error["message"]  # the first person of the JSON list

"""Uploads are hostile until checked: size, real type, XML entities, zip bombs."""

from __future__ import annotations

from functools import cache
from typing import Any

import pytest

from hotro.dossiers.models import Document
from tests.conftest import Api
from tests.factories import BILLION_LAUGHS, XXE, pdf_bytes, zip_bomb

pytestmark = pytest.mark.django_db


@cache
def bomb() -> bytes:
    return zip_bomb()


def test_a_pdf_is_stored_with_its_hash(applicant_api: Api) -> None:
    r = applicant_api.upload("/documents", "danh-sach.pdf", pdf_bytes())
    assert r.status_code == 201
    data = r.json()
    assert data["media_type"] == "application/pdf" and len(data["sha256"]) == 64
    assert Document.objects.get(id=data["id"]).dossier is None


@pytest.mark.parametrize(
    ("name", "content", "status", "code"),
    [
        ("virus.pdf", b"MZ\x90\x00 this is an executable", 415, "unsupported_media_type"),
        ("empty.pdf", b"", 422, "upload_empty"),
        ("cut.pdf", b"%PDF-1.7\n1 0 obj << >> endobj\n", 422, "pdf_malformed"),
        ("xxe.xml", XXE, 422, "xml_unsafe"),
        ("laughs.xml", BILLION_LAUGHS, 422, "xml_unsafe"),
        ("broken.xml", b"<a><b></a>", 422, "xml_malformed"),
        ("script.html", b"<html><script>alert(1)</script>", 422, "xml_malformed"),
    ],
)
def test_hostile_or_wrong_files_are_refused(
    applicant_api: Api, name: str, content: bytes, status: int, code: str
) -> None:
    r = applicant_api.upload("/documents", name, content)
    assert r.status_code == status, r.content
    assert r.json()["code"] == code
    assert r["Content-Type"].startswith("application/problem+json")
    assert Document.objects.count() == 0


def test_a_zip_bomb_is_refused_before_it_is_opened(applicant_api: Api) -> None:
    r = applicant_api.upload("/documents", "danh-sach.xlsx", bomb())
    assert r.status_code == 422 and r.json()["code"] == "archive_bomb"
    r = applicant_api.upload("/catalog/policies/QD23-TAM-HOAN-HDLD/worker-list", "ds.xlsx", bomb())
    assert r.status_code == 422 and r.json()["code"] == "archive_bomb"


def test_too_large_is_413(applicant_api: Api, settings: Any) -> None:
    settings.HOTRO_UPLOAD_MAX_BYTES = 1000
    r = applicant_api.upload("/documents", "big.pdf", pdf_bytes() + b"\n" * 2000)
    assert r.status_code == 413 and r.json()["code"] == "too_large"
    assert Document.objects.count() == 0


def test_the_type_comes_from_the_content_not_the_name(applicant_api: Api) -> None:
    r = applicant_api.upload("/documents", "anh.png", pdf_bytes())
    assert r.status_code == 201 and r.json()["media_type"] == "application/pdf"


def test_a_component_takes_only_its_media_types(applicant_api: Api, submit_body: Any) -> None:
    png = b"\x89PNG\r\n\x1a\n" + b"\0" * 64
    r = applicant_api.upload("/documents", "anh.png", png)
    assert r.status_code == 201
    body = submit_body()
    body["documents"][0]["upload_id"] = r.json()["id"]
    r = applicant_api.post("/dossiers", body)
    assert r.status_code == 422
    assert "document_wrong_type" in [e["code"] for e in r.json()["errors"]]


def test_uploading_needs_a_login() -> None:
    assert Api(None).upload("/documents", "a.pdf", pdf_bytes()).status_code == 401

"""Uploads are hostile until checked: size, the kind by its content, and then the whole
structure of that kind, through POST /api/v1/documents. A refused upload leaves nothing: no
row, no stored file."""

from __future__ import annotations

import io
import os
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.db import DatabaseError, connection

from hotro.dossiers.models import Document
from hotro.dossiers.services import document_upload
from tests.conftest import Api
from tests.factories import BILLION_LAUGHS, XXE, pdf_bytes, png_bytes
from tests.hostile import archives, corpus, documents
from tests.hostile import builders as b

pytestmark = pytest.mark.django_db


def stored_files() -> list[str]:
    root = Path(django_settings.MEDIA_ROOT)
    return [f for _, _, files in os.walk(root) for f in files] if root.exists() else []


def refused(api: Api, name: str, content: bytes, status: int, code: str) -> None:
    """Uploading `content` is answered with this problem, and leaves no row and no file."""
    docs, files = Document.objects.count(), stored_files()
    r = api.upload("/documents", name, content)
    assert r.status_code == status, r.content
    assert r["Content-Type"].startswith("application/problem+json")
    assert r.json()["code"] == code, r.json()
    assert Document.objects.count() == docs
    assert stored_files() == files


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
        ("script.html", b"<html><script>alert(1)</script>", 422, "xml_unsafe"),
    ],
)
def test_hostile_or_wrong_files_are_refused(
    applicant_api: Api, name: str, content: bytes, status: int, code: str
) -> None:
    refused(applicant_api, name, content, status, code)


# --- finding 9: the whole structure, not the magic bytes ---------------------------------------


@pytest.mark.parametrize(
    ("item", "code"),
    [
        ("pdf_svg_onload", "upload_markup"),  # %PDF- followed by <svg onload>
        ("pdf_html_after_64k", "upload_markup"),  # a valid PDF, HTML after the first 64 KB
        ("pdf_html_appended", "upload_markup"),
        ("png_magic_then_html", "upload_markup"),
        ("jpeg_magic_then_html", "upload_markup"),
        ("png_then_html", "upload_markup"),  # a real image, then a page
        ("jpeg_then_html", "upload_markup"),
        ("xml_stylesheet", "xml_unsafe"),  # <?xml-stylesheet?>
        ("xml_stylesheet_late", "xml_unsafe"),
        ("xml_svg_inside", "xml_unsafe"),
        ("xml_xslt_inside", "xml_unsafe"),
        ("xml_xhtml_namespace_declared", "xml_unsafe"),
    ],
)
def test_polyglots_are_refused(applicant_api: Api, item: str, code: str) -> None:
    h = next(h for h in corpus.CORPUS if h.name == item)
    refused(applicant_api, h.filename, h.content(), 422, code)


@pytest.mark.parametrize(
    ("make", "code"),
    [
        (lambda: b"%PDF-1.7\n<<>>\n%%EOF\n", "pdf_malformed"),  # magic and end, no structure
        (documents.pdf_xref_loop, "pdf_malformed"),
        (documents.pdf_page_tree_loop, "pdf_malformed"),
        (lambda: b.half(pdf_bytes("x" * 200)), "pdf_malformed"),
        (documents.pdf_flate_bomb, "pdf_too_complex"),
        (documents.pdf_object_stream_bomb, "pdf_too_complex"),
        (documents.pdf_many_revisions, "pdf_too_complex"),
        (documents.pdf_many_objects, "pdf_too_complex"),  # refused before pyHanko parses them
        (documents.pdf_encrypted, "file_encrypted"),
    ],
)
def test_a_pdf_must_parse_as_a_whole(
    applicant_api: Api, make: Callable[[], bytes], code: str
) -> None:
    content = make()
    refused(applicant_api, "giay-to.pdf", content, 422, code)


def test_images_are_decoded_in_full(applicant_api: Api) -> None:
    import weasyprint  # noqa: F401 (it makes Pillow accept truncated images, process-wide)

    for name, content in (("anh.png", png_bytes()), ("anh.jpg", b.jpeg())):
        assert applicant_api.upload("/documents", name, content).status_code == 201
    for content, code in (
        (documents.png_bad_crc(), "image_malformed"),
        (b.half(png_bytes((256, 256))), "image_malformed"),
        (b.half(b.jpeg((256, 256))), "image_malformed"),
        (documents.png_decompression_bomb(), "image_too_large"),
        (documents.jpeg_huge_frame(), "image_too_large"),
    ):
        refused(applicant_api, "anh.png", content, 422, code)


def docx(extra: dict[str, bytes] | None = None, main_type: str | None = None) -> bytes:
    import docx as python_docx

    out = io.BytesIO()
    python_docx.Document().save(out)
    if not extra and not main_type:
        return out.getvalue()
    source = zipfile.ZipFile(io.BytesIO(out.getvalue()))
    parts = [(i.filename, source.read(i)) for i in source.infolist()]
    if main_type:
        old = b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
        parts = [(n, d.replace(old, main_type.encode())) for n, d in parts]
    return b.zip_of([*parts, *(extra or {}).items()])


def test_office_files_are_checked_as_packages(applicant_api: Api) -> None:
    r = applicant_api.upload("/documents", "cong-van.docx", docx())
    assert r.status_code == 201 and r.json()["media_type"].endswith("wordprocessingml.document")
    macro = "application/vnd.ms-word.document.macroEnabled.main+xml"
    cases = [
        (docx(main_type=macro), 422, "office_macros"),
        (docx({"word/vbaProject.bin": b"\0" * 64}), 422, "office_macros"),
        (docx({"word/extra.xml": XXE}), 422, "xml_unsafe"),  # any part, not only the main one
        (b.zip_of([("a.txt", b"not an office file")]), 415, "unsupported_media_type"),
        (b.encrypted_office(), 415, "office_legacy_or_encrypted"),
        (archives.zip_encrypted_member(), 422, "file_encrypted"),
    ]
    for content, status, code in cases:
        refused(applicant_api, "cong-van.docx", content, status, code)


@pytest.fixture
def bomb() -> bytes:
    return archives.zip_high_ratio()


def test_a_zip_bomb_is_refused_before_it_is_opened(applicant_api: Api, bomb: bytes) -> None:
    refused(applicant_api, "danh-sach.xlsx", bomb, 422, "archive_bomb")
    r = applicant_api.upload("/catalog/policies/QD23-TAM-HOAN-HDLD/worker-list", "ds.xlsx", bomb)
    assert r.status_code == 422 and r.json()["code"] == "archive_bomb"


@pytest.mark.parametrize(
    ("item", "code"),
    [
        ("zip_many_entries", "archive_bomb"),
        ("zip_nested", "archive_bomb"),
        ("zip_overlapping", "archive_bomb"),
        ("zip_lying_sizes", "office_unreadable"),
        ("zip_duplicate_names", "office_unreadable"),
        ("zip_traversal_names", "office_unreadable"),
    ],
)
def test_zips_that_lie_are_refused(applicant_api: Api, item: str, code: str) -> None:
    h = next(h for h in corpus.CORPUS if h.name == item)
    refused(applicant_api, h.filename, h.content(), 422, code)


def test_too_large_is_413(applicant_api: Api, settings: Any) -> None:
    settings.HOTRO_UPLOAD_MAX_BYTES = 1000
    refused(applicant_api, "big.pdf", pdf_bytes() + b"\n" * 2000, 413, "too_large")


def test_the_type_comes_from_the_content_not_the_name(applicant_api: Api) -> None:
    r = applicant_api.upload("/documents", "anh.png", pdf_bytes())
    assert r.status_code == 201 and r.json()["media_type"] == "application/pdf"


def test_a_component_takes_only_its_media_types(applicant_api: Api, submit_body: Any) -> None:
    r = applicant_api.upload("/documents", "anh.png", png_bytes())
    assert r.status_code == 201
    body = submit_body()
    body["documents"][0]["upload_id"] = r.json()["id"]
    r = applicant_api.post("/dossiers", body)
    assert r.status_code == 422
    assert "document_wrong_type" in [e["code"] for e in r.json()["errors"]]


def test_uploading_needs_a_login() -> None:
    assert Api(None).upload("/documents", "a.pdf", pdf_bytes()).status_code == 401


@pytest.mark.parametrize(
    "content",
    [
        b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        b'<html xmlns="http://www.w3.org/1999/xhtml"><body><script>alert(1)</script></body></html>',
        b'<doc xmlns:xi="http://www.w3.org/2001/XInclude"><xi:include href="/etc/passwd"/></doc>',
    ],
)
def test_active_markup_is_not_a_document(applicant_api: Api, content: bytes) -> None:
    refused(applicant_api, "to-khai.xml", content, 422, "xml_unsafe")


def test_html_dressed_as_pdf_is_refused(applicant_api: Api) -> None:
    content = b"%PDF-1.4\n<html><script>alert(1)</script></html>\n%%EOF\n"
    refused(applicant_api, "a.pdf", content, 422, "upload_markup")


# --- finding 5: a parse that fails leaves nothing behind ----------------------------------------


def test_a_pdf_nested_100000_deep_is_a_422_and_leaves_nothing(applicant_api: Api) -> None:
    # It used to raise RecursionError in the signature validation (a 500), after the row
    # had been written: a Document "pending" for ever.
    content = documents.pdf_deep_nesting()
    refused(applicant_api, "giay-to.pdf", content, 422, "pdf_malformed")
    refused(applicant_api, "giay-to.pdf", documents.pdf_deep_dictionaries(), 422, "pdf_malformed")


@pytest.mark.parametrize("through_worker", [False, True])
def test_a_signature_too_deep_to_parse_is_reported_unreadable(
    applicant_api: Api,
    settings: Any,
    django_capture_on_commit_callbacks: Callable[..., Any],
    through_worker: bool,
) -> None:
    if through_worker:  # large files are validated by the worker after the commit
        settings.HOTRO_SIGNATURE_SYNC_MAX_BYTES = 1000
    with django_capture_on_commit_callbacks(execute=True):
        r = applicant_api.upload("/documents", "ky-so.pdf", documents.pdf_signature_deep_cms())
    assert r.status_code == 201, r.content
    doc = Document.objects.get(id=r.json()["id"])
    assert doc.signature_report is not None and doc.signature_report["error"] == "malformed"
    assert doc.signature_verdict == "TOTAL_FAILED"


def test_an_upload_that_fails_to_be_recorded_leaves_no_file(applicant: Any) -> None:
    """The database refuses the row (here: a fault injected into the connection): the
    file already written to storage is removed with it."""

    def refuse_insert(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        if sql.startswith('INSERT INTO "dossiers_document"'):
            raise DatabaseError("disk full")
        return execute(sql, params, many, context)

    with connection.execute_wrapper(refuse_insert), pytest.raises(DatabaseError):
        document_upload(user=applicant, filename="a.pdf", content=pdf_bytes())
    assert Document.objects.count() == 0
    assert stored_files() == []

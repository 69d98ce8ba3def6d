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


def sheet_with_cells(*refs: str) -> bytes:
    """A tiny .xlsx whose one sheet addresses the given cells (e.g. the last one, XFD1048576)."""
    import io
    import zipfile

    cells = "".join(
        f'<row r="{ref.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")}"><c r="{ref}" t="inlineStr"><is><t>x</t></is></c></row>'
        for ref in refs
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(
            "[Content_Types].xml",
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
        )
        z.writestr(
            "_rels/.rels",
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        )
        z.writestr(
            "xl/workbook.xml",
            '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>',
        )
        z.writestr(
            "xl/_rels/workbook.xml.rels",
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
        )
        z.writestr(
            "xl/worksheets/sheet1.xml",
            f'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>{cells}</sheetData></worksheet>',
        )
    return out.getvalue()


@pytest.mark.parametrize("far", ["XFD1048576", "ZZ200000", "A50000", "CZ1"])
def test_a_sheet_addressing_a_huge_grid_is_refused_before_it_is_read(
    applicant_api: Api, far: str
) -> None:
    # A few kilobytes that would make the spreadsheet reader allocate gigabytes and abort.
    r = applicant_api.upload(
        "/catalog/policies/QD23-TAM-HOAN-HDLD/worker-list", "ds.xlsx", sheet_with_cells("A1", far)
    )
    assert r.status_code == 422 and r.json()["code"] == "worker_list_extent"


def lying_zip(members: dict[str, bytes], liar: str, inflated: int) -> bytes:
    """A zip built by hand whose member `liar` declares 1 byte but deflates to `inflated`."""
    import struct
    import zlib

    body, central = b"", b""
    for name, data in [*members.items(), (liar, b"")]:
        if name == liar:
            packer = zlib.compressobj(9, zlib.DEFLATED, -15)
            chunk = b"\0" * (1 << 20)
            raw = b"".join(packer.compress(chunk) for _ in range(inflated >> 20)) + packer.flush()
            crc, size = 0, 1
        else:
            packer = zlib.compressobj(9, zlib.DEFLATED, -15)
            raw = packer.compress(data) + packer.flush()
            crc, size = zlib.crc32(data), len(data)
        encoded = name.encode()
        offset = len(body)
        body += struct.pack(
            "<4sHHHHHIIIHH", b"PK\x03\x04", 20, 0, 8, 0, 0, crc, len(raw), size, len(encoded), 0
        )
        body += encoded + raw
        central += struct.pack(
            "<4sHHHHHHIIIHHHHHII",
            b"PK\x01\x02",
            20,
            20,
            0,
            8,
            0,
            0,
            crc,
            len(raw),
            size,
            len(encoded),
            0,
            0,
            0,
            0,
            0,
            offset,
        )
        central += encoded
    count = len(members) + 1
    end = struct.pack("<4sHHHHIIH", b"PK\x05\x06", 0, 0, count, count, len(central), len(body), 0)
    return body + central + end


def test_a_zip_that_lies_about_its_sizes_is_still_bounded(applicant_api: Api) -> None:
    content = lying_zip(
        {"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"},
        "xl/worksheets/sheet1.xml",
        300 * 1024 * 1024,
    )
    assert len(content) < 1_000_000
    for path in ("/documents", "/catalog/policies/QD23-TAM-HOAN-HDLD/worker-list"):
        r = applicant_api.upload(path, "ds.xlsx", content)
        assert r.status_code in (415, 422), r.content
        assert r["Content-Type"].startswith("application/problem+json")
    assert Document.objects.count() == 0


@pytest.mark.parametrize(
    "content",
    [
        b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        b'<html xmlns="http://www.w3.org/1999/xhtml"><body><script>alert(1)</script></body></html>',
        b'<doc xmlns:xi="http://www.w3.org/2001/XInclude"><xi:include href="/etc/passwd"/></doc>',
    ],
)
def test_active_markup_is_not_a_document(applicant_api: Api, content: bytes) -> None:
    r = applicant_api.upload("/documents", "to-khai.xml", content)
    assert r.status_code == 422 and r.json()["code"] == "xml_unsafe"


def test_html_dressed_as_pdf_is_refused(applicant_api: Api) -> None:
    r = applicant_api.upload(
        "/documents", "a.pdf", b"%PDF-1.4\n<html><script>alert(1)</script></html>\n%%EOF\n"
    )
    assert r.status_code == 422 and r.json()["code"] == "pdf_malformed"

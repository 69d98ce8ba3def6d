"""What the fuzzer found (tests/hostile/test_fuzz.py), each kept as a named case: the smallest
file that reproduces it, through the API that first answered it with a 500."""

from __future__ import annotations

import pytest

from hotro.dossiers.models import Document
from tests.conftest import Api
from tests.hostile import builders as b

pytestmark = pytest.mark.django_db


def test_a_pdf_whose_catalog_is_not_a_dictionary(applicant_api: Api) -> None:
    """pyHanko asserts the catalog is a dictionary: an AssertionError, not one of its errors."""
    content = b.pdf([b"(a string where the catalog should be)", *b.PAGE_TREE[1:]])
    r = applicant_api.upload("/documents", "giay-to.pdf", content)
    assert r.status_code == 422 and r.json()["code"] == "pdf_malformed"
    assert Document.objects.count() == 0


def test_an_office_member_whose_deflate_stream_is_damaged(applicant_api: Api) -> None:
    """zipfile lets zlib's own error through for a reserved block type (zlib.error)."""
    parts = [b.deflated(name, data) for name, data in b.xlsx_parts(b.sheet_xml(""))]
    sheet = parts[-1]
    parts[-1] = b.RawEntry(sheet.name, b"\x07" + sheet.data[1:], 8, sheet.crc, sheet.size)
    content = b.raw_zip(parts)
    r = applicant_api.upload("/documents", "ds.xlsx", content)
    assert r.status_code == 422 and r.json()["code"] == "office_unreadable"
    r = applicant_api.upload("/catalog/policies/QD23-TAM-HOAN-HDLD/worker-list", "ds.xlsx", content)
    assert r.status_code == 422 and r.json()["code"] == "worker_list_unreadable"

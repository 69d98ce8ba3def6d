"""Hostile files get a clear answer and never a crash: a page tree claiming two billion pages,
a compressed stream that expands to hundreds of megabytes, a file over the size limit, arrays
nested a hundred thousand deep, a signature nested too deep to parse."""

from __future__ import annotations

import time
import zlib
from collections.abc import Callable

import pytest

from hotro.accounts.models import Role, User
from hotro.core import clock
from hotro.signatures import report as r
from hotro.signatures.services import signatures_check
from tests import pki
from tests.conftest import Api
from tests.hostile import documents
from tests.hostile.memory import peak_rise

pytestmark = pytest.mark.django_db


def pdf(objects: list[bytes]) -> bytes:
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for i, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def check(data: bytes) -> r.Report:
    now = clock.now()
    return signatures_check(content=data, moment=now, received_at=now)


def test_a_page_tree_claiming_two_billion_pages() -> None:
    liar = pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 2000000000 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
        ]
    )
    signed = pki.sign(pki.demo().employer, liar)
    start = time.perf_counter()
    report = check(signed)
    assert time.perf_counter() - start < 10
    assert report.indication == r.Indication.TOTAL_PASSED  # the lie does not touch what is signed


def test_a_compressed_bomb_inside_a_signed_pdf() -> None:
    bomb = zlib.compress(b"\0" * (256 * 1024 * 1024), 9)  # 256 MB of zeros in about 250 KB
    data = pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
            b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(bomb) + bomb + b"\nendstream",
        ]
    )
    signed = pki.sign(pki.demo().employer, data)
    start = time.perf_counter()
    report = check(signed)
    assert time.perf_counter() - start < 20
    assert report.indication is not None  # judged, not crashed


def test_the_validation_endpoint_refuses_a_file_over_the_limit(
    make_user: Callable[..., User], api_for: Callable[..., Api], settings: object
) -> None:
    settings.HOTRO_UPLOAD_MAX_BYTES = 50_000  # type: ignore[attr-defined]
    officer = api_for(make_user(Role.OFFICER, "000.00.46.H29"))
    r_ = officer.upload("/signatures/validate", "big.pdf", b"%PDF-1.7\n" + b"0" * 60_000)
    assert r_.status_code == 413
    assert r_["Content-Type"].startswith("application/problem+json")


@pytest.mark.parametrize(
    ("content", "status", "code"),
    [
        (b"MZ\x90\x00 an executable named .pdf", 415, "unsupported_media_type"),
        (b"<html><body>not a pdf</body></html>", 422, "xml_unsafe"),
    ],
)
def test_what_is_not_a_pdf_or_xml_is_refused_by_its_content(
    make_user: Callable[..., User],
    api_for: Callable[..., Api],
    content: bytes,
    status: int,
    code: str,
) -> None:
    officer = api_for(make_user(Role.OFFICER, "000.00.46.H29"))
    answer = officer.upload("/signatures/validate", "giay-to.pdf", content)
    assert answer.status_code == status
    assert answer.json()["code"] == code


# --- finding 5: every parse failure is an answer, never an exception --------------------------


@pytest.mark.parametrize(
    "make",
    [
        documents.pdf_deep_nesting,  # RecursionError in the reader, on the catalog
        documents.pdf_signature_deep_cms,  # RecursionError in the CMS parser
        documents.pdf_xref_stream_bomb,  # 256 MB behind the cross-reference stream
        documents.pdf_xref_loop,
        documents.pdf_encrypted,
    ],
)
def test_the_validator_reports_a_file_it_cannot_parse(make: Callable[[], bytes]) -> None:
    """Straight to the validator, past the upload checks (as the worker and `hotro trust
    revalidate` call it): a report that says the file is unreadable."""
    with peak_rise(make.__name__, "pdf") as peak:
        report = check(make())
    assert report.error in ("malformed", "encrypted"), report
    assert report.indication == r.Indication.TOTAL_FAILED
    assert peak.mb < 100, f"{peak.mb:.0f} MB"


@pytest.mark.parametrize(
    ("make", "status", "answer"),
    [
        (documents.pdf_deep_nesting, 422, "pdf_malformed"),
        (documents.pdf_flate_bomb, 422, "pdf_too_complex"),
        (documents.pdf_encrypted, 422, "file_encrypted"),
        (documents.pdf_signature_deep_cms, 200, "malformed"),
        (lambda: documents.XML_FILES["xml_stylesheet"], 422, "xml_unsafe"),
    ],
)
def test_the_validation_endpoint_answers_every_hostile_pdf(
    make_user: Callable[..., User],
    api_for: Callable[..., Api],
    make: Callable[[], bytes],
    status: int,
    answer: str,
) -> None:
    officer = api_for(make_user(Role.OFFICER, "000.00.46.H29"))
    got = officer.upload("/signatures/validate", "giay-to.pdf", make())
    assert got.status_code == status, got.content
    body = got.json()
    assert (body["code"] if status != 200 else body["error"]) == answer

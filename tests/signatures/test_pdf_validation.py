"""PAdES validation on files signed inside the tests with the test PKI: each way a signature
can be good, broken, untrusted, expired or revoked gives its ETSI verdict."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from cryptography.hazmat.primitives import serialization
from pyhanko.pdf_utils.generic import ArrayObject, DictionaryObject, FloatObject, NameObject
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

from hotro.core import clock
from hotro.signatures import report as r
from hotro.signatures import testpki
from hotro.signatures.services import crl_add, signatures_check
from tests import pki
from tests.factories import pdf_bytes

pytestmark = pytest.mark.django_db


def check(data: bytes, at: dt.datetime | None = None) -> r.Report:
    now = clock.now()
    return signatures_check(content=data, moment=at or now, received_at=now)


def only(report: r.Report) -> r.SignatureResult:
    assert report.error == "", report
    assert len(report.signatures) == 1, report
    return report.signatures[0]


def test_a_valid_employer_signature_passes_and_names_the_signer() -> None:
    result = only(check(pki.sign(pki.demo().employer)))
    assert result.indication == r.Indication.TOTAL_PASSED, result
    assert result.kind == "PAdES"
    assert result.coverage == "ENTIRE_FILE"
    assert result.signer.tax_code == "0100233488"
    assert result.signer.common_name == "CÔNG TY TNHH AN PHÁT"
    assert "VNPT-CA" in result.signer.issuer
    assert result.signing_time is not None and result.signing_time.startswith("2021-10-13")
    assert len(result.chain) == 3 and "Root CA Quốc gia" in result.chain[0]


def test_one_byte_changed_fails_with_a_hash_failure() -> None:
    signed = bytearray(pki.sign(pki.demo().employer, pdf_bytes("noi dung goc")))
    at = bytes(signed).index(b"noi dung goc")
    signed[at] = ord("N")  # inside the signed byte range: the file's first comment
    result = only(check(bytes(signed)))
    assert result.indication == r.Indication.TOTAL_FAILED
    assert result.sub_indication == r.HASH_FAILURE


def test_a_page_replaced_after_signing_fails_though_intact_and_trusted() -> None:
    signed = pki.sign(pki.demo().employer)
    writer = IncrementalPdfFileWriter(io.BytesIO(signed))
    # an incremental update that swaps the page's content for other text
    page_ref = writer.root["/Pages"]["/Kids"][0]
    page = page_ref.get_object()
    page[NameObject("/MediaBox")] = ArrayObject([FloatObject(v) for v in (0, 0, 300, 300)])
    page[NameObject("/Resources")] = DictionaryObject()
    writer.update_container(page)
    out = io.BytesIO()
    writer.write(out)
    result = only(check(out.getvalue()))
    assert result.indication == r.Indication.TOTAL_FAILED, result
    assert result.sub_indication == r.ILLEGAL_MODIFICATION
    assert result.coverage == "ENTIRE_REVISION"


def test_a_signature_from_an_untrusted_root_is_indeterminate() -> None:
    stranger_root = testpki.root_ca("Root CA lạ")
    stranger_ca = testpki.sub_ca(stranger_root, "CA lạ", organisation="Không rõ")
    stranger = testpki.signer(stranger_ca, testpki.name("CÔNG TY GIẢ MẠO", uid="MST:0100233488"))
    result = only(check(pki.sign(stranger)))
    assert result.indication == r.Indication.INDETERMINATE
    assert result.sub_indication == r.NO_CERTIFICATE_CHAIN_FOUND


def test_an_expired_certificate_passes_only_at_its_proof_of_existence() -> None:
    ca = pki.demo().provider_a
    expired = testpki.signer(
        ca,
        testpki.name("CÔNG TY HẾT HẠN", uid="MST:0100233488"),
        not_before=dt.datetime(2021, 1, 1, tzinfo=dt.UTC),
        not_after=dt.datetime(2021, 10, 1, tzinfo=dt.UTC),
    )
    signed_while_valid = dt.datetime(2021, 9, 20, 9, tzinfo=dt.UTC)
    data = pki.sign(expired, at=signed_while_valid)
    now_result = only(check(data))  # 13 Oct 2021: expired
    assert now_result.indication == r.Indication.INDETERMINATE
    assert now_result.sub_indication == r.OUT_OF_BOUNDS_NO_POE
    received = dt.datetime(2021, 9, 21, 8, tzinfo=dt.UTC)
    then = only(check(data, at=received))
    assert then.indication == r.Indication.TOTAL_PASSED, then


def test_a_certificate_revoked_by_a_crl_is_not_accepted() -> None:
    ca = pki.demo().provider_a
    revoked = testpki.signer(ca, testpki.name("CÔNG TY BỊ THU HỒI", uid="MST:0100233488"))
    data = pki.sign(revoked, at=dt.datetime(2021, 10, 1, tzinfo=dt.UTC))
    assert only(check(data)).indication == r.Indication.TOTAL_PASSED  # no CRL says otherwise
    crl = testpki.crl(
        ca,
        [(revoked.cert, dt.datetime(2021, 10, 5, tzinfo=dt.UTC))],
        this_update=dt.datetime(2021, 10, 6, tzinfo=dt.UTC),
        next_update=dt.datetime(2021, 11, 6, tzinfo=dt.UTC),
    )
    crl_add(data=crl.public_bytes(serialization.Encoding.DER), source="test")
    result = only(check(data))
    assert result.indication != r.Indication.TOTAL_PASSED
    assert result.sub_indication.startswith("REVOKED"), result
    assert "2021-10-05" in result.revocation


def test_an_unsigned_pdf_has_no_signatures_and_no_verdict() -> None:
    report = check(pdf_bytes("khong ky"))
    assert report.signatures == [] and report.indication is None and report.error == ""


@pytest.mark.parametrize(
    ("content", "error"),
    [
        (b"%PDF-1.7\n1 0 obj << /Type /Catalog", "malformed"),
        (b"%PDF-1.7\n" + b"\x00\xff" * 500, "malformed"),
    ],
)
def test_broken_pdfs_give_an_error_report_and_never_crash(content: bytes, error: str) -> None:
    report = check(content)
    assert report.error == error
    assert report.indication == r.Indication.TOTAL_FAILED


def test_a_truncated_signed_pdf_is_not_accepted() -> None:
    signed = pki.sign(pki.demo().employer)
    report = check(signed[: len(signed) * 2 // 3])
    assert report.indication != r.Indication.TOTAL_PASSED


def test_an_encrypted_pdf_is_reported_as_such() -> None:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf_bytes("bi mat"))))
    writer.encrypt("mat-khau", algorithm="AES-128")
    out = io.BytesIO()
    writer.write(out)
    report = check(out.getvalue())
    assert report.error == "encrypted"


def test_an_rfc3161_timestamp_is_reported() -> None:
    from asn1crypto import keys, x509
    from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat
    from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper

    from hotro.signatures.signing import sign_pdf, signer_from_pkcs12

    tsa = testpki.time_stamping_authority(pki.demo().provider_b, "TSA thử nghiệm")
    stamper = DummyTimeStamper(
        tsa_cert=x509.Certificate.load(tsa.cert.public_bytes(Encoding.DER)),
        tsa_key=keys.PrivateKeyInfo.load(
            tsa.key.private_bytes(Encoding.DER, PrivateFormat.PKCS8, NoEncryption())
        ),
        fixed_dt=clock.now(),
    )
    employer = pki.demo().employer
    signer = signer_from_pkcs12(employer.pkcs12(), testpki.DEMO_PASSPHRASE)
    result = only(check(sign_pdf(pdf_bytes("dau thoi gian"), signer, timestamper=stamper)))
    assert result.indication == r.Indication.TOTAL_PASSED, result
    assert result.timestamp is not None and result.timestamp.startswith("2021-10-13")

"""The test PKI, built once per test process with the project's own builder, and helpers to
sign files with it. Signing keys are real; nothing here is faked."""

from __future__ import annotations

import datetime as dt
import tempfile
from functools import cache
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from lxml import etree
from signxml import DigestAlgorithm, SignatureMethod, XMLSigner, methods

from hotro.signatures import testpki
from hotro.signatures.signing import sign_pdf, signer_from_pkcs12
from tests.factories import APPLICANT, pdf_bytes

# The agencies that act in the tests: their slips are signed with these keys.
AGENCIES = {
    "000.00.00.G01": "Văn phòng Chính phủ",
    "000.00.46.H29": "Ủy ban nhân dân Quận 1",
    "000.91.46.H29": "Bảo hiểm xã hội Quận 1",
    "000.00.00.H29": "Ủy ban nhân dân Thành phố Hồ Chí Minh",
    "000.00.01.H29": "Văn phòng Ủy ban nhân dân Thành phố Hồ Chí Minh",
    "000.00.00.H48": "Ủy ban nhân dân tỉnh Quảng Ngãi",
}


@cache
def demo() -> testpki.DemoPki:
    return testpki.demo_pki(employer_tax_code=APPLICANT["tax_code"], agencies=AGENCIES)


@cache
def signing_dir() -> Path:
    directory = Path(tempfile.mkdtemp(prefix="hotro-pki-"))
    testpki.write(demo(), directory)
    return directory


def trust_files() -> list[bytes]:
    pki = demo()
    return [pki.root.cert_pem(), pki.provider_a.cert_pem(), pki.provider_b.cert_pem()]


def crl_files() -> list[bytes]:
    return [c.public_bytes(serialization.Encoding.DER) for c in demo().crls]


def sign(
    issued: testpki.Issued,
    data: bytes | None = None,
    *,
    at: dt.datetime | None = None,
    field_name: str = "Signature1",
) -> bytes:
    signer = signer_from_pkcs12(issued.pkcs12(), testpki.DEMO_PASSPHRASE)
    content = data if data is not None else pdf_bytes("ky so")
    return sign_pdf(content, signer, at=at, field_name=field_name)


def sign_xml(issued: testpki.Issued, xml: bytes) -> bytes:
    root = etree.fromstring(xml)
    signed = XMLSigner(
        method=methods.enveloped,
        signature_algorithm=SignatureMethod.ECDSA_SHA256,
        digest_algorithm=DigestAlgorithm.SHA256,
    ).sign(root, key=issued.key_pem(), cert=[issued.cert_pem().decode()])
    return etree.tostring(signed)


def trust_load() -> None:
    """Trust the test PKI (its root, CAs and CRLs), as `hotro trust add` / `crl` would."""
    from hotro.signatures.services import crl_add, trust_add

    for data in trust_files():
        trust_add(data=data, source="test PKI")
    for data in crl_files():
        crl_add(data=data, source="test PKI")

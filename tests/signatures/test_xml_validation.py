"""XMLDSig validation: a valid enveloped signature, a tampered document, and signature
wrapping (the signed element moved under a forged root) all judged correctly."""

from __future__ import annotations

import pytest
from lxml import etree

from hotro.core import clock
from hotro.signatures import report as r
from hotro.signatures import testpki
from hotro.signatures.services import signatures_check
from tests import pki

pytestmark = pytest.mark.django_db

DECLARATION = (
    "<ToKhai Id='tk'><DonVi><MaSoThue>0100233488</MaSoThue><Ten>Công ty TNHH May mặc An Phát"
    "</Ten></DonVi><SoLaoDong>12</SoLaoDong></ToKhai>"
).encode()


def check(data: bytes) -> r.Report:
    now = clock.now()
    return signatures_check(content=data, moment=now, received_at=now)


def test_a_valid_enveloped_signature_passes() -> None:
    signed = pki.sign_xml(pki.demo().social_insurance, DECLARATION)
    (result,) = check(signed).signatures
    assert result.indication == r.Indication.TOTAL_PASSED, result
    assert result.kind == "XMLDSig"
    assert result.signer.organisation == "Bảo hiểm xã hội Việt Nam"
    assert result.coverage == "ENTIRE_FILE"


def test_a_changed_value_fails_with_a_hash_failure() -> None:
    signed = pki.sign_xml(pki.demo().employer, DECLARATION)
    tampered = signed.replace(b"<SoLaoDong>12<", b"<SoLaoDong>120<")
    (result,) = check(tampered).signatures
    assert result.indication == r.Indication.TOTAL_FAILED
    assert result.sub_indication == r.HASH_FAILURE


def test_a_wrapped_signature_does_not_cover_the_forged_document() -> None:
    signed = etree.fromstring(pki.sign_xml(pki.demo().employer, DECLARATION))
    # XSW: a forged root carries other figures; the signed original hides inside it.
    forged = etree.Element("ToKhai", Id="tk-gia")
    etree.SubElement(forged, "SoLaoDong").text = "9999"
    wrapper = etree.SubElement(forged, "Wrapper")
    wrapper.append(signed)
    (result,) = check(etree.tostring(forged)).signatures
    assert result.indication == r.Indication.TOTAL_FAILED
    assert result.sub_indication == r.FORMAT_FAILURE
    assert result.coverage == "PARTIAL"


def test_a_signature_from_an_untrusted_root_is_indeterminate() -> None:
    stranger = testpki.signer(
        testpki.sub_ca(testpki.root_ca("Gốc lạ"), "CA lạ", organisation="Không rõ"),
        testpki.name("ĐƠN VỊ LẠ"),
    )
    (result,) = check(pki.sign_xml(stranger, DECLARATION)).signatures
    assert result.indication == r.Indication.INDETERMINATE
    assert result.sub_indication == r.NO_CERTIFICATE_CHAIN_FOUND


def test_xml_with_a_doctype_is_refused_before_validation(applicant_api: object) -> None:
    evil = b'<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x "y">]><a>&x;</a>'
    report = check(evil)
    assert report.error == "doctype"
    assert report.indication == r.Indication.TOTAL_FAILED


def test_an_unsigned_xml_has_no_signatures() -> None:
    assert check(DECLARATION).signatures == []


def test_a_xades_signature_passes_with_its_signing_time() -> None:
    from signxml import DigestAlgorithm, SignatureMethod
    from signxml.xades import XAdESSigner

    issued = pki.demo().social_insurance
    signed = XAdESSigner(
        signature_algorithm=SignatureMethod.ECDSA_SHA256,
        digest_algorithm=DigestAlgorithm.SHA256,
    ).sign(etree.fromstring(DECLARATION), key=issued.key_pem(), cert=[issued.cert_pem().decode()])
    (result,) = check(etree.tostring(signed)).signatures
    assert result.kind == "XAdES"
    assert result.indication == r.Indication.TOTAL_PASSED, result
    assert result.signing_time


def test_each_signature_is_verified_on_its_own() -> None:
    """Two enveloped signatures in turn: the later one covers the first and passes; the first
    was made before the second existed, and its enveloped transform cuts out only itself, so
    its digest no longer matches. Before, signxml was always handed the first signature, and
    the second signer's result was the first signature checked with the wrong key."""
    from tests.hostile import xsw

    first = xsw.sign(pki.demo().employer, xsw.confirmation())
    both = xsw.sign(pki.demo().social_insurance, first)
    employer, social_insurance = check(etree.tostring(both)).signatures
    assert employer.signer.tax_code == "0100233488"
    assert employer.sub_indication == r.HASH_FAILURE
    assert social_insurance.signer.organisation == "Bảo hiểm xã hội Việt Nam"
    assert social_insurance.indication == r.Indication.TOTAL_PASSED, social_insurance


def test_a_file_with_too_many_signatures_is_refused_before_any_is_verified() -> None:
    from hotro.signatures.xmlsig import MAX_SIGNATURES
    from tests.hostile import xsw

    doc = xsw.sign(pki.demo().social_insurance, xsw.confirmation())
    signature = doc[-1]
    for _ in range(MAX_SIGNATURES):
        doc.append(etree.fromstring(etree.tostring(signature)))
    report = check(etree.tostring(doc))
    assert report.error == "too_many_signatures"
    assert report.indication == r.Indication.TOTAL_FAILED

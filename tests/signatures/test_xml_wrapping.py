"""XML signature wrapping (finding 2 of issue 11): every XSW shape of the published catalogues,
built from a confirmation really signed by the test PKI's Social Insurance key, fails; the
genuine documents still pass; and through the API a forged confirmation neither counts as
Social Insurance's signature nor shields itself from a paper request under R2."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from lxml import etree

from hotro.accounts.models import Role, User
from hotro.core import clock
from hotro.dossiers.models import Document
from hotro.signatures import report as r
from hotro.signatures.services import signatures_check
from tests import pki
from tests.conftest import Api
from tests.factories import pdf_bytes
from tests.hostile import xsw

pytestmark = pytest.mark.django_db
Q1 = "000.00.46.H29"
Q1_SOCIAL_INSURANCE = "000.91.46.H29"


def check(data: bytes) -> r.Report:
    now = clock.now()
    return signatures_check(content=data, moment=now, received_at=now)


@pytest.mark.parametrize("variant", xsw.VARIANTS, ids=lambda v: v.name)
def test_no_wrapping_variant_passes(variant: xsw.Variant) -> None:
    report = check(variant.build(pki.demo().social_insurance))
    assert report.indication != r.Indication.TOTAL_PASSED, (variant.shape, report)
    for result in report.signatures:
        assert result.indication != r.Indication.TOTAL_PASSED, (variant.shape, result)
        assert result.coverage != "ENTIRE_FILE", (variant.shape, result)


@pytest.mark.parametrize("xades", [False, True], ids=["xmldsig", "xades"])
def test_the_genuine_confirmation_still_passes(xades: bool) -> None:
    (result,) = check(xsw.genuine(pki.demo().social_insurance, xades=xades)).signatures
    assert result.indication == r.Indication.TOTAL_PASSED, result
    assert result.coverage == "ENTIRE_FILE"
    assert result.signer.organisation == "Bảo hiểm xã hội Việt Nam"


def _pretty_namespaced() -> etree._Element:
    root = etree.fromstring(
        b'<bhxh:XacNhan xmlns:bhxh="urn:bhxh" xmlns="urn:default" Id="xn">\n'
        b"  <bhxh:DonVi>\n    <MaSoThue>0100233488</MaSoThue>\n  </bhxh:DonVi>\n"
        b"  <TongTien>44520000</TongTien>\n</bhxh:XacNhan>"
    )
    return root


@pytest.mark.parametrize(
    "make",
    [
        pytest.param(lambda: xsw.confirmation(root_id=None), id="whole-document-uri"),
        pytest.param(_pretty_namespaced, id="namespaces-and-whitespace"),
    ],
)
def test_other_genuine_shapes_pass(make: Callable[[], etree._Element]) -> None:
    signed = etree.tostring(xsw.sign(pki.demo().social_insurance, make()))
    (result,) = check(signed).signatures
    assert result.indication == r.Indication.TOTAL_PASSED, result


def test_a_genuine_exclusive_c14n_signature_passes() -> None:
    from signxml import CanonicalizationMethod, DigestAlgorithm, SignatureMethod, XMLSigner

    issued = pki.demo().social_insurance
    signed = XMLSigner(
        signature_algorithm=SignatureMethod.ECDSA_SHA256,
        digest_algorithm=DigestAlgorithm.SHA256,
        c14n_algorithm=CanonicalizationMethod.EXCLUSIVE_XML_CANONICALIZATION_1_0,
    ).sign(xsw.confirmation(), key=issued.key_pem(), cert=[issued.cert_pem().decode()])
    (result,) = check(etree.tostring(signed)).signatures
    assert result.indication == r.Indication.TOTAL_PASSED, result


def test_the_catalogue_wrapping_is_reported_as_partial() -> None:
    """The reproduced attack: forged root ID="xn", the signed Id="xn" nested inside it."""
    forged = next(v for v in xsw.VARIANTS if v.name == "wrap-root-ID")
    (result,) = check(forged.build(pki.demo().social_insurance)).signatures
    assert result.indication == r.Indication.TOTAL_FAILED
    assert result.sub_indication == r.FORMAT_FAILURE
    assert result.coverage == "PARTIAL"
    assert result.signer.organisation == "Bảo hiểm xã hội Việt Nam"  # whose signature was misused


def test_the_corpus_names_every_variant_once() -> None:
    files = xsw.corpus(pki.demo().social_insurance)
    assert len(files) == len(xsw.VARIANTS)
    assert all(name.startswith("xsw-") and name.endswith(".xml") for name in files)
    assert all(content.startswith(b"<?xml") for content in files.values())


def _submit(api: Api, body: dict[str, Any], files: dict[str, tuple[str, bytes]]) -> dict[str, Any]:
    body = {**body, "documents": []}
    for component, (name, content) in files.items():
        response = api.upload("/documents", name, content)
        assert response.status_code == 201, response.content
        body["documents"].append({"component": component, "upload_id": response.json()["id"]})
    response = api.post("/dossiers", body)
    assert response.status_code == 201, response.content
    data: dict[str, Any] = response.json()
    return data


def test_a_forged_confirmation_does_not_count_and_may_be_asked_on_paper(
    bound_applicant: User,
    applicant_api: Api,
    submit_body: Callable[..., dict[str, Any]],
    make_user: Callable[..., User],
    api_for: Callable[..., Api],
) -> None:
    forged = next(v for v in xsw.VARIANTS if v.name == "wrap-root-ID")
    content = forged.build(pki.demo().social_insurance)
    assert xsw.FORGED_TOTAL.encode() in content and xsw.FORGED_WORKERS.encode() in content
    dossier = _submit(
        applicant_api,
        submit_body(),
        {
            "worker_list": ("danh-sach.pdf", pki.sign(pki.demo().employer, pdf_bytes("ds"))),
            "social_insurance_confirmation": ("xac-nhan-bhxh.xml", content),
        },
    )
    docs = {d["component"]: d for d in dossier["documents"]}
    confirmation = docs["social_insurance_confirmation"]
    assert confirmation["signature_verdict"] != "TOTAL_PASSED"
    assert confirmation["signer_party"] != "right"
    assert docs["worker_list"]["signer_party"] == "right"  # the genuine part still counts
    code = dossier["code"]
    officer = api_for(make_user(Role.OFFICER, Q1))
    assert officer.post(f"/dossiers/{code}/actions/receive", {}).status_code == 200
    social_insurance_officer = api_for(make_user(Role.OFFICER, Q1_SOCIAL_INSURANCE))
    response = social_insurance_officer.post(
        f"/dossiers/{code}/actions/request_supplement",
        {
            "reason_code": "BS-01",
            "reason_text": "Xác nhận của cơ quan Bảo hiểm xã hội không có chữ ký hợp lệ.",
            "items": [
                {
                    "component": "social_insurance_confirmation",
                    "kind": "paper_copy",
                    "description": "Bản giấy có đóng dấu",
                }
            ],
        },
    )
    assert response.status_code == 200, response.content  # R2 does not protect a forgery
    stored = Document.objects.get(id=confirmation["id"])
    assert stored.signature_verdict == "TOTAL_FAILED"


@pytest.mark.parametrize(
    "variant",
    [v for v in xsw.VARIANTS if v.name.startswith(("wrap-root", "wrap-sibling", "wrap-object"))]
    + [v for v in xsw.VARIANTS if v.name.startswith(("xades-wrap", "comment-"))],
    ids=lambda v: v.name,
)
def test_what_signxml_verified_is_not_the_document(variant: xsw.Variant) -> None:
    """The root-cause check on its own, without the shape checks before it: the bytes signxml
    verified are the genuine element, not the forged root the file shows."""
    from cryptography import x509
    from signxml.exceptions import SignXMLException

    from hotro.signatures import xmlsig

    data = variant.build(pki.demo().social_insurance)
    root = etree.fromstring(data)
    (signature,) = root.findall(f"{{{xmlsig.DS}}}Signature")
    references = signature.findall("ds:SignedInfo/ds:Reference", xmlsig._NS)
    leaf = x509.load_pem_x509_certificate(pki.demo().social_insurance.cert_pem())
    with pytest.raises((xmlsig.Uncovered, SignXMLException)):
        xmlsig._verified(data, root, signature, references, leaf, clock.now())


def test_every_variant_uploaded_through_the_api_is_not_passed(
    applicant_api: Api, make_user: Callable[..., User], api_for: Callable[..., Api]
) -> None:
    officer = api_for(make_user(Role.OFFICER, Q1))
    for name, content in xsw.corpus(pki.demo().social_insurance).items():
        uploaded = applicant_api.upload("/documents", name, content)
        if uploaded.status_code == 422:  # refused at upload already (a stylesheet instruction)
            assert uploaded["Content-Type"].startswith("application/problem+json"), name
        else:
            assert uploaded.status_code == 201, (name, uploaded.content)
            assert uploaded.json()["signature_verdict"] != "TOTAL_PASSED", name
        checked = officer.upload("/signatures/validate", name, content)
        if checked.status_code == 422:
            assert checked["Content-Type"].startswith("application/problem+json"), name
        else:
            assert checked.status_code == 200, (name, checked.content)
            assert checked.json()["indication"] != "TOTAL_PASSED", name

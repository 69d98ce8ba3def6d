"""XMLDSig / XAdES validation, as Social Insurance's e-transactions and edXML use.

signxml checks the signature itself against the certificate the signature carries; the chain,
validity period and revocation are then checked by pyhanko-certvalidator with the same trust
store and CRLs as PDFs, so both kinds of document are judged alike.

"See what is signed": a signature counts only when it sits directly under the root and its
reference covers the whole document (URI "" or the root's Id). A signed element moved under a
forged root (signature wrapping) therefore fails, even though its digest still matches.
"""

from __future__ import annotations

import datetime as dt
from base64 import b64decode

from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding
from lxml import etree
from pyhanko_certvalidator import CertificateValidator, ValidationContext
from pyhanko_certvalidator import errors as cv_errors
from signxml import SignatureConfiguration, XMLVerifier
from signxml.exceptions import InvalidDigest, InvalidInput, InvalidSignature, SignXMLException

from hotro.core import aio
from hotro.signatures import report as r
from hotro.signatures.identity import signer_of
from hotro.signatures.pdf import UnreadableFile
from hotro.signatures.trust import validation_context

DS = "http://www.w3.org/2000/09/xmldsig#"
XADES = "http://uri.etsi.org/01903/v1.3.2#"
_NS = {"ds": DS, "xades": XADES}


def _parser() -> etree.XMLParser:
    # No entities, no DTD, no network, no huge trees: the file is hostile until checked.
    return etree.XMLParser(resolve_entities=False, load_dtd=False, no_network=True, huge_tree=False)


def _parse(data: bytes) -> etree._Element:
    try:
        root = etree.fromstring(data, parser=_parser())
    except etree.XMLSyntaxError as exc:
        raise UnreadableFile("malformed") from exc
    if root.getroottree().docinfo.doctype:
        raise UnreadableFile("doctype")
    return root


def _failed(
    sub: str,
    message: str,
    *,
    kind: str,
    field_name: str,
    signer: r.Signer | None = None,
    coverage: str = "",
) -> r.SignatureResult:
    return r.SignatureResult(
        indication=r.Indication.TOTAL_FAILED,
        sub_indication=sub,
        message=message,
        kind=kind,
        field_name=field_name,
        signer=signer or r.Signer(),
        coverage=coverage,
    )


def _covers_document(signature: etree._Element, root: etree._Element) -> bool:
    """One reference covers the whole document; any others point inside the signature itself
    (XAdES signed properties, the certificate in KeyInfo)."""
    root_id = root.get("Id") or root.get("ID") or root.get("id")
    whole = {"", f"#{root_id}"} if root_id else {""}
    inside = {
        f"#{value}"
        for element in signature.iter()
        for value in (element.get("Id"), element.get("ID"), element.get("id"))
        if value
    }
    refs = signature.findall("ds:SignedInfo/ds:Reference", _NS)
    main = [ref for ref in refs if ref.get("URI", "") not in inside]
    return len(main) == 1 and main[0].get("URI", "") in whole


_CV_ERRORS: list[tuple[type[Exception], r.Indication, str, str]] = [
    (
        cv_errors.RevokedError,
        r.Indication.INDETERMINATE,
        r.REVOKED_NO_POE,
        "Chứng thư số đã bị thu hồi.",
    ),
    (
        cv_errors.ExpiredError,
        r.Indication.INDETERMINATE,
        r.OUT_OF_BOUNDS_NO_POE,
        "Chứng thư số đã hết hạn tại thời điểm kiểm tra.",
    ),
    (
        cv_errors.NotYetValidError,
        r.Indication.INDETERMINATE,
        r.OUT_OF_BOUNDS_NO_POE,
        "Chứng thư số chưa có hiệu lực tại thời điểm kiểm tra.",
    ),
    (
        cv_errors.PathBuildingError,
        r.Indication.INDETERMINATE,
        r.NO_CERTIFICATE_CHAIN_FOUND,
        "Chứng thư số không do tổ chức được tin cậy cấp.",
    ),
    (
        cv_errors.InsufficientRevinfoError,
        r.Indication.INDETERMINATE,
        "TRY_LATER",
        "Thiếu thông tin thu hồi chứng thư số.",
    ),
    (
        cv_errors.ValidationError,
        r.Indication.INDETERMINATE,
        r.CHAIN_CONSTRAINTS_FAILURE,
        "Chuỗi chứng thư số không hợp lệ.",
    ),
]


async def _chain(
    leaf: asn1_x509.Certificate, others: list[asn1_x509.Certificate], vc: ValidationContext
) -> tuple[r.Indication, str, str, list[str]]:
    validator = CertificateValidator(leaf, intermediate_certs=others, validation_context=vc)
    try:
        path = await validator.async_validate_usage(set())
    except Exception as exc:
        for kind, indication, sub, message in _CV_ERRORS:
            if isinstance(exc, kind):
                return indication, sub, message, []
        raise
    usage = set(leaf.key_usage_value.native) if leaf.key_usage_value else set()
    if not usage & {"digital_signature", "non_repudiation"}:
        return (
            r.Indication.INDETERMINATE,
            r.SIG_CONSTRAINTS_FAILURE,
            "Chứng thư số không được phép dùng để ký văn bản.",
            [],
        )
    chain = [c.subject.human_friendly for c in path]
    return r.Indication.TOTAL_PASSED, "", "Chữ ký hợp lệ.", chain


def _one(
    data: bytes, root: etree._Element, signature: etree._Element, moment: dt.datetime
) -> r.SignatureResult:
    kind = (
        "XAdES" if signature.find(".//xades:QualifyingProperties", _NS) is not None else "XMLDSig"
    )
    sig_id = signature.get("Id", "")
    certs_b64 = [
        "".join((e.text or "").split())
        for e in signature.findall("ds:KeyInfo/ds:X509Data/ds:X509Certificate", _NS)
    ]
    if not certs_b64:
        return _failed(
            r.FORMAT_FAILURE, "Chữ ký không kèm chứng thư số.", kind=kind, field_name=sig_id
        )
    try:
        ders = [b64decode(c) for c in certs_b64]
        leaf_crypto = x509.load_der_x509_certificate(ders[0])
        certs = [asn1_x509.Certificate.load(d) for d in ders]
    except ValueError:
        return _failed(
            r.FORMAT_FAILURE, "Chứng thư số không đọc được.", kind=kind, field_name=sig_id
        )
    signer = signer_of(certs[0])
    if signature.getparent() is not root or not _covers_document(signature, root):
        return _failed(
            r.FORMAT_FAILURE,
            "Chữ ký không bao trùm toàn bộ văn bản.",
            kind=kind,
            field_name=sig_id,
            signer=signer,
            coverage="PARTIAL",
        )
    refs = len(signature.findall("ds:SignedInfo/ds:Reference", _NS))
    try:
        XMLVerifier().verify(
            data,
            x509_cert=leaf_crypto.public_bytes(Encoding.PEM).decode(),
            parser=_parser(),
            expect_config=SignatureConfiguration(location="./", expect_references=refs),
        )
    except InvalidDigest:
        return _failed(
            r.HASH_FAILURE,
            "Nội dung đã bị thay đổi sau khi ký.",
            kind=kind,
            field_name=sig_id,
            signer=signer,
        )
    except InvalidSignature:
        return _failed(
            r.SIG_CRYPTO_FAILURE,
            "Chữ ký không hợp lệ.",
            kind=kind,
            field_name=sig_id,
            signer=signer,
        )
    except (InvalidInput, SignXMLException, ValueError) as exc:
        return _failed(
            r.FORMAT_FAILURE,
            f"Chữ ký không đúng định dạng: {exc}",
            kind=kind,
            field_name=sig_id,
            signer=signer,
        )
    indication, sub, message, chain = aio.run(
        _chain(certs[0], certs[1:], validation_context(moment=moment))
    )
    signing_time = signature.findtext(".//xades:SigningTime", namespaces=_NS)
    return r.SignatureResult(
        indication=indication,
        sub_indication=sub,
        message=message,
        coverage="ENTIRE_FILE",
        chain=chain,
        signing_time=signing_time.strip() if signing_time else None,
        kind=kind,
        field_name=sig_id,
        signer=signer,
    )


def validate_xml(data: bytes, *, moment: dt.datetime) -> list[r.SignatureResult]:
    """Every XML signature of a document, judged as of `moment`."""
    root = _parse(data)
    return [_one(data, root, sig, moment) for sig in root.iter(f"{{{DS}}}Signature")]

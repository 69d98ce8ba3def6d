"""XMLDSig / XAdES validation, as Social Insurance's e-transactions and edXML use.

signxml checks the signature itself against the certificate the signature carries; the chain,
validity period and revocation are then checked by pyhanko-certvalidator with the same trust
store and CRLs as PDFs, so both kinds of document are judged alike.

"See what is signed" (signature wrapping, XSW): a signature counts only when what signxml
actually verified is the document itself. Before any digest: the signature sits directly
under the root, nothing lies outside the root, no id value appears twice (Id, ID, id, xml:id,
wsu:Id, any spelling or namespace), exactly one reference points outside the signature and it
is "" or "#" + the root's own id, the others point to the signature's own XAdES signed
properties or KeyInfo, and the only transforms are enveloped-signature and canonicalisation.
After signxml has verified: each reference's signed bytes equal the root without this
signature (or the signature's own part), canonicalised with comments. A signed element moved
under a forged root, into a ds:Object or beside a copy therefore fails, even though its digest
still matches. docs/signing.md lists the attacks this is tested against.
"""

from __future__ import annotations

import datetime as dt
from base64 import b64decode

from asn1crypto import x509 as asn1_x509
from cryptography import x509
from lxml import etree
from pyhanko_certvalidator import CertificateValidator, ValidationContext
from pyhanko_certvalidator import errors as cv_errors
from signxml import SignatureConfiguration, XMLVerifier
from signxml.algorithms import CanonicalizationMethod, SignatureConstructionMethod
from signxml.exceptions import InvalidDigest, InvalidInput, InvalidSignature, SignXMLException

from hotro.core import aio
from hotro.signatures import report as r
from hotro.signatures.identity import signer_of
from hotro.signatures.pdf import UnreadableFile
from hotro.signatures.trust import NO_REVOCATION_INFO, TRY_LATER, validation_context

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


# What a signature may do to reach what it signs: cut itself out, then canonicalise. XPath,
# XSLT, XPointer and base64 would let a signature vouch for less than the file (and signxml
# skips what it does not implement), so none of them is accepted.
_C14N = {method.value for method in CanonicalizationMethod}
_ENVELOPED = SignatureConstructionMethod.enveloped.value
_EXCLUSIVE = "http://www.w3.org/2001/10/xml-exc-c14n#"
# The only namespaces a signature's own elements may come from: anything else inside it would
# be content that nothing signs.
_OWN_NAMESPACES = {
    DS,
    XADES,
    "http://uri.etsi.org/01903/v1.4.1#",
    "http://www.w3.org/2009/xmldsig11#",
    _EXCLUSIVE,
}


class Uncovered(Exception):
    """The signature does not vouch for the whole document; the text says where it fails."""


def _is_id(attribute: str) -> bool:
    # Id, ID, id, wsu:Id, xml:id, any spelling in any namespace: signxml and other readers
    # each look up their own, so all of them count.
    return etree.QName(attribute).localname.lower() == "id"


def _ids(element: etree._Element) -> list[str]:
    return [value for name, value in element.attrib.items() if _is_id(str(name))]


def _refuse_duplicate_ids(root: etree._Element) -> None:
    seen: set[str] = set()
    for element in root.iter(etree.Element):
        for value in _ids(element):
            if value in seen:
                raise Uncovered(f"hai phần tử cùng mã định danh “{value[:40]}”")
            seen.add(value)


def _own_parts(signature: etree._Element) -> dict[str, etree._Element]:
    """What a signature may sign besides the document: its XAdES signed properties and its
    KeyInfo (the signer's certificate), by reference URI."""
    parts = signature.findall("ds:Object/xades:QualifyingProperties/xades:SignedProperties", _NS)
    parts += signature.findall("ds:KeyInfo", _NS)
    return {f"#{value}": part for part in parts for value in _ids(part)}


def _refuse_foreign_content(signature: etree._Element) -> None:
    """The enveloped transform cuts the whole signature out of what is digested: whatever it
    holds besides its own parts would be a second, unsigned document inside the file."""
    for element in signature.iter():
        if not isinstance(element.tag, str):
            raise Uncovered("chú thích hoặc chỉ thị trong chữ ký")
        if etree.QName(element).namespace not in _OWN_NAMESPACES:
            raise Uncovered("chữ ký chứa nội dung không được ký")
    for obj in signature.findall("ds:Object", _NS):
        children = [etree.QName(c).localname for c in obj]
        if children != ["QualifyingProperties"] or (obj.text or "").strip():
            raise Uncovered("chữ ký chứa nội dung không được ký")


def _transforms(reference: etree._Element) -> list[etree._Element]:
    return reference.findall("ds:Transforms/ds:Transform", _NS)


def _check_transforms(reference: etree._Element, *, main: bool) -> None:
    algorithms = [t.get("Algorithm", "") for t in _transforms(reference)]
    allowed = _C14N | {_ENVELOPED} if main else _C14N
    if any(a not in allowed for a in algorithms) or sum(a in _C14N for a in algorithms) > 1:
        raise Uncovered("phép biến đổi không được chấp nhận")
    if main and _ENVELOPED not in algorithms:
        raise Uncovered("thiếu phép biến đổi enveloped-signature")


def _check_shape(root: etree._Element, signature: etree._Element) -> list[etree._Element]:
    """Before any digest is computed: the signature sits directly under the root, nothing
    lies outside the root, no id is ambiguous, and the signature refers to exactly one thing
    outside itself, the whole document ("" or the root's own id). The references, in order."""
    if signature.getparent() is not root:
        raise Uncovered("chữ ký không nằm ngay dưới phần tử gốc")
    if any(True for _ in root.itersiblings(preceding=True)) or any(
        True for _ in root.itersiblings()
    ):
        raise Uncovered("có nội dung ngoài phần tử gốc")
    _refuse_duplicate_ids(root)
    _refuse_foreign_content(signature)
    whole = {"", *(f"#{value}" for value in _ids(root))}
    own = _own_parts(signature)
    references = signature.findall("ds:SignedInfo/ds:Reference", _NS)
    main = [ref for ref in references if ref.get("URI") in whole]
    if len(main) != 1:
        raise Uncovered("phải có đúng một tham chiếu tới toàn bộ văn bản")
    for ref in references:
        if ref is not main[0] and ref.get("URI") not in own:
            raise Uncovered("tham chiếu tới phần khác của văn bản")
        _check_transforms(ref, main=ref is main[0])
    return references


def _detach(element: etree._Element) -> None:
    """Remove an element and keep its tail text, as the enveloped transform does."""
    parent = element.getparent()
    assert parent is not None
    if element.tail:
        previous = element.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + element.tail
        else:
            parent.text = (parent.text or "") + element.tail
    parent.remove(element)


def _expected(
    root: etree._Element, index: int, reference: etree._Element, own: dict[str, etree._Element]
) -> bytes:
    """The canonical bytes a reference must have verified: the document root as it stands,
    without this signature, or the signature's own part. Always with comments: a comment the
    signature's canonicalisation left out is unsigned content, and then the bytes differ."""
    c14n = next(
        (t for t in _transforms(reference) if t.get("Algorithm") in _C14N),
        None,
    )
    algorithm = c14n.get("Algorithm", "") if c14n is not None else ""
    algorithm = algorithm or CanonicalizationMethod.CANONICAL_XML_1_1.value
    prefixes = None
    if c14n is not None:
        inclusive = c14n.find(f"{{{_EXCLUSIVE}}}InclusiveNamespaces[@PrefixList]")
        if inclusive is not None:
            prefixes = inclusive.get("PrefixList", "").split(" ")
    uri = reference.get("URI", "")
    if uri in own:
        target = etree.fromstring(etree.tostring(own[uri]), parser=_parser())
    else:
        target = etree.fromstring(etree.tostring(root), parser=_parser())
        _detach(target.findall(f"{{{DS}}}Signature")[index])
    return etree.tostring(
        target,
        method="c14n",
        exclusive=algorithm.startswith(_EXCLUSIVE),
        with_comments=True,
        inclusive_ns_prefixes=prefixes,
    )


class _Verifier(XMLVerifier):
    """signxml verifies the first ds:Signature under the root (SignatureConfiguration's
    location); this one verifies the `index`-th, so each signature is judged on its own and
    its enveloped transform cuts out itself and not another."""

    def __init__(self, index: int) -> None:
        super().__init__()
        self._index = index

    def _get_signature(self, root: etree._Element) -> etree._Element:
        return root.findall(f"{{{DS}}}Signature")[self._index]


def _verified(
    data: bytes,
    root: etree._Element,
    signature: etree._Element,
    references: list[etree._Element],
    leaf: x509.Certificate,
    moment: dt.datetime,
) -> None:
    """Let signxml check digests and the signature value, then accept only what it actually
    verified: each reference's signed bytes must be the document root (or the signature's own
    part), canonicalised. signxml resolves `#id` by its own rules (Id before ID, any
    namespace); whatever it resolved, bytes that are not the root's are not the document."""
    index = root.findall(f"{{{DS}}}Signature").index(signature)
    # signxml checks the signature value only; the certificate's dates are the chain
    # validator's, as of `moment`. Keep signxml's own date check from deciding that.
    inside = min(max(moment, leaf.not_valid_before_utc), leaf.not_valid_after_utc)
    results = _Verifier(index).verify(
        data,
        x509_cert=leaf,
        parser=_parser(),
        expect_config=SignatureConfiguration(
            location="./", expect_references=len(references), verification_time=inside
        ),
    )
    verified = results if isinstance(results, list) else [results]
    if len(verified) != len(references):
        raise Uncovered("số tham chiếu không khớp")
    own = _own_parts(signature)
    for reference, result in zip(references, verified, strict=True):
        if result.signed_data != _expected(root, index, reference, own):
            raise Uncovered("phần được ký không phải là toàn bộ văn bản")


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
        TRY_LATER,
        NO_REVOCATION_INFO,
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

    def partial(why: str) -> r.SignatureResult:
        return _failed(
            r.FORMAT_FAILURE,
            f"Chữ ký không bao trùm toàn bộ văn bản: {why}.",
            kind=kind,
            field_name=sig_id,
            signer=signer,
            coverage="PARTIAL",
        )

    try:
        references = _check_shape(root, signature)
        _verified(data, root, signature, references, leaf_crypto, moment)
    except Uncovered as exc:
        return partial(str(exc))
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


# Each signature costs a parse of the whole file per reference and a chain to build.
MAX_SIGNATURES = 20


def validate_xml(data: bytes, *, moment: dt.datetime) -> list[r.SignatureResult]:
    """Every XML signature of a document, judged as of `moment`."""
    root = _parse(data)
    signatures = list(root.iter(f"{{{DS}}}Signature"))
    if len(signatures) > MAX_SIGNATURES:
        raise UnreadableFile("too_many_signatures")
    return [_one(data, root, sig, moment) for sig in signatures]

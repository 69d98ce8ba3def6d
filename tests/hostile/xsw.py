"""XML signature wrapping (XSW): forged documents built from a genuine Social Insurance
confirmation really signed with the test PKI.

Each variant is one of the published attack shapes (Somorovsky et al., "On Breaking SAML: Be
Whoever You Want to Be", USENIX Security 2012, XSW1-XSW8; McIntosh & Austel, "XML Signature
Element Wrapping Attacks and Countermeasures", 2005), translated from SAML to a document whose
root is the signed thing: the attacker keeps a valid signature over the genuine element and
makes a reader see a forged one. None of them may validate as TOTAL_PASSED.

`corpus(issued)` returns every file by name, for a hostile-file corpus; `genuine(issued)` the
untouched document, which must still pass.
"""

from __future__ import annotations

import copy
from base64 import b64encode
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, utils
from lxml import etree
from signxml import CanonicalizationMethod, DigestAlgorithm, SignatureMethod, XMLSigner, methods
from signxml.xades import XAdESSigner

from hotro.signatures import testpki

DS = "http://www.w3.org/2000/09/xmldsig#"
WSU = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd"
XML_NS = "http://www.w3.org/XML/1998/namespace"
ROOT_ID = "xn"
FORGED_TOTAL = "9999999999"
FORGED_WORKERS = "500"
XPATH = "http://www.w3.org/TR/1999/REC-xpath-19991116"
XSLT = "http://www.w3.org/TR/1999/REC-xslt-19991116"


def confirmation(*, root_id: str | None = ROOT_ID, part_id: str | None = None) -> etree._Element:
    """Social Insurance's confirmation of an employer's contributions (unsigned)."""
    root = etree.Element("XacNhanBHXH")
    if root_id:
        root.set("Id", root_id)
    unit = etree.SubElement(root, "DonVi")
    if part_id:
        unit.set("Id", part_id)
    etree.SubElement(unit, "MaSoThue").text = testpki.EMPLOYER_TAX_CODE
    etree.SubElement(unit, "Ten").text = "Công ty TNHH May mặc An Phát"
    etree.SubElement(root, "SoLaoDong").text = "12"
    etree.SubElement(root, "TongTien").text = "44520000"
    etree.SubElement(root, "NgayXacNhan").text = "2021-10-12"
    return root


def sign(
    issued: testpki.Issued,
    root: etree._Element,
    *,
    xades: bool = False,
    exclusive: bool = False,
    references: list[str] | None = None,
) -> etree._Element:
    """An enveloped XMLDSig (or XAdES) signature made with the test PKI's key; canonical XML
    1.1 by default, exclusive canonicalisation with `exclusive`."""
    options: dict[str, Any] = {
        "signature_algorithm": SignatureMethod.ECDSA_SHA256,
        "digest_algorithm": DigestAlgorithm.SHA256,
    }
    if exclusive:
        options["c14n_algorithm"] = CanonicalizationMethod.EXCLUSIVE_XML_CANONICALIZATION_1_0
    signer = XAdESSigner(**options) if xades else XMLSigner(method=methods.enveloped, **options)
    signed: etree._Element = signer.sign(
        root, key=issued.key_pem(), cert=[issued.cert_pem().decode()], reference_uri=references
    )
    return signed


def resign(issued: testpki.Issued, root: etree._Element) -> etree._Element:
    """Sign SignedInfo again after it was edited (a transform added, a URI changed): what a
    signer whose software emits that SignedInfo would produce. Digests are left as they are."""
    signature = root.find(f"{{{DS}}}Signature")
    assert signature is not None
    # as the verifier sees it: the signature alone, then its SignedInfo canonicalised (C14N 1.1)
    alone = etree.fromstring(etree.tostring(signature))
    signed_info = alone.find(f"{{{DS}}}SignedInfo")
    c14n = etree.tostring(signed_info, method="c14n", exclusive=False, with_comments=False)
    assert isinstance(issued.key, ec.EllipticCurvePrivateKey)
    r, s = utils.decode_dss_signature(issued.key.sign(c14n, ec.ECDSA(hashes.SHA256())))
    value = signature.find(f"{{{DS}}}SignatureValue")
    assert value is not None
    value.text = b64encode(r.to_bytes(32, "big") + s.to_bytes(32, "big")).decode()
    return root


def _split(signed: etree._Element) -> tuple[etree._Element, etree._Element]:
    """The genuine element and its signature, apart."""
    original = copy.deepcopy(signed)
    signature = original.find(f"{{{DS}}}Signature")
    assert signature is not None
    original.remove(signature)
    return original, signature


def _forged(attribute: str | None) -> etree._Element:
    """The attacker's root: the same element with other figures, carrying the signed id.
    It declares no namespace but its id attribute's: an extra declaration in scope would
    change the inclusive canonical form of the moved SignedInfo and break the signature."""
    namespace = etree.QName(attribute).namespace if attribute else None
    nsmap = {"a": namespace} if namespace and namespace != XML_NS else None
    root = etree.Element("XacNhanBHXH", nsmap=nsmap)
    if attribute:
        root.set(attribute, ROOT_ID)
    unit = etree.SubElement(root, "DonVi")
    etree.SubElement(unit, "MaSoThue").text = testpki.EMPLOYER_TAX_CODE
    etree.SubElement(unit, "Ten").text = "Công ty TNHH May mặc An Phát"
    etree.SubElement(root, "SoLaoDong").text = FORGED_WORKERS
    etree.SubElement(root, "TongTien").text = FORGED_TOTAL
    etree.SubElement(root, "NgayXacNhan").text = "2021-10-12"
    return root


def _bytes(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def _wrap(signed: etree._Element, attribute: str | None, where: str) -> bytes:
    original, signature = _split(signed)
    forged = _forged(attribute)
    if where == "extension":  # XSW1/XSW2, XSW7: the original hidden under an extension
        etree.SubElement(etree.SubElement(forged, "Extensions"), "Ext").append(original)
        forged.append(signature)
    elif where == "sibling":  # XSW3/XSW4: the original beside the forged figures
        forged.append(original)
        forged.append(signature)
    elif where == "object":  # XSW5/XSW6, XSW8: the original inside the signature's ds:Object
        etree.SubElement(signature, f"{{{DS}}}Object").append(original)
        forged.append(signature)
    elif where == "inside":  # the signature left inside the original, the original nested
        forged.append(signed)
    return _bytes(forged)


# The attribute spellings a forged root may carry its id under (signxml looks up Id, ID, id
# and xml:id in any namespace; other readers look up others).
SPELLINGS = {
    "ID": "ID",
    "id": "id",
    "Id": "Id",
    "iD": "iD",
    "wsu-Id": f"{{{WSU}}}Id",
    "xml-id": f"{{{XML_NS}}}id",
    "evil-ID": "{urn:evil}ID",
}


def _duplicate_in_object(signed: etree._Element, attribute: str) -> bytes:
    """The genuine document untouched, and a forged copy carrying the same id value under
    another spelling inside the signature (which the enveloped transform cuts away)."""
    doc = copy.deepcopy(signed)
    signature = doc.find(f"{{{DS}}}Signature")
    assert signature is not None
    forged = _forged(attribute)
    etree.SubElement(signature, f"{{{DS}}}Object").append(forged)
    return _bytes(doc)


def _unsigned_copy(signed: etree._Element) -> bytes:
    """A second, unsigned copy (no id at all) with the forged figures, in a ds:Object."""
    doc = copy.deepcopy(signed)
    signature = doc.find(f"{{{DS}}}Signature")
    assert signature is not None
    etree.SubElement(signature, f"{{{DS}}}Object").append(_forged(None))
    return _bytes(doc)


def _comment_in_text(signed: etree._Element) -> bytes:
    """A comment splits a signed text node: canonicalisation without comments still gives the
    signed digest, while a reader that takes the first text node sees "4452" (Duo Labs,
    2018, on SAML)."""
    doc = copy.deepcopy(signed)
    total = doc.find("TongTien")
    assert total is not None and total.text
    head, tail = total.text[:4], total.text[4:]
    total.text = head
    comment = etree.Comment("")
    comment.tail = tail
    total.append(comment)
    return _bytes(doc)


def _comment_between(signed: etree._Element) -> bytes:
    doc = copy.deepcopy(signed)
    total = doc.find("TongTien")
    assert total is not None
    total.addprevious(etree.Comment(f" TongTien đã điều chỉnh: {FORGED_TOTAL} "))
    return _bytes(doc)


def _instruction_before_root(signed: etree._Element) -> bytes:
    """A stylesheet processing instruction before the root: outside the signed element, it
    decides what a browser shows."""
    doc = copy.deepcopy(signed)
    doc.addprevious(etree.ProcessingInstruction("xml-stylesheet", 'type="text/xsl" href="data:,x"'))
    return etree.tostring(doc.getroottree(), xml_declaration=True, encoding="UTF-8")


def _with_transform(issued: testpki.Issued, algorithm: str, body: etree._Element | None) -> bytes:
    """A signer whose SignedInfo adds an XPath or XSLT transform to the reference (one that
    would leave TongTien out of what is digested); signed with the test PKI's key."""
    doc = sign(issued, confirmation())
    transforms = doc.find(
        f"{{{DS}}}Signature/{{{DS}}}SignedInfo/{{{DS}}}Reference/{{{DS}}}Transforms"
    )
    assert transforms is not None
    transform = etree.Element(f"{{{DS}}}Transform", Algorithm=algorithm)
    if body is not None:
        transform.append(body)
    transforms.insert(1, transform)
    return _bytes(resign(issued, doc))


def _xpath_transform(issued: testpki.Issued) -> bytes:
    xpath = etree.Element(f"{{{DS}}}XPath")
    xpath.text = "not(ancestor-or-self::TongTien)"
    return _with_transform(issued, XPATH, xpath)


def _xslt_transform(issued: testpki.Issued) -> bytes:
    stylesheet = etree.fromstring(
        b'<xsl:stylesheet xmlns:xsl="http://www.w3.org/1999/XSL/Transform" version="1.0">'
        b'<xsl:template match="TongTien"/></xsl:stylesheet>'
    )
    return _with_transform(issued, XSLT, stylesheet)


def _xpointer(issued: testpki.Issued) -> bytes:
    doc = sign(issued, confirmation())
    reference = doc.find(f"{{{DS}}}Signature/{{{DS}}}SignedInfo/{{{DS}}}Reference")
    assert reference is not None
    reference.set("URI", f"#xpointer(id('{ROOT_ID}'))")
    return _bytes(resign(issued, doc))


def _extra_reference(issued: testpki.Issued) -> bytes:
    """Really signed with two references: the whole document and a part of it."""
    root = confirmation(part_id="dv")
    return _bytes(sign(issued, root, references=[f"#{ROOT_ID}", "#dv"]))


def _partial_reference(issued: testpki.Issued) -> bytes:
    """Really signed over one part only (DonVi); the unsigned figures then changed."""
    doc = sign(issued, confirmation(part_id="dv"), references=["#dv"])
    workers, total = doc.find("SoLaoDong"), doc.find("TongTien")
    assert workers is not None and total is not None
    workers.text, total.text = FORGED_WORKERS, FORGED_TOTAL
    return _bytes(doc)


@dataclass(frozen=True)
class Variant:
    name: str
    shape: str  # which published attack it is
    build: Callable[[testpki.Issued], bytes]


def _signed(
    issued: testpki.Issued, *, xades: bool = False, exclusive: bool = False
) -> etree._Element:
    return sign(issued, confirmation(), xades=xades, exclusive=exclusive)


def _needs_exclusive(attribute: str) -> bool:
    """A namespaced id on the forged root declares its namespace there, and inclusive
    canonicalisation would carry that declaration into the moved SignedInfo and break it:
    such a forgery works only on an exclusive-c14n signature, so it is built from one."""
    namespace = etree.QName(attribute).namespace
    return bool(namespace) and namespace != XML_NS


def _wrapped_with(attribute: str) -> Callable[[testpki.Issued], bytes]:
    exclusive = _needs_exclusive(attribute)
    return lambda issued: _wrap(_signed(issued, exclusive=exclusive), attribute, "extension")


def _duplicated_with(attribute: str) -> Callable[[testpki.Issued], bytes]:
    exclusive = _needs_exclusive(attribute)
    return lambda issued: _duplicate_in_object(_signed(issued, exclusive=exclusive), attribute)


def _variants() -> list[Variant]:
    found: list[Variant] = []
    for label, attribute in SPELLINGS.items():
        found.append(
            Variant(
                f"wrap-root-{label}",
                f"forged root with {label}, original under an extension (XSW1/2, XSW7)",
                _wrapped_with(attribute),
            )
        )
        found.append(
            Variant(
                f"duplicate-id-{label}",
                f"genuine root, a forged copy with {label} in a ds:Object (duplicate id)",
                _duplicated_with(attribute),
            )
        )
    found += [
        Variant(
            "xades-wrap-root-ID",
            "XAdES: forged root with ID, original under an extension",
            lambda i: _wrap(_signed(i, xades=True), "ID", "extension"),
        ),
        Variant(
            "wrap-sibling-ID",
            "forged root with ID, original as a sibling of the forged figures (XSW3/4)",
            lambda i: _wrap(_signed(i), "ID", "sibling"),
        ),
        Variant(
            "wrap-object-ID",
            "forged root with ID, original moved inside ds:Object (XSW5/6, XSW8)",
            lambda i: _wrap(_signed(i), "ID", "object"),
        ),
        Variant(
            "wrap-object-no-id",
            "forged root without id, original moved inside ds:Object",
            lambda i: _wrap(_signed(i), None, "object"),
        ),
        Variant(
            "wrap-signature-inside-original",
            "forged root with ID, original nested with its signature still inside it",
            lambda i: _wrap(_signed(i), "ID", "inside"),
        ),
        Variant(
            "second-unsigned-copy",
            "genuine root, a second copy without id in a ds:Object",
            lambda i: _unsigned_copy(_signed(i)),
        ),
        Variant(
            "comment-in-text",
            "comment splitting a signed text node (canonicalisation without comments)",
            lambda i: _comment_in_text(_signed(i)),
        ),
        Variant(
            "comment-between-elements",
            "unsigned comment with forged figures between signed elements",
            lambda i: _comment_between(_signed(i)),
        ),
        Variant(
            "stylesheet-before-root",
            "xml-stylesheet processing instruction outside the signed root",
            lambda i: _instruction_before_root(_signed(i)),
        ),
        Variant(
            "extra-reference",
            "really signed with a second reference to a part",
            _extra_reference,
        ),
        Variant(
            "partial-reference",
            "really signed over one part only, the rest changed",
            _partial_reference,
        ),
        Variant(
            "xpath-transform", "really signed with an XPath filter transform", _xpath_transform
        ),
        Variant("xslt-transform", "really signed with an XSLT transform", _xslt_transform),
        Variant("xpointer-reference", "really signed with an XPointer reference URI", _xpointer),
    ]
    return found


VARIANTS = _variants()


def genuine(issued: testpki.Issued, *, xades: bool = False) -> bytes:
    return _bytes(_signed(issued, xades=xades))


def corpus(issued: testpki.Issued) -> dict[str, bytes]:
    """Every XSW file, by name (`xsw-<variant>.xml`), signed with `issued`'s key."""
    return {f"xsw-{v.name}.xml": v.build(issued) for v in VARIANTS}

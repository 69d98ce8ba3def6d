"""Signed proofs of identity: a small document an enterprise signs to show that it acts
through an account (accounts.binding). Either a PDF (PAdES, judged by `pdf.validate_pdf`, the
same validator as every upload) or a CMS/PKCS#7 signature over a text, attached or detached
(pyHanko's CMS validation, against the same trust store).

What matters besides the verdict is what each signature covers: the binding tokens
(`HOTRO-XM-<nonce>`) found in the content that signature signed, and nowhere else. In a PDF,
the document information (Subject, Keywords) of the revision the signature covers; in a CMS
signature, its encapsulated content or the detached text it was checked against.
"""

from __future__ import annotations

import datetime as dt
import io
import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass

from asn1crypto import cms, core, pem
from cryptography.exceptions import UnsupportedAlgorithm
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.pdf_utils.reader import HistoricalResolver, PdfFileReader
from pyhanko.sign import signers
from pyhanko.sign.ades.report import AdESFailure
from pyhanko.sign.validation.generic_cms import (
    async_validate_cms_signature,
    async_validate_detached_cms,
)
from pyhanko.sign.validation.status import SignatureStatus, StandardCMSSignatureStatus
from pyhanko_certvalidator import ValidationContext

from hotro.core import aio
from hotro.signatures import report as r
from hotro.signatures.identity import signer_of
from hotro.signatures.pdf import KEY_USAGE, UnreadableFile, validate_pdf
from hotro.signatures.trust import validation_context

logger = logging.getLogger(__name__)

NONCE_PREFIX = "HOTRO-XM-"
_TOKEN = re.compile(NONCE_PREFIX + r"([0-9a-f]{32})(?![0-9a-f])")
# What a parser of hostile input may raise besides its own error types.
_BROKEN = (
    ValueError,
    TypeError,
    KeyError,
    IndexError,
    AttributeError,
    RecursionError,
    NotImplementedError,
    UnsupportedAlgorithm,
)


def token(nonce: str) -> str:
    return NONCE_PREFIX + nonce


def tokens_in(text: str) -> frozenset[str]:
    return frozenset(_TOKEN.findall(text))


@dataclass(frozen=True)
class SignedProof:
    kind: str  # "pdf" or "cms"
    signatures: list[r.SignatureResult]
    # For each signature, in the same order: the nonces in the content it covers.
    nonces: list[frozenset[str]]


def proof_check(
    content: bytes, *, moment: dt.datetime, detached_content: Sequence[bytes] = ()
) -> SignedProof:
    """Judge the signatures of a PDF or CMS file as of `moment` and say which nonces each one
    covers. A detached CMS signature is checked against each of `detached_content` in turn
    (the first it matches counts). Raises UnreadableFile for anything else."""
    if content.startswith(b"%PDF-"):
        return _pdf(content, moment)
    return _cms(content, moment, detached_content)


def _pdf(content: bytes, moment: dt.datetime) -> SignedProof:
    try:
        results = validate_pdf(content, moment=moment)
    except RecursionError as exc:  # deeply nested objects: pyHanko's parser recurses
        raise UnreadableFile("malformed") from exc
    try:
        reader = PdfFileReader(io.BytesIO(content), strict=False)
        nonces = [
            tokens_in(_signed_info(reader, sig.signed_revision))
            for sig in reader.embedded_regular_signatures
        ]
    except (PdfError, *_BROKEN) as exc:
        logger.info("unreadable PDF proof: %s", exc)
        raise UnreadableFile("malformed") from exc
    if len(nonces) != len(results):
        raise UnreadableFile("malformed")
    return SignedProof("pdf", results, nonces)


def _signed_info(reader: PdfFileReader, revision: int) -> str:
    """The Subject and Keywords of the document information as of `revision`. Every object
    is resolved through the historical resolver: the trailer's references resolve in the
    latest revision otherwise, and an update after signing may rewrite the information
    dictionary (pyHanko's difference analysis allows metadata updates)."""
    past = reader.get_historical_resolver(revision)
    trailer = past.trailer_view
    if "/Info" not in trailer:
        return ""
    info = _as_of(past, trailer.raw_get("/Info"))
    if not isinstance(info, generic.DictionaryObject):
        return ""
    texts = (_as_of(past, info.raw_get(key)) for key in ("/Subject", "/Keywords") if key in info)
    return " ".join(str(t) for t in texts if isinstance(t, generic.TextStringObject | str))


def _as_of(past: HistoricalResolver, value: generic.PdfObject) -> generic.PdfObject:
    if isinstance(value, generic.IndirectObject):
        return past.get_object(value.reference)
    return value


def _signed_data(content: bytes) -> cms.SignedData:
    der = content
    if pem.detect(content):
        _, _, der = pem.unarmor(content)
    info = cms.ContentInfo.load(der, strict=True)
    if info["content_type"].native != "signed_data":
        raise UnreadableFile("not_signed_data")
    signed: cms.SignedData = info["content"]
    signed.native  # noqa: B018 (parse the whole structure now, inside the guard)
    return signed


def _judge(status: SignatureStatus) -> tuple[r.Indication, str]:
    if not status.intact:
        return r.Indication.TOTAL_FAILED, r.HASH_FAILURE
    if not status.valid:
        return r.Indication.TOTAL_FAILED, r.SIG_CRYPTO_FAILURE
    indic = status.trust_problem_indic
    if indic is not None:
        failed = isinstance(indic, AdESFailure)
        return (
            r.Indication.TOTAL_FAILED if failed else r.Indication.INDETERMINATE,
            indic.standard_name,
        )
    if isinstance(status, StandardCMSSignatureStatus) and not status.bottom_line:
        return r.Indication.TOTAL_FAILED, r.SIG_CONSTRAINTS_FAILURE
    return r.Indication.TOTAL_PASSED, ""


def _result(status: SignatureStatus, kind: str) -> r.SignatureResult:
    indication, sub = _judge(status)
    return r.SignatureResult(
        indication=indication,
        sub_indication=sub,
        kind=kind,
        signer=signer_of(status.signing_cert),
        chain=[c.subject.human_friendly for c in status.validation_path]
        if status.validation_path
        else [],
    )


async def _validate(
    signed: cms.SignedData, contexts: list[ValidationContext], detached: Sequence[bytes]
) -> tuple[SignatureStatus, bytes]:
    content = signed["encap_content_info"]["content"]
    if not isinstance(content, core.Void):
        status = await async_validate_cms_signature(
            signed,
            status_cls=SignatureStatus,
            validation_context=contexts[0],
            key_usage_settings=KEY_USAGE,
        )
        return status, bytes(content)  # the bytes pyHanko hashed
    first: tuple[SignatureStatus, bytes] | None = None
    for candidate, vc in zip(detached, contexts, strict=False):
        detached_status = await async_validate_detached_cms(
            candidate, signed, signer_validation_context=vc, key_usage_settings=KEY_USAGE
        )
        if detached_status.intact:
            return detached_status, candidate
        first = first or (detached_status, candidate)
    if first is None:
        raise UnreadableFile("detached_without_content")
    return first


def _cms(content: bytes, moment: dt.datetime, detached: Sequence[bytes]) -> SignedProof:
    try:
        signed = _signed_data(content)
    except UnreadableFile:
        raise
    except _BROKEN as exc:
        logger.info("unreadable CMS proof: %s", exc)
        raise UnreadableFile("malformed") from exc
    # the contexts read the trust store: made here, outside the event loop
    contexts = [validation_context(moment=moment) for _ in range(max(1, len(detached)))]
    try:
        status, covered = aio.run(_validate(signed, contexts, detached))
    except UnreadableFile:
        raise
    except _BROKEN as exc:  # pyHanko's CMS errors are ValueErrors
        logger.info("unreadable CMS proof: %s", exc)
        raise UnreadableFile("malformed") from exc
    kind = "CMS (detached)" if isinstance(status, StandardCMSSignatureStatus) else "CMS"
    return SignedProof(
        "cms", [_result(status, kind)], [tokens_in(covered.decode("utf-8", "replace"))]
    )


def sign_cms(data: bytes, signer: signers.Signer, *, detached: bool = False) -> bytes:
    """A CMS signature (DER) over `data`, as an enterprise's signing tool makes one: the demo
    binds its employer with it, and the tests."""
    info = aio.run(signer.async_sign_general_data(data, "sha256", detached=detached))
    return bytes(info.dump())

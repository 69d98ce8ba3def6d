"""PAdES validation with pyHanko.

The verdict rests on pyHanko's bottom line, which includes the DocMDP and difference analysis:
a page replaced by an incremental update after signing leaves the signature intact, valid and
trusted, and only the modification analysis catches it.
"""

from __future__ import annotations

import datetime as dt
import logging

from pyhanko.sign.ades.report import AdESFailure, AdESIndeterminate, AdESSubIndic
from pyhanko.sign.validation import async_validate_pdf_signature
from pyhanko.sign.validation.pdf_embedded import EmbeddedPdfSignature
from pyhanko.sign.validation.settings import KeyUsageConstraints
from pyhanko.sign.validation.status import PdfSignatureStatus, SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext

from hotro.core import aio
from hotro.core.uploads.pdf import reader_of
from hotro.signatures import report as r
from hotro.signatures.identity import signer_of
from hotro.signatures.trust import (
    NO_REVOCATION_INFO,
    TRY_LATER,
    lacks_revocation_info,
    validation_context,
)

logger = logging.getLogger(__name__)

# A signature on a document asserts its content: either usage is accepted, as Vietnamese CAs
# issue both combinations.
KEY_USAGE = KeyUsageConstraints(
    key_usage={"non_repudiation", "digital_signature"}, match_all_key_usages=False
)


def _judge(status: PdfSignatureStatus) -> tuple[r.Indication, str, str]:
    """(indication, sub-indication, message) from pyHanko's status, worst problem first."""
    if not status.intact:
        return r.Indication.TOTAL_FAILED, r.HASH_FAILURE, "Nội dung đã bị thay đổi sau khi ký."
    if not status.valid:
        return r.Indication.TOTAL_FAILED, r.SIG_CRYPTO_FAILURE, "Chữ ký không hợp lệ."
    if status.coverage not in (
        SignatureCoverageLevel.ENTIRE_FILE,
        SignatureCoverageLevel.ENTIRE_REVISION,
    ):
        return r.Indication.TOTAL_FAILED, r.FORMAT_FAILURE, "Chữ ký không bao trùm văn bản."
    if status.docmdp_ok is False:
        return (
            r.Indication.TOTAL_FAILED,
            r.ILLEGAL_MODIFICATION,
            "Văn bản bị sửa đổi sau khi ký theo cách chữ ký không cho phép.",
        )
    indic: AdESSubIndic | None = status.trust_problem_indic
    if indic is not None:
        failed = isinstance(indic, AdESFailure)
        return (
            r.Indication.TOTAL_FAILED if failed else r.Indication.INDETERMINATE,
            indic.standard_name,
            _TRUST_MESSAGES.get(indic.standard_name, "Không xác nhận được chứng thư số."),
        )
    if not status.bottom_line:
        return r.Indication.TOTAL_FAILED, r.SIG_CONSTRAINTS_FAILURE, "Chữ ký không đạt ràng buộc."
    return r.Indication.TOTAL_PASSED, "", "Chữ ký hợp lệ."


_TRUST_MESSAGES = {
    r.NO_CERTIFICATE_CHAIN_FOUND: "Chứng thư số không do tổ chức được tin cậy cấp.",
    r.OUT_OF_BOUNDS_NO_POE: "Chứng thư số đã hết hạn hoặc chưa có hiệu lực tại thời điểm kiểm tra.",
    r.REVOKED_NO_POE: "Chứng thư số đã bị thu hồi.",
    "REVOKED": "Chứng thư số đã bị thu hồi trước thời điểm ký.",
    r.CHAIN_CONSTRAINTS_FAILURE: "Chuỗi chứng thư số không hợp lệ.",
    r.SIG_CONSTRAINTS_FAILURE: "Chứng thư số không được phép dùng để ký văn bản.",
}


def _iso(value: dt.datetime | None) -> str | None:
    return value.isoformat() if value else None


async def _one(
    sig: EmbeddedPdfSignature, vc: ValidationContext, ts_vc: ValidationContext
) -> r.SignatureResult:
    status = await async_validate_pdf_signature(
        sig, signer_validation_context=vc, ts_validation_context=ts_vc, key_usage_settings=KEY_USAGE
    )
    indication, sub, message = _judge(status)
    if (
        sub == AdESIndeterminate.CERTIFICATE_CHAIN_GENERAL_FAILURE.standard_name
        and status.signing_cert is not None
        and await lacks_revocation_info(status.signing_cert, sig.other_embedded_certs, vc)
    ):
        # what pyHanko calls a general chain failure is, here, a missing CRL (hard-fail):
        # said as the XML validator says it
        sub, message = TRY_LATER, NO_REVOCATION_INFO
    level = status.modification_level
    ts = status.timestamp_validity
    return r.SignatureResult(
        indication=indication,
        sub_indication=sub,
        message=message,
        kind="PAdES" if sig.sig_object.get("/SubFilter") == "/ETSI.CAdES.detached" else "PDF",
        field_name=sig.field_name or "",
        signer=signer_of(status.signing_cert),
        signing_time=_iso(status.signer_reported_dt),
        timestamp=_iso(ts.timestamp) if ts is not None else None,
        coverage=status.coverage.name if status.coverage else "",
        modification=level.name if level is not None else "",
        chain=[c.subject.human_friendly for c in status.validation_path]
        if status.validation_path
        else [],
        revocation=(
            f"{status.revocation_details.revocation_reason.native} "
            f"{status.revocation_details.revocation_date.isoformat()}"
            if status.revocation_details
            else ""
        ),
    )


MAX_SIGNATURES = 50  # each costs a chain to build and a CMS to parse


async def _all(
    data: bytes, vc: ValidationContext, ts_vc: ValidationContext
) -> list[r.SignatureResult]:
    # the reader inflates within the same bounds as the upload check (DECODE_LIMITS)
    reader = reader_of(data)
    if reader.encrypted:
        raise UnreadableFile("encrypted")
    signatures = reader.embedded_regular_signatures
    if len(signatures) > MAX_SIGNATURES:
        raise UnreadableFile("too_many_signatures")
    return [await _one(sig, vc, ts_vc) for sig in signatures]


class UnreadableFile(Exception):
    """The file is not a document whose signatures can be checked; the message says why."""


def validate_pdf(data: bytes, *, moment: dt.datetime) -> list[r.SignatureResult]:
    """Every signature of a PDF, judged as of `moment`. Raises UnreadableFile for a malformed,
    truncated or encrypted file."""
    # the contexts read the trust store: done here, outside the event loop and outside the
    # handler below, so that a fault of the store is not taken for a fault of the file
    vc = validation_context(moment=moment)
    ts_vc = validation_context(moment=moment)
    try:
        return aio.run(_all(data, vc, ts_vc))
    except UnreadableFile:
        raise
    except Exception as exc:
        # pyHanko, asn1crypto and the certificate validator report a broken file (or a
        # signature nested too deep to parse: RecursionError) with whatever they tripped on.
        # The file then has no valid signature, which is what the report says. What tripped
        # is logged (the trace at debug level) in case the fault is ours.
        logger.info("unreadable PDF: %r", exc)
        logger.debug("unreadable PDF", exc_info=True)
        raise UnreadableFile("malformed") from exc

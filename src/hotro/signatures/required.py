"""Whether a component the policy says must be signed ("cần ký số") arrived without the
signature it needs: the applicant is warned when uploading it, the officer sees a mark. Not a
refusal: an unsigned file may still be filed (the agency may then ask for the signed one)."""

from __future__ import annotations

from typing import Any

from hotro.catalog.schema import Signer

UNSIGNED = "unsigned"  # no signature at all
NOT_VALID = "not_valid"  # signatures, none of them valid


def signature_missing(*, signer: str, verdict: str, report: dict[str, Any] | None) -> str:
    """ "" when the component needs no signature, carries a valid one, or is still being
    checked (no report yet); else UNSIGNED or NOT_VALID."""
    if not signer or signer == Signer.NONE or report is None or verdict == "TOTAL_PASSED":
        return ""
    return NOT_VALID if report.get("signatures") else UNSIGNED

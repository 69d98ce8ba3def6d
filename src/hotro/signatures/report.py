"""What a validation says, in the terms of ETSI EN 319 102-1: one result per signature, and the
verdict of the document they sit on. Plain data, stored as JSON on the document."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from enum import StrEnum
from typing import Any


class Indication(StrEnum):
    TOTAL_PASSED = "TOTAL_PASSED"
    INDETERMINATE = "INDETERMINATE"
    TOTAL_FAILED = "TOTAL_FAILED"


# Sub-indications used here (ETSI EN 319 102-1 §5.1.3), plus one of ours for a document changed
# after signing in a way its signature does not allow (pyHanko's DocMDP/difference analysis).
ILLEGAL_MODIFICATION = "ILLEGAL_MODIFICATION"
FORMAT_FAILURE = "FORMAT_FAILURE"
HASH_FAILURE = "HASH_FAILURE"
SIG_CRYPTO_FAILURE = "SIG_CRYPTO_FAILURE"
NO_CERTIFICATE_CHAIN_FOUND = "NO_CERTIFICATE_CHAIN_FOUND"
OUT_OF_BOUNDS_NO_POE = "OUT_OF_BOUNDS_NO_POE"
REVOKED_NO_POE = "REVOKED_NO_POE"
CHAIN_CONSTRAINTS_FAILURE = "CHAIN_CONSTRAINTS_FAILURE"
SIG_CONSTRAINTS_FAILURE = "SIG_CONSTRAINTS_FAILURE"

_RANK = {Indication.TOTAL_PASSED: 0, Indication.INDETERMINATE: 1, Indication.TOTAL_FAILED: 2}


@dataclass(frozen=True)
class Signer:
    """Who signed, as the certificate says."""

    common_name: str = ""
    organisation: str = ""
    tax_code: str = ""  # MST, from the subject's UID ("MST:0100233488")
    id_number: str = ""  # CMND/CCCD, from the UID or the serialNumber attribute
    issuer: str = ""
    serial: str = ""  # hexadecimal
    not_before: str = ""
    not_after: str = ""


@dataclass(frozen=True)
class SignatureResult:
    indication: Indication
    sub_indication: str = ""
    message: str = ""
    kind: str = ""  # PAdES, XMLDSig, XAdES
    field_name: str = ""  # the PDF signature field, or the XML signature's Id
    signer: Signer = field(default_factory=Signer)
    signing_time: str | None = None  # as the signer claims it (ISO 8601)
    timestamp: str | None = None  # an RFC 3161 timestamp's time, when one is present
    coverage: str = ""  # ENTIRE_FILE, ENTIRE_REVISION (later changes follow), PARTIAL
    modification: str = ""  # what was changed after signing, if anything
    chain: list[str] = field(default_factory=list)  # trust anchor first
    revocation: str = ""  # revocation reason and date, when revoked


@dataclass(frozen=True)
class Report:
    """The validation of one file: its signatures, judged at `validated_at`."""

    validated_at: str
    proof_of_existence: str  # when the system received the file: it existed then
    signatures: list[SignatureResult]
    error: str = ""  # the file could not be read as a signed document (malformed, encrypted)

    @property
    def indication(self) -> Indication | None:
        """The document's verdict: the worst of its signatures; None when nothing is signed."""
        if self.error:
            return Indication.TOTAL_FAILED
        if not self.signatures:
            return None
        return max((s.indication for s in self.signatures), key=_RANK.__getitem__)

    def as_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["indication"] = self.indication.value if self.indication else None
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Report:
        return cls(
            validated_at=data["validated_at"],
            proof_of_existence=data["proof_of_existence"],
            error=data.get("error", ""),
            signatures=[
                SignatureResult(
                    **{
                        **s,
                        "indication": Indication(s["indication"]),
                        "signer": Signer(**s.get("signer", {})),
                    }
                )
                for s in data.get("signatures", [])
            ],
        )

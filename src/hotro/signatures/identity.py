"""Who a certificate names. Vietnamese CAs put the tax code (`MST:…`) or the ID number
(`CMND:…`, `CCCD:…`) in the subject's UID, and sometimes in its serialNumber attribute."""

from __future__ import annotations

import re

from asn1crypto import x509

from hotro.signatures.report import Signer

_IDENTIFIER = re.compile(r"\b(MST|CMND|CCCD|CMT|HC)\s*[:=]\s*([0-9A-Z-]+)", re.IGNORECASE)


def _values(subject: x509.Name, key: str) -> list[str]:
    native = subject.native
    value = native.get(key)
    if value is None:
        return []
    return [str(v) for v in value] if isinstance(value, list) else [str(value)]


def identifiers(subject: x509.Name) -> dict[str, str]:
    """The identifiers in a subject: {"MST": "0100233488", "CCCD": "079190000123", …}."""
    found: dict[str, str] = {}
    for text in _values(subject, "user_id") + _values(subject, "serial_number"):
        for kind, value in _IDENTIFIER.findall(text):
            found.setdefault(kind.upper(), value.upper())
    return found


def signer_of(cert: x509.Certificate) -> Signer:
    ids = identifiers(cert.subject)
    return Signer(
        common_name=", ".join(_values(cert.subject, "common_name")),
        organisation=", ".join(_values(cert.subject, "organization_name")),
        tax_code=ids.get("MST", ""),
        id_number=ids.get("CCCD") or ids.get("CMND") or ids.get("CMT", ""),
        issuer=cert.issuer.human_friendly,
        serial=format(cert.serial_number, "x"),
        not_before=cert.not_valid_before.isoformat(),
        not_after=cert.not_valid_after.isoformat(),
    )

"""The trust store as the validator sees it: roots, intermediates and CRLs from the database,
turned into a pyhanko-certvalidator context for a given moment.

Revocation is checked only against the CRLs supplied offline: government networks are often
closed, and a validation that reaches out to a CA's server at upload time would be slow and
unrepeatable. `HOTRO_SIGNATURE_FETCH` turns fetching (OCSP and CRL distribution points) on.
What happens when no revocation information is found is `HOTRO_SIGNATURE_REVOCATION_MODE`
(docs/signing.md): soft-fail accepts the certificate, hard-fail leaves the signature
INDETERMINATE / TRY_LATER, the same for PDF and XML.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from functools import lru_cache

from asn1crypto import crl as asn1_crl
from asn1crypto import pem
from asn1crypto import x509 as asn1_x509
from django.conf import settings
from django.core import checks
from django.db.models import Count, Max
from pyhanko_certvalidator import CertificateValidator, ValidationContext
from pyhanko_certvalidator.errors import InsufficientRevinfoError

from hotro.core import caches
from hotro.core.errors import FieldError, ValidationFailed
from hotro.signatures.models import RevocationList, TrustedCertificate


def _blocks(data: bytes, kinds: tuple[str, ...]) -> list[bytes]:
    """DER blocks from PEM (one or several) or a single DER file."""
    if pem.detect(data):
        return [der for kind, _, der in pem.unarmor(data, multiple=True) if kind in kinds]
    return [data]


def parse_certificates(data: bytes) -> list[asn1_x509.Certificate]:
    certs = []
    try:
        for der in _blocks(data, ("CERTIFICATE", "TRUSTED CERTIFICATE")):
            cert = asn1_x509.Certificate.load(der)
            cert.native  # noqa: B018 (parses the whole structure now, not on first use)
            certs.append(cert)
    except (ValueError, TypeError) as exc:
        raise ValidationFailed(errors=[FieldError("file", "certificate_unreadable")]) from exc
    if not certs:
        raise ValidationFailed(errors=[FieldError("file", "certificate_unreadable")])
    return certs


def parse_crl(data: bytes) -> asn1_crl.CertificateList:
    try:
        (der,) = _blocks(data, ("X509 CRL",))
        crl = asn1_crl.CertificateList.load(der)
        crl.native  # noqa: B018
    except (ValueError, TypeError) as exc:
        raise ValidationFailed(errors=[FieldError("file", "crl_unreadable")]) from exc
    return crl


@dataclass(frozen=True)
class TrustMaterial:
    roots: tuple[asn1_x509.Certificate, ...]
    intermediates: tuple[asn1_x509.Certificate, ...]
    crls: tuple[asn1_crl.CertificateList, ...]


def _signature() -> tuple[object, ...]:
    """Changes whenever the store changes, so the cached material is rebuilt (in every
    process) without a restart."""
    # The highest id too: ids are never reused, so a rollback or a flush cannot bring an
    # earlier signature back.
    certs = TrustedCertificate.objects.aggregate(n=Count("id"), last=Max("added_at"), top=Max("id"))
    crls = RevocationList.objects.aggregate(n=Count("id"), last=Max("added_at"), top=Max("id"))
    return (*certs.values(), *crls.values())


@caches.register
def trust_forget() -> None:
    _material.cache_clear()


def _parsed_whole(
    value: asn1_x509.Certificate | asn1_crl.CertificateList,
) -> asn1_x509.Certificate | asn1_crl.CertificateList:
    """asn1crypto parses lazily, at first access, and two threads reading a fresh object at
    once can break each other's parse (seen as KeyError 'No field numbered 2' from a raced
    binding answer). The cached objects are shared by every thread of the process: parse
    them whole here, while they are still this thread's alone, and they are only read later."""
    value.native  # noqa: B018 - every child parsed
    value.critical_extensions  # noqa: B018 - the named extensions set
    if isinstance(value, asn1_crl.CertificateList):
        for entry in value["tbs_cert_list"]["revoked_certificates"]:
            entry.critical_extensions  # noqa: B018
    return value


@lru_cache(maxsize=2)
def _material(signature: tuple[object, ...]) -> TrustMaterial:
    roots: list[asn1_x509.Certificate] = []
    intermediates: list[asn1_x509.Certificate] = []
    for row in TrustedCertificate.objects.all():
        cert = asn1_x509.Certificate.load(bytes(row.der))
        _parsed_whole(cert)
        (roots if row.is_root else intermediates).append(cert)
    crls = [asn1_crl.CertificateList.load(bytes(r.der)) for r in RevocationList.objects.all()]
    for crl in crls:
        _parsed_whole(crl)
    return TrustMaterial(tuple(roots), tuple(intermediates), tuple(crls))


def trust_material() -> TrustMaterial:
    return _material(_signature())


def validation_context(
    *, moment: dt.datetime, extra_certs: list[asn1_x509.Certificate] | None = None
) -> ValidationContext:
    """A context that validates as of `moment` against the stored roots and CRLs."""
    material = trust_material()
    return ValidationContext(
        trust_roots=list(material.roots),
        other_certs=[*material.intermediates, *(extra_certs or [])],
        crls=crls_in_force(material.crls, moment),
        moment=moment,
        allow_fetching=settings.HOTRO_SIGNATURE_FETCH,
        revocation_mode=revocation_mode(),
    )


def crls_in_force(
    crls: tuple[asn1_crl.CertificateList, ...], moment: dt.datetime
) -> list[asn1_crl.CertificateList]:
    """Per issuer, the newest list issued by `moment`: an older list that does not yet name
    a revoked certificate must not vouch for it."""
    newest: dict[tuple[bytes, bytes | None], asn1_crl.CertificateList] = {}
    for crl in crls:
        issued = crl["tbs_cert_list"]["this_update"].native
        if issued > moment:
            continue
        key = (crl.issuer.dump(), crl.authority_key_identifier)  # two CAs may share a name
        current = newest.get(key)
        if current is None or issued > current["tbs_cert_list"]["this_update"].native:
            newest[key] = crl
    return list(newest.values())


def fingerprint(der: bytes) -> str:
    return hashlib.sha256(der).hexdigest()


# pyhanko-certvalidator's modes, as docs/signing.md explains them. "soft-fail": a CRL or OCSP
# answer that is found counts, a missing one does not; "hard-fail": a certificate that names a
# CRL distribution point or an OCSP responder must have an answer; "require": every
# certificate must, whether it names one or not.
REVOCATION_MODES = ("soft-fail", "hard-fail", "require")
# ETSI EN 319 102-1: revocation status not available now, perhaps later (a newer CRL).
TRY_LATER = "TRY_LATER"
NO_REVOCATION_INFO = "Chưa có thông tin thu hồi của chứng thư số (CRL): chưa kết luận được."


def revocation_mode() -> str:
    mode: str = settings.HOTRO_SIGNATURE_REVOCATION_MODE.strip().lower()
    return mode


@checks.register(checks.Tags.security)
def revocation_mode_check(**kwargs: object) -> list[checks.CheckMessage]:
    """An unknown mode would fail every validation; refuse it when the process starts."""
    if revocation_mode() in REVOCATION_MODES:
        return []
    return [
        checks.Error(
            f"HOTRO_SIGNATURE_REVOCATION_MODE={settings.HOTRO_SIGNATURE_REVOCATION_MODE!r} "
            f"is none of {', '.join(REVOCATION_MODES)}.",
            id="signatures.E001",
        )
    ]


async def lacks_revocation_info(
    cert: asn1_x509.Certificate, others: list[asn1_x509.Certificate], vc: ValidationContext
) -> bool:
    """Whether `cert` fails validation for want of revocation information. pyHanko reports
    that for a PDF as a general chain failure; asked again, the validator says which."""
    try:
        await CertificateValidator(
            cert, intermediate_certs=others, validation_context=vc
        ).async_validate_usage(set())
    except InsufficientRevinfoError:
        return True
    except Exception:  # any other failure is reported as pyHanko found it
        return False
    return False

"""Writes of the signatures context: the trust store, and the validation report recorded on
each document (with the party check that R2 rests on)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from asn1crypto import x509 as asn1_x509
from django.conf import settings
from django.db import transaction

from hotro.catalog.schema import Signer as SignerRole
from hotro.core import clock
from hotro.core.errors import FieldError, ValidationFailed
from hotro.core.uploads import sniff
from hotro.dossiers.models import Document
from hotro.signatures import report as r
from hotro.signatures.models import RevocationList, TrustedCertificate
from hotro.signatures.pdf import UnreadableFile, validate_pdf
from hotro.signatures.trust import fingerprint, parse_certificates, parse_crl
from hotro.signatures.xmlsig import validate_xml


def _is_root(cert: asn1_x509.Certificate) -> bool:
    return cert.self_signed in ("maybe", "yes")


def ca_certificates(data: bytes) -> list[asn1_x509.Certificate]:
    """The CA certificates of a PEM or DER file; anything else in it is refused."""
    certs = parse_certificates(data)
    for cert in certs:
        if not cert.ca:
            raise ValidationFailed(
                errors=[
                    FieldError(
                        "file", "certificate_not_ca", {"subject": cert.subject.human_friendly}
                    )
                ]
            )
    return certs


@transaction.atomic
def trust_add(*, data: bytes, source: str = "") -> list[TrustedCertificate]:
    """Add the CA certificates of a PEM or DER file; one already present is left as it is.
    Self-signed ones become trust anchors, the others help build paths."""
    added = []
    for cert in ca_certificates(data):
        der = cert.dump()
        row, _ = TrustedCertificate.objects.get_or_create(
            sha256=fingerprint(der),
            defaults={
                "subject": cert.subject.human_friendly[:500],
                "issuer": cert.issuer.human_friendly[:500],
                "serial": format(cert.serial_number, "x")[:80],
                "is_root": _is_root(cert),
                "not_before": cert.not_valid_before,
                "not_after": cert.not_valid_after,
                "der": der,
                "added_at": clock.now(),
                "source": source[-255:],
            },
        )
        added.append(row)
    return added


@transaction.atomic
def crl_add(*, data: bytes, source: str = "") -> RevocationList:
    crl = parse_crl(data)
    der = crl.dump()
    tbs = crl["tbs_cert_list"]
    next_update = tbs["next_update"].native if tbs["next_update"] else None
    row, _ = RevocationList.objects.get_or_create(
        sha256=fingerprint(der),
        defaults={
            "issuer": crl.issuer.human_friendly[:500],
            "this_update": tbs["this_update"].native,
            "next_update": next_update,
            "revoked_count": len(tbs["revoked_certificates"] or []),
            "der": der,
            "added_at": clock.now(),
            "source": source[-255:],
        },
    )
    return row


def signatures_check(*, content: bytes, moment: dt.datetime, received_at: dt.datetime) -> r.Report:
    """Validate every signature of a file as of `moment`. Files that cannot carry a signature
    (images, spreadsheets) give an empty report; unreadable ones a report with an error."""
    kind = sniff(content)
    signatures: list[r.SignatureResult] = []
    error = ""
    try:
        if kind == "pdf":
            signatures = validate_pdf(content, moment=moment)
        elif kind == "xml":
            signatures = validate_xml(content, moment=moment)
    except UnreadableFile as exc:
        error = str(exc)
    return r.Report(
        validated_at=clock.now().isoformat(),
        proof_of_existence=received_at.isoformat(),
        signatures=signatures,
        error=error,
    )


def document_validate(*, document: Document, at_proof_of_existence: bool = False) -> r.Report:
    """Validate a stored document and record the report and verdict on it. Re-validation
    later can judge at the time the system received the file (`at_proof_of_existence`): a
    certificate that has expired since still counts if it was valid then."""
    with document.file.open("rb") as f:
        content = f.read()
    moment = document.uploaded_at if at_proof_of_existence else clock.now()
    report = signatures_check(content=content, moment=moment, received_at=document.uploaded_at)
    indication = report.indication
    document.signature_report = report.as_json()
    document.signature_verdict = indication.value if indication else ""
    document.signer_party = document_party(document=document, report=report)
    document.save(update_fields=["signature_report", "signature_verdict", "signer_party"])
    return report


def _role_matches(role: str, signer: r.Signer, applicant: dict[str, str]) -> bool:
    tax_code = str(applicant.get("tax_code") or "").strip()
    national_id = str(applicant.get("national_id") or "").strip()
    if role == SignerRole.EMPLOYER:
        return bool(tax_code) and signer.tax_code == tax_code
    if role == SignerRole.APPLICANT:
        return (bool(tax_code) and signer.tax_code == tax_code) or (
            bool(national_id) and signer.id_number == national_id
        )
    if role == SignerRole.SOCIAL_INSURANCE:
        issuers = settings.HOTRO_SOCIAL_INSURANCE_ISSUERS
        issuer_ok = not issuers or any(f"Common Name: {i}" in signer.issuer for i in issuers)
        return signer.organisation in settings.HOTRO_SOCIAL_INSURANCE_ORGANISATIONS and issuer_ok
    return True  # no particular signer required


# The roles the applicant itself plays; Social Insurance is a third party, named by its
# certificate's organisation, whoever files.
_APPLICANT_SIDE = frozenset({SignerRole.EMPLOYER, SignerRole.APPLICANT})


def document_party(*, document: Document, report: r.Report | None = None) -> str:
    """Whether a valid signature comes from the party the policy names for this component:
    "right", "wrong" (valid, but someone else's), "unproven" (the applicant's own, as the
    form names it, but the filer is not proven to act for that applicant), or "" (not
    known: no dossier yet, or no valid signature)."""
    if document.dossier_id is None or not document.component:
        return ""
    if report is None:
        if not document.signature_report:
            return ""
        report = r.Report.from_json(document.signature_report)
    passed = [s for s in report.signatures if s.indication == r.Indication.TOTAL_PASSED]
    if not passed:
        return ""
    dossier = document.dossier
    assert dossier is not None
    component = dossier.policy.documents.filter(key=document.component).first()
    role = component.signer if component is not None else SignerRole.NONE
    applicant = {k: str(v) for k, v in (dossier.applicant_data or {}).items()}
    if not any(_role_matches(role, s.signer, applicant) for s in passed):
        return Document.Party.WRONG
    if role in _APPLICANT_SIDE and not dossier.applicant_verified_by:
        # The tax code or ID compared with is the one typed into the form: it names the
        # signer only when the filer was proven to act for it (accounts.binding).
        return Document.Party.UNPROVEN
    return Document.Party.RIGHT


def documents_assess_party(*, documents: Iterable[Document]) -> None:
    """After documents are attached to a dossier: record whose signatures they carry."""
    for doc in documents:
        party = document_party(document=doc)
        if party != doc.signer_party:
            doc.signer_party = party
            doc.save(update_fields=["signer_party"])


@dataclass(frozen=True)
class Revalidated:
    checked: int
    changed: int


def documents_revalidate(*, verdicts: Iterable[str] | None = None) -> Revalidated:
    """Judge stored documents again with the current trust store, each as of the time the
    system received it (its proof of existence), and re-assess whose signature it carries.
    A document with no signature is left alone."""
    documents = Document.objects.exclude(signature_verdict="")
    if verdicts:
        documents = documents.filter(signature_verdict__in=list(verdicts))
    checked = changed = 0
    for document in documents.select_related("dossier").iterator(chunk_size=200):
        before = (document.signature_verdict, document.signer_party)
        document_validate(document=document, at_proof_of_existence=True)
        checked += 1
        changed += (document.signature_verdict, document.signer_party) != before
    return Revalidated(checked, changed)

"""The demo's signatures: a PKI whose root the demo trusts, signing keys for the central
agencies and those of the demo provinces down to the districts, and signed documents on some
sample dossiers, so that an officer sees real verdicts and R2 at work."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from django.conf import settings
from django.core.files.base import ContentFile
from django.db.models import Q
from django.template.loader import render_to_string

from hotro.catalog.models import Agency
from hotro.catalog.schema import Level
from hotro.core import clock
from hotro.documents import fonts
from hotro.dossiers.models import Document, Dossier
from hotro.signatures import testpki
from hotro.signatures.services import (
    crl_add,
    document_validate,
    documents_assess_party,
    trust_add,
)
from hotro.signatures.signing import sign_pdf, signer_from_pkcs12

# worker list signed by the employer, confirmation by Social Insurance
SIGNED_POLICY = "QD23-TAM-HOAN-HDLD"


@dataclass(frozen=True)
class DemoSignatures:
    agencies: int
    documents: int
    directory: Path


def _sample_pdf(title: str, dossier: Dossier) -> bytes:
    html = render_to_string(
        "signatures/sample.html",
        {"title": title, "dossier": dossier, "beneficiaries": dossier.beneficiaries.all()},
    )
    pdf: bytes = fonts.render(html).write_pdf()
    return pdf


def _examples(pki: testpki.DemoPki, directory: Path, social_insurance: object) -> None:
    """Signed copies of docs/examples' two documents for `docs/examples/submit.sh`: the
    worker list by the example's employer (MST 0100233488), the confirmation by Social
    Insurance."""
    directory.mkdir(parents=True, exist_ok=True)
    passphrase = testpki.DEMO_PASSPHRASE
    employer = signer_from_pkcs12(pki.employer.pkcs12(passphrase), passphrase)
    for filename, title, signer in (
        ("danh-sach-nguoi-lao-dong.pdf", "DANH SÁCH NGƯỜI LAO ĐỘNG ĐỀ NGHỊ HỖ TRỢ", employer),
        ("xac-nhan-bhxh.pdf", "XÁC NHẬN THAM GIA BẢO HIỂM XÃ HỘI", social_insurance),
    ):
        html = render_to_string("signatures/example.html", {"title": title})
        content = fonts.render(html).write_pdf()
        (directory / filename).write_bytes(sign_pdf(content, signer))  # type: ignore[arg-type]


def demo_signatures_load(
    *, provinces: tuple[int, ...], signed_dossiers: int | None = None
) -> DemoSignatures:
    """Build the demo PKI into the signing folder, trust it, and sign sample documents."""
    directory = Path(settings.HOTRO_SIGNING_DIR)
    # Every agency that issues documents has its key: the central bodies (the Government
    # Office's reminders), and the demo provinces' agencies down to the districts.
    agencies = {
        a.code: a.name
        for a in Agency.objects.filter(
            Q(province_code__in=provinces, ward_code__isnull=True) | Q(level=Level.NATIONAL)
        )
    }
    pki = testpki.demo_pki(agencies=agencies)
    testpki.write(pki, directory, passphrase=settings.HOTRO_SIGNING_PASSPHRASE.encode())
    for issued in (pki.root, pki.provider_a, pki.provider_b):
        trust_add(data=issued.cert_pem(), source="demo PKI")
    for crl in pki.crls:
        crl_add(data=crl.public_bytes(serialization.Encoding.DER), source="demo PKI")

    passphrase = testpki.DEMO_PASSPHRASE
    social_insurance = signer_from_pkcs12(pki.social_insurance.pkcs12(passphrase), passphrase)
    _examples(pki, directory / "examples", social_insurance)
    documents = 0
    # Every suspended-contract dossier carries its two documents, signed (all of them unless
    # `signed_dossiers` says how many): none asks an officer for files it never had. Where the
    # filer was not proven to be the employer, the employer's signature shows as unproven.
    dossiers = Dossier.objects.filter(policy__code=SIGNED_POLICY).order_by("id")
    if signed_dossiers is not None:
        dossiers = dossiers[:signed_dossiers]
    for dossier in dossiers:
        tax_code = str((dossier.applicant_data or {}).get("tax_code") or "")
        employer_cert = testpki.signer(
            pki.provider_a,
            testpki.name(
                dossier.applicant_name.upper(),
                organisation=dossier.applicant_name,
                uid=f"MST:{tax_code}",
            ),
        )
        employer = signer_from_pkcs12(employer_cert.pkcs12(passphrase), passphrase)
        at = dossier.submitted_at
        files = {
            "worker_list": sign_pdf(
                _sample_pdf("DANH SÁCH NGƯỜI LAO ĐỘNG ĐỀ NGHỊ HỖ TRỢ", dossier), employer, at=at
            ),
            "social_insurance_confirmation": sign_pdf(
                _sample_pdf("XÁC NHẬN THAM GIA BẢO HIỂM XÃ HỘI", dossier), social_insurance, at=at
            ),
        }
        attached = []
        for component, content in files.items():
            doc = Document(
                owner=dossier.applicant,
                dossier=dossier,
                component=component,
                filename=f"{component}.pdf",
                media_type="application/pdf",
                size=len(content),
                sha256=hashlib.sha256(content).hexdigest(),
                uploaded_at=at or clock.now(),
            )
            doc.file.save(doc.sha256, ContentFile(content), save=False)
            doc.save(force_insert=True)
            document_validate(document=doc)
            attached.append(doc)
            documents += 1
        documents_assess_party(documents=attached)
    return DemoSignatures(agencies=len(agencies), documents=documents, directory=directory)

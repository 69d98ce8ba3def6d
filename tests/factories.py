"""Small files and data for tests."""

from __future__ import annotations

import io
import zipfile
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from hotro.accounts.models import User
    from hotro.dossiers.models import Dossier

APPLICANT = {
    "name": "Công ty TNHH May mặc An Phát",
    "tax_code": "0100233488",
    "address": "Số 12 đường Lê Lợi, phường Bến Nghé, Quận 1",
    "representative": "Nguyễn Văn An",
    "phone": "0903123456",
    "email": "lienhe@anphat.vn",
    "social_insurance_unit_code": "TZ0001A",
}


def submit_sample(
    user: User,
    *,
    national_id: str = "079190000123",
    salt: str = "",
    signed: tuple[str, ...] = (),
) -> Dossier:
    """A valid suspended-contract dossier at Quận 1 with its two documents, through the
    service (no HTTP): for tests whose subject is what happens after submission. The
    components named in `signed` are signed with the test PKI by the party the policy names
    (the worker list by the employer, the confirmation by Social Insurance)."""
    from hotro.dossiers.intake import DocumentRef
    from hotro.dossiers.services import document_upload, dossier_submit
    from tests import pki

    signers = {
        "worker_list": pki.demo().employer,
        "social_insurance_confirmation": pki.demo().social_insurance,
    }

    def content(component: str) -> bytes:
        data = pdf_bytes(component + salt)
        return pki.sign(signers[component], data) if component in signed else data

    docs = [
        DocumentRef(c, str(document_upload(user=user, filename=f"{c}.pdf", content=content(c)).id))
        for c in ("worker_list", "social_insurance_confirmation")
    ]
    return dossier_submit(
        user=user,
        policy_code="QD23-TAM-HOAN-HDLD",
        agency_code="000.00.46.H29",
        applicant=APPLICANT,
        beneficiaries=[
            {
                "full_name": "Trần Thị Lan",
                "national_id": national_id,
                "date_of_birth": "1990-04-12",
                "social_insurance_no": "7912345678",
                "suspension_start": "2021-07-01",
                "suspension_days": 30,
            }
        ],
        documents=docs,
    ).dossier


def pdf_bytes(text: str = "hotro") -> bytes:
    """A minimal, well-formed one-page PDF."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n%" + text.encode()[:20] + b"\n")
    offsets = []
    for i, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{i} 0 obj\n".encode() + body + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for off in offsets:
        out.write(f"{off:010d} 00000 n \n".encode())
    out.write(
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return out.getvalue()


def png_bytes(size: tuple[int, int] = (32, 16)) -> bytes:
    """A small PNG that decodes (uploads are decoded in full, magic bytes are not enough)."""
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(out, "PNG")
    return out.getvalue()


def zip_bomb(expanded: int = 300 * 1024 * 1024) -> bytes:
    """An .xlsx-looking zip whose one member expands to `expanded` zero bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml", "<workbook/>")
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as member:
            chunk = b"\0" * (1024 * 1024)
            for _ in range(expanded // len(chunk)):
                member.write(chunk)
    return out.getvalue()


XXE = b"""<?xml version="1.0"?>
<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>
<r>&x;</r>"""

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;">]>
<lolz>&lol2;</lolz>"""

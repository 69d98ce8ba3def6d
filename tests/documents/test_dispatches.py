"""A reminder letter laid out as Decree 30/2020 wants it, like the seeds' dispatches: title
block, number, V/v, Kính gửi, Nơi nhận and the signature block; signed by the issuer."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from docx import Document as DocxDocument
from pypdf import PdfReader

from hotro.catalog.selectors import agency_get
from hotro.core import clock
from hotro.documents.dispatches import Letter, render_docx, render_pdf
from hotro.signatures.services import signatures_check

pytestmark = pytest.mark.django_db
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def letter() -> Letter:
    return Letter(
        issuer=agency_get(code="000.00.00.H29"),
        number=2704,
        symbol="UBND-HCC",
        abstract="đôn đốc xử lý hồ sơ trực tuyến hỗ trợ đối tượng gặp khó khăn do đại dịch "
        "COVID-19 quá hạn",
        recipients=["Sở Lao động - Thương binh và Xã hội", "Ủy ban nhân dân Quận 1"],
        paragraphs=[
            "Theo thống kê đến hết ngày 13 tháng 10 năm 2021, hệ thống đã tiếp nhận 53.460 hồ "
            "sơ, trong đó đã xử lý xong 2.320 hồ sơ, đang xử lý quá hạn 6.861 hồ sơ.",
            "1. Tập trung xử lý các hồ sơ quá hạn theo danh sách kèm theo.",
        ],
        copies=["Như trên", "Văn phòng Chính phủ (b/c)"],
        archive="Lưu: VT, HCC.",
        authority="KT. CHỦ TỊCH",
        title="PHÓ CHỦ TỊCH",
        signer="Phạm Quốc Tuấn",
        issued_at=clock.now(),
        attachment="Danh sách hồ sơ quá hạn kèm theo",
    )


def test_the_pdf_carries_every_component_and_the_agencys_signature() -> None:
    data = render_pdf(letter())
    text = " ".join(PdfReader(io.BytesIO(data)).pages[0].extract_text().split())
    for part in (
        "ỦY BAN NHÂN DÂN THÀNH PHỐ HỒ CHÍ MINH",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Số: 2704/UBND-HCC",
        "Hồ Chí Minh, ngày 13 tháng 10 năm 2021",
        "V/v đôn đốc xử lý",
        "Kính gửi:",
        "Nơi nhận:",
        "Lưu: VT, HCC.",
        "KT. CHỦ TỊCH",
        "PHÓ CHỦ TỊCH",
        "Phạm Quốc Tuấn",
    ):
        assert part in text, part
    now = clock.now()
    (sig,) = signatures_check(content=data, moment=now, received_at=now).signatures
    assert sig.indication.value == "TOTAL_PASSED"
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "cong-van-don-doc.pdf").write_bytes(data)


def test_the_docx_is_an_editable_draft_with_the_same_parts() -> None:
    doc = DocxDocument(io.BytesIO(render_docx(letter())))
    text = "\n".join(p.text for p in doc.paragraphs)
    cells = "\n".join(c.text for row in doc.tables[0].rows for c in row.cells)
    assert "Số: 2704/UBND-HCC" in cells and "Độc lập - Tự do - Hạnh phúc" in cells
    assert "V/v đôn đốc" in text and "Kính gửi:" in text and "- Lưu: VT, HCC." in text
    assert text.rstrip().endswith("Phạm Quốc Tuấn")

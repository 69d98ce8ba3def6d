"""Decree 30/2020 on the files themselves: the place of the date line is where the issuer
sits (a ministry, a province, a city, a district), the page number is centred at the top from
page 2 on, the signature block never stands alone on a page, and the seal lies over the left
third of the signature's image, clear of the signer's name; no dispatch goes out unsigned."""

from __future__ import annotations

import io
from dataclasses import replace

import pytest
from pypdf import PageObject, PdfReader

from hotro.catalog.agencies import place_of
from hotro.catalog.selectors import agency_get
from hotro.core import clock
from hotro.documents.dispatches import DispatchUnsigned, Letter, render_pdf
from hotro.signatures.services import signatures_check

pytestmark = pytest.mark.django_db
LONG = (
    "Đề nghị các cơ quan, đơn vị tập trung giải quyết ngay các hồ sơ quá hạn theo danh sách "
    "kèm theo, gửi phiếu xin lỗi và hẹn lại ngày trả kết quả theo quy định, không yêu cầu nộp "
    "bản giấy đối với hồ sơ đã được ký số hợp lệ."
)


def letter(issuer: str, paragraphs: int = 2) -> Letter:
    return Letter(
        issuer=agency_get(code=issuer),
        number=12,
        symbol="UBND-KSTT",
        abstract="đôn đốc giải quyết hồ sơ quá hạn",
        recipients=["Sở Lao động - Thương binh và Xã hội"],
        paragraphs=[f"{i + 1}. {LONG}" for i in range(paragraphs)],
        copies=["Như trên"],
        archive="Lưu: VT, KSTT.",
        authority="KT. CHỦ TỊCH",
        title="PHÓ CHỦ TỊCH",
        signer="Phạm Quốc Tuấn",
        issued_at=clock.now(),
    )


def pages(pdf: bytes) -> list[str]:
    return [" ".join((p.extract_text() or "").split()) for p in PdfReader(io.BytesIO(pdf)).pages]


@pytest.mark.parametrize(
    ("code", "place"),
    [
        ("000.00.00.G01", "Hà Nội"),  # the Government Office, a ministry-level body
        ("000.00.00.G02", "Hà Nội"),  # a ministry
        ("000.00.00.H48", "Quảng Ngãi"),  # a province: its name without "tỉnh"
        ("000.00.03.H48", "Quảng Ngãi"),  # a province's department
        ("000.00.00.H29", "Thành phố Hồ Chí Minh"),  # a city named after a person: in full
        ("000.00.46.H29", "Quận 1"),  # a district named by a number: in full
        ("000.91.46.H29", "Quận 1"),  # a vertical sector's district office sits there too
        ("000.00.80.H29", "Thủ Đức"),  # a district-level city: its name without its type
    ],
)
def test_the_catalog_keeps_each_agencys_place(code: str, place: str) -> None:
    issuer = agency_get(code=code)
    assert issuer.place == place
    assert letter(code).date_line == f"{place}, ngày 13 tháng 10 năm 2021"


def test_the_place_of_a_unit() -> None:
    assert place_of("Tỉnh Quảng Ngãi") == "Quảng Ngãi"
    assert place_of("Thành Phố Bắc Kạn") == "Bắc Kạn"  # whatever the type's case
    assert place_of("Thành phố Hồ Chí Minh", in_full=True) == "Thành phố Hồ Chí Minh"
    assert place_of("Quận 1") == "Quận 1" and place_of("Phường 12") == "Phường 12"
    assert place_of("Huyện Nhà Bè") == "Nhà Bè" and place_of("Thị trấn Châu Ổ") == "Châu Ổ"
    assert place_of("Phường Cô Giang", in_full=True) == "Phường Cô Giang"


@pytest.mark.parametrize(
    ("code", "line"),
    [
        ("000.00.00.G01", "Hà Nội, ngày 13 tháng 10 năm 2021"),
        ("000.00.00.H48", "Quảng Ngãi, ngày 13 tháng 10 năm 2021"),
        ("000.00.00.H29", "Thành phố Hồ Chí Minh, ngày 13 tháng 10 năm 2021"),
        ("000.00.46.H29", "Quận 1, ngày 13 tháng 10 năm 2021"),
    ],
)
def test_the_signed_pdf_carries_the_place_line(code: str, line: str) -> None:
    pdf = render_pdf(letter(code))
    assert line in pages(pdf)[0]
    now = clock.now()
    (sig,) = signatures_check(content=pdf, moment=now, received_at=now).signatures
    assert sig.indication.value == "TOTAL_PASSED"


def test_an_agency_without_a_key_issues_no_dispatch() -> None:
    with pytest.raises(DispatchUnsigned) as refused:
        render_pdf(letter("000.00.00.G02"))  # the ministry has no key in the tests
    assert refused.value.status == 409
    assert refused.value.params["name"] == "Bộ Lao động - Thương binh và Xã hội"


def test_page_numbers_from_page_two_centred_at_the_top() -> None:
    pdf = render_pdf(letter("000.00.00.H29", paragraphs=12))
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) >= 2
    for index, page in enumerate(reader.pages):
        top = _text_at_top(page)
        if index == 0:
            assert top == [], top  # the first page has no number
        else:
            ((text, x),) = top
            assert text == str(index + 1)
            mm = 72 / 25.4  # centred over the text, between the margins of 30 and 15 mm
            middle = (30 + (210 - 30 - 15) / 2) * mm
            assert abs(x - middle) < 3, (x, middle)


def _text_at_top(page: PageObject) -> list[tuple[str, float]]:
    """The text in the top margin (above 20 mm from the top), with its x."""
    found: list[tuple[str, float]] = []
    height = float(page.mediabox.height)

    def visit(text: str, cm: list[float], tm: list[float], *_: object) -> None:
        y = cm[5] + tm[5] * cm[3] if cm else tm[5]
        x = cm[4] + tm[4] * cm[0] if cm else tm[4]
        if text.strip() and y > height - 20 * 72 / 25.4:
            found.append((text.strip(), x + 3.5))  # the middle of a one-digit number

    page.extract_text(visitor_text=visit)
    return found


@pytest.mark.parametrize("paragraphs", range(6, 13))
def test_the_signature_block_goes_with_the_last_paragraph(paragraphs: int) -> None:
    # however long the letter, its last paragraph and the signer are on the same page
    pdf = render_pdf(letter("000.00.00.H29", paragraphs=paragraphs))
    texts = pages(pdf)
    last = next(i for i, t in enumerate(texts) if f"{paragraphs}. Đề nghị" in t)
    signer = next(i for i, t in enumerate(texts) if "Phạm Quốc Tuấn" in t)
    assert last == signer


def test_the_seal_lies_over_the_left_third_of_the_signature_not_the_name() -> None:
    pdf = render_pdf(replace(letter("000.00.00.H29")))
    reader = PdfReader(io.BytesIO(pdf))
    (widget,) = [
        a.get_object()
        for page in reader.pages
        for a in page.get("/Annots", [])
        if a.get_object().get("/FT") == "/Sig"
    ]
    x0, y0, x1, y1 = (float(v) for v in widget["/Rect"])
    page = reader.pages[-1]
    seen: dict[str, tuple[float, float]] = {}

    def visit(text: str, cm: list[float], tm: list[float], *_: object) -> None:
        for key in ("Ký bởi", "Phạm Quốc Tuấn", "PHÓ CHỦ TỊCH"):
            if text.startswith(key) and key not in seen:
                seen[key] = (cm[4] + tm[4] * cm[0], cm[5] + tm[5] * cm[3])

    page.extract_text(visitor_text=visit)
    blue_x, blue_y = seen["Ký bởi"]
    _, name_y = seen["Phạm Quốc Tuấn"]
    _, title_y = seen["PHÓ CHỦ TỊCH"]
    assert name_y + 12 < y0 and y1 < title_y  # clear of the name below and the title above
    assert y0 < blue_y < y1  # beside the blue text
    # the blue block starts 12 pt left of its text and is 190 pt wide: the seal covers its
    # first third and stands out to the left of it
    block_left = blue_x - 12
    assert abs(x1 - (block_left + 190 / 3)) < 2, (x1, block_left)
    assert x0 < block_left

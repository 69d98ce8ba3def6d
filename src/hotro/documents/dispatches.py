"""Official letters (công văn) in the Decree 30/2020 layout, as a signed PDF and as DOCX for
officials who must edit before issuing: national title and motto, issuing body under its
superior, `Số: N/ABBR-UNIT`, place and date, `V/v` abstract, `Kính gửi:`, the body,
`Nơi nhận:` ending with the archive line, and the signer's authority, title and name.

What a reminder says (its figures, its recipients) is decided by supervision; this module
only lays it out."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field

from django.template.loader import render_to_string
from django.utils import translation
from docx import Document as DocxDocument
from docx.document import Document as DocxFile
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm, Pt

from hotro.catalog.models import Agency
from hotro.core import clock
from hotro.core.errors import Conflict
from hotro.documents.pdf import Signing, render_signed, signing_for
from hotro.documents.slips import place_name, superior_of, vn_date

FONT = "Times New Roman"  # Liberation Serif stands in for it where it is not installed


@dataclass(frozen=True)
class Letter:
    issuer: Agency
    number: int  # from the issuer's outgoing register, restarting each year
    symbol: str  # after the number: "UBND-HCC", "VPCP-KSTT"
    abstract: str  # after "V/v"
    recipients: list[str]  # Kính gửi
    paragraphs: list[str]  # the body; a paragraph starting "1." is an item of a list
    copies: list[str]  # Nơi nhận, before the archive line
    archive: str  # "Lưu: VT, HCC."
    authority: str  # "KT. CHỦ TỊCH", "TL. CHỦ TỊCH", or "" when the head signs
    title: str  # "PHÓ CHỦ TỊCH"
    signer: str
    issued_at: dt.datetime = field(default_factory=clock.now)
    attachment: str = ""  # "Danh sách hồ sơ quá hạn kèm theo."

    @property
    def superior(self) -> Agency | None:
        """The managing body printed above the issuer's name, if any."""
        return superior_of(self.issuer)

    @property
    def number_line(self) -> str:
        return f"Số: {self.number}/{self.symbol}"

    @property
    def date_line(self) -> str:
        return (
            f"{place_name(self.issuer)}, {vn_date(self.issued_at.astimezone(clock.VIETNAM).date())}"
        )


class DispatchUnsigned(Conflict):
    """The issuing agency has no signing key: its dispatch is not issued at all (a dispatch
    goes out signed by its agency, or not)."""

    default_code = "dispatch_signing_key_missing"


def signing_required(issuer: Agency, at: dt.datetime) -> Signing:
    """How the issuer will sign a dispatch at `at`; DispatchUnsigned when it has no key (and
    SigningKeyUnusable, 503, when its key cannot be used)."""
    signing = signing_for(issuer, at)
    if signing is None:
        raise DispatchUnsigned(params={"agency": issuer.code, "name": issuer.name})
    return signing


def render_html(letter: Letter, signing: Signing | None) -> str:
    """The letter as the page the PDF is made of (the review page shows the same text)."""
    with translation.override("vi"):
        return render_to_string(
            "documents/dispatch.html",
            {"letter": letter, "superior": superior_of(letter.issuer), "signing": signing},
        )


def render_pdf(letter: Letter) -> bytes:
    """The letter as an A4 PDF, signed by the issuing agency (DispatchUnsigned without a key)."""
    signing = signing_required(letter.issuer, letter.issued_at)
    html = render_html(letter, signing)
    return render_signed(html, agency=letter.issuer, signing=signing, at=letter.issued_at)


def _paragraph(
    doc: DocxFile,
    text: str = "",
    *,
    bold: bool = False,
    italic: bool = False,
    align: WD_ALIGN_PARAGRAPH | None = None,
    size: float = 14,
    indent: bool = False,
) -> None:
    p = doc.add_paragraph()
    if align is not None:
        p.alignment = align
    if indent:
        p.paragraph_format.first_line_indent = Mm(12.7)
    p.paragraph_format.space_after = Pt(3)
    run = p.add_run(text)
    run.bold, run.italic, run.font.size, run.font.name = bold, italic, Pt(size), FONT


def render_docx(letter: Letter) -> bytes:
    """The same letter as DOCX, unsigned: a draft to edit before it is issued."""
    doc = DocxDocument()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin = section.bottom_margin = Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)

    head = doc.add_table(rows=1, cols=2)
    left, right = head.rows[0].cells
    left.text, right.text = "", ""
    superior = superior_of(letter.issuer)
    issuer_lines = [(superior.name.upper(), False)] if superior else []
    issuer_lines += [(letter.issuer.name.upper(), True), (letter.number_line, False)]
    for cell, lines in (
        (left, issuer_lines),
        (
            right,
            [("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", True), ("Độc lập - Tự do - Hạnh phúc", True)],
        ),
    ):
        for text, bold in lines:
            p = cell.add_paragraph()
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            run = p.add_run(text)
            run.bold, run.font.size, run.font.name = bold, Pt(13), FONT
    _paragraph(doc, letter.date_line, italic=True, align=WD_ALIGN_PARAGRAPH.RIGHT)
    _paragraph(doc, f"V/v {letter.abstract}", size=12)
    _paragraph(doc, "Kính gửi:", align=WD_ALIGN_PARAGRAPH.CENTER)
    for recipient in letter.recipients:
        _paragraph(doc, f"- {recipient};", indent=True)
    for text in letter.paragraphs:
        _paragraph(doc, text, align=WD_ALIGN_PARAGRAPH.JUSTIFY, indent=True)
    if letter.attachment:
        _paragraph(doc, f"({letter.attachment})", italic=True, indent=True)
    _paragraph(doc, "Nơi nhận:", bold=True, italic=True, size=12)
    for copy in [*letter.copies, letter.archive]:
        _paragraph(doc, f"- {copy}", size=11)
    for text in (letter.authority, letter.title):
        if text:
            _paragraph(doc, text, bold=True, align=WD_ALIGN_PARAGRAPH.RIGHT)
    _paragraph(doc, "")
    _paragraph(doc, letter.signer, bold=True, align=WD_ALIGN_PARAGRAPH.RIGHT)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()

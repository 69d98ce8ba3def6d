"""Checks on uploaded files, which are hostile until checked: size, then the kind by its first
bytes, then the whole structure of that kind (a PDF that parses, an image that decodes, XML
without DTDs or active content, an Office package whose parts are sound and whose sheets stay
within limits), and no web markup hidden anywhere in a binary file. Each module bounds the
memory and time its checks may take; every failure is a ValidationFailed (a 4xx)."""

from __future__ import annotations

import hashlib
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import IO

from hotro.core.errors import PayloadTooLarge, UnsupportedMediaType, ValidationFailed
from hotro.core.uploads.images import check_image
from hotro.core.uploads.office import check_office
from hotro.core.uploads.pdf import check_pdf
from hotro.core.uploads.xlsx import SheetLimits
from hotro.core.uploads.xml import check_xml
from hotro.core.uploads.zip import ZIP_MAX_EXPANDED

__all__ = [
    "MEDIA_TYPES",
    "CheckedFile",
    "SheetLimits",
    "check_upload",
    "kind_params",
    "read_bounded",
    "sniff",
]

MEDIA_TYPES = {
    "pdf": "application/pdf",
    "xml": "application/xml",
    "jpeg": "image/jpeg",
    "png": "image/png",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
# What each kind is called on a page, in Vietnamese and English (the messages' params).
KIND_NAMES = {
    "pdf": ("tệp PDF", "a PDF file"),
    "xml": ("tệp XML", "an XML file"),
    "jpeg": ("ảnh JPEG", "a JPEG image"),
    "png": ("ảnh PNG", "a PNG image"),
    "xlsx": ("bảng tính Excel (.xlsx)", "an Excel spreadsheet (.xlsx)"),
    "docx": ("văn bản Word (.docx)", "a Word document (.docx)"),
    "zip": ("tệp nén ZIP", "a ZIP archive"),
}
# A spreadsheet attached as a document is never read into a grid by us, but one that addresses
# more than this is no list of a dossier (and half a million cells is what the check reads in
# a second or two).
DOCUMENT_SHEETS = SheetLimits(
    rows=100_000, cols=1_024, inflated=ZIP_MAX_EXPANDED, shown_rows=100_000, max_cells=500_000
)
_CHUNK = 1024 * 1024
_MAGIC = (
    (b"%PDF-", "pdf"),
    (b"PK\x03\x04", "zip"),
    (b"\x89PNG\r\n\x1a\n", "png"),
    (b"\xff\xd8\xff", "jpeg"),
    (bytes.fromhex("d0cf11e0a1b11ae1"), "cfb"),  # legacy Office, or a password-protected one
)
# What a browser would render as a page, wherever it sits in a binary file.
_MARKUP = re.compile(rb"<(?:html|head|body|script|svg|iframe|object|embed)[\s/>]", re.IGNORECASE)


@dataclass(frozen=True)
class CheckedFile:
    content: bytes
    kind: str  # a key of MEDIA_TYPES
    media_type: str
    sha256: str
    size: int


def read_bounded(stream: IO[bytes], limit: int) -> bytes:
    """Read at most `limit` bytes; one more means the file is too large."""
    buf = io.BytesIO()
    while chunk := stream.read(_CHUNK):
        buf.write(chunk)
        if buf.tell() > limit:
            raise PayloadTooLarge(params={"limit": limit})
    return buf.getvalue()


def sniff(content: bytes) -> str | None:
    """The kind of file by its first bytes: pdf, zip, png, jpeg, cfb or xml; None when it is
    none of them. Cheap; what the content really is, check_upload finds out."""
    for magic, kind in _MAGIC:
        if content.startswith(magic):
            return kind
    if content[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
        return "xml"
    return None


def kind_params(detected: str | None, allowed: Iterable[str]) -> dict[str, str]:
    """The kinds of a refusal as the messages name them: the machine keys (`detected`,
    `allowed`), and in Vietnamese (`_vi`) and English (`_en`) the accepted kinds, the kind
    found (`kind_`, a noun) and what the file is (`detected_`, "là …" or unrecognised)."""
    kinds = [k for k in ("pdf", "xml", "jpeg", "png", "xlsx", "docx") if k in set(allowed)]
    params = {"detected": detected or "?", "allowed": ", ".join(kinds)}
    unknown = ("không thuộc loại tệp nào nhận ra được", "is of no kind recognised")
    verb = ("là", "is")
    for i, lang in enumerate(("vi", "en")):
        params[f"allowed_{lang}"] = ", ".join(KIND_NAMES[k][i] for k in kinds)
        noun = KIND_NAMES[detected][i] if detected in KIND_NAMES else ""
        params[f"kind_{lang}"] = noun
        params[f"detected_{lang}"] = f"{verb[i]} {noun}" if noun else unknown[i]
    return params


def _refuse_type(kind: str | None, allowed: set[str]) -> UnsupportedMediaType:
    if kind == "cfb":
        return UnsupportedMediaType("office_legacy_or_encrypted")
    return UnsupportedMediaType(params=kind_params(kind, allowed))


def check_upload(
    content: bytes, *, allowed: set[str], limit: int, sheets: SheetLimits = DOCUMENT_SHEETS
) -> CheckedFile:
    if len(content) > limit:
        raise PayloadTooLarge(params={"limit": limit})
    if not content:
        raise ValidationFailed("upload_empty")
    kind = sniff(content)
    office = {"xlsx", "docx"} & allowed
    if kind is None or (kind not in allowed and not (kind == "zip" and office)):
        raise _refuse_type(kind, allowed)
    if kind != "xml" and _MARKUP.search(content):
        raise ValidationFailed("upload_markup")
    if kind == "zip":
        kind = check_office(content, sheets)
        if kind is None or kind not in allowed:
            raise _refuse_type(kind or "zip", allowed)
    elif kind == "xml":
        check_xml(content)
    elif kind == "pdf":
        check_pdf(content)
    else:
        check_image(content, kind)
    return CheckedFile(
        content=content,
        kind=kind,
        media_type=MEDIA_TYPES[kind],
        sha256=hashlib.sha256(content).hexdigest(),
        size=len(content),
    )

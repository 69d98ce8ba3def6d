"""Checks on uploaded files, which are hostile until checked: size, real type (by content,
not by name), XML without DTDs or entities, archives that do not expand into bombs."""

from __future__ import annotations

import hashlib
import io
import re
import zipfile
from dataclasses import dataclass
from typing import IO

import filetype
from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from hotro.core.errors import PayloadTooLarge, UnsupportedMediaType, ValidationFailed

MEDIA_TYPES = {
    "pdf": "application/pdf",
    "xml": "application/xml",
    "jpeg": "image/jpeg",
    "png": "image/png",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}

# An Office file is a zip: refuse ones that expand past these bounds before any parser sees them.
ZIP_MAX_EXPANDED = 200 * 1024 * 1024
ZIP_MAX_RATIO = 100
ZIP_MAX_ENTRIES = 5_000
_CHUNK = 1024 * 1024


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


def check_zip(content: bytes) -> zipfile.ZipFile:
    """Open an Office file's zip after inflating every member within a byte budget: the sizes
    a zip declares are the attacker's to write, so they are checked by decompressing."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
        infos = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise ValidationFailed("worker_list_unreadable") from exc
    declared = sum(i.file_size for i in infos)
    if len(infos) > ZIP_MAX_ENTRIES or declared > ZIP_MAX_EXPANDED:
        raise ValidationFailed("archive_bomb")
    budget = min(ZIP_MAX_EXPANDED, max(len(content), 1) * ZIP_MAX_RATIO)
    inflated = 0
    try:
        for info in infos:
            with archive.open(info) as member:
                while chunk := member.read(_CHUNK):
                    inflated += len(chunk)
                    if inflated > budget:
                        raise ValidationFailed("archive_bomb")
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError) as exc:
        raise ValidationFailed("worker_list_unreadable") from exc
    return archive


_CELL_REF = re.compile(rb'<(?:\w+:)?c\b[^>]*?\br="([A-Z]{1,3})([0-9]{1,7})"')
_ROW_REF = re.compile(rb'<(?:\w+:)?row\b[^>]*?\br="([0-9]{1,7})"')


def sheet_extent(archive: zipfile.ZipFile) -> tuple[int, int]:
    """The largest row and column any worksheet of an .xlsx addresses. A spreadsheet reader
    builds the grid up to them, so two far-apart cells in a tiny file can ask it for gigabytes:
    this is read from the XML before any reader sees the file."""
    rows = cols = 0
    for name in archive.namelist():
        if not (name.startswith("xl/worksheets/") and name.endswith(".xml")):
            continue
        data = archive.read(name)  # inflated within check_zip's budget already
        for letters, number in _CELL_REF.findall(data):
            col = 0
            for ch in letters:
                col = col * 26 + ch - 64
            cols, rows = max(cols, col), max(rows, int(number))
        for number in _ROW_REF.findall(data):
            rows = max(rows, int(number))
    return rows, cols


def _office_kind(content: bytes) -> str | None:
    names = set(check_zip(content).namelist())
    if "[Content_Types].xml" not in names:
        return None
    if "xl/workbook.xml" in names:
        return "xlsx"
    if "word/document.xml" in names:
        return "docx"
    return None


def sniff(content: bytes) -> str | None:
    """The kind of file by its content, or None when it is none we accept."""
    head = content[:1024]
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return _office_kind(content)
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if stripped.startswith(b"<"):
        return "xml"
    guess = filetype.guess(head)
    if guess is not None and guess.extension in ("jpg", "png"):
        return "jpeg" if guess.extension == "jpg" else "png"
    return None


# Markup a browser would run, and XInclude, are not documents of a dossier.
_ACTIVE_NAMESPACES = (
    "http://www.w3.org/1999/xhtml",
    "http://www.w3.org/2000/svg",
    "http://www.w3.org/2001/XInclude",
)


def check_xml(content: bytes) -> None:
    try:
        root = fromstring(content, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as exc:
        raise ValidationFailed("xml_unsafe") from exc
    except Exception as exc:  # ParseError and friends: not well-formed
        raise ValidationFailed("xml_malformed") from exc
    for element in root.iter():
        tag = str(element.tag)
        if tag.lower() in ("html", "svg", "script") or any(ns in tag for ns in _ACTIVE_NAMESPACES):
            raise ValidationFailed("xml_unsafe")


def check_pdf(content: bytes) -> None:
    # The structure is parsed by the signature validator (which bounds what it inflates);
    # here what every PDF has, a header and an end-of-file marker near the end, and no HTML
    # that a browser sniffing the content would run.
    if b"%%EOF" not in content[-2048:]:
        raise ValidationFailed("pdf_malformed")
    if re.search(rb"<\s*(html|script|body)\b", content[:65536], re.IGNORECASE):
        raise ValidationFailed("pdf_malformed")


def check_upload(content: bytes, *, allowed: set[str], limit: int) -> CheckedFile:
    if len(content) > limit:
        raise PayloadTooLarge(params={"limit": limit})
    if not content:
        raise ValidationFailed("upload_empty")
    kind = sniff(content)
    if kind is None or kind not in allowed:
        raise UnsupportedMediaType(
            params={"detected": kind or "?", "allowed": ", ".join(sorted(allowed))}
        )
    if kind == "xml":
        check_xml(content)
    elif kind == "pdf":
        check_pdf(content)
    return CheckedFile(
        content=content,
        kind=kind,
        media_type=MEDIA_TYPES[kind],
        sha256=hashlib.sha256(content).hexdigest(),
        size=len(content),
    )

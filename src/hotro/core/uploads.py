"""Checks on uploaded files, which are hostile until checked: size, real type (by content,
not by name), XML without DTDs or entities, archives that do not expand into bombs."""

from __future__ import annotations

import hashlib
import io
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
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
        infos = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise ValidationFailed("worker_list_unreadable") from exc
    expanded = sum(i.file_size for i in infos)
    compressed = max(sum(i.compress_size for i in infos), 1)
    if (
        len(infos) > ZIP_MAX_ENTRIES
        or expanded > ZIP_MAX_EXPANDED
        or expanded / compressed > ZIP_MAX_RATIO
    ):
        raise ValidationFailed("archive_bomb")
    return archive


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


def check_xml(content: bytes) -> None:
    try:
        fromstring(content, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as exc:
        raise ValidationFailed("xml_unsafe") from exc
    except Exception as exc:  # ParseError and friends: not well-formed
        raise ValidationFailed("xml_malformed") from exc


def check_pdf(content: bytes) -> None:
    # The structure is parsed by the signature validator (which bounds what it inflates);
    # here only what every PDF has: the header and an end-of-file marker near the end.
    if b"%%EOF" not in content[-2048:]:
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

"""Zip containers (the Office formats), opened as hostile: every name, offset and size that
the archive declares is the attacker's to write, so each is checked against the bytes, and
every member is inflated, within one byte budget, before any parser is given the file."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from hotro.core.errors import ValidationFailed

ZIP_MAX_EXPANDED = 64 * 1024 * 1024  # what one Office file may inflate to
ZIP_MAX_RATIO = 100
ZIP_MAX_ENTRIES = 5_000
NESTED_MAX_DEPTH = 2  # a chart's workbook inside a document is one level
NESTED_MAX_BYTES = 32 * 1024 * 1024
_CHUNK = 256 * 1024
_LOCAL_HEADER = struct.Struct("<4sHHHHHIIIHH")
_ENCRYPTED = 0x01 | 0x40  # traditional and strong encryption
_ZIP_MAGIC = b"PK\x03\x04"
# What zipfile raises on a damaged member: its own error, zlib's, and a few plain ones.
READ_ERRORS = (
    zipfile.BadZipFile,
    zlib.error,
    OSError,
    EOFError,
    NotImplementedError,
    RuntimeError,
    ValueError,
    struct.error,
)


class Sink(Protocol):
    """Takes a member's inflated bytes as they come (a streaming parser)."""

    def feed(self, data: bytes) -> None: ...

    def close(self) -> None: ...


def unreadable() -> ValidationFailed:
    return ValidationFailed("office_unreadable")


def _valid_name(name: str) -> bool:
    """A part name as every reader resolves it the same way: relative, with forward slashes,
    no empty, "." or ".." segment, no control character (a trailing "/" marks a folder)."""
    if not name or "\\" in name or name.startswith("/") or any(ord(ch) < 32 for ch in name):
        return False
    segments = name.removesuffix("/").split("/")
    return all(s not in ("", ".", "..") for s in segments)


@dataclass
class Package:
    """A zip whose directory has been checked; `members` by lower-case name, as Office
    readers look them up."""

    archive: zipfile.ZipFile
    members: dict[str, zipfile.ZipInfo]
    size: int

    def find(self, name: str) -> zipfile.ZipInfo | None:
        return self.members.get(name.lower())


def open_package(content: bytes) -> Package:
    """Check the directory of a zip without inflating anything."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
        infos = archive.infolist()
    except (zipfile.LargeZipFile, *READ_ERRORS) as exc:
        raise unreadable() from exc
    if len(infos) > ZIP_MAX_ENTRIES:
        raise ValidationFailed("archive_bomb")
    if sum(i.file_size for i in infos) > ZIP_MAX_EXPANDED:
        raise ValidationFailed("archive_bomb")
    members: dict[str, zipfile.ZipInfo] = {}
    for info in infos:
        if info.flag_bits & _ENCRYPTED:
            raise ValidationFailed("file_encrypted")
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise unreadable()
        if not _valid_name(info.filename) or info.filename.lower() in members:
            raise unreadable()  # two readers could take two different members for one name
        members[info.filename.lower()] = info
    _check_layout(content, infos, archive.start_dir)
    return Package(archive, members, len(content))


def _check_layout(content: bytes, infos: list[zipfile.ZipInfo], directory_at: int) -> None:
    """Members one after the other, from the first byte to the central directory: overlapping
    members (one compressed kernel read many times) and data before the first are refused."""
    end = 0
    for info in sorted(infos, key=lambda i: i.header_offset):
        at = info.header_offset
        if at < end or at + _LOCAL_HEADER.size > len(content):
            raise ValidationFailed("archive_bomb" if at < end else "office_unreadable")
        magic, *_, name_len, extra_len = _LOCAL_HEADER.unpack_from(content, at)
        if magic != _ZIP_MAGIC or (end == 0 and at != 0):
            raise unreadable()
        end = at + _LOCAL_HEADER.size + name_len + extra_len + info.compress_size
    if end > directory_at:
        raise ValidationFailed("archive_bomb")


@dataclass
class Budget:
    left: int

    def spend(self, n: int) -> None:
        self.left -= n
        if self.left < 0:
            raise ValidationFailed("archive_bomb")


def budget_for(package: Package, limit: int = ZIP_MAX_EXPANDED) -> Budget:
    return Budget(min(limit, max(package.size, 1) * ZIP_MAX_RATIO))


def inflate(
    package: Package,
    budget: Budget,
    sink_for: Callable[[zipfile.ZipInfo, bytes], Sink | None],
    *,
    depth: int = 0,
) -> None:
    """Inflate every member within `budget`, handing each to the sink chosen from its name and
    first bytes (None: only counted). A member that is itself a zip is opened the same way and
    counted in the same budget."""
    for info in package.archive.infolist():
        nested: bytearray | None = None
        sink: Sink | None = None
        first = True
        try:
            with package.archive.open(info) as member:
                while chunk := member.read(_CHUNK):
                    budget.spend(len(chunk))
                    if first:
                        first = False
                        if chunk.startswith(_ZIP_MAGIC):
                            nested = bytearray()
                        else:
                            sink = sink_for(info, chunk)
                    if nested is not None:
                        nested += chunk
                        if len(nested) > NESTED_MAX_BYTES:
                            raise ValidationFailed("archive_bomb")
                    elif sink is not None:
                        sink.feed(chunk)
            if sink is not None:
                sink.close()
        except READ_ERRORS as exc:
            raise unreadable() from exc  # a bad CRC, a truncated stream, a size that lies
        if nested is not None:
            if depth >= NESTED_MAX_DEPTH:
                raise ValidationFailed("archive_bomb")
            inflate(open_package(bytes(nested)), budget, lambda *_: None, depth=depth + 1)

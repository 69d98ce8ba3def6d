"""Low-level builders of the hostile corpus: PDFs, zips, workbooks, DER and CFB written byte by
byte, so that each file can break exactly the rule it is meant to break. Nothing is downloaded."""

from __future__ import annotations

import io
import random
import struct
import zipfile
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

MiB = 1024 * 1024
HTML = b"<html><body><script>alert(document.cookie)</script></body></html>"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(document.cookie)"/>'


def half(data: bytes) -> bytes:
    return data[: len(data) // 2]


def jpeg(size: tuple[int, int] = (32, 16)) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", size, (30, 30, 200)).save(out, "JPEG")
    return out.getvalue()


# --- PDF ------------------------------------------------------------------------------------


def pdf(objects: Sequence[bytes], *, trailer: bytes = b"", header: bytes = b"%PDF-1.7\n") -> bytes:
    """A PDF with a classic xref table; object 1 is the root."""
    out = bytearray(header + b"%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root 1 0 R %s>>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        trailer,
        xref,
    )
    return bytes(out)


PAGE_TREE = [
    b"<< /Type /Catalog /Pages 2 0 R >>",
    b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
]


def stream(data: bytes, extra: bytes = b"", *, flate: bool = True) -> bytes:
    body = zlib.compress(data, 9) if flate else data
    filt = b"/Filter /FlateDecode " if flate else b""
    return b"<< /Length %d %s%s>>\nstream\n" % (len(body), filt, extra) + body + b"\nendstream"


def deflate_repeated(
    unit: bytes, times: int, *, wrap: bool = True, prefix: bytes = b""
) -> tuple[bytes, int]:
    """Deflate data of `unit` repeated `times` times, in about the time of one unit: a full
    flush resets the compressor, so every repetition compresses to the same bytes. Returns the
    stream (zlib-wrapped, or raw deflate for zips) and the CRC-32 of the inflated data."""
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    start = packer.compress(prefix) + packer.flush(zlib.Z_FULL_FLUSH) if prefix else b""
    piece = packer.compress(unit) + packer.flush(zlib.Z_FULL_FLUSH)
    crc, adler = zlib.crc32(prefix), zlib.adler32(prefix)
    for _ in range(times):
        crc = zlib.crc32(unit, crc)
        if wrap:
            adler = zlib.adler32(unit, adler)
    raw = start + piece * times + b"\x03\x00"  # an empty final block
    if not wrap:
        return raw, crc
    return b"\x78\xda" + raw + struct.pack(">I", adler), crc


def zeros_deflated(total: int, *, wrap: bool = True) -> bytes:
    return deflate_repeated(b"\0" * MiB, total // MiB, wrap=wrap)[0]


# --- DER ------------------------------------------------------------------------------------


def der_length(n: int) -> bytes:
    if n < 0x80:
        return bytes([n])
    raw = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([0x80 | len(raw)]) + raw


def der_nested(depth: int, core: bytes = b"\x05\x00", tag: int = 0x30) -> bytes:
    """`depth` SEQUENCEs inside each other, built outside-in in linear time."""
    headers, length = [], len(core)
    for _ in range(depth):
        head = bytes([tag]) + der_length(length)
        headers.append(head)
        length += len(head)
    return b"".join(reversed(headers)) + core


# --- zip ------------------------------------------------------------------------------------


@dataclass
class RawEntry:
    """One member of a zip written by hand: what the headers say may differ from the data."""

    name: str
    data: bytes  # as stored (already deflated when method is 8)
    method: int = 8
    crc: int = 0
    size: int = 0  # the uncompressed size the headers declare
    flags: int = 0


def deflated(name: str, data: bytes, *, flags: int = 0) -> RawEntry:
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    raw = packer.compress(data) + packer.flush()
    return RawEntry(name, raw, 8, zlib.crc32(data), len(data), flags)


def raw_zip(
    entries: Sequence[RawEntry],
    *,
    central: Sequence[tuple[int, int]] | None = None,
    comment: bytes = b"",
) -> bytes:
    """A zip of `entries`. `central` lists (entry index, local header index) pairs for the
    central directory; by default each entry points at its own local header."""
    body = bytearray()
    offsets = []
    for e in entries:
        offsets.append(len(body))
        name = e.name.encode()
        body += struct.pack(
            "<4sHHHHHIIIHH",
            b"PK\x03\x04",
            20,
            e.flags,
            e.method,
            0,
            0x21,
            e.crc,
            len(e.data),
            e.size,
            len(name),
            0,
        )
        body += name + e.data
    pairs = central if central is not None else [(i, i) for i in range(len(entries))]
    directory = bytearray()
    for entry_index, header_index in pairs:
        e = entries[entry_index]
        name = e.name.encode()
        directory += struct.pack(
            "<4sHHHHHHIIIHHHHHII",
            b"PK\x01\x02",
            20,
            20,
            e.flags,
            e.method,
            0,
            0x21,
            e.crc,
            len(e.data),
            e.size,
            len(name),
            0,
            0,
            0,
            0,
            0,
            offsets[header_index],
        )
        directory += name
    end = struct.pack(
        "<4sHHHHIIH",
        b"PK\x05\x06",
        0,
        0,
        len(pairs),
        len(pairs),
        len(directory),
        len(body),
        len(comment),
    )
    return bytes(body + directory + end + comment)


# --- xlsx -----------------------------------------------------------------------------------

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
SHEET_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
BOOK_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"


def content_types(overrides: dict[str, str]) -> str:
    parts = "".join(
        f'<Override PartName="/{name}" ContentType="{ctype}"/>' for name, ctype in overrides.items()
    )
    return (
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        f"{parts}</Types>"
    )


def xlsx_parts(
    sheet: str | bytes,
    *,
    part: str = "xl/worksheets/sheet1.xml",
    target: str | None = None,
) -> list[tuple[str, bytes]]:
    """The parts of a one-sheet workbook; `target` is what the workbook's relationship says
    (by default the sheet's path relative to xl/)."""
    target = target if target is not None else part.removeprefix("xl/")
    data = sheet.encode() if isinstance(sheet, str) else sheet
    return [
        (
            "[Content_Types].xml",
            content_types({"xl/workbook.xml": BOOK_TYPE, part: SHEET_TYPE}).encode(),
        ),
        (
            "_rels/.rels",
            f'<Relationships xmlns="{PKG_REL}"><Relationship Id="rId1" '
            f'Type="{REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>'.encode(),
        ),
        (
            "xl/workbook.xml",
            f'<workbook xmlns="{MAIN}" xmlns:r="{REL}"><sheets>'
            '<sheet name="Danh sách" sheetId="1" r:id="rId1"/></sheets></workbook>'.encode(),
        ),
        (
            "xl/_rels/workbook.xml.rels",
            f'<Relationships xmlns="{PKG_REL}"><Relationship Id="rId1" '
            f'Type="{REL}/worksheet" Target="{target}"/></Relationships>'.encode(),
        ),
        (part, data),
    ]


def zip_of(parts: Iterable[tuple[str, bytes]], *, comment: bytes = b"") -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts:
            z.writestr(name, data)
        z.comment = comment
    return out.getvalue()


def xlsx(sheet: str | bytes, **kw: str) -> bytes:
    return zip_of(xlsx_parts(sheet, **kw))


def sheet_xml(rows: str, *, head: str = "") -> str:
    return f'<worksheet xmlns="{MAIN}">{head}<sheetData>{rows}</sheetData></worksheet>'


def text_cell(ref: str, text: str = "x", quote: str = '"', eq: str = "=") -> str:
    return f"<c r{eq}{quote}{ref}{quote} t={quote}inlineStr{quote}><is><t>{text}</t></is></c>"


def streamed_sheet(rows: int, cells_per_row: int, noise: int = 0) -> bytes:
    """An .xlsx whose sheet has `rows` rows of `cells_per_row` numbers without references:
    the file is small, what it describes is not. `noise` random bytes in a picture keep the
    file's compression ratio ordinary."""
    row = b"<row>" + b"<c><v>1</v></c>" * cells_per_row + b"</row>"
    head = f'<worksheet xmlns="{MAIN}"><sheetData>'.encode()
    tail = b"</sheetData></worksheet>"
    # head, the rows, tail: three deflate pieces joined (the first two end in a full flush)
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    first = packer.compress(head) + packer.flush(zlib.Z_FULL_FLUSH)
    body, _ = deflate_repeated(row * 1000, rows // 1000, wrap=False)
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    last = packer.compress(tail) + packer.flush()
    crc = zlib.crc32(head)
    for _ in range(rows // 1000):
        crc = zlib.crc32(row * 1000, crc)
    crc = zlib.crc32(tail, crc)
    size = len(head) + len(row) * rows + len(tail)
    sheet = RawEntry("xl/worksheets/sheet1.xml", first + body[:-2] + last, 8, crc, size)
    parts = [deflated(name, data) for name, data in xlsx_parts("")[:-1]]
    picture = random.Random(5).randbytes(noise)
    return raw_zip([*parts, deflated("xl/media/image1.png", picture), sheet])


# --- CFB (the container of legacy and of encrypted Office files) ----------------------------


def _dir_entry(name: str, kind: int, start: int, size: int, child: int = -1) -> bytes:
    encoded = (name + "\0").encode("utf-16-le")
    return struct.pack(
        "<64sHBBiii16sIQQIQ",
        encoded,
        len(encoded),
        kind,
        1,  # black
        -1,
        -1,
        child,
        b"\0" * 16,
        0,
        0,
        0,
        start,
        size,
    )


def encrypted_office() -> bytes:
    """A compound file holding EncryptionInfo and EncryptedPackage: what Excel or Word write
    for a workbook or document protected by a password to open."""
    free, end, fat_sector = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD
    header = struct.pack(
        "<8s16sHHHHH6sIIIIIIIII",
        bytes.fromhex("d0cf11e0a1b11ae1"),
        b"\0" * 16,
        0x3E,
        3,
        0xFFFE,
        9,
        6,
        b"\0" * 6,
        0,
        1,  # FAT sectors
        1,  # first directory sector
        0,
        4096,
        end,  # no mini FAT
        0,
        end,  # no DIFAT sectors
        0,
    )
    difat = struct.pack("<109I", 0, *([free] * 108))
    package = struct.pack("<Q", 4096) + bytes(range(256)) * 16  # size, then the ciphertext
    sectors = -(-len(package) // 512)
    chain = [*range(3, 2 + sectors), end]
    fat = struct.pack("<128I", fat_sector, end, *chain, *([free] * (126 - len(chain))))
    directory = (
        _dir_entry("Root Entry", 5, -2 & 0xFFFFFFFF, 0, child=1)
        + _dir_entry("EncryptedPackage", 2, 2, len(package))
        + _dir_entry("EncryptionInfo", 2, end, 0)
        + b"\0" * 128
    )
    return header + difat + fat + directory + package.ljust(sectors * 512, b"\0")

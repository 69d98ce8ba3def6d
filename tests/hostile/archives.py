"""Hostile archives: zip bombs of every shape, and workbooks whose sheets address a grid far
larger than their bytes. Each generator is named for its attack; corpus.py registers them."""

from __future__ import annotations

import random
import warnings

from tests.hostile import builders as b
from tests.hostile.builders import HTML

# --- zip bombs ------------------------------------------------------------------------------


def zip_high_ratio() -> bytes:
    """A workbook with a 64 MB member of zeros beside its sheet: about a thousand to one."""
    data, crc = b.deflate_repeated(b"\0" * b.MiB, 64, wrap=False)
    parts = [b.deflated(name, data) for name, data in b.xlsx_parts(b.sheet_xml(""))]
    return b.raw_zip([*parts, b.RawEntry("xl/media/image1.png", data, 8, crc, 64 * b.MiB)])


def zip_many_entries() -> bytes:
    parts = b.xlsx_parts(b.sheet_xml(""))
    return b.zip_of([*parts, *((f"xl/media/e{i}.bin", b"") for i in range(6_000))])


def zip_nested() -> bytes:
    """Zips inside zips (the 42.zip shape): each level small, the innermost huge."""
    data, crc = b.deflate_repeated(b"\0" * b.MiB, 32, wrap=False)
    level = b.raw_zip([b.RawEntry(f"z{i}.bin", data, 8, crc, 32 * b.MiB) for i in range(8)])
    for depth in range(3):
        level = b.zip_of([(f"l{depth}-{i}.zip", level) for i in range(4)])
    return b.zip_of([*b.xlsx_parts(b.sheet_xml("")), ("xl/embeddings/nested.zip", level)])


def zip_overlapping() -> bytes:
    """Many directory entries sharing one compressed kernel (overlapping members)."""
    data, crc = b.deflate_repeated(b"\0" * b.MiB, 4, wrap=False)
    kernel = b.RawEntry("xl/media/k.bin", data, 8, crc, 4 * b.MiB)
    parts = [b.deflated(name, data) for name, data in b.xlsx_parts(b.sheet_xml(""))]
    entries = [*parts, kernel]
    clones = [
        b.RawEntry(f"xl/media/c{i}.bin", kernel.data, 8, kernel.crc, kernel.size)
        for i in range(400)
    ]
    central = [(i, i) for i in range(len(entries))]
    central += [(len(entries) + i, len(entries) - 1) for i in range(len(clones))]
    return b.raw_zip([*entries, *clones], central=central)


def zip_lying_sizes() -> bytes:
    """A member that declares 1 byte and deflates to 300 MB."""
    bomb = b.zeros_deflated(300 * b.MiB, wrap=False)
    parts = [b.deflated(name, data) for name, data in b.xlsx_parts(b.sheet_xml(""))[:-1]]
    return b.raw_zip([*parts, b.RawEntry("xl/worksheets/sheet1.xml", bomb, 8, 0, 1)])


def zip_encrypted_member() -> bytes:
    parts = [b.deflated(name, data) for name, data in b.xlsx_parts(b.sheet_xml(""))]
    parts[-1] = b.RawEntry(
        parts[-1].name, bytes(12) + parts[-1].data, 8, parts[-1].crc, parts[-1].size, flags=1
    )
    return b.raw_zip(parts)


def zip_duplicate_names() -> bytes:
    """Two members named like the sheet: which one a reader takes is its own business."""
    far = b.sheet_xml(b.text_cell("A1") + b.text_cell("XFD1048576"))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # zipfile's "Duplicate name": the point
        return b.zip_of(
            [
                *b.xlsx_parts(b.sheet_xml(b.text_cell("A1"))),
                ("xl/worksheets/sheet1.xml", far.encode()),
            ]
        )


def zip_traversal_names() -> bytes:
    return b.zip_of(
        [*b.xlsx_parts(b.sheet_xml(b.text_cell("A1"))), ("../../etc/cron.d/x", b"* * * * * id")]
    )


def zip_html_comment() -> bytes:
    return b.zip_of(b.xlsx_parts(b.sheet_xml(b.text_cell("A1"))), comment=HTML)


# --- workbooks whose sheets address a grid far larger than their bytes -----------------------

FAR = "XFD1048576"


def xlsx_single_quotes() -> bytes:
    """The finding: 1.6 KB, single quotes, one cell in the last column of the last row."""
    return b.xlsx(
        b.sheet_xml(
            f"<row r='1'>{b.text_cell('A1', quote=chr(39))}{b.text_cell(FAR, quote=chr(39))}</row>"
        )
    )


def xlsx_spaced_attribute() -> bytes:
    return b.xlsx(
        b.sheet_xml(f'<row r = "1">{b.text_cell("A1", eq=" = ")}{b.text_cell(FAR, eq=" = ")}</row>')
    )


def xlsx_sheet_elsewhere() -> bytes:
    """The sheet at a part path outside xl/worksheets/, reached through the relationships."""
    rows = f"<row r='1'>{b.text_cell('A1')}{b.text_cell(FAR)}</row>"
    return b.xlsx(b.sheet_xml(rows), part="data/s.xml", target="/data/s.xml")


def xlsx_sheet_upper_case() -> bytes:
    rows = f"<row r='1'>{b.text_cell('A1')}{b.text_cell(FAR)}</row>"
    return b.xlsx(
        b.sheet_xml(rows), part="XL/WORKSHEETS/SHEET1.XML", target="worksheets/sheet1.xml"
    )


def xlsx_sheet_backslashes() -> bytes:
    rows = f"<row r='1'>{b.text_cell('A1')}{b.text_cell(FAR)}</row>"
    return b.xlsx(
        b.sheet_xml(rows), part="xl\\worksheets\\sheet1.xml", target="worksheets/sheet1.xml"
    )


def xlsx_big_dimension() -> bytes:
    return b.xlsx(
        b.sheet_xml(f"<row r='1'>{b.text_cell('A1')}</row>", head=f'<dimension ref="A1:{FAR}"/>')
    )


def xlsx_prefixed_cells() -> bytes:
    sheet = (
        f'<x:worksheet xmlns:x="{b.MAIN}"><x:sheetData><x:row r="1">'
        '<x:c r="A1" t="inlineStr"><x:is><x:t>x</x:t></x:is></x:c>'
        f'<x:c r="{FAR}" t="inlineStr"><x:is><x:t>y</x:t></x:is></x:c></x:row></x:sheetData></x:worksheet>'
    )
    return b.xlsx(sheet)


def xlsx_positional_columns() -> bytes:
    """No cell references: the last cell of row 1 is in column 16,384 by its position."""
    row = "<row r='1'>" + "<c/>" * 16_383 + "<c t='inlineStr'><is><t>y</t></is></c></row>"
    return b.xlsx(b.sheet_xml(row))


def xlsx_positional_rows() -> bytes:
    """No references at all: 150,000 rows counted by position, and 200 KB of noise so that
    the file does not look compressed out of proportion."""
    rows = "<row><c t='inlineStr'><is><t>x</t></is></c></row>" * 150_000
    noise = random.Random(7).randbytes(200_000)
    return b.zip_of([*b.xlsx_parts(b.sheet_xml(rows)), ("xl/media/image1.png", noise)])


def xlsx_lower_case_references() -> bytes:
    return b.xlsx(b.sheet_xml(f"<row r='1'>{b.text_cell('a1')}{b.text_cell(FAR.lower())}</row>"))


def xlsx_200k_by_64() -> bytes:
    """12.8 million cells, with 2.5 MB of noise so that the whole file compresses less than a
    hundred to one (what the old check allowed)."""
    return b.streamed_sheet(200_000, 64, noise=2_500_000)


def xlsx_shared_strings_flood() -> bytes:
    parts = b.xlsx_parts(b.sheet_xml(f"<row r='1'>{b.text_cell('A1')}</row>"))
    sst = f'<sst xmlns="{b.MAIN}">'.encode() + b"<si><t/></si>" * 2_000_000 + b"</sst>"
    return b.zip_of([*parts, ("xl/sharedStrings.xml", sst)])


def _xlsx_with_strings(sst: bytes) -> bytes:
    """A one-cell workbook whose shared-strings part is `sst`, reached through the workbook's
    relationships as a reader finds it."""
    parts = dict(b.xlsx_parts(b.sheet_xml("<row r='1'><c r='A1' t='s'><v>0</v></c></row>")))
    parts["xl/_rels/workbook.xml.rels"] = (
        f'<Relationships xmlns="{b.PKG_REL}">'
        f'<Relationship Id="rId1" Type="{b.REL}/worksheet" Target="worksheets/sheet1.xml"/>'
        f'<Relationship Id="rId2" Type="{b.REL}/sharedStrings" Target="sharedStrings.xml"/>'
        "</Relationships>"
    ).encode()
    return b.zip_of([*parts.items(), ("xl/sharedStrings.xml", sst)])


def xlsx_shared_strings_claimed() -> bytes:
    """One string, four billion claimed: calamine reserves the claimed slots (96 GB) before it
    reads the first (an outside tester's 1.8 KB file that aborted a worker)."""
    return _xlsx_with_strings(
        f'<sst xmlns="{b.MAIN}" count="4000000000" uniqueCount="4000000000">'.encode()
        + b"<si><t>x</t></si></sst>"
    )


def xlsx_shared_strings_count_not_a_number() -> bytes:
    return _xlsx_with_strings(
        f'<sst xmlns="{b.MAIN}" uniqueCount="1e12">'.encode() + b"<si><t>x</t></si></sst>"
    )


def xlsx_sheet_with_entities() -> bytes:
    sheet = (
        b'<?xml version="1.0"?><!DOCTYPE w [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        + b.sheet_xml("<row r='1'><c r='A1' t='inlineStr'><is><t>&x;</t></is></c></row>").encode()
    )
    return b.xlsx(sheet)


def xlsx_valid() -> bytes:
    return b.xlsx(b.sheet_xml(f"<row r='1'>{b.text_cell('A1', 'full_name')}</row>"))

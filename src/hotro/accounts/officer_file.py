"""The rows of an officers' file (xlsx or CSV), read within bounds.

An xlsx goes through the uploads' structure checks first (core.uploads: the package, no
macros, no markup, and the grid its sheet addresses read as a stream and bounded), so the
reader never allocates more than MAX_ROWS x MAX_COLS cells. A CSV is bounded by its size and
its row count. Each row keeps the number the author sees in Excel; each column its letter and
the heading the author wrote."""

from __future__ import annotations

import csv
import io
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from python_calamine import CalamineWorkbook

from hotro.core.errors import AppError, UnsupportedMediaType, ValidationFailed
from hotro.core.uploads import SheetLimits, check_upload, sniff

MAX_BYTES = 20 * 1024 * 1024
MAX_ROWS = 50_000  # officers per file: a whole country's agencies (13,413) fit, with room
MAX_COLS = 26
HEADER_SEARCH = 5  # the heading row is among the first rows
_INFLATED = 200 * 1024 * 1024

# The columns, by the headings (and English keys) a file may use; compared without case,
# surrounding spaces or a trailing "(*)".
COLUMNS: dict[str, tuple[str, ...]] = {
    "full_name": ("họ và tên", "họ tên", "full_name", "name"),
    "agency": ("mã cơ quan", "mã đơn vị", "agency", "agency_code"),
    "role": ("vai trò", "role"),
    "email": ("thư điện tử", "email", "e-mail"),
    "head": ("thủ trưởng", "head", "agency_head"),
    "username": ("tên đăng nhập", "username"),
}
REQUIRED = ("full_name", "agency", "role", "email", "head")
LABELS = {
    "full_name": "Họ và tên",
    "agency": "Mã cơ quan",
    "role": "Vai trò",
    "email": "Thư điện tử",
    "head": "Thủ trưởng",
    "username": "Tên đăng nhập",
}


@dataclass(frozen=True)
class Column:
    key: str
    index: int  # 0-based position in the row
    heading: str  # as the author wrote it

    @property
    def shown(self) -> str:
        """The column as the author sees it: its letter and its heading."""
        return f"{letter(self.index)} ({self.heading})"


@dataclass(frozen=True)
class SheetRow:
    number: int  # the row number in Excel (1-based, the heading row included)
    values: dict[str, str]  # by column key, stripped text


@dataclass(frozen=True)
class OfficerSheet:
    columns: dict[str, Column]
    rows: list[SheetRow]


def letter(index: int) -> str:
    name, n = "", index + 1
    while n:
        n, rest = divmod(n - 1, 26)
        name = chr(65 + rest) + name
    return name


def _norm(value: Any) -> str:
    text = unicodedata.normalize("NFC", str(value if value is not None else "")).strip().lower()
    return text.replace("(*)", "").strip()


def _text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return unicodedata.normalize("NFC", str(value if value is not None else "")).strip()


_BY_HEADING = {h: key for key, headings in COLUMNS.items() for h in headings}


def _limits() -> SheetLimits:
    return SheetLimits(
        rows=MAX_ROWS + HEADER_SEARCH, cols=MAX_COLS, inflated=_INFLATED, shown_rows=MAX_ROWS
    )


def _xlsx_rows(content: bytes) -> Iterator[tuple[int, list[Any]]]:
    try:
        check_upload(content, allowed={"xlsx"}, limit=MAX_BYTES, sheets=_limits())
    except ValidationFailed as exc:
        if exc.code == "worker_list_extent":
            raise ValidationFailed(
                "officers_extent", params={"rows": MAX_ROWS, "cols": MAX_COLS}
            ) from exc
        if exc.code == "office_unreadable":
            raise ValidationFailed("officers_unreadable") from exc
        raise  # macros, markup, an archive bomb: the uploads' own messages
    except UnsupportedMediaType as exc:
        raise UnsupportedMediaType("officers_file_type") from exc
    try:
        with CalamineWorkbook.from_filelike(io.BytesIO(content)) as book:
            sheet = book.get_sheet_by_index(0)
            first = (sheet.start[0] + 1) if sheet.start else 1
            # iter_rows starts at the first used row and does not pad the area before it.
            for offset, row in enumerate(sheet.iter_rows()):
                yield first + offset, list(row)
    except AppError:
        raise
    except Exception as exc:  # calamine's own errors for broken files
        raise ValidationFailed("officers_unreadable") from exc
    except BaseException as exc:
        if type(exc).__name__ != "PanicException":  # a Rust panic in the reader, from pyo3
            raise
        raise ValidationFailed("officers_unreadable") from exc


def _csv_rows(content: bytes) -> Iterator[tuple[int, list[Any]]]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValidationFailed("officers_csv_encoding") from exc
    if "\x00" in text:
        raise UnsupportedMediaType("officers_file_type")
    head = text[:4096].splitlines()[0] if text.strip() else ""
    delimiter = max((",", ";", "\t"), key=head.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        for row in reader:
            if len(row) > MAX_COLS:
                raise ValidationFailed(
                    "officers_extent", params={"rows": MAX_ROWS, "cols": MAX_COLS}
                )
            yield reader.line_num, row
    except csv.Error as exc:
        raise ValidationFailed("officers_unreadable") from exc


def read_officer_sheet(content: bytes) -> OfficerSheet:
    """The heading's columns and the non-empty rows below it, at most MAX_ROWS of them."""
    if len(content) > MAX_BYTES:
        raise ValidationFailed("officers_extent", params={"rows": MAX_ROWS, "cols": MAX_COLS})
    if not content:
        raise ValidationFailed("officers_empty")
    kind = sniff(content)
    if kind == "zip":
        source = _xlsx_rows(content)
    elif kind is None:
        source = _csv_rows(content)
    elif kind == "cfb":
        raise UnsupportedMediaType("office_legacy_or_encrypted")
    else:
        raise UnsupportedMediaType("officers_file_type")
    columns: dict[str, Column] = {}
    heading_row = 0
    rows: list[SheetRow] = []
    seen = 0
    for number, cells in source:
        seen += 1
        if not columns:
            found = {
                _BY_HEADING[_norm(v)]: Column(_BY_HEADING[_norm(v)], i, _text(v))
                for i, v in enumerate(cells)
                if _norm(v) in _BY_HEADING
            }
            if len(found) >= 2:
                columns, heading_row = found, number
                missing = [LABELS[k] for k in REQUIRED if k not in columns]
                if missing:
                    raise ValidationFailed(
                        "officers_header", params={"row": number, "missing": ", ".join(missing)}
                    )
            elif seen >= HEADER_SEARCH:
                raise ValidationFailed("officers_header_missing")
            continue
        values = {
            key: _text(cells[col.index]) if col.index < len(cells) else ""
            for key, col in columns.items()
        }
        if not any(values.values()):
            continue
        if len(rows) >= MAX_ROWS:
            raise ValidationFailed("officers_extent", params={"rows": MAX_ROWS, "cols": MAX_COLS})
        rows.append(SheetRow(number, values))
    if not columns:
        raise ValidationFailed("officers_header_missing")
    if not rows:
        raise ValidationFailed("officers_empty", params={"row": heading_row})
    return OfficerSheet(columns, rows)

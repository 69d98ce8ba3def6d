"""Overdue lists as files: xlsx (openpyxl's write-only mode, rows written as they come) and
CSV. Text that a spreadsheet would read as a formula is neutralised (CWE-1236)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from typing import IO, Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from hotro.supervision.overdue import OverdueRow

HEADINGS = [
    ("Mã hồ sơ", 34),
    ("Mã thủ tục", 22),
    ("Tên thủ tục", 40),
    ("Tổ chức, cá nhân nộp hồ sơ", 36),
    ("Ngày tiếp nhận", 14),
    ("Hạn giải quyết", 14),
    ("Số ngày làm việc quá hạn", 14),
    ("Bước đang xử lý", 30),
    ("Cơ quan đang xử lý", 36),
    ("Cán bộ xử lý gần nhất", 26),
]
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(text: str) -> str:
    """A leading apostrophe makes a spreadsheet show the text instead of evaluating it."""
    return "'" + text if text.startswith(_FORMULA_START) else text


def _values(row: OverdueRow) -> list[Any]:
    return [
        neutralise(row.code),
        neutralise(row.policy_code),
        neutralise(row.policy_name),
        neutralise(row.applicant),
        row.received_on,
        row.due_date,
        row.working_days_overdue,
        neutralise(row.current_step),
        neutralise(row.holder),
        neutralise(row.officer),
    ]


# Rows of data a sheet holds: Excel's 1,048,576 rows less the caption and the headings. A
# longer list (a national one, at millions of dossiers) goes on in a further sheet.
SHEET_ROWS = 1_048_576 - 2


def _sheet(wb: Workbook, title: str, number: int) -> WriteOnlyWorksheet:
    name = "Hồ sơ quá hạn" if number == 1 else f"Hồ sơ quá hạn ({number})"
    ws: WriteOnlyWorksheet = wb.create_sheet(name)
    for i, (_, width) in enumerate(HEADINGS):
        # The write-only sheet has column widths at run time; the stubs miss them.
        ws.column_dimensions[chr(ord("A") + i)].width = width  # type: ignore[attr-defined]
    ws.freeze_panes = "A3"
    caption = WriteOnlyCell(ws, value=neutralise(title if number == 1 else f"{title} ({number})"))
    caption.font = Font(bold=True, size=13)
    ws.append([caption])
    thin = Side(style="thin", color="808080")
    header = []
    for name_, _ in HEADINGS:
        cell = WriteOnlyCell(ws, value=name_)
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor="1F4E79")
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        cell.border = Border(top=thin, bottom=thin, left=thin, right=thin)
        header.append(cell)
    ws.append(header)
    return ws


class XlsxList:
    """An overdue list being written, row by row (several can be open at once: a reminder
    writes each recipient's list in the same pass over the rows)."""

    def __init__(self, out: IO[bytes], *, title: str) -> None:
        self.out, self.title = out, title
        self.wb = Workbook(write_only=True)
        self.sheets = 1
        self.ws = _sheet(self.wb, title, self.sheets)
        self.rows = self.on_sheet = 0

    def add(self, row: OverdueRow) -> None:
        if self.on_sheet == SHEET_ROWS:
            self.sheets += 1
            self.ws, self.on_sheet = _sheet(self.wb, self.title, self.sheets), 0
        values: list[Any] = _values(row)
        for i in (4, 5):  # dates, shown the Vietnamese way
            cell = WriteOnlyCell(self.ws, value=values[i])
            cell.number_format = "DD/MM/YYYY"
            values[i] = cell
        self.ws.append(values)
        self.rows += 1
        self.on_sheet += 1

    def save(self) -> int:
        self.wb.save(self.out)
        return self.rows


def xlsx_write(rows: Iterable[OverdueRow], out: IO[bytes], *, title: str) -> int:
    """Write the list to `out`; returns the number of rows. Memory stays flat: the write-only
    workbook streams each row to a temporary file."""
    listing = XlsxList(out, title=title)
    for row in rows:
        listing.add(row)
    return listing.save()


def csv_lines(rows: Iterable[OverdueRow]) -> Iterator[str]:
    """The list as CSV, line by line; starts with a byte-order mark so that Excel reads the
    Vietnamese text as UTF-8."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([name for name, _ in HEADINGS])
    yield "\ufeff" + buffer.getvalue()
    for row in rows:
        buffer.seek(0)
        buffer.truncate()
        values = _values(row)
        values[4] = row.received_on.isoformat()
        values[5] = row.due_date.isoformat()
        writer.writerow(values)
        yield buffer.getvalue()

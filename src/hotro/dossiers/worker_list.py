"""The Excel list of beneficiaries (the policy's worker list form): the template to fill in,
and reading a filled one back into rows, with row-by-row errors."""

from __future__ import annotations

import datetime as dt
import io
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from python_calamine import CalamineWorkbook

from hotro.catalog.models import Policy
from hotro.catalog.schema import FieldKind, FormField
from hotro.core.errors import FieldError, ValidationFailed
from hotro.core.uploads import SheetLimits, check_upload

AMOUNT_COLUMN = FormField(
    key="amount",
    label="Số tiền đề nghị (đồng)",
    label_en="Amount asked (VND)",
    kind=FieldKind.MONEY,
    required=False,
)
FIRST_DATA_ROW = 3
MAX_COLUMNS = 64  # row 1: labels (what the reader matches on); row 2: what goes in each
HEADER_ROWS = 20  # rows a sheet may hold besides the data: headers, titles, notes
# What a list of the most rows allowed inflates to at most: 64 columns of text cells.
MAX_INFLATED = 64 * 1024 * 1024


def columns(policy: Policy) -> list[FormField]:
    fields = policy.form_beneficiary_fields()
    if policy.rule().kind != "none":
        fields.append(AMOUNT_COLUMN)
    return fields


def _day(value: dt.date) -> str:
    return value.strftime("%d/%m/%Y")


def column_help(f: FormField, policy: Policy) -> str:
    """What goes in a column, in Vietnamese: required or not, the format, the values allowed
    (the template's second row)."""
    kind = f.kind
    if kind == FieldKind.NATIONAL_ID:
        what = "12 chữ số (CCCD) hoặc 9 chữ số (CMND), ghi đủ số 0 ở đầu"
    elif kind == FieldKind.TAX_CODE:
        what = "10 chữ số, hoặc 13 chữ số với mã chi nhánh"
    elif kind == FieldKind.SOCIAL_INSURANCE_NO:
        what = "10 chữ số, như trên sổ bảo hiểm xã hội"
    elif kind == FieldKind.PHONE:
        what = "số điện thoại, ví dụ 0903123456"
    elif kind == FieldKind.EMAIL:
        what = "địa chỉ thư điện tử, ví dụ ten@congty.vn"
    elif kind == FieldKind.DATE:
        what = "ngày/tháng/năm, ví dụ 15/07/2021"
        if f.within_period:
            what += f", từ {_day(policy.period_start)} đến {_day(policy.period_end)}"
    elif kind in (FieldKind.INTEGER, FieldKind.MONEY):
        what = "số tiền bằng đồng, chỉ ghi số, ví dụ 3710000" if kind == FieldKind.MONEY else "số"
        if f.min is not None and f.max is not None:
            what += f", từ {f.min} đến {f.max}"
        elif f.min is not None:
            what += f", ít nhất {f.min}"
        elif f.max is not None:
            what += f", nhiều nhất {f.max}"
    elif kind == FieldKind.BOOLEAN:
        what = "ghi “Có” nếu đúng, để trống nếu không"
    elif kind == FieldKind.CHOICE:
        what = "một trong: " + "; ".join(f.choices)
    else:
        what = "chữ, tối đa 200 ký tự"
    text = ("Bắt buộc: " if f.required else "Không bắt buộc: ") + what + "."
    return f"{text} {f.help}" if f.help else text


ROW_NUMBER = ("STT", "Số thứ tự, không bắt buộc.")


def template(policy: Policy) -> bytes:
    """An .xlsx with the policy's beneficiary columns: Vietnamese labels, then what goes in
    each column; the data from row 3."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Danh sách"
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="DDEBF7")
    note = Font(italic=True, color="595959")
    wrap = Alignment(wrap_text=True, vertical="top")
    cols = columns(policy)
    sheet.cell(row=1, column=1, value=ROW_NUMBER[0]).font = bold
    sheet.cell(row=2, column=1, value=ROW_NUMBER[1]).font = note
    sheet.cell(row=2, column=1).alignment = wrap
    for i, f in enumerate(cols, start=2):
        label = f.label + (" (*)" if f.required else "")
        head = sheet.cell(row=1, column=i, value=label)
        head.font, head.fill = bold, fill
        head.alignment = Alignment(wrap_text=True, vertical="center")
        described = sheet.cell(row=2, column=i, value=column_help(f, policy))
        described.font, described.alignment = note, wrap
        sheet.column_dimensions[get_column_letter(i)].width = max(18, min(40, len(label) + 2))
        if f.kind in (FieldKind.NATIONAL_ID, FieldKind.TAX_CODE, FieldKind.SOCIAL_INSURANCE_NO):
            # As text, or Excel drops the leading zeros of an ID.
            for row in range(FIRST_DATA_ROW, FIRST_DATA_ROW + 500):
                sheet.cell(row=row, column=i).number_format = "@"
    sheet.row_dimensions[2].height = 75
    sheet.freeze_panes = f"B{FIRST_DATA_ROW}"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


_ID_WIDTHS = {
    FieldKind.NATIONAL_ID: (9, 12),
    FieldKind.TAX_CODE: (10, 13),
    FieldKind.SOCIAL_INSURANCE_NO: (10,),
}


@dataclass
class ParsedList:
    rows: list[dict[str, Any]] = field(default_factory=list)
    row_numbers: list[int] = field(default_factory=list)
    errors: list[FieldError] = field(default_factory=list)


def _norm(text: Any) -> str:
    return unicodedata.normalize("NFC", str(text or "")).strip().lower().replace("(*)", "").strip()


def _cell(value: Any, f: FormField) -> Any:
    """Calamine gives floats for numbers and dates for date cells: bring them back to what
    the field validation takes."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if f.kind in _ID_WIDTHS and isinstance(value, int):
        # A number typed into a non-text cell lost its leading zeros: give them back up to
        # the nearest width the kind has (CCCD 12 or CMND 9, tax code 10 or 13, BHXH 10).
        digits = str(value)
        width = next((w for w in _ID_WIDTHS[f.kind] if len(digits) <= w), len(digits))
        value = digits.zfill(width)
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def limits(max_rows: int) -> SheetLimits:
    return SheetLimits(
        rows=max_rows + HEADER_ROWS, cols=MAX_COLUMNS, inflated=MAX_INFLATED, shown_rows=max_rows
    )


def read_sheet(content: bytes, *, max_rows: int, limit: int) -> tuple[list[list[Any]], int]:
    """The first sheet's cells from its first used row and column (empty areas before them are
    not padded), and the spreadsheet number of that first row. The file is checked first:
    the reader allocates the grid the sheet addresses, so nothing reaches it unless that grid
    is within the limits."""
    try:
        check_upload(content, allowed={"xlsx"}, limit=limit, sheets=limits(max_rows))
    except ValidationFailed as exc:
        if exc.code == "office_unreadable":
            raise ValidationFailed("worker_list_unreadable") from exc
        raise
    try:
        with CalamineWorkbook.from_filelike(io.BytesIO(content)) as book:
            sheet = book.get_sheet_by_index(0)
            start = sheet.start
            cells = sheet.to_python(skip_empty_area=True)
    except Exception as exc:  # calamine's own error types for broken files
        raise ValidationFailed("worker_list_unreadable") from exc
    except BaseException as exc:
        if type(exc).__name__ != "PanicException":  # a Rust panic in the reader, from pyo3
            raise
        raise ValidationFailed("worker_list_unreadable") from exc
    return cells, (start[0] + 1 if start else 1)


def _is_help_row(policy: Policy, row: list[Any], mapping: dict[int, FormField]) -> bool:
    said = [(_norm(row[j]), f) for j, f in mapping.items() if j < len(row) and _norm(row[j])]
    return bool(said) and all(text in (f.key, _norm(column_help(f, policy))) for text, f in said)


def parse(policy: Policy, content: bytes, *, max_rows: int, limit: int) -> ParsedList:
    """Rows of the list as dicts of raw values keyed by field (validation is the intake's);
    header problems are errors of the whole file."""
    sheet, first_row = read_sheet(content, max_rows=max_rows, limit=limit)
    cols = columns(policy)
    by_name = {}
    for f in cols:
        by_name[_norm(f.key)] = f
        by_name[_norm(f.label)] = f
    # The header is the first row that names the columns, by key or by label.
    header_index: int | None = None
    mapping: dict[int, FormField] = {}
    for i, row in enumerate(sheet[:5]):
        found = {j: by_name[_norm(v)] for j, v in enumerate(row) if _norm(v) in by_name}
        if len(found) > len(mapping):
            header_index, mapping = i, found
    present = {f.key for f in mapping.values()}
    missing = [f.label for f in cols if f.required and f.key not in present]
    if header_index is None or missing:
        raise ValidationFailed("worker_list_header", params={"missing": ", ".join(missing)})
    # Skip our own template's second row: what goes in each column (or, in templates made
    # before, the field keys).
    start = header_index + 1
    if start < len(sheet) and _is_help_row(policy, sheet[start], mapping):
        start += 1
    parsed = ParsedList()
    for offset, row in enumerate(sheet[start:], start=first_row + start):
        values = {f.key: _cell(row[j], f) for j, f in mapping.items() if j < len(row)}
        if all(v in (None, "") for v in values.values()):
            continue
        if len(parsed.rows) >= max_rows:
            parsed.errors.append(FieldError("file", "too_many_beneficiaries", {"max": max_rows}))
            break
        parsed.rows.append({k: v for k, v in values.items() if v not in (None, "")})
        parsed.row_numbers.append(offset)
    if not parsed.rows and not parsed.errors:
        raise ValidationFailed("worker_list_empty")
    return parsed

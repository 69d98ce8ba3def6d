"""The grid a worksheet asks for, read before any spreadsheet reader sees it.

A reader such as calamine allocates the whole rectangle from the first to the last cell a
sheet addresses, so two far-apart cells in a 1.6 KB file ask it for half a terabyte. Here the
sheet's XML is read as a stream of events, the way such a reader would read it: elements by
local name in any namespace and prefix, attributes with any quoting and spacing, references in
either case, `<dimension ref>`, every cell's and row's `r`, and cells without `r` counted by
their position. The limits stop the stream as soon as they are passed."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from hotro.core.errors import ValidationFailed

_CELL = re.compile(r"([A-Za-z]+)([0-9]+)")
_ROW = re.compile(r"[0-9]+")
_LONGEST = (4, 8)  # letters, digits: more than any sheet within limits could need


@dataclass(frozen=True)
class SheetLimits:
    """Rows, columns and cells a sheet may address, and what the package may inflate to.
    `shown_rows` is what the message tells the user (the data rows, without the header);
    `max_cells` defaults to the whole rectangle."""

    rows: int
    cols: int
    inflated: int
    shown_rows: int
    max_cells: int | None = None

    @property
    def cells(self) -> int:
        return self.max_cells if self.max_cells is not None else self.rows * self.cols

    def refuse(self) -> ValidationFailed:
        return ValidationFailed(
            "worker_list_extent", params={"rows": self.shown_rows, "cols": self.cols}
        )


@functools.lru_cache(maxsize=4096)
def _column(letters: str) -> int:
    col = 0
    for ch in letters.upper():
        col = col * 26 + ord(ch) - 64
    return col


class Extent:
    """The furthest row and column of one sheet part, updated event by event (for every cell
    of a sheet: kept to a few comparisons)."""

    __slots__ = (
        "cells",
        "cols",
        "limits",
        "max_cells",
        "max_cols",
        "max_rows",
        "next_col",
        "row",
        "rows",
        "sheet_data",
    )

    def __init__(self, limits: SheetLimits) -> None:
        self.limits = limits
        self.max_rows, self.max_cols, self.max_cells = limits.rows, limits.cols, limits.cells
        self.rows = self.cols = self.cells = 0
        self.sheet_data = 0  # depth inside <sheetData>
        self.row = 1  # the row a cell without `r` is in
        self.next_col = 1

    def _reach(self, row: int, col: int) -> None:
        if row > self.rows:
            self.rows = row
            if row > self.max_rows:
                raise self.limits.refuse()
        if col > self.cols:
            self.cols = col
            if col > self.max_cols:
                raise self.limits.refuse()

    def _reference(self, value: str) -> tuple[int, int]:
        match = _CELL.fullmatch(value)
        if match is None:
            raise ValidationFailed("office_unreadable")
        letters, digits = match.groups()
        if len(letters) > _LONGEST[0] or len(digits) > _LONGEST[1]:
            raise self.limits.refuse()
        return int(digits), _column(letters)

    def dimension(self, ref: str | None) -> None:
        if ref is None:
            return
        for corner in ref.split(":"):
            self._reach(*self._reference(corner))

    def start_row(self, r: str | None) -> None:
        if r is not None:
            if _ROW.fullmatch(r) is None:
                raise ValidationFailed("office_unreadable")
            if len(r) > _LONGEST[1]:
                raise self.limits.refuse()
            self.row = int(r)
        self._reach(self.row, 0)

    def end_row(self) -> None:
        self.row += 1
        self.next_col = 1

    def cell(self, r: str | None) -> None:
        if r is None:
            row, col = self.row, self.next_col
        else:
            row, col = self._reference(r)
        self.next_col = col + 1
        self.cells += 1
        if self.cells > self.max_cells:
            raise self.limits.refuse()
        self._reach(row, col)

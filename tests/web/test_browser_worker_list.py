"""The worker-list preview in a real browser (issue 12, item 9): a list with mistakes, seen at
1280 px and 390 px. The error column is on screen at both widths, a duplicate names the row
the employer sees in Excel, dates and amounts read the Vietnamese way.

Screenshots go to test-artifacts/ and, when HOTRO_SHOTS names a folder, there too."""

from __future__ import annotations

import datetime as dt
import io
import os
import re
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from hotro.accounts.models import Role
from hotro.accounts.services import user_create
from hotro.catalog.selectors import policy_get
from hotro.dossiers import worker_list
from tests.web.browsing import ARTIFACTS, PASSWORD, Tab

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
POLICY = "QD23-TAM-HOAN-HDLD"
# Spreadsheet rows 3 to 7 of the policy's own template.
ROWS: list[dict[str, Any]] = [
    {
        "full_name": "Trần Thị Lan",
        "national_id": "079190000123",
        "date_of_birth": dt.date(1990, 4, 12),  # date cells, as Excel keeps a typed date
        "social_insurance_no": "7912345678",
        "suspension_start": dt.date(2021, 7, 1),
        "suspension_days": 45,
        "amount": 3710000,
    },
    {
        "full_name": "Lê Văn Hùng",
        "national_id": "051088000456",
        "date_of_birth": "30/09/1988",
        "social_insurance_no": "5112345678",
        "suspension_start": "02/08/2021",
        "suspension_days": 20,
        "amount": 1855000,
    },
    {  # a CCCD of a man born in 1995, beside a date of birth in 2001
        "full_name": "Nguyễn Văn Minh",
        "national_id": "079095001234",
        "date_of_birth": "05/03/2001",
        "social_insurance_no": "7912340000",
        "suspension_start": "02/08/2021",
        "suspension_days": 30,
    },
    {
        "full_name": "Phạm Thị Hoa",
        "national_id": "001192000789",
        "date_of_birth": "31/02/1992",
        "social_insurance_no": "0112345678",
        "suspension_start": "02/08/2021",
        "suspension_days": 10,
    },
    {  # the ID of row 4 again
        "full_name": "Lê Văn Hùng",
        "national_id": "051088000456",
        "date_of_birth": "30/09/1988",
        "social_insurance_no": "5112345678",
        "suspension_start": "02/08/2021",
        "suspension_days": 20,
    },
]
APPLICANT = {
    "name": "Công ty TNHH May mặc An Phát",
    "tax_code": "0100233488",
    "social_insurance_unit_code": "TZ0001A",
    "address": "Số 12 đường Lê Lợi, phường Bến Nghé, Quận 1",
    "representative": "Nguyễn Văn An",
    "phone": "0903123456",
    "email": "lienhe@anphat.vn",
}


def filled_template() -> bytes:
    """The policy's own template as an employer fills it: under its two header rows."""
    book = load_workbook(io.BytesIO(worker_list.template(policy_get(code=POLICY))))
    sheet = book.active
    assert sheet is not None
    labels = [str(c.value or "") for c in sheet[1]]
    columns = worker_list.columns(policy_get(code=POLICY))
    index = {f.key: labels.index(f.label + (" (*)" if f.required else "")) + 1 for f in columns}
    for r, row in enumerate(ROWS, start=worker_list.FIRST_DATA_ROW):
        sheet.cell(row=r, column=1, value=r - worker_list.FIRST_DATA_ROW + 1)
        for key, value in row.items():
            sheet.cell(row=r, column=index[key], value=value)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _shot(tab: Tab, name: str) -> None:
    """The whole page to test-artifacts/, and the table as it opens on screen (scrolled down
    to it, not sideways) to HOTRO_SHOTS."""
    tab.shot(name)
    tab.page.evaluate("document.querySelector('#bang-danh-sach').scrollIntoView()")
    folder = os.environ.get("HOTRO_SHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        tab.page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=False)


def _error_cell_on_screen(tab: Tab, row: int, width: int) -> str:
    """The text of the error cell of spreadsheet row `row`, after asserting that the cell is
    inside the viewport as the page opens (no sideways scrolling needed to read it)."""
    cell = tab.page.locator(f"#bang-danh-sach tr[data-row='{row}'] td.errors")
    cell.scroll_into_view_if_needed()
    tab.page.evaluate("window.scrollTo(0, window.scrollY)")  # vertical only
    box = cell.bounding_box()
    assert box is not None, f"no error cell for row {row}"
    assert box["x"] >= 0 and box["x"] + box["width"] <= width, (row, width, box)
    assert box["width"] >= 120, f"the error cell is too narrow to read: {box}"
    return cell.inner_text()


def test_the_error_column_is_on_screen_at_1280_and_390_px(
    browser: Any, live_server: Any, catalog: None
) -> None:
    employer = user_create(
        username="dn.danhsach",
        role=Role.APPLICANT,
        password=PASSWORD,
        full_name="Công ty TNHH May mặc An Phát",
    )
    tab = Tab(browser, live_server.url)
    page = tab.page
    tab.login(employer)
    tab.go(f"/nop-ho-so/{POLICY}/thong-tin/")
    page.select_option("#id_agency_code", "000.00.46.H29")
    for key, value in APPLICANT.items():
        page.fill(f"#id_nn-{key}", value)
    page.get_by_role("button", name="Lưu và tiếp tục").click()
    page.wait_for_url(re.compile(r".*/nguoi-huong/$"))
    page.set_input_files(
        "#id_file",
        files=[{"name": "danh-sach.xlsx", "mimeType": XLSX, "buffer": filled_template()}],
    )
    page.get_by_role("button", name="Tải danh sách lên").click()
    page.get_by_text("Đã đọc 5 người").wait_for()
    _shot(tab, "danh-sach-loi-1280")
    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    _shot(tab, "danh-sach-loi-390")
    tab.page.screenshot(path=str(ARTIFACTS / "danh-sach-loi-390-full.png"), full_page=True)

    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the page scrolls sideways on a phone ({width}px)"
    for row in (5, 6, 7):
        assert _error_cell_on_screen(tab, row, 390)

    page.set_viewport_size({"width": 1280, "height": 900})
    page.reload()
    duplicate = _error_cell_on_screen(tab, 7, 1280)
    assert "dòng 4" in duplicate and "Số định danh cá nhân (CCCD/CMND)" in duplicate
    contradiction = _error_cell_on_screen(tab, 5, 1280)
    assert "năm sinh" in contradiction and "1900" in contradiction
    bad = _error_cell_on_screen(tab, 6, 1280)
    assert "Ngày tháng năm sinh" in bad and "Số ngày tạm hoãn" in bad
    main = page.inner_text("#bang-danh-sach")
    assert "12/04/1990" in main and "3.710.000\u00a0đ" in main
    assert "1990-04-12" not in main and "national_id" not in main and "beneficiaries" not in main
    tab.close()

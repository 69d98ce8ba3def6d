"""Journeys in a real browser: Playwright driving Debian's Chromium against a live server.

No browser is downloaded: `/usr/bin/chromium` is used (`.ci/run` installs it); the plumbing
is in tests/web/browsing.py. Screenshots of the key pages go to `test-artifacts/` (not
committed)."""

from __future__ import annotations

import io
import re
from typing import Any

import pytest

from hotro.accounts.models import Role, User
from hotro.accounts.services import user_create
from hotro.catalog.selectors import agency_get
from hotro.core import clock
from hotro.correspondence.models import OutgoingDispatch
from hotro.dossiers.actions import ActionInput, SupplementItem, dossier_act
from hotro.dossiers.domain.lifecycle import Action
from hotro.dossiers.generator import generate
from hotro.dossiers.models import Dossier
from hotro.supervision.selectors import stats_get
from tests.binding import bind
from tests.factories import pdf_bytes, submit_sample
from tests.web.browsing import ARTIFACTS, PASSWORD, Tab
from tests.web.helpers import with_second_factor, worker_list_xlsx

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VIETNAMESE = re.compile(
    "[àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ]", re.IGNORECASE
)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _user(username: str, role: Role, agency: str | None = None, **kw: Any) -> User:
    return user_create(
        username=username,
        role=role,
        password=PASSWORD,
        agency=agency_get(code=agency) if agency else None,
        **kw,
    )


def test_an_employer_applies_with_an_excel_list_and_gets_a_code(
    browser: Any, live_server: Any, catalog: None
) -> None:
    employer = _user("dn.trinhduyet", Role.APPLICANT, full_name="Công ty TNHH May mặc An Phát")
    tab = Tab(browser, live_server.url)
    page = tab.page
    tab.go("/")
    tab.page.screenshot(path=str(ARTIFACTS / "01-trang-chu.png"))
    tab.login(employer)
    tab.go("/")
    page.locator("article", has_text="tạm hoãn thực hiện hợp đồng lao động").first.get_by_role(
        "link", name="Nộp hồ sơ"
    ).click()
    page.select_option("#id_agency_code", "000.00.46.H29")
    for key, value in {
        "name": "Công ty TNHH May mặc An Phát",
        "tax_code": "0100233488",
        "social_insurance_unit_code": "TZ0001A",
        "address": "Số 12 đường Lê Lợi, phường Bến Nghé, Quận 1",
        "representative": "Nguyễn Văn An",
        "phone": "0903123456",
        "email": "lienhe@anphat.vn",
    }.items():
        page.fill(f"#id_nn-{key}", value)
    tab.shot("02-nop-ho-so-thong-tin")
    page.get_by_role("button", name="Lưu và tiếp tục").click()
    page.wait_for_url(re.compile(r".*/nguoi-huong/$"))
    page.set_input_files(
        "#id_file",
        files=[{"name": "danh-sach.xlsx", "mimeType": XLSX, "buffer": worker_list_xlsx()}],
    )
    page.get_by_role("button", name="Tải danh sách lên").click()
    page.get_by_text("Đã đọc 2 người").wait_for()
    tab.shot("03-nop-ho-so-danh-sach")
    page.get_by_role("button", name="Tiếp tục").click()
    page.wait_for_url(re.compile(r".*/tai-lieu/$"))
    for key in ("worker_list", "social_insurance_confirmation"):
        page.set_input_files(
            f"#tep_{key}",
            files=[{"name": f"{key}.pdf", "mimeType": "application/pdf", "buffer": pdf_bytes(key)}],
        )
    page.get_by_role("button", name="Tải lên và tiếp tục").click()
    # Both must be signed and these are not: the page warns once before moving on.
    page.get_by_text("cần ký số nhưng tệp vừa tải lên không có chữ ký số").first.wait_for()
    tab.shot("03b-nop-ho-so-giay-to-chua-ky")
    page.get_by_role("button", name="Tải lên và tiếp tục").click()
    page.wait_for_url(re.compile(r".*/xem-lai/$"))
    tab.shot("04-nop-ho-so-xem-lai")
    page.get_by_role("button", name="Nộp hồ sơ").click()
    page.wait_for_url(re.compile(r".*/ho-so-cua-toi/NCOVI\..*"))
    dossier = Dossier.objects.get(applicant=employer)
    assert dossier.code.startswith("NCOVI.000.00.46.H29-211013-")
    body = page.inner_text("main")
    assert dossier.code in body and "21/10/2021" in body and "Mới nộp, chờ tiếp nhận" in body
    tab.shot("05-da-nop-ho-so")

    # The agency asks for one thing more; the employer answers online and the clock resumes.
    desk = _user("canbo.trinhduyet0", Role.OFFICER, "000.00.46.H29", full_name="Trần Thị Mai")
    dossier_act(
        user=desk,
        code=dossier.code,
        action=Action.REQUEST_SUPPLEMENT,
        data=ActionInput(
            reason_code="BS-01",
            reason_text="Thiếu xác nhận của cơ quan Bảo hiểm xã hội.",
            items=[SupplementItem(description="Bổ sung bản xác nhận có chữ ký số của BHXH")],
        ),
    )
    page.reload()
    page.get_by_text("Bổ sung bản xác nhận có chữ ký số của BHXH").first.wait_for()
    page.fill("#id_note", "Đã tải lên bản xác nhận có chữ ký số của BHXH Quận 1.")
    tab.shot("05b-tra-loi-yeu-cau-bo-sung")
    page.get_by_role("button", name="Gửi bổ sung").click()
    page.get_by_text("Đã gửi phần bổ sung").wait_for()
    assert Dossier.objects.get(code=dossier.code).status == "in_processing"
    tab.close()

    phone = Tab(browser, live_server.url, width=390, height=844)
    for path, name in (
        ("/", "06-trang-chu-dien-thoai"),
        (f"/tra-cuu/?code={dossier.code}", "07-tra-cuu-dien-thoai"),
    ):
        phone.go(path)
        width = phone.page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"{path} scrolls sideways on a phone ({width}px)"
        phone.page.screenshot(path=str(ARTIFACTS / f"{name}.png"))
    assert "Đang xử lý" in phone.page.inner_text("main")
    phone.close()


def test_officers_receive_forward_refuse_and_cannot_ask_paper_of_a_signed_list(
    browser: Any, live_server: Any, catalog: None
) -> None:
    employer = _user("dn.trinhduyet2", Role.APPLICANT, full_name="Công ty An Phát")
    desk = with_second_factor(
        _user("canbo.trinhduyet", Role.OFFICER, "000.00.46.H29", full_name="Trần Thị Mai")
    )
    bhxh = with_second_factor(
        _user("bhxh.trinhduyet", Role.OFFICER, "000.91.46.H29", full_name="Lê Văn Hùng")
    )
    bind(employer)  # by a challenge signed with the employer's certificate (test PKI)
    # the worker list really signed by the employer (test PKI), validated at upload
    signed = submit_sample(
        employer, national_id="079190000123", salt="a", signed=("worker_list",)
    ).code
    refused = submit_sample(employer, national_id="079190000124", salt="b").code

    tab = Tab(browser, live_server.url)
    page = tab.page
    tab.login(desk, second_factor=True)
    page.wait_for_url(re.compile(r".*/can-bo/$"))
    assert signed in page.inner_text("main") and refused in page.inner_text("main")
    page.locator("#queue-tabs .count").first.wait_for()  # the counts, loaded by htmx
    assert page.locator("#queue-tabs a[aria-current=page] .count").inner_text() == "2"
    tab.shot("10-can-bo-hang-doi")

    # English second: the page's own texts switch (the data, names of people and agencies,
    # stay as they are).
    page.get_by_role("button", name="English").click()
    page.locator("#queue-tabs .count").first.wait_for()
    for chrome in (
        "#queue-tabs",
        "nav.site-nav > a",
        "thead",
        "label[for=bulk-action]",
        "h1 + nav ~ form button",
    ):
        text = " ".join(page.locator(chrome).all_inner_texts())
        assert text and not VIETNAMESE.search(text), (chrome, text)
    assert "New, awaiting receipt" in page.locator("#queue-tabs").inner_text()
    tab.shot("10-can-bo-hang-doi-en")
    page.get_by_role("button", name="Tiếng Việt").click()
    page.get_by_text("Mới nộp, chờ tiếp nhận").first.wait_for()

    # On a phone the wide table scrolls inside its box; the page itself does not.
    page.set_viewport_size({"width": 390, "height": 844})
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the queue scrolls sideways on a phone ({width}px)"
    page.screenshot(path=str(ARTIFACTS / "10-can-bo-hang-doi-dien-thoai.png"))
    page.set_viewport_size({"width": 1280, "height": 900})

    # R1: no refusal without a reason; the error sits on the form.
    page.get_by_role("link", name=refused).click()
    page.locator("summary", has_text="Từ chối tiếp nhận").click()
    page.locator("#thao-tac-refuse").get_by_role("button", name="Từ chối tiếp nhận").click()
    page.get_by_text("Phải chọn lý do trong danh mục").first.wait_for()
    tab.shot("11-tu-choi-thieu-ly-do")
    page.select_option("#id_refuse-reason_code", "TC-01")
    page.fill("#id_refuse-reason_text", "Hồ sơ nộp không đúng cơ quan có thẩm quyền giải quyết.")
    page.locator("#thao-tac-refuse").get_by_role("button", name="Từ chối tiếp nhận").click()
    page.get_by_text("Đã thực hiện “Từ chối tiếp nhận”").wait_for()
    assert "Không được tiếp nhận" in page.inner_text("main")
    tab.shot("12-da-tu-choi")
    assert Dossier.objects.get(code=refused).status == "refused"

    # Bulk receipt from the queue.
    tab.go("/can-bo/")
    page.get_by_label(f"Chọn hồ sơ {signed}").check()
    page.select_option("#bulk-action", "receive")
    page.get_by_role("button", name="Thực hiện").click()
    page.get_by_text("cho 1 hồ sơ").wait_for()
    assert Dossier.objects.get(code=signed).status == "in_processing"
    page.get_by_role("button", name="Đăng xuất").click()
    tab.close()

    # Social Insurance holds the step now: no paper copy of the signed list can be asked for.
    tab = Tab(browser, live_server.url)
    page = tab.page
    tab.login(bhxh, second_factor=True)
    tab.go(f"/can-bo/ho-so/{signed}/")
    page.locator("summary", has_text="Yêu cầu bổ sung").click()
    options = page.locator("#id_request_supplement-kind_worker_list option").all_inner_texts()
    assert options and not any("giấy" in o or "đóng dấu" in o for o in options), options
    others = page.locator(
        "#id_request_supplement-kind_social_insurance_confirmation option"
    ).all_inner_texts()
    assert any("giấy" in o for o in others), others
    assert page.get_by_text("khoản 2 Điều 19 Quyết định số 15/2020/QĐ-TTg").first.is_visible()
    tab.shot("13-yeu-cau-bo-sung-khong-ban-giay")
    page.locator("summary", has_text="Chuyển bước xử lý").click()
    page.locator("#thao-tac-forward").get_by_role("button", name="Chuyển bước xử lý").click()
    page.get_by_text("Đã thực hiện “Chuyển bước xử lý”").wait_for()
    tab.shot("14-da-chuyen-buoc")
    assert Dossier.objects.get(code=signed).step_index == 1
    tab.close()


def test_a_supervisor_drills_down_exports_the_overdue_list_and_issues_a_reminder(
    browser: Any, live_server: Any, catalog: None
) -> None:
    from openpyxl import load_workbook

    with clock.frozen(clock.vietnam_datetime(2021, 10, 13, 7)):
        generate(count=120, seed=5, provinces=[79], batch=60)
    supervisor = with_second_factor(
        _user("giamsat.trinhduyet", Role.SUPERVISOR, "000.00.00.G01", full_name="Nguyễn Văn Sơn")
    )
    province = stats_get(user=supervisor, province=79)
    busiest = max(province.breakdown, key=lambda p: p.figures.pending_overdue)
    assert busiest.figures.pending_overdue > 0
    tab = Tab(browser, live_server.url)
    page = tab.page
    tab.login(supervisor, second_factor=True)
    page.wait_for_url(re.compile(r".*/giam-sat/$"))
    tab.shot("20-giam-sat-toan-quoc")
    page.locator("table").first.get_by_role("link", name=province.scope.name).click()
    page.wait_for_url(re.compile(r".*/giam-sat/\?province=79$"))
    assert page.inner_text("#so-tiep-nhan") == f"{province.figures.received:,}".replace(",", ".")
    tab.shot("21-giam-sat-tinh")
    page.get_by_role("link", name=busiest.name, exact=True).click()
    page.wait_for_url(re.compile(r".*/giam-sat/\?agency=.*"))
    assert page.inner_text("#so-qua-han") == str(busiest.figures.pending_overdue)
    tab.shot("22-giam-sat-co-quan")

    with page.expect_download() as download:
        page.get_by_role("link", name="Tải về Excel (.xlsx)").click()
    saved = ARTIFACTS / "23-ho-so-qua-han.xlsx"
    download.value.save_as(saved)
    sheet = load_workbook(io.BytesIO(saved.read_bytes()), read_only=True).active
    assert sheet is not None
    rows = [r for r in sheet.iter_rows(min_row=3, values_only=True) if r and r[0]]
    assert len(rows) == busiest.figures.pending_overdue

    page.fill("#id_symbol", "VPCP-KSTT")
    page.fill("#id_authority", "KT. BỘ TRƯỞNG, CHỦ NHIỆM")
    page.fill("#id_title", "PHÓ CHỦ NHIỆM")
    page.fill("#id_signer", "Nguyễn Sỹ Hiệp")
    page.get_by_role("button", name="Xem lại công văn").click()
    page.get_by_role("button", name="Xác nhận ban hành").wait_for()
    assert not OutgoingDispatch.objects.exists()
    tab.shot("24-cong-van-xac-nhan")
    page.get_by_role("button", name="Xác nhận ban hành").click()
    page.wait_for_url(re.compile(r".*/cong-van-di/\?moi=\d+$"))
    page.get_by_text("Đã ban hành công văn số 1/VPCP-KSTT.").wait_for()
    dispatch = OutgoingDispatch.objects.get()
    # the Government Office writes to the province's chairman (or to Social Insurance's
    # General Director for a Social Insurance office), never to the agency itself
    (addressee,) = dispatch.recipients
    assert addressee in (
        "Chủ tịch Ủy ban nhân dân thành phố Hồ Chí Minh",
        "Tổng Giám đốc Bảo hiểm xã hội Việt Nam",
    ), addressee
    tab.shot("25-cong-van-di")

    # On a phone the wide tables scroll inside their boxes; the page itself does not.
    page.set_viewport_size({"width": 390, "height": 844})
    tab.go("/giam-sat/?province=79")
    assert page.url.endswith("/giam-sat/?province=79")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the dashboard scrolls sideways on a phone ({width}px)"
    page.screenshot(path=str(ARTIFACTS / "26-giam-sat-dien-thoai.png"), full_page=True)
    tab.close()

"""The Content-Security-Policy in a real browser: every kind of page is opened in Chromium
and any violation it reports (the `securitypolicyviolation` event, or a "Refused to …"
console message) fails the test, as does a page served without the policy. The journeys of
test_browser.py record violations the same way (tests/web/browsing.py)."""

from __future__ import annotations

import re
from typing import Any

import pytest

from hotro.accounts.models import Role, User
from hotro.accounts.services import user_create
from hotro.catalog.selectors import agency_get
from tests.web.browsing import ARTIFACTS, PASSWORD, Tab
from tests.web.helpers import WORKERS, with_second_factor, worker_list_xlsx

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _person(username: str, role: Role, agency: str | None = None) -> User:
    return user_create(
        username=username,
        role=role,
        password=PASSWORD,
        agency=agency_get(code=agency) if agency else None,
        full_name=username,
    )


def test_the_listener_sees_what_the_policy_blocks(
    browser: Any, live_server: Any, catalog: None
) -> None:
    """The detector is not blind: an inline style and an inline script are reported."""
    tab = Tab(browser, live_server.url)
    tab.go("/")
    tab.page.evaluate(
        """() => {
        const style = document.createElement("style");
        style.textContent = "body { background: red; }";
        document.head.appendChild(style);
        const script = document.createElement("script");
        script.textContent = "window.inlineRan = true;";
        document.head.appendChild(script);
    }"""
    )
    tab.page.wait_for_timeout(200)  # the events are dispatched after the insertions
    assert tab.page.evaluate("() => window.inlineRan === undefined")
    blocked = " ".join(tab.violations)
    assert "style-src" in blocked and "script-src" in blocked, tab.violations
    tab.violations.clear()
    tab.close()


def test_no_page_breaks_the_content_security_policy(
    browser: Any, live_server: Any, catalog: None
) -> None:
    tab = Tab(browser, live_server.url)
    page = tab.page
    for path in ("/", "/tra-cuu/?code=NCOVI.000.00.46.H29-211013-9999", "/dang-ky/"):
        tab.go(path)
        tab.check_access()
    tab.shot("30-trang-chu-csp")
    assert tab.go("/khong-co-trang-nay/").status == 404

    # A form sent without its cookie: our own page for it (Django's has inline CSS).
    tab.go("/dang-nhap/")
    tab.context.clear_cookies()
    page.fill("#id_username", "ai.do")
    page.fill("#id_password", "mat-khau-bat-ky")
    page.get_by_role("button", name="Đăng nhập").click()
    page.get_by_role("heading", name="Biểu mẫu đã cũ").wait_for()
    tab.expected_status(404)
    tab.expected_status(403)

    # Swagger UI, from django-ninja's own static files: it renders and runs a request.
    tab.go("/api/docs")
    page.locator(".swagger-ui .info .title").wait_for()
    operation = page.locator(".opblock-get", has_text="/api/v1/catalog/policies").first
    operation.locator(".opblock-summary").click()
    page.get_by_role("button", name="Try it out").click()
    page.get_by_role("button", name="Execute").click()
    status = page.locator(".live-responses-table .response-col_status", has_text="200")
    status.wait_for()
    status.scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / "31-api-docs-csp.png"), full_page=False)
    tab.close()

    # An applicant's list with errors on its rows (the table comes back through htmx).
    applicant = _person("dn.csp", Role.APPLICANT)
    tab = Tab(browser, live_server.url)
    page = tab.page
    tab.login(applicant)
    tab.go("/ho-so-cua-toi/")
    tab.go("/nop-ho-so/QD23-TAM-HOAN-HDLD/thong-tin/")
    page.select_option("#id_agency_code", "000.00.46.H29")
    for key, value in {
        "name": "Công ty TNHH Kiểm Thử",
        "tax_code": "0100233488",
        "social_insurance_unit_code": "TZ0001A",
        "address": "Số 1 Lê Lợi, Quận 1",
        "representative": "Nguyễn Văn An",
        "phone": "0903123456",
        "email": "lienhe@kiemthu.vn",
    }.items():
        page.fill(f"#id_nn-{key}", value)
    page.get_by_role("button", name="Lưu và tiếp tục").click()
    page.wait_for_url(re.compile(r".*/nguoi-huong/$"))
    broken = worker_list_xlsx([WORKERS[1], {**WORKERS[0], "national_id": "12"}])
    page.set_input_files(
        "#id_file", files=[{"name": "ds.xlsx", "mimeType": XLSX, "buffer": broken}]
    )
    page.get_by_role("button", name="Tải danh sách lên").click()
    page.locator("tr.row-error").first.wait_for()
    tab.shot("33-danh-sach-loi-csp")
    tab.close()

    # A supervisor enrolling an authenticator app: the QR code is inline SVG.
    supervisor = _person("giamsat.csp", Role.SUPERVISOR, "000.00.01.H29")
    tab = Tab(browser, live_server.url)
    page = tab.page
    tab.go("/dang-nhap/")
    page.fill("#id_username", supervisor.username)
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(re.compile(r".*/xac-thuc/dang-ky/$"))
    page.locator(".qr svg").wait_for()
    tab.shot("34-dang-ky-xac-thuc-csp")
    tab.close()

    # The administration: its index, a list, a change form with its date widgets.
    admin = with_second_factor(_person("quantri.csp", Role.ADMIN))
    tab = Tab(browser, live_server.url)
    page = tab.page
    tab.login(admin, second_factor=True)
    page.wait_for_url(re.compile(r".*/admin/$"))
    for path in (
        "/admin/accounts/user/",
        f"/admin/accounts/user/{admin.pk}/change/",
        "/admin/accounts/apitoken/",
    ):
        tab.go(path)
        page.locator("#content").wait_for()
    tab.go(f"/admin/accounts/user/{admin.pk}/change/")
    page.locator(".datetimeshortcuts a").first.click()  # "Today": the admin's own script
    page.screenshot(path=str(ARTIFACTS / "32-quan-tri-csp.png"), full_page=True)
    tab.expected_status(404)  # the admin's pages name no icon: Chromium asks /favicon.ico
    tab.close()

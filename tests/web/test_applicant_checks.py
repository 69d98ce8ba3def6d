"""Each step of the application checks its own input and says what is wrong in the words of
the page (issue 12, items 7 and 8): field labels and spreadsheet rows, never the paths the API
keeps in errors[].field. Through Django's test client, trying to break each check."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from openpyxl import Workbook

from hotro.accounts.models import Role, User
from tests.factories import pdf_bytes, submit_sample
from tests.web.helpers import WORKERS, otp_code, with_second_factor, worker_list_xlsx

pytestmark = pytest.mark.django_db
BASE = "/nop-ho-so/QD23-TAM-HOAN-HDLD"
STEP1 = {
    "agency_code": "000.00.46.H29",
    "nn-name": "Công ty TNHH May mặc An Phát",
    "nn-tax_code": "0100233488",
    "nn-social_insurance_unit_code": "TZ0001A",
    "nn-address": "Số 12 đường Lê Lợi, phường Bến Nghé, Quận 1",
    "nn-representative": "Nguyễn Văn An",
    "nn-phone": "0903123456",
    "nn-email": "lienhe@anphat.vn",
}
# Machine words that must never reach a page.
PATHS = re.compile(r"applicant\.|beneficiaries\.|documents\.\d|upload_id|national_id:|: \?")


def _text(r: Any) -> str:
    return r.content.decode()


def _xlsx_as_pdf() -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Danh sách người lao động"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _field_errors(page: str, field: str) -> str:
    """The error list under the form field `field` of step 1."""
    found = re.search(rf'id="id_nn-{field}_error">(.*?)</ul>', page, re.S)
    return found.group(1) if found else ""


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("tax_code", "0100233489", "Mã số thuế sai chữ số kiểm tra."),
        ("tax_code", "01002334", "Mã số thuế phải gồm 10 chữ số"),
        ("phone", "12345", "Số điện thoại không hợp lệ."),
        ("phone", "0903 123 45a", "Số điện thoại không hợp lệ."),
    ],
)
def test_step_one_checks_the_tax_code_and_the_phone(
    client: Client, applicant: User, field: str, value: str, message: str
) -> None:
    client.force_login(applicant)
    r = client.post(f"{BASE}/thong-tin/", {**STEP1, f"nn-{field}": value})
    assert r.status_code == 200  # stays on step 1: not carried to the submission
    assert message in _field_errors(_text(r), field)
    assert not PATHS.search(_text(r))
    assert client.get(f"{BASE}/xem-lai/").status_code == 200
    assert client.session["drafts"]["QD23-TAM-HOAN-HDLD"]["applicant"] == {}


def test_step_one_checks_a_workers_cccd_against_the_date_of_birth(
    client: Client, applicant: User
) -> None:
    client.force_login(applicant)
    url = "/nop-ho-so/QD23-CHAM-DUT-HDLD/thong-tin/"
    agency = re.findall(r'<option value="([^"]+)"', _text(client.get(url)))
    data = {
        "agency_code": next(a for a in agency if "." in a),
        "nn-name": "Trần Thị Lan",
        "nn-national_id": "079190000123",  # a woman born in 1990
        "nn-date_of_birth": "1985-04-12",
        "nn-social_insurance_no": "7912345678",
        "nn-address": "Quận 1",
        "nn-phone": "0903123456",
        "nn-last_employer": "Công ty An Phát",
        "nn-termination_date": "2021-07-01",
    }
    r = client.post(url, data)
    assert r.status_code == 200
    said = _field_errors(_text(r), "national_id")
    assert "Chữ số thứ 5 và 6 của số CCCD (90) phải là hai số cuối của năm sinh (1985)." in said


def _to_the_list(client: Client) -> None:
    r = client.post(f"{BASE}/thong-tin/", STEP1)
    assert r.status_code == 302, _text(r)[:2000]


def test_the_list_names_rows_as_excel_numbers_them_and_fields_by_label(
    client: Client, applicant: User
) -> None:
    client.force_login(applicant)
    _to_the_list(client)
    rows = [
        *WORKERS,  # spreadsheet rows 2 and 3 (the keys are row 1)
        {**WORKERS[0], "full_name": "Nguyễn Văn Minh", "national_id": "079095001234"},  # row 4
        {**WORKERS[1], "suspension_days": 10, "date_of_birth": "31/02/1988"},  # row 5
        {**WORKERS[0], "full_name": "Trần Thị Lan (lặp)"},  # row 6: row 2's ID again
    ]
    r = client.post(
        f"{BASE}/nguoi-huong/", {"file": SimpleUploadedFile("ds.xlsx", worker_list_xlsx(rows))}
    )
    page = _text(r)
    assert "Đã đọc 5 người" in page
    assert not PATHS.search(page)

    def errors_of(row: int) -> str:
        found = re.search(
            rf'<tr data-row="{row}"[^>]*>.*?<td class="errors">(.*?)</td>', page, re.S
        )
        assert found, f"no row {row}"
        return found.group(1)

    assert "Không có lỗi" in errors_of(2) and "Không có lỗi" in errors_of(3)
    duplicate = errors_of(6)
    assert "Số định danh cá nhân (CCCD/CMND): Số định danh 079190000123" in duplicate
    assert "(dòng 2)" in duplicate
    assert (
        "Chữ số thứ 5 và 6 của số CCCD (95) phải là hai số cuối của năm sinh (1990)" in errors_of(4)
    )
    bad = errors_of(5)
    assert "Ngày tháng năm sinh: Ngày không có thật hoặc không viết đúng dạng ngày/tháng/năm" in bad
    assert "Số ngày tạm hoãn/nghỉ việc không hưởng lương liên tục: Giá trị nhỏ nhất" in bad
    # dates as the page's readers write them
    assert "12/04/1990" in page and "1990-04-12" not in page


def test_the_submission_names_the_list_row_and_the_component(
    client: Client, applicant: User
) -> None:
    client.force_login(applicant)
    _to_the_list(client)
    rows = [*WORKERS, {**WORKERS[0], "full_name": "Bản sao"}]
    client.post(
        f"{BASE}/nguoi-huong/", {"file": SimpleUploadedFile("ds.xlsx", worker_list_xlsx(rows))}
    )
    r = client.post(f"{BASE}/xem-lai/", {"draft_key": "k-labels"})  # no documents either
    page = _text(r)
    assert "Hồ sơ chưa nộp được" in page
    assert not PATHS.search(page)
    assert "Dòng 4, Số định danh cá nhân (CCCD/CMND)</a>: Số định danh 079190000123" in page
    assert "(dòng 2)" in page
    assert "Thiếu thành phần hồ sơ bắt buộc: Danh sách người lao động tạm hoãn" in page
    assert "documents.worker_list" not in page and "worker_list" not in re.sub(
        r'href="[^"]*"', "", page
    )


def test_a_spreadsheet_renamed_pdf_is_refused_at_upload(client: Client, applicant: User) -> None:
    client.force_login(applicant)
    r = client.post(
        f"{BASE}/tai-lieu/",
        {"tep_worker_list": SimpleUploadedFile("danh-sach.pdf", _xlsx_as_pdf()), "next": "1"},
    )
    assert r.status_code == 200  # refused here, not at submission
    page = _text(r)
    assert "Tệp danh-sach.pdf là bảng tính Excel (.xlsx); thành phần “" in page
    assert "” chỉ nhận tệp PDF, tệp XML." in page
    assert "worker_list" not in client.session["drafts"]["QD23-TAM-HOAN-HDLD"]["documents"]
    r = client.post(f"{BASE}/tai-lieu/", {"tep_worker_list": SimpleUploadedFile("a.pdf", b"hello")})
    assert "Tệp gửi lên không thuộc loại tệp nào nhận ra được, không được nhận." in _text(r)
    assert not PATHS.search(_text(r))


def test_a_signed_list_gets_no_warning(client: Client, applicant: User) -> None:
    from tests import pki

    client.force_login(applicant)
    signed = pki.sign(pki.demo().employer, pdf_bytes("ds"))
    r = client.post(
        f"{BASE}/tai-lieu/", {"tep_worker_list": SimpleUploadedFile("ds.pdf", signed), "next": "1"}
    )
    assert r.status_code == 302  # nothing to warn of: on to the next step


def test_the_officer_sees_unsigned_required_components_marked(
    client: Client, applicant: User, make_user: Callable[..., User]
) -> None:
    officer = with_second_factor(make_user(Role.OFFICER, agency="000.00.46.H29"))
    unsigned = submit_sample(applicant).code
    half = submit_sample(applicant, national_id="079190000124", salt="s", signed=("worker_list",))
    client.post("/dang-nhap/", {"username": officer.username, "password": "secret-password-1"})
    client.post("/xac-thuc/", {"token": otp_code()})
    assert _text(client.get(f"/can-bo/ho-so/{unsigned}/")).count("Thiếu chữ ký số bắt buộc") == 2
    assert _text(client.get(f"/can-bo/ho-so/{half.code}/")).count("Thiếu chữ ký số bắt buộc") == 1


def test_a_supplement_file_of_the_wrong_kind_is_refused_by_its_label(
    client: Client, applicant: User, make_user: Callable[..., User]
) -> None:
    from hotro.dossiers.actions import ActionInput, SupplementItem, dossier_act
    from hotro.dossiers.domain.lifecycle import Action

    officer = with_second_factor(make_user(Role.OFFICER, agency="000.00.46.H29"))
    code = submit_sample(applicant).code
    dossier_act(
        user=officer,
        code=code,
        action=Action.REQUEST_SUPPLEMENT,
        data=ActionInput(
            reason_code="BS-01",
            reason_text="Thiếu xác nhận của cơ quan BHXH.",
            items=[
                SupplementItem(
                    description="Xác nhận của BHXH", component="social_insurance_confirmation"
                )
            ],
        ),
    )
    client.force_login(applicant)
    r = client.post(
        f"/ho-so-cua-toi/{code}/bo-sung/",
        {
            "note": "Đã bổ sung.",
            "tep_social_insurance_confirmation": SimpleUploadedFile("xn.pdf", _xlsx_as_pdf()),
        },
    )
    page = _text(r)
    assert "Tệp xn.pdf là bảng tính Excel (.xlsx)" in page
    assert not PATHS.search(page)

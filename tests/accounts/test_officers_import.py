"""The import of officers (accounts.officers): every row checked, errors naming the row and the
column as the file's author sees them, all rows written or none; xlsx and CSV; hostile files
refused by the uploads' checks before any reader sees them."""

from __future__ import annotations

import io
from collections.abc import Callable

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from hotro.accounts.models import Role, User
from hotro.accounts.officers import SHOWN_ERRORS, officers_import
from hotro.core.errors import AppError, UnsupportedMediaType, ValidationFailed
from hotro.core.messages import render
from tests.hostile import archives
from tests.hostile import builders as b

pytestmark = pytest.mark.django_db

HEAD = ["Họ và tên", "Mã cơ quan", "Vai trò", "Thư điện tử", "Thủ trưởng"]
Q1, BHXH_Q1, HCM_OFFICE = "000.00.46.H29", "000.91.46.H29", "000.00.00.H29"


def csv_file(*rows: list[str], head: list[str] = HEAD) -> bytes:
    return "\n".join(",".join(r) for r in [head, *rows]).encode()


def xlsx_file(*rows: list[object], above: int = 0) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for _ in range(above):
        sheet.append(["Danh sách cán bộ tiếp nhận hồ sơ"])
    for row in [HEAD, *rows]:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def messages(exc: AppError) -> list[str]:
    return [render(e.code, "vi", e.params) for e in exc.errors]


def test_a_csv_creates_officers_and_supervisors() -> None:
    report = officers_import(
        content=csv_file(
            ["Nguyễn Văn An", Q1, "Cán bộ xử lý", "An.Nguyen@q1.gov.vn", "Có"],
            ["Lê Thị Bình", BHXH_Q1, "cán bộ", "binh@bhxh-q1.gov.vn", ""],
            ["Phạm Minh Châu", HCM_OFFICE, "Cán bộ giám sát", "chau@hcm.gov.vn", "không"],
        )
    )
    assert (report.rows, report.created, report.updated) == (3, 3, 0)
    an = User.objects.get(username="an.nguyen@q1.gov.vn")
    assert (an.full_name, an.agency.code, an.role, an.agency_head) == (
        "Nguyễn Văn An",
        Q1,
        Role.OFFICER,
        True,
    )
    assert not an.has_usable_password()
    chau = User.objects.get(email="chau@hcm.gov.vn")
    assert (chau.role, chau.agency_head) == (Role.SUPERVISOR, False)


def test_an_xlsx_below_a_title_row_and_again_updates() -> None:
    first = xlsx_file(["Nguyễn Văn An", Q1, "Cán bộ xử lý", "an@q1.gov.vn", ""], above=2)
    assert officers_import(content=first).created == 1
    again = xlsx_file(
        ["Nguyễn Văn An", Q1, "Cán bộ xử lý", "an@q1.gov.vn", "Có"],
        ["Trần Thị Mai", Q1, "Cán bộ xử lý", "mai@q1.gov.vn", ""],
    )
    report = officers_import(content=again)
    assert (report.created, report.updated, report.unchanged) == (1, 1, 0)
    assert User.objects.get(username="an@q1.gov.vn").agency_head is True
    assert officers_import(content=again).unchanged == 2


def test_an_account_made_elsewhere_in_capitals_is_updated_not_made_twice(
    make_user: Callable[..., User],
) -> None:
    """The file's names are lower-cased: an account made in the admin as "An@Q1.gov.vn" is the
    same person (a review found a second account made beside it)."""
    existing = make_user(Role.OFFICER, Q1, username="An@Q1.gov.vn")
    row = ["Nguyễn Văn An", Q1, "Cán bộ xử lý", "an@q1.gov.vn", "Có"]
    report = officers_import(content=csv_file(row))
    assert (report.created, report.updated) == (0, 1)
    assert User.objects.filter(username__iexact="an@q1.gov.vn").count() == 1
    existing.refresh_from_db()
    assert existing.agency_head is True


def test_each_error_names_its_row_and_column_and_nothing_is_written(
    make_user: Callable[..., User],
) -> None:
    make_user(Role.APPLICANT, username="dn@anphat.vn")
    before = User.objects.count()
    content = xlsx_file(
        ["Nguyễn Văn An", Q1, "Cán bộ xử lý", "an@q1.gov.vn", "Có"],  # row 2: fine
        ["Lê Thị Bình", "000.00.99.H29", "Cán bộ", "binh@q1", ""],  # row 3
        ["", Q1, "Trưởng phòng", "chau@q1.gov.vn", "có lẽ"],  # row 4
        ["Phạm Dung", HCM_OFFICE, "Cán bộ giám sát", "an@q1.gov.vn", "Có"],  # row 5
        ["Doanh nghiệp", Q1, "Cán bộ xử lý", "dn@anphat.vn", ""],  # row 6
    )
    with pytest.raises(ValidationFailed) as caught:
        officers_import(content=content)
    assert User.objects.count() == before
    assert render(caught.value.code, "vi", caught.value.params) == (
        "Chưa nhập cán bộ nào: tệp có 8 lỗi."
    )
    assert messages(caught.value) == [
        "Dòng 3, cột B (Mã cơ quan): không có cơ quan nào mang mã 000.00.99.H29.",
        "Dòng 3, cột D (Thư điện tử): “binh@q1” không phải địa chỉ thư điện tử.",
        "Dòng 4, cột A (Họ và tên): chưa điền.",
        "Dòng 4, cột E (Thủ trưởng): điền Có hoặc để trống (không hiểu “có lẽ”).",
        "Dòng 4, cột C (Vai trò): “Trưởng phòng” không phải vai trò; điền Cán bộ xử lý "
        "hoặc Cán bộ giám sát.",
        "Dòng 5, cột D (Thư điện tử): “an@q1.gov.vn” đã có ở dòng 2.",
        "Dòng 5, cột E (Thủ trưởng): chỉ cán bộ xử lý mới được đánh dấu là thủ trưởng.",
        "Dòng 6, cột D (Thư điện tử): tài khoản “dn@anphat.vn” đã có và không phải tài "
        "khoản cán bộ.",
    ]
    rows = [e.params["row"] for e in caught.value.errors]
    assert rows == sorted(rows)
    assert {e.field for e in caught.value.errors} >= {"rows.3.agency", "rows.6.email"}


def test_a_username_column_is_used_and_checked() -> None:
    head = [*HEAD, "Tên đăng nhập"]
    with pytest.raises(ValidationFailed) as caught:
        officers_import(
            content=csv_file(
                ["Nguyễn Văn An", Q1, "Cán bộ xử lý", "an@q1.gov.vn", "", "an q1"], head=head
            )
        )
    assert messages(caught.value) == [
        "Dòng 2, cột F (Tên đăng nhập): tên đăng nhập chỉ gồm chữ không dấu, chữ số và các "
        "ký tự @ . + - _."
    ]
    officers_import(
        content=csv_file(
            ["Nguyễn Văn An", Q1, "Cán bộ xử lý", "an@q1.gov.vn", "", "canbo.an"], head=head
        )
    )
    assert User.objects.get(username="canbo.an").email == "an@q1.gov.vn"


def test_a_missing_column_is_named() -> None:
    with pytest.raises(ValidationFailed) as caught:
        officers_import(content=csv_file(["An", Q1], head=["Họ và tên", "Mã cơ quan"]))
    assert render(caught.value.code, "vi", caught.value.params).startswith(
        "Dòng tiêu đề (dòng 1) thiếu cột: Vai trò, Thư điện tử, Thủ trưởng."
    )


def test_many_errors_are_shown_up_to_a_bound_with_the_count_of_the_rest() -> None:
    rows = [[f"Cán bộ {i}", "000.00.99.H29", "Cán bộ xử lý", f"cb{i}@x.vn", ""] for i in range(250)]
    with pytest.raises(ValidationFailed) as caught:
        officers_import(content=csv_file(*rows))
    shown = messages(caught.value)
    assert len(shown) == SHOWN_ERRORS + 1
    assert shown[-1].startswith("… và 50 lỗi khác")


def test_a_semicolon_csv_with_a_bom_is_read() -> None:
    content = "\ufeff" + ";".join(HEAD) + "\nNguyễn Văn An;" + Q1 + ";Cán bộ xử lý;an@q1.gov.vn;x\n"
    assert officers_import(content=content.encode()).created == 1


def test_a_csv_not_in_utf8_is_refused_in_words() -> None:
    with pytest.raises(ValidationFailed) as caught:
        officers_import(
            content=csv_file(["Nguyễn Văn An", Q1, "Cán bộ", "an@q1.gov.vn", ""])
            .decode()
            .encode("utf-16")
        )
    assert caught.value.code in {"officers_csv_encoding"}


@pytest.mark.parametrize(
    ("content", "code"),
    [
        (archives.xlsx_big_dimension(), "officers_extent"),
        (archives.xlsx_positional_rows(), "officers_extent"),
        (archives.xlsx_sheet_with_entities(), "xml_unsafe"),
        (b.zip_of([("a.txt", b"x")]), "officers_file_type"),
        (b"%PDF-1.7\n", "officers_file_type"),
        (bytes.fromhex("d0cf11e0a1b11ae1") + b"\x00" * 512, "office_legacy_or_encrypted"),
    ],
)
def test_hostile_files_are_refused_before_any_reader(content: bytes, code: str) -> None:
    with pytest.raises((ValidationFailed, UnsupportedMediaType)) as caught:
        officers_import(content=content)
    assert caught.value.code == code


def test_the_command_imports_and_reports_errors(tmp_path: object) -> None:
    from pathlib import Path

    good, bad = Path(str(tmp_path)) / "good.csv", Path(str(tmp_path)) / "bad.csv"
    good.write_bytes(csv_file(["Nguyễn Văn An", Q1, "Cán bộ xử lý", "an@q1.gov.vn", "Có"]))
    bad.write_bytes(csv_file(["Lê Thị Bình", "000.00.99.H29", "Cán bộ", "binh@q1.gov.vn", ""]))
    out, err = io.StringIO(), io.StringIO()
    call_command("officers", "import", str(good), "--dry-run", stdout=out)
    assert "sẽ tạo 1" in out.getvalue() and not User.objects.filter(email="an@q1.gov.vn").exists()
    call_command("officers", "import", str(good), stdout=out)
    assert User.objects.filter(email="an@q1.gov.vn", agency__code=Q1).exists()
    with pytest.raises(CommandError, match="Chưa nhập cán bộ nào"):
        call_command("officers", "import", str(bad), stdout=out, stderr=err)
    assert (
        "Dòng 2, cột B (Mã cơ quan): không có cơ quan nào mang mã 000.00.99.H29." in err.getvalue()
    )


def test_the_admin_imports_a_file_and_lists_the_errors(make_user: Callable[..., User]) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import Client

    from tests.web.helpers import otp_code, with_second_factor

    admin = with_second_factor(make_user(Role.ADMIN))
    client = Client()
    client.post("/admin/login/", {"username": admin.username, "password": "secret-password-1"})
    assert client.post("/xac-thuc/", {"token": otp_code()}).status_code == 302
    page = client.get("/admin/accounts/user/").content.decode()
    assert 'href="/admin/accounts/user/nhap-can-bo/"' in page
    bad = csv_file(["Lê Thị Bình", "000.00.99.H29", "Cán bộ", "binh@q1.gov.vn", ""])
    r = client.post(
        "/admin/accounts/user/nhap-can-bo/", {"file": SimpleUploadedFile("cb.csv", bad)}
    )
    body = r.content.decode()
    assert "Chưa nhập cán bộ nào: tệp có 1 lỗi." in body
    assert "Dòng 2, cột B (Mã cơ quan): không có cơ quan nào mang mã 000.00.99.H29." in body
    good = csv_file(["Lê Thị Bình", Q1, "Cán bộ", "binh@q1.gov.vn", ""])
    r = client.post(
        "/admin/accounts/user/nhap-can-bo/", {"file": SimpleUploadedFile("cb.csv", good)}
    )
    assert "tạo mới 1" in r.content.decode()
    assert User.objects.filter(username="binh@q1.gov.vn", agency__code=Q1).exists()


def test_the_admin_import_is_for_administrators(make_user: Callable[..., User]) -> None:
    from django.test import Client

    from tests.web.helpers import otp_code, with_second_factor

    officer = with_second_factor(make_user(Role.OFFICER, agency=Q1))
    client = Client()
    client.post("/dang-nhap/", {"username": officer.username, "password": "secret-password-1"})
    client.post("/xac-thuc/", {"token": otp_code()})
    r = client.get("/admin/accounts/user/nhap-can-bo/")
    assert r.status_code in {302, 403}
    assert not User.objects.filter(username__contains="@").exists()

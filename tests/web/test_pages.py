"""The pages through Django's test client: accounts and their second factor, the officer's
workbench with the rules made visible, the applicant's application step by step."""

from __future__ import annotations

import re
import time
from collections.abc import Callable

import pytest
from django.test import Client

from hotro.accounts.models import Role, User
from hotro.dossiers.models import Dossier
from hotro.web.templatetags.hotro import money, vndate
from tests.factories import submit_sample
from tests.web.helpers import otp_code, with_second_factor

pytestmark = pytest.mark.django_db
PASSWORD = "secret-password-1"


def login(client: Client, user: User, *, second_factor: bool = True) -> None:
    r = client.post("/dang-nhap/", {"username": user.username, "password": PASSWORD})
    assert r.status_code == 302, r.content.decode()[:2000]
    if second_factor:
        assert r["Location"] == "/xac-thuc/"
        r = client.post("/xac-thuc/", {"token": otp_code()})
        assert r.status_code == 302, r.content.decode()[:2000]


@pytest.fixture
def officer(make_user: Callable[..., User]) -> User:
    return with_second_factor(
        make_user(Role.OFFICER, agency="000.00.46.H29", full_name="Trần Thị Mai")
    )


@pytest.fixture
def bhxh(make_user: Callable[..., User]) -> User:
    return with_second_factor(make_user(Role.OFFICER, agency="000.91.46.H29"))


def test_filters_write_dates_and_money_the_vietnamese_way() -> None:
    import datetime as dt

    assert money(3710000) == "3.710.000\u00a0đ"
    assert money(0) == "0\u00a0đ"
    assert vndate(dt.date(2021, 10, 3)) == "03/10/2021"
    assert vndate("2021-10-13") == "13/10/2021"
    assert vndate(None) == "—"


def test_home_is_vietnamese_first_and_english_on_request(client: Client) -> None:
    page = client.get("/", headers={"Accept-Language": "en"})
    text = page.content.decode()
    assert '<html lang="vi">' in text and "Các chính sách hỗ trợ" in text
    assert "Bỏ qua, đến nội dung chính" in text  # the skip link
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    text = client.get("/").content.decode()
    assert '<html lang="en">' in text and "Support policies" in text
    assert "Support for workers whose labour contract is suspended" in text


def test_officer_needs_the_second_factor(client: Client, officer: User) -> None:
    r = client.post("/dang-nhap/", {"username": officer.username, "password": PASSWORD})
    assert r["Location"] == "/xac-thuc/"
    # Half-way, nothing is open: neither the pages nor the API through the session.
    assert client.get("/can-bo/")["Location"].startswith("/dang-nhap/")
    assert client.get("/api/v1/dossiers").status_code == 401
    r = client.post("/xac-thuc/", {"token": "000000"})
    assert r.status_code == 200 and "Mã xác thực không đúng" in r.content.decode()
    time.sleep(1.1)  # django-otp throttles a device for a second after a wrong code
    r = client.post("/xac-thuc/", {"token": otp_code()})
    assert r["Location"] == "/can-bo/"
    assert client.get("/can-bo/").status_code == 200
    assert client.get("/api/v1/dossiers").status_code == 200


def test_an_officer_without_a_device_enrols_one(
    client: Client, make_user: Callable[..., User]
) -> None:
    from django_otp.oath import totp
    from django_otp.plugins.otp_totp.models import TOTPDevice

    user = make_user(Role.SUPERVISOR, agency="000.00.01.H29")
    r = client.post("/dang-nhap/", {"username": user.username, "password": PASSWORD})
    assert r["Location"] == "/xac-thuc/dang-ky/"
    page = client.get("/xac-thuc/dang-ky/").content.decode()
    assert "<svg" in page and "Khóa bí mật" in page
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    r = client.post("/xac-thuc/dang-ky/", {"token": f"{totp(device.bin_key):06d}"})
    assert r.status_code == 302
    assert TOTPDevice.objects.get(pk=device.pk).confirmed


def test_repeated_failures_lock_the_account(client: Client, officer: User) -> None:
    for _ in range(5):
        r = client.post("/dang-nhap/", {"username": officer.username, "password": "wrong-1"})
    r = client.post("/dang-nhap/", {"username": officer.username, "password": PASSWORD})
    assert r.status_code == 429
    page = r.content.decode()
    # It says what is locked (this login from this address), for how long, and what still works.
    assert "tạm khóa trong 30 phút" in page and "từ địa chỉ mạng này" in page
    assert "đã từng đăng nhập thành công" in page


def test_an_applicant_registers_and_lands_signed_in(client: Client) -> None:
    r = client.post(
        "/dang-ky/",
        {
            "username": "nguoi.moi",
            "full_name": "Nguyễn Văn Mới",
            "password1": "mot-mat-khau-dai",
            "password2": "mot-mat-khau-khac",
        },
    )
    assert "Hai mật khẩu không giống nhau" in r.content.decode()
    r = client.post(
        "/dang-ky/",
        {
            "username": "nguoi.moi",
            "full_name": "Nguyễn Văn Mới",
            "password1": "mot-mat-khau-dai",
            "password2": "mot-mat-khau-dai",
        },
    )
    assert r.status_code == 302
    assert User.objects.get(username="nguoi.moi").role == Role.APPLICANT
    assert client.get("/ho-so-cua-toi/").status_code == 200


def test_queues_count_and_list_the_agencys_dossiers(
    client: Client, officer: User, applicant: User
) -> None:
    code = submit_sample(applicant).code
    login(client, officer)
    page = client.get("/can-bo/").content.decode()
    assert code in page and "Mới nộp, chờ tiếp nhận" in page
    tabs = client.get("/can-bo/dem/", {"hang": "new"}).content.decode()
    assert re.search(
        r'hang=new" aria-current="page">\s*Mới nộp, chờ tiếp nhận\s*<span class="count">1</span>',
        tabs,
    )
    assert re.search(r'Quá hạn\s*<span class="count">0</span>', tabs)
    assert client.get("/can-bo/", {"hang": "supplement"}).content.decode().count(code) == 0
    found = client.get("/can-bo/", {"hang": "all", "q": "0100233488"}).content.decode()
    assert code in found
    worker = client.get("/can-bo/", {"hang": "all", "q": "079190000123"}).content.decode()
    assert code in worker  # a worker's ID on the list finds the dossier
    nobody = client.get("/can-bo/", {"hang": "all", "q": "079190000999"}).content.decode()
    assert code not in nobody
    other = client.get("/can-bo/", {"hang": "all", "cs": "QD23-HO-KINH-DOANH"}).content.decode()
    assert code not in other and "Không có hồ sơ nào" in other
    same = client.get("/can-bo/", {"hang": "all", "cs": "QD23-TAM-HOAN-HDLD"}).content.decode()
    assert code in same


def test_r1_a_refusal_without_reason_shows_the_error_on_the_fields(
    client: Client, officer: User, applicant: User
) -> None:
    code = submit_sample(applicant).code
    login(client, officer)
    r = client.post(f"/can-bo/ho-so/{code}/refuse/", {"refuse-reason_code": ""})
    assert r.status_code == 200
    text = r.content.decode()
    assert "Phải chọn lý do trong danh mục" in text and 'class="field invalid"' in text
    assert Dossier.objects.get(code=code).status == "submitted"
    r = client.post(
        f"/can-bo/ho-so/{code}/refuse/",
        {
            "refuse-reason_code": "TC-01",
            "refuse-reason_text": "Hồ sơ nộp không đúng cơ quan có thẩm quyền.",
        },
    )
    assert r.status_code == 302
    assert Dossier.objects.get(code=code).status == "refused"
    assert "thẩm quyền" in client.get(f"/can-bo/ho-so/{code}/").content.decode()


def test_r2_no_paper_copy_offered_for_a_signed_component(
    client: Client, officer: User, bhxh: User, bound_applicant: User
) -> None:
    from hotro.dossiers.actions import ActionInput, dossier_act
    from hotro.dossiers.domain.lifecycle import Action

    # signed by the employer, filed by an account bound to the employer's tax code
    code = submit_sample(bound_applicant, signed=("worker_list",)).code
    dossier_act(user=officer, code=code, action=Action.RECEIVE, data=ActionInput())
    login(client, bhxh)
    page = client.get(f"/can-bo/ho-so/{code}/").content.decode()
    start = page.index('name="request_supplement-kind_worker_list"')
    worker_select = page[start : page.index("</select>", start)]
    assert "paper_copy" not in worker_select and "seal" not in worker_select
    other = page.index('name="request_supplement-kind_social_insurance_confirmation"')
    assert "paper_copy" in page[other : page.index("</select>", other)]
    assert "khoản 2 Điều 19 Quyết định số 15/2020/QĐ-TTg" in page
    # A forged post asking for paper anyway is refused by the service, on the field.
    r = client.post(
        f"/can-bo/ho-so/{code}/request_supplement/",
        {
            "request_supplement-ask_worker_list": "on",
            "request_supplement-kind_worker_list": "electronic",
            "request_supplement-desc_worker_list": "Nộp bản giấy có đóng dấu",
            "request_supplement-reason_code": "BS-01",
            "request_supplement-reason_text": "Đề nghị bổ sung danh sách người lao động.",
        },
    )
    assert r.status_code == 302  # electronic re-submission may be asked
    assert Dossier.objects.get(code=code).status == "awaiting_supplement"


def test_bulk_receive_says_what_failed(
    client: Client, officer: User, applicant: User, make_user: Callable[..., User]
) -> None:
    codes = [
        submit_sample(applicant, national_id=n, salt=n).code
        for n in ("079190000123", "079190000124")
    ]
    login(client, officer)
    r = client.post(
        "/can-bo/xu-ly-nhieu/",
        {"action": "receive", "code": [*codes, "NCOVI.000.00.46.H29-211013-9999"]},
        follow=True,
    )
    text = r.content.decode()
    assert "cho 2 hồ sơ" in text and "Không tìm thấy hồ sơ NCOVI.000.00.46.H29-211013-9999" in text
    assert set(Dossier.objects.filter(code__in=codes).values_list("status", flat=True)) == {
        "in_processing"
    }


def test_public_lookup_shows_the_reason_of_a_refusal(
    client: Client, officer: User, applicant: User
) -> None:
    from hotro.dossiers.actions import ActionInput, dossier_act
    from hotro.dossiers.domain.lifecycle import Action

    code = submit_sample(applicant).code
    dossier_act(
        user=officer,
        code=code,
        action=Action.REFUSE,
        data=ActionInput(reason_code="TC-01", reason_text="Nộp không đúng cơ quan có thẩm quyền."),
    )
    page = Client().get("/tra-cuu/", {"code": code}).content.decode()
    # The catalog's wording, never the officer's (tests/api/test_public_lookup.py).
    assert "Không được tiếp nhận" in page and "thẩm quyền giải quyết" in page
    assert "không đúng cơ quan" not in page


def test_pages_need_the_right_role(client: Client, applicant: User) -> None:
    assert client.get("/can-bo/")["Location"].startswith("/dang-nhap/")
    client.force_login(applicant)
    assert client.get("/can-bo/").status_code == 403


def test_every_page_text_has_its_english_and_the_catalog_is_compiled() -> None:
    import shutil
    import subprocess
    from pathlib import Path

    import hotro

    po = Path(hotro.__file__).parent / "locale/en/LC_MESSAGES/django.po"
    text = po.read_text(encoding="utf-8")
    assert 'msgstr ""\n\n' not in text.split("\n\n", 1)[1]  # no empty translation
    msgfmt = shutil.which("msgfmt")
    if msgfmt is None:
        pytest.skip("gettext's msgfmt is not installed: the compiled catalog was not compared")
    compiled = subprocess.run(  # noqa: S603 (our own file)
        [msgfmt, "-o", "-", str(po)], capture_output=True, check=True
    ).stdout
    assert compiled == po.with_suffix(".mo").read_bytes(), "run `make messages`"


def test_the_queue_costs_the_same_queries_for_one_dossier_or_many(
    client: Client, officer: User, applicant: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from hotro.dossiers import calendar

    # The calendar is asked again after RECHECK_SECONDS of the monotonic clock: held still, so
    # that a slow machine does not add that query to one page and not the other.
    monkeypatch.setattr(calendar.time, "monotonic", lambda: 1000.0)
    submit_sample(applicant, national_id="079190000200", salt="x0")
    login(client, officer)
    with CaptureQueriesContext(connection) as one:
        assert client.get("/can-bo/", {"hang": "all"}).status_code == 200
    for i in range(1, 6):
        submit_sample(applicant, national_id=f"07919000020{i}", salt=f"x{i}")
    with CaptureQueriesContext(connection) as six:
        page = client.get("/can-bo/", {"hang": "all"}).content.decode()
    assert page.count("/can-bo/ho-so/NCOVI") == 6
    assert len(six.captured_queries) == len(one.captured_queries)


def test_an_overdue_dossier_gets_its_apology_with_a_new_date(
    client: Client, officer: User, applicant: User
) -> None:
    from hotro.core import clock

    code = submit_sample(applicant).code
    login(client, officer)
    with clock.frozen(clock.vietnam_datetime(2021, 10, 25, 9)):
        page = client.get(f"/can-bo/ho-so/{code}/").content.decode()
        assert "Quá hạn 2 ngày làm việc" in page and "apologize-new_due_date" in page
        r = client.post(
            f"/can-bo/ho-so/{code}/apologize/",
            {
                "apologize-reason_code": "XL-01",
                "apologize-reason_text": "Số lượng hồ sơ tăng đột biến trong đợt dịch.",
                "apologize-new_due_date": "2021-10-18",
            },
        )
        assert "ngày làm việc sau ngày hẹn hiện tại (21/10/2021)" in r.content.decode()
        r = client.post(
            f"/can-bo/ho-so/{code}/apologize/",
            {
                "apologize-reason_code": "XL-01",
                "apologize-reason_text": "Số lượng hồ sơ tăng đột biến trong đợt dịch.",
                "apologize-new_due_date": "2021-10-28",
            },
        )
        assert r.status_code == 302
        page = client.get(f"/can-bo/ho-so/{code}/").content.decode()
        assert "28/10/2021" in page and "phieu_xin_loi" in page


def test_the_queue_pages_by_keyset(
    client: Client, officer: User, applicant: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    from hotro.web.views import officer as officer_views

    monkeypatch.setattr(officer_views, "PAGE_SIZE", 2)
    codes = [
        submit_sample(applicant, national_id=f"07919000030{i}", salt=f"p{i}").code for i in range(3)
    ]
    login(client, officer)
    first = client.get("/can-bo/", {"hang": "new"}).content.decode()
    assert codes[2] in first and codes[1] in first and codes[0] not in first
    more = re.search(r'hx-get="\?hang=new&amp;sau=([\w-]+)"', first)
    assert more is not None
    rest = client.get(
        "/can-bo/", {"hang": "new", "sau": more.group(1)}, headers={"HX-Request": "true"}
    ).content.decode()
    assert codes[0] in rest and codes[1] not in rest and "<html" not in rest


def test_bulk_forward_at_the_social_insurance_step(
    client: Client, officer: User, bhxh: User, applicant: User
) -> None:
    from hotro.dossiers.actions import ActionInput, dossier_act
    from hotro.dossiers.domain.lifecycle import Action

    codes = [
        submit_sample(applicant, national_id=f"07919000040{i}", salt=f"f{i}").code for i in range(2)
    ]
    for code in codes:
        dossier_act(user=officer, code=code, action=Action.RECEIVE, data=ActionInput())
    login(client, bhxh)
    queue = client.get("/can-bo/", {"hang": "processing"}).content.decode()
    assert all(code in queue for code in codes)
    r = client.post("/can-bo/xu-ly-nhieu/", {"action": "forward", "code": codes}, follow=True)
    assert "cho 2 hồ sơ" in r.content.decode()
    assert {d.step_index for d in Dossier.objects.filter(code__in=codes)} == {1}
    # Forwarded, the dossiers leave this agency's queue but stay visible to it.
    queue = client.get("/can-bo/", {"hang": "processing"}).content.decode()
    assert not any(code in queue for code in codes)
    assert all(code in client.get("/can-bo/", {"hang": "all"}).content.decode() for code in codes)


def test_the_administration_asks_for_the_second_factor(make_user: Callable[..., User]) -> None:
    admin = with_second_factor(make_user(Role.ADMIN))
    client = Client()
    assert client.get("/admin/")["Location"].startswith("/admin/login/")
    assert "Đăng nhập" in client.get("/admin/login/", {"next": "/admin/"}).content.decode()
    r = client.post("/admin/login/", {"username": admin.username, "password": PASSWORD})
    assert r["Location"] == "/xac-thuc/"
    assert client.get("/admin/").status_code == 302  # not yet
    r = client.post("/xac-thuc/", {"token": otp_code()})
    assert r["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_r8_an_applicant_sees_only_their_dossiers_and_an_officer_acts_only_on_their_step(
    client: Client, officer: User, bhxh: User, applicant: User, make_user: Callable[..., User]
) -> None:
    from hotro.dossiers.actions import ActionInput, dossier_act
    from hotro.dossiers.domain.lifecycle import Action

    code = submit_sample(applicant).code
    client.force_login(make_user(Role.APPLICANT))
    assert client.get(f"/ho-so-cua-toi/{code}/").status_code == 404
    login(client, bhxh)  # not received yet: Social Insurance has never held it
    assert client.get(f"/can-bo/ho-so/{code}/").status_code == 404
    dossier_act(user=officer, code=code, action=Action.RECEIVE, data=ActionInput())
    client = Client()
    login(client, officer)  # received: the step is Social Insurance's now, Quận 1 only reads
    page = client.get(f"/can-bo/ho-so/{code}/").content.decode()
    assert "cơ quan của bạn chỉ xem" in page and "thao-tac-forward" not in page
    r = client.post(f"/can-bo/ho-so/{code}/forward/", {}, follow=True)
    assert "cơ quan của bạn không được thao tác" in r.content.decode()
    assert Dossier.objects.get(code=code).step_index == 0

"""Bad input on the pages: a form field with a character no text may hold comes back on the
form, named by its label, with what was typed, and nothing changes; an address or a body
that cannot be read gets a Vietnamese page, never a 500."""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable

import pytest
from django import forms
from django.test import Client

import hotro.web
from hotro.accounts.models import Role, User
from hotro.correspondence.models import OutgoingDispatch
from hotro.dossiers.models import Dossier
from hotro.web.forms import PageForm
from tests.factories import submit_sample
from tests.web.helpers import with_second_factor
from tests.web.test_pages import login

pytestmark = pytest.mark.django_db
BROKEN = "multipart/form-data"  # no boundary


@pytest.fixture
def officer(make_user: Callable[..., User]) -> User:
    return with_second_factor(make_user(Role.OFFICER, agency="000.00.46.H29"))


@pytest.mark.parametrize("char", ["\x00", "\x01", "\x0b"])
def test_a_refusal_reason_with_a_control_character_comes_back_on_its_field(
    client: Client, officer: User, applicant: User, char: str
) -> None:
    code = submit_sample(applicant).code
    login(client, officer)
    typed = f"Hồ sơ nộp không đúng{char} cơ quan có thẩm quyền."
    r = client.post(
        f"/can-bo/ho-so/{code}/refuse/",
        {"refuse-reason_code": "TC-01", "refuse-reason_text": typed},
    )
    assert r.status_code == 200
    page = r.content.decode()
    assert f"Ô «Nội dung lý do, ghi cụ thể» có ký tự không dùng được (U+{ord(char):04X})" in page
    assert "Hồ sơ nộp không đúng" in page and "cơ quan có thẩm quyền." in page  # kept
    assert Dossier.objects.get(code=code).status == "submitted"


def test_registration_names_the_field_in_english_too(client: Client) -> None:
    data = {
        "username": "nguoi-moi",
        "full_name": "Nguyễn\x01 Văn An",
        "password1": "mat-khau-rat-dai-2021",
        "password2": "mat-khau-rat-dai-2021",
    }
    page = client.post("/dang-ky/", data).content.decode()
    assert "Ô «Họ và tên, hoặc tên doanh nghiệp, hộ kinh doanh» có ký tự không dùng được" in page
    client.cookies["django_language"] = "en"
    page = client.post("/dang-ky/", data).content.decode()
    assert "holds a character that is not allowed (U+0001)" in page
    assert not User.objects.filter(username="nguoi-moi").exists()


def test_a_reminder_signed_with_a_nul_is_not_issued(
    client: Client, make_user: Callable[..., User]
) -> None:
    supervisor = with_second_factor(make_user(Role.SUPERVISOR, agency="000.00.01.H29"))
    login(client, supervisor)
    r = client.post(
        "/giam-sat/cong-van-don-doc/",
        {"symbol": "UBND-KSTT", "title": "PHÓ CHỦ TỊCH", "signer": "Phạm\x00 Quốc Tuấn"},
    )
    assert r.status_code == 200
    assert "Ô «Họ và tên người ký» có ký tự không dùng được (U+0000)" in r.content.decode()
    assert OutgoingDispatch.objects.count() == 0


@pytest.mark.parametrize("query", ["code=%00", "code=NCOVI%01", "code=%ED%A0%80"])
def test_an_address_with_a_control_character_gets_a_vietnamese_page(
    client: Client, query: str
) -> None:
    r = client.get(f"/tra-cuu/?{query}")
    if query.endswith("%80"):  # not UTF-8: read as U+FFFD, a text like any other
        assert r.status_code == 200
        return
    assert r.status_code == 400
    assert r["Content-Type"].startswith("text/html")
    assert "Địa chỉ trang có ký tự không dùng được" in r.content.decode()
    assert "«code»" in r.content.decode()


@pytest.mark.parametrize(
    "path",
    ["/nop-ho-so/QD23-TAM-HOAN-HDLD/nguoi-huong/", "/nop-ho-so/QD23-TAM-HOAN-HDLD/tai-lieu/"],
)
@pytest.mark.parametrize(
    "content_type", [BROKEN, BROKEN + "; boundary=", BROKEN + "; boundary=" + "x" * 300]
)
def test_a_page_upload_without_a_readable_body_gets_a_vietnamese_page(
    client: Client, applicant: User, path: str, content_type: str
) -> None:
    client.force_login(applicant)
    r = client.generic("POST", path, b"--x\r\n\r\n--x--", content_type=content_type)
    assert r.status_code == 400
    assert "Không đọc được nội dung multipart/form-data" in r.content.decode()


def test_a_supplement_upload_without_a_boundary_gets_a_vietnamese_page(
    client: Client, applicant: User
) -> None:
    code = submit_sample(applicant).code
    client.force_login(applicant)
    r = client.generic("POST", f"/ho-so-cua-toi/{code}/bo-sung/", b"--x--", content_type=BROKEN)
    assert r.status_code == 400
    assert "Không đọc được nội dung multipart/form-data" in r.content.decode()


def test_every_page_form_checks_its_characters() -> None:
    for module in pkgutil.walk_packages(hotro.web.__path__, "hotro.web."):
        importlib.import_module(module.name)
    todo: list[type[forms.BaseForm]] = [forms.Form]
    found = []
    while todo:
        for sub in todo.pop().__subclasses__():
            todo.append(sub)
            if sub.__module__.startswith("hotro.web."):
                found.append(sub)
    assert len(found) > 10
    assert [f.__qualname__ for f in found if not issubclass(f, PageForm)] == []


@pytest.mark.parametrize(
    ("role", "agency", "address"),
    [
        (Role.SUPERVISOR, "000.00.01.H29", "/giam-sat/?province=99999999999999999999999"),
        (Role.SUPERVISOR, "000.00.01.H29", "/giam-sat/?province=-1"),
        (Role.SUPERVISOR, "000.00.01.H29", "/giam-sat/?den=9999-12-31&tu=0001-01-01"),
        (Role.SUPERVISOR, "000.00.01.H29", "/giam-sat/?tu=2021-10-13&den=2021-01-01"),
        (Role.SUPERVISOR, "000.00.01.H29", "/giam-sat/?agency=%E2%80%AE"),
        (Role.OFFICER, "000.00.46.H29", "/can-bo/?sau=not-a-cursor"),
        (Role.OFFICER, "000.00.46.H29", "/can-bo/?sau=ZDo5OTk5OTk5OTk5OTk5OTk5OTk5OTk5OQ"),
        (Role.OFFICER, "000.00.46.H29", "/can-bo/?hang=qua-han&q=" + "9" * 5000),
        (Role.APPLICANT, None, "/ho-so-cua-toi/?sau=%C2%B2"),
        (
            Role.APPLICANT,
            None,
            "/nop-ho-so/QD23-TAM-HOAN-HDLD/thong-tin/?tinh=99999999999999999999",
        ),
    ],
)
def test_far_dates_huge_numbers_and_bad_cursors_in_page_addresses_are_not_500(
    client: Client, make_user: Callable[..., User], role: Role, agency: str | None, address: str
) -> None:
    user = make_user(role, agency=agency)
    if role == Role.APPLICANT:
        client.force_login(user)
    else:
        login(client, with_second_factor(user))
    r = client.get(address)
    assert r.status_code < 500, r.content.decode()[:2000]

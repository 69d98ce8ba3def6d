"""Finding 6: no page redirects to another site. Every parameter a page redirects to (the
queue's `back`, the login's `next`, the administration's, the language switch's) is tried
with the usual tricks; each answer must land on a page of ours."""

from __future__ import annotations

import re
from collections.abc import Callable
from urllib.parse import urljoin, urlsplit

import pytest
from django.test import Client

from hotro.accounts.models import Role, User
from tests.factories import submit_sample
from tests.web.helpers import otp_code, with_second_factor

pytestmark = pytest.mark.django_db
PASSWORD = "secret-password-1"

EVIL = [
    "//evil.example/x",
    "/\\evil.example",
    "\\\\evil",
    "\\/evil.example",
    "https://evil.example",
    "http://evil.example/can-bo/",
    "https:evil.example",
    "///evil.example",
    "/%2F%2Fevil.example",
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    " //evil.example",
    "\t//evil.example",
    "\n//evil.example",
    "\x01//evil.example",
    "\x00/can-bo/",
    "/\t/evil.example",
    "/\r\n/evil.example",
    "/can-bo/\r\nSet-Cookie: x=1",
    "\u200b//evil.example",
    "//evil.example@testserver/",
    "//testserver@evil.example/",
]


def lands_here(location: str) -> str:
    """The path a browser would go to, asserting it is on our site: browsers drop tabs and
    newlines anywhere, strip control characters and spaces at the ends and read `\\` as
    `/`, so the check does the same before resolving the address against our own."""
    assert not re.search(r"[\x00-\x1f\x7f]", location), repr(location)
    seen = re.sub(r"[\t\r\n]", "", location).strip("\x00\x20").replace("\\", "/")
    url = urlsplit(urljoin("http://testserver/somewhere/", seen))
    assert url.scheme == "http" and url.netloc == "testserver", (location, url)
    return url.path


@pytest.fixture
def officer(make_user: Callable[..., User]) -> User:
    return with_second_factor(make_user(Role.OFFICER, agency="000.00.46.H29"))


def _login(client: Client, user: User) -> None:
    r = client.post("/dang-nhap/", {"username": user.username, "password": PASSWORD})
    assert r.status_code == 302
    if r["Location"] == "/xac-thuc/":
        r = client.post("/xac-thuc/", {"token": otp_code()})
        assert r.status_code == 302


@pytest.mark.parametrize("back", EVIL)
def test_bulk_action_back_stays_on_our_site(client: Client, officer: User, back: str) -> None:
    _login(client, officer)
    for data in ({"action": "receive"}, {"action": "receive", "code": "NCOVI.NONE-1"}):
        r = client.post("/can-bo/xu-ly-nhieu/", {**data, "back": back})
        assert r.status_code == 302
        assert lands_here(r["Location"]) == "/can-bo/", (back, r["Location"])


def test_bulk_action_back_to_a_page_of_ours_is_kept(
    client: Client, officer: User, applicant: User
) -> None:
    code = submit_sample(applicant).code
    _login(client, officer)
    r = client.post(
        "/can-bo/xu-ly-nhieu/",
        {"action": "receive", "code": code, "back": "/can-bo/?hang=all&q=An"},
    )
    assert r["Location"] == "/can-bo/?hang=all&q=An"
    # a path that is no page of ours is not kept either
    r = client.post("/can-bo/xu-ly-nhieu/", {"action": "receive", "back": "/khong-co/"})
    assert r["Location"] == "/can-bo/"


@pytest.mark.parametrize("target", EVIL)
def test_login_next_stays_on_our_site(client: Client, applicant: User, target: str) -> None:
    # 400: a NUL byte is refused before any view (the input guard)
    assert client.get("/dang-nhap/", {"next": target}).status_code in (200, 400)
    r = client.post("/dang-nhap/", {"username": applicant.username, "password": PASSWORD})
    assert lands_here(r["Location"]) == "/ho-so-cua-toi/", (target, r["Location"])


@pytest.mark.parametrize("target", EVIL[:8])
def test_the_second_factor_step_keeps_next_on_our_site(
    client: Client, officer: User, target: str
) -> None:
    # the administration's login is the same page: /admin/login/?next=…
    assert client.get("/admin/login/", {"next": target}).status_code in (200, 400)
    r = client.post("/dang-nhap/", {"username": officer.username, "password": PASSWORD})
    assert r["Location"] == "/xac-thuc/"
    r = client.post("/xac-thuc/", {"token": otp_code()})
    assert lands_here(r["Location"]) == "/can-bo/", (target, r["Location"])


def test_login_next_to_a_page_of_ours_is_kept(client: Client, officer: User) -> None:
    client.get("/dang-nhap/", {"next": "/can-bo/?hang=overdue"})
    r = client.post("/dang-nhap/", {"username": officer.username, "password": PASSWORD})
    r = client.post("/xac-thuc/", {"token": otp_code()})
    assert r["Location"] == "/can-bo/?hang=overdue"


@pytest.mark.parametrize("target", EVIL)
def test_the_language_switch_stays_on_our_site(client: Client, target: str) -> None:
    # Django's own view: on a target it refuses it goes back to the Referer, or to /.
    r = client.post("/i18n/setlang/", {"language": "en", "next": target})
    assert r.status_code in (302, 400)
    if r.status_code == 302:
        lands_here(r["Location"])
    r = client.get("/i18n/setlang/", {"next": target})
    if r.status_code == 302:
        lands_here(r["Location"])


@pytest.mark.parametrize("target", EVIL)
def test_the_administrations_logout_stays_on_our_site(
    client: Client, make_user: Callable[..., User], target: str
) -> None:
    admin = with_second_factor(make_user(Role.ADMIN))
    _login(client, admin)
    r = client.post("/admin/logout/", {"next": target})
    if r.status_code == 302:
        lands_here(r["Location"])
    else:  # Django's own "logged out" page
        assert r.status_code == 200

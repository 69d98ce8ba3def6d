"""Finding 4, logins: guessing is stopped, and nobody can use it to lock someone else out.

Before: the lock was keyed on user name + REMOTE_ADDR, so behind a reverse proxy (one
address for everyone) five wrong passwords locked the account for all its users. Now the lock
holds a user name at the client's own address (hotro.core.clientip), guessing from many
addresses slows only those addresses down, spraying from one address stops it, and a browser
that has logged in before is trusted (hotro.core.logins)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from axes.models import AccessAttempt
from django.test import Client

from hotro.accounts.models import Role, User
from hotro.core.logins import DEVICE_COOKIE

pytestmark = pytest.mark.django_db
PASSWORD = "secret-password-1"
ATTACKER, OWNER, PROXY = "203.0.113.66", "198.51.100.10", "10.0.0.1"


@pytest.fixture
def owner(make_user: Callable[..., User]) -> User:
    return make_user(Role.APPLICANT, username="dn.anphat")


def attempt(
    client: Client,
    username: str,
    password: str,
    addr: str,
    forwarded: str | None = None,
    path: str = "/dang-nhap/",
) -> Any:
    headers = {"X-Forwarded-For": forwarded} if forwarded else {}
    return client.post(
        path, {"username": username, "password": password}, REMOTE_ADDR=addr, headers=headers
    )


def logged_in(r: Any) -> bool:
    return r.status_code == 302 and not r["Location"].startswith("/dang-nhap/")


def locked(r: Any) -> bool:
    return r.status_code == 429


def guess(client: Client, username: str, addr: str, times: int, **kw: Any) -> None:
    for i in range(times):
        r = attempt(client, username, f"wrong-{i}", addr, **kw)
        assert r.status_code in (200, 429), r.status_code


@pytest.mark.parametrize("path", ["/dang-nhap/", "/admin/login/"])
def test_an_attacker_elsewhere_cannot_lock_the_owner_out(owner: User, path: str) -> None:
    guess(Client(), owner.username, ATTACKER, 5, path=path)
    # The attacker is stopped, even with the right password from there...
    assert locked(attempt(Client(), owner.username, PASSWORD, ATTACKER, path=path))
    # ...and the owner, at another address, gets in.
    assert logged_in(attempt(Client(), owner.username, PASSWORD, OWNER, path=path))


def test_behind_our_proxy_each_client_is_locked_on_its_own_address(
    settings: Any, owner: User
) -> None:
    settings.HOTRO_TRUSTED_PROXY_COUNT = 1
    guess(Client(), owner.username, PROXY, 5, forwarded=ATTACKER)
    assert locked(attempt(Client(), owner.username, PASSWORD, PROXY, forwarded=ATTACKER))
    assert logged_in(attempt(Client(), owner.username, PASSWORD, PROXY, forwarded=OWNER))
    recorded = set(AccessAttempt.objects.values_list("ip_address", flat=True))
    assert recorded == {ATTACKER}  # django-axes asks the same function


def test_a_forged_forwarded_for_does_not_reset_the_count(settings: Any, owner: User) -> None:
    settings.HOTRO_TRUSTED_PROXY_COUNT = 0
    for i in range(5):
        attempt(Client(), owner.username, f"wrong-{i}", ATTACKER, forwarded=f"10.1.1.{i}")
    r = attempt(Client(), owner.username, PASSWORD, ATTACKER, forwarded="10.1.1.99")
    assert locked(r)
    assert "tạm khóa" in r.content.decode()


def test_spraying_many_names_from_one_address_is_stopped(
    settings: Any, make_user: Callable[..., User]
) -> None:
    settings.HOTRO_RATES = {**settings.HOTRO_RATES, "login_failures": {"ip": "10/15m"}}
    users = [make_user(Role.APPLICANT) for _ in range(12)]
    for user in users[:10]:  # one guess each: django-axes alone would never lock
        assert attempt(Client(), user.username, "123456", ATTACKER).status_code == 200
    r = attempt(Client(), users[10].username, PASSWORD, ATTACKER)
    assert locked(r) and int(r["Retry-After"]) <= 15 * 60
    assert "Quá nhiều yêu cầu" in r.content.decode()
    assert logged_in(attempt(Client(), users[11].username, PASSWORD, OWNER))


def test_guessing_from_many_addresses_slows_those_down_not_the_owner(
    settings: Any, owner: User
) -> None:
    settings.HOTRO_RATES = {**settings.HOTRO_RATES, "login_failures": {"user": "3/1h"}}
    botnet = ["203.0.113.1", "203.0.113.2", "203.0.113.3"]
    for addr in botnet:
        guess(Client(), owner.username, addr, 1)
    # Past the name's limit, an address that failed waits, even with the right password...
    assert locked(attempt(Client(), owner.username, PASSWORD, botnet[0]))
    # ...while a place that never failed gets in: a slow-down, not a lock.
    assert logged_in(attempt(Client(), owner.username, PASSWORD, OWNER))


def test_an_attacker_at_the_owners_address_cannot_lock_the_owners_browser(owner: User) -> None:
    office = "198.51.100.200"  # one NAT for the whole office
    browser = Client()
    assert logged_in(attempt(browser, owner.username, PASSWORD, office))
    assert DEVICE_COOKIE in browser.cookies
    browser.post("/dang-xuat/", REMOTE_ADDR=office)
    guess(Client(), owner.username, office, 5)  # a colleague's computer, same address
    assert locked(attempt(Client(), owner.username, PASSWORD, office))
    assert logged_in(attempt(browser, owner.username, PASSWORD, office))


def test_a_stolen_device_cookie_buys_only_a_few_guesses(owner: User) -> None:
    browser = Client()
    assert logged_in(attempt(browser, owner.username, PASSWORD, OWNER))
    browser.post("/dang-xuat/", REMOTE_ADDR=OWNER)
    thief = Client()
    thief.cookies[DEVICE_COOKIE] = browser.cookies[DEVICE_COOKIE].value
    guess(thief, owner.username, ATTACKER, 5)  # counted against the device
    guess(thief, owner.username, ATTACKER, 5)  # then by django-axes, as any browser
    assert locked(attempt(thief, owner.username, PASSWORD, ATTACKER))
    # The cookie is bound to its user name: it does not help guessing another one.
    other = Client()
    other.cookies[DEVICE_COOKIE] = browser.cookies[DEVICE_COOKIE].value
    guess(other, "canbo.q1", ATTACKER, 5)
    assert locked(attempt(other, "canbo.q1", PASSWORD, ATTACKER))


def test_a_tampered_device_cookie_is_ignored(owner: User) -> None:
    thief = Client()
    thief.cookies[DEVICE_COOKIE] = '[["dn.anphat", "forged"]]'
    guess(thief, owner.username, ATTACKER, 5)
    assert locked(attempt(thief, owner.username, PASSWORD, ATTACKER))

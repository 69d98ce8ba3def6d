"""Password guessing, stopped without letting anyone lock someone else out.

Four layers (the reasons are in docs/decisions/0012-rate-limits.md):
1. django-axes locks a user name *at one client address* after HOTRO_LOGIN_FAILURE_LIMIT
   failures (the address from `hotro.core.clientip`, so behind our proxies it is the
   client's own, never the proxy's).
2. Failures per address, whatever the user names (password spraying): past the limit, that
   address waits for the rest of the window.
3. Failures per user name from anywhere (guessing from many addresses): past the limit, only
   the addresses that have failed for that name wait; a place that has not failed still gets
   in. A slow-down, never a lock.
4. A browser that has logged in as a user carries a signed device cookie for that name. It
   is exempt from 1-3, so an attacker sharing the owner's address (the same office NAT)
   cannot shut the owner out; its own failures are counted, and after as many as layer 1
   allows it is trusted no more until the window ends.
"""

from __future__ import annotations

import secrets
from typing import Any

from django.conf import settings
from django.core import signing
from django.http import HttpRequest, HttpResponse

from hotro.core import ratelimit

DEVICE_COOKIE = "hotro_device"
DEVICE_SALT = "hotro.login.device"
DEVICE_MAX_AGE = 180 * 24 * 3600
DEVICES_KEPT = 5  # user names remembered per browser (an office computer is shared)


def _name(username: str) -> str:
    return username.strip().casefold()[:150]


def _device_rate() -> str:
    minutes = max(1, round(settings.AXES_COOLOFF_TIME * 60))
    return f"{settings.AXES_FAILURE_LIMIT}/{minutes}m"


def _devices(request: HttpRequest) -> list[list[str]]:
    raw = request.COOKIES.get(DEVICE_COOKIE, "")
    if not raw:
        return []
    try:
        found = signing.loads(raw, salt=DEVICE_SALT, max_age=DEVICE_MAX_AGE)
    except signing.BadSignature:
        return []
    if not isinstance(found, list):
        return []
    return [e for e in found if isinstance(e, list) and len(e) == 2][:DEVICES_KEPT]


def _device_token(request: HttpRequest, username: str) -> str | None:
    name = _name(username)
    return next((token for who, token in _devices(request) if who == name), None)


def trusted_device(request: HttpRequest, username: str) -> bool:
    """The browser has logged in as `username` before and has not used up its failures."""
    token = _device_token(request, username)
    if token is None:
        return False
    found = ratelimit.usage(request, "login.device", token, _device_rate(), count=False)
    return ratelimit.wait_of(found, reached=True) is None


def axes_whitelisted(request: HttpRequest, credentials: dict[str, Any] | None = None) -> bool:
    """AXES_WHITELIST_CALLABLE: django-axes neither locks nor counts a trusted device."""
    username = (credentials or {}).get("username") or ""
    return bool(username) and trusted_device(request, str(username))


def _pair(request: HttpRequest, username: str) -> str:
    return f"{_name(username)}|{ratelimit.address_key(request)}"


def login_wait(request: HttpRequest, username: str) -> int | None:
    """Before the password is checked: the seconds this attempt must wait, or None."""
    if trusted_device(request, username):
        return None
    address = ratelimit.address_key(request)
    waits = [ratelimit.hit(request, "login")]
    by_ip = ratelimit.rate("login_failures", "ip")
    if by_ip:
        found = ratelimit.usage(request, "login_failures.ip", address, by_ip, count=False)
        waits.append(ratelimit.wait_of(found, reached=True))
    by_user = ratelimit.rate("login_failures", "user")
    if by_user:
        name = _name(username)
        found = ratelimit.usage(request, "login_failures.user", name, by_user, count=False)
        here = ratelimit.usage(
            request, "login_failures.pair", _pair(request, username), by_user, count=False
        )
        if here is not None and here["count"] > 0:
            waits.append(ratelimit.wait_of(found, reached=True))
    found_waits = [w for w in waits if w is not None]
    return max(found_waits) if found_waits else None


def login_failed(request: HttpRequest, username: str) -> None:
    """A wrong password (django-axes counts its own, through Django's signal)."""
    token = _device_token(request, username)
    if token is not None:
        ratelimit.usage(request, "login.device", token, _device_rate(), count=True)
    by_ip = ratelimit.rate("login_failures", "ip")
    if by_ip:
        address = ratelimit.address_key(request)
        ratelimit.usage(request, "login_failures.ip", address, by_ip, count=True)
    by_user = ratelimit.rate("login_failures", "user")
    if by_user:
        name = _name(username)
        ratelimit.usage(request, "login_failures.user", name, by_user, count=True)
        ratelimit.usage(
            request, "login_failures.pair", _pair(request, username), by_user, count=True
        )


def remember_device(request: HttpRequest, response: HttpResponse, username: str) -> HttpResponse:
    """After a complete login (with the second factor where one is needed): this browser is
    a known device for `username`, with a fresh token."""
    name = _name(username)
    kept = [e for e in _devices(request) if e[0] != name][: DEVICES_KEPT - 1]
    value = signing.dumps([[name, secrets.token_urlsafe(16)], *kept], salt=DEVICE_SALT)
    response.set_cookie(
        DEVICE_COOKIE,
        value,
        max_age=DEVICE_MAX_AGE,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )
    return response

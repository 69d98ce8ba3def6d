"""Rate limits: how many requests of a kind one user and one client address may make in a
window, counted by django-ratelimit in Django's cache (Redis in production, files on one
machine; see docs/decisions/0012-rate-limits.md).

Each kind ("scope") has a limit per address and one per user, read from the settings
(`HOTRO_RATES`, from HOTRO_RATE_* in the environment). Per-address limits are generous, since
an office of thirty officers or a mobile network shares one address; per-user limits are the
ones that catch a script. A limit of "off" (or empty) counts nothing.
"""

from __future__ import annotations

import ipaddress
import logging
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django_ratelimit.core import get_usage

from hotro.core.clientip import client_ip

log = logging.getLogger(__name__)
IPV6_PREFIX = 64  # one subscriber's network: counting single IPv6 addresses counts nothing


def rate(scope: str, by: str) -> str | None:
    rates: dict[str, dict[str, str | None]] = settings.HOTRO_RATES
    return rates.get(scope, {}).get(by)


def address_key(request: HttpRequest) -> str:
    """The client's address as a counting key: an IPv6 address counts by its /64."""
    ip = ipaddress.ip_address(client_ip(request))
    if ip.version == 6:
        return str(ipaddress.ip_network(f"{ip}/{IPV6_PREFIX}", strict=False).network_address)
    return str(ip)


def usage(
    request: HttpRequest, group: str, value: str, limit: str, *, count: bool
) -> dict[str, Any] | None:
    """django-ratelimit's usage of `group` for `value` (counting this request when `count`).
    None when the cache cannot answer: the limits then fail open, with a log line, since a
    cache outage must not close the service (django-axes' lock, in the database, still holds)."""
    key: Callable[[str, HttpRequest], str] = lambda _group, _request: value  # noqa: E731
    try:
        found: dict[str, Any] | None = get_usage(
            request, group=f"hotro.{group}", key=key, rate=limit, increment=count
        )
    except Exception:  # the cache's own errors (Redis down, disk full) have no common type
        log.warning("rate limit %s not counted: the cache did not answer", group, exc_info=True)
        return None
    if found is not None and found.get("limit") == 0:  # django-ratelimit's own failure answer
        log.warning("rate limit %s not counted: the cache did not answer", group)
        return None
    return found


def wait_of(found: dict[str, Any] | None, *, reached: bool = False) -> int | None:
    """Seconds until the window ends when the limit is passed (or, with `reached`, already
    reached by what was counted before), else None."""
    if found is None:
        return None
    over = found["count"] >= found["limit"] if reached else found["should_limit"]
    return max(1, int(found["time_left"])) if over else None


def hit(request: HttpRequest, scope: str, *, user: Any = None) -> int | None:
    """Count one request of `scope` for the client's address and, when known, the user. The
    seconds to wait when either is past its limit, else None."""
    waits = []
    by_ip = rate(scope, "ip")
    if by_ip:
        waits.append(
            wait_of(usage(request, f"{scope}.ip", address_key(request), by_ip, count=True))
        )
    by_user = rate(scope, "user")
    if by_user and user is not None and getattr(user, "is_authenticated", False):
        waits.append(wait_of(usage(request, f"{scope}.user", str(user.pk), by_user, count=True)))
    found = [w for w in waits if w is not None]
    return max(found) if found else None

"""The client's address: the one function that the rate limits, django-axes and the logs ask.

X-Forwarded-For is written by whoever sends the request, so it is believed only as far as the
proxies we run: each of HOTRO_TRUSTED_PROXY_COUNT proxies appends the address it was reached
from, so the client is that many places from the right. With no proxy configured the header
is ignored and the address of the connection counts.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str:
    remote = _address(request.META.get("REMOTE_ADDR", "")) or "0.0.0.0"  # noqa: S104 (a key)
    proxies = int(getattr(settings, "HOTRO_TRUSTED_PROXY_COUNT", 0))
    if proxies <= 0:
        return remote
    hops = [h.strip() for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    hops = [h for h in hops if h]
    if not hops:
        return remote
    # Fewer entries than proxies: the request skipped one of them; the left-most is the
    # farthest anyone vouches for (the convention of Django REST framework and ninja).
    return _address(hops[-min(proxies, len(hops))]) or remote


def _address(text: str) -> str:
    """A valid address in its canonical form, or "" (a port or brackets are dropped)."""
    text = text.strip()
    if text.startswith("[") and "]" in text:  # [2001:db8::1]:443
        text = text[1 : text.index("]")]
    elif text.count(":") == 1:  # 203.0.113.7:51000
        text = text.split(":", 1)[0]
    try:
        return str(ipaddress.ip_address(text))
    except ValueError:
        return ""

"""Redirects to an address the request names (`next`, `back`): only to a page of this site.

Every page that redirects to a parameter goes through `safe_target`. Django's own check
(`url_has_allowed_host_and_scheme`) refuses other hosts, scheme-relative and backslash
tricks and schemes such as `javascript:`; on top of it the target must be a path of ours
(what our pages put in those parameters) that the URLconf knows, with no control character
anywhere (a CR or LF would otherwise reach the Location header)."""

from __future__ import annotations

import unicodedata
from typing import Any
from urllib.parse import unquote, urlsplit

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import Resolver404, resolve
from django.utils.http import url_has_allowed_host_and_scheme


def safe_target(request: HttpRequest, candidate: object) -> str | None:
    """`candidate` if it is a path of this site, else None."""
    if not isinstance(candidate, str):
        return None
    url = candidate.strip()
    if not url.startswith("/") or any(unicodedata.category(c)[0] == "C" for c in url):
        return None
    if not url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return None
    try:
        resolve(unquote(urlsplit(url).path))
    except Resolver404:
        return None
    return url


def redirect_back(
    request: HttpRequest, candidate: object, fallback: str, *args: Any, **kwargs: Any
) -> HttpResponse:
    """Redirect to `candidate` when it is safe, else to the named page `fallback`."""
    target = safe_target(request, candidate)
    if target is not None:
        return HttpResponseRedirect(target)
    return redirect(fallback, *args, **kwargs)

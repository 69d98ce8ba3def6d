"""The pages' side of the rate limits: a plain page that says how long to wait (429)."""

from __future__ import annotations

import math

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from hotro.core.ratelimit import hit
from hotro.web.errors import render_code


def too_many(request: HttpRequest, wait: int) -> HttpResponse:
    response = render(
        request,
        "web/too_many.html",
        {
            "heading": render_code("rate_limited_title"),
            "message": render_code("rate_limited", {"minutes": max(1, math.ceil(wait / 60))}),
            "home": render_code("back_home"),
        },
        status=429,
    )
    response["Retry-After"] = str(wait)
    return response


def refused(request: HttpRequest, scope: str) -> HttpResponse | None:
    """Count this request in `scope` (by address and signed-in user): the 429 page when it is
    one too many, else None."""
    user = request.user if request.user.is_authenticated else None
    wait = hit(request, scope, user=user)
    return too_many(request, wait) if wait is not None else None

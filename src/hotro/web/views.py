"""Pages. Thin: they call selectors and services, and render."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from hotro.catalog.selectors import policy_list
from hotro.core.errors import NotFound
from hotro.dossiers.domain.status import LABEL_VI, Status
from hotro.dossiers.selectors import dossier_public


def home(request: HttpRequest) -> HttpResponse:
    code = request.GET.get("code", "").strip()
    found, not_found = None, False
    if code:
        try:
            found = dossier_public(code=code)
        except NotFound:
            not_found = True
    policies = [{"policy": p, "total_days": p.total_working_days()} for p in policy_list()]
    return render(
        request,
        "web/home.html",
        {
            "policies": policies,
            "code": code,
            "found": found,
            "found_status": LABEL_VI[Status(found.status)] if found else "",
            "not_found": not_found,
        },
    )

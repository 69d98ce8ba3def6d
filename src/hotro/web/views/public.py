"""Pages anyone may open: the policies, and the status of a dossier by its code."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from hotro.catalog.selectors import policy_list
from hotro.core import clock
from hotro.core.errors import NotFound
from hotro.dossiers.public import PublicDossier, public_view
from hotro.web.limits import refused


def home(request: HttpRequest) -> HttpResponse:
    code = request.GET.get("code", "").strip()
    if code and (too_many := refused(request, "lookup")):
        return too_many
    found, not_found = _lookup(code)
    today = clock.today()
    policies = [
        {
            "policy": p,
            "total_days": p.total_working_days(),
            "documents": list(p.documents.all()),
            "steps": list(p.steps.all()),
            "legal_basis": p.legal_basis_on(today),
            "open": p.open_on(today),
        }
        for p in policy_list()
    ]
    return render(
        request,
        "web/home.html",
        {"policies": policies, "code": code, "found": found, "not_found": not_found},
    )


def _lookup(code: str) -> tuple[PublicDossier | None, bool]:
    if not code:
        return None, False
    try:
        return public_view(code=code), False
    except NotFound:
        return None, True


def track(request: HttpRequest) -> HttpResponse:
    code = request.GET.get("code", "").strip()
    if code and (too_many := refused(request, "lookup")):
        return too_many
    found, not_found = _lookup(code)
    return render(request, "web/track.html", {"code": code, "found": found, "not_found": not_found})

"""The applicant's page for binding the account to an enterprise's tax code: ask for a
challenge, download it as a PDF (or text) to sign, upload the signed file. Every rule is in
accounts.binding; this page only asks and shows."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from hotro.accounts import binding, selectors
from hotro.accounts.binding_models import BindingChallenge
from hotro.accounts.challenge_pdf import challenge_pdf
from hotro.accounts.models import User
from hotro.catalog.models import Policy
from hotro.core import clock
from hotro.core.errors import AppError, FieldError, NotFound
from hotro.core.uploads import read_bounded
from hotro.signatures.proofs import token
from hotro.web import errors, limits
from hotro.web.access import applicant_required
from hotro.web.forms import ChallengeForm, ProofForm

RETURN = "ho-so"  # the policy whose application to continue after binding


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def _return_to(request: HttpRequest) -> str | None:
    """The review step of the application the applicant came from: only ever a policy's
    own address, never a URL taken from the request."""
    code = request.GET.get(RETURN) or request.POST.get(RETURN) or ""
    if not code or not Policy.objects.filter(code=code).exists():
        return None
    return code


def _challenge(request: HttpRequest, challenge_id: uuid.UUID) -> BindingChallenge:
    try:
        return selectors.challenge_get(user=_user(request), challenge_id=challenge_id)
    except NotFound as exc:
        raise Http404(str(challenge_id)) from exc


@applicant_required
def bindings(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    policy = _return_to(request)
    form = ChallengeForm(request.POST or None, initial={"tax_code": request.GET.get("mst", "")})
    if request.method == "POST" and form.is_valid():
        try:
            challenge = binding.challenge_issue(user=user, tax_code=form.cleaned_data["tax_code"])
        except AppError as exc:
            errors.add_to_form(form, exc)
        else:
            url = reverse("web:binding_challenge", args=[challenge.id])
            return redirect(f"{url}?{RETURN}={policy}" if policy else url)
    now = clock.now()
    open_challenges = user.binding_challenges.filter(used_at=None, expires_at__gt=now)
    return render(
        request,
        "web/applicant/bindings.html",
        {
            "form": form,
            "bindings": selectors.bindings_of(user=user),
            "open_challenges": open_challenges.order_by("-created_at"),
            "return_policy": policy,
        },
    )


@applicant_required
def challenge(request: HttpRequest, challenge_id: uuid.UUID) -> HttpResponse:
    user = _user(request)
    found = _challenge(request, challenge_id)
    policy = _return_to(request)
    if request.method == "POST" and (too_many := limits.refused(request, "upload")):
        return too_many  # abuse: each answer is a full signature validation
    form = ProofForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            content = read_bounded(form.cleaned_data["file"], binding.MAX_PROOF_BYTES)
            made, _new = binding.challenge_answer(
                user=user, challenge_id=str(found.id), content=content
            )
        except AppError as exc:
            # the file's problems go on its field; the challenge's (used, expired) on the form
            for e in exc.errors or [FieldError("", exc.code, exc.params)]:
                form.add_error(
                    "file" if e.field == "file" else None, errors.render_code(e.code, e.params)
                )
        else:
            messages.success(
                request,
                _("Đã xác minh: tài khoản được nộp hồ sơ cho mã số thuế %(mst)s.")
                % {"mst": made.identifier},
            )
            if policy:
                return redirect("web:apply_step", policy, "xem-lai")
            return redirect("web:bindings")
    return render(
        request,
        "web/applicant/binding_challenge.html",
        {
            "form": form,
            "challenge": found,
            "token": token(found.nonce),
            "expired": found.expires_at <= clock.now(),
            "return_policy": policy,
            "max_bytes": binding.MAX_PROOF_BYTES,
        },
    )


def _download(content: bytes, media_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=media_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@applicant_required
def challenge_document(request: HttpRequest, challenge_id: uuid.UUID) -> HttpResponse:
    if too_many := limits.refused(request, "render"):
        return too_many
    found = _challenge(request, challenge_id)
    return _download(challenge_pdf(found), "application/pdf", f"xac-minh-{found.tax_code}.pdf")


@applicant_required
def challenge_text(request: HttpRequest, challenge_id: uuid.UUID) -> HttpResponse:
    found = _challenge(request, challenge_id)
    return _download(
        found.text.encode(), "text/plain; charset=utf-8", f"xac-minh-{found.tax_code}.txt"
    )


def apply_notice(user: User, policy: Policy, applicant: dict[str, Any]) -> dict[str, Any]:
    """What the apply flow says about the binding of the account to the tax code it files
    for (policies whose applicant has one): bound, or not yet, with the way to bind."""
    if not any(f.key == "tax_code" for f in policy.form_applicant_fields()):
        return {}
    tax_code = str(applicant.get("tax_code") or "")
    bound = sorted(selectors.bound_tax_codes(user=user))
    url = reverse("web:bindings") + f"?{RETURN}={policy.code}"
    if tax_code:
        url += f"&mst={tax_code}"
    return {
        "binding_bound": bound,
        "binding_ok": bool(tax_code) and tax_code in bound,
        "binding_url": url,
        "binding_tax_code": tax_code,
    }

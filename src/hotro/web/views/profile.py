"""The employer's profile page: the details its applications start from. Every rule is in
accounts.profiles; this page only asks and shows."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from hotro.accounts import profiles
from hotro.accounts.selectors import bound_tax_codes
from hotro.core.errors import AppError
from hotro.web import errors
from hotro.web.access import applicant_required, request_user
from hotro.web.forms import ProfileForm


@applicant_required
def employer_profile(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    current = profiles.employer_profile_get(user=user)
    initial = {k: getattr(current, k) for k in profiles.KEYS} if current else {}
    bound = sorted(bound_tax_codes(user=user))
    form = ProfileForm(request.POST or None, initial=initial, bound=bound)
    if request.method == "POST" and form.is_valid():
        try:
            profiles.employer_profile_save(user=user, data=form.cleaned_data)
        except AppError as exc:
            errors.add_to_form(form, exc)
        else:
            messages.success(request, _("Đã lưu hồ sơ đơn vị. Lần nộp sau sẽ được điền sẵn."))
            return redirect("web:employer_profile")
    return render(
        request,
        "web/applicant/profile.html",
        {"form": form, "profile": current, "bound": bound},
    )

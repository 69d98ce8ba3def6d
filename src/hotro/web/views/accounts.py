"""Login with a password, a second factor for officers and supervisors, registration."""

from __future__ import annotations

import base64
import time

import django_otp
import qrcode
import qrcode.image.svg
from django.contrib import messages
from django.contrib.auth import authenticate, login, logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp.plugins.otp_totp.models import TOTPDevice

from hotro.accounts.models import Role, User
from hotro.accounts.services import (
    totp_confirm,
    totp_enrolment,
    totp_has_device,
    totp_verify,
    user_create,
)
from hotro.core import logins
from hotro.core.errors import FieldError, ValidationFailed
from hotro.core.messages import render as render_message
from hotro.web import errors, limits
from hotro.web.access import needs_second_factor
from hotro.web.forms import LoginForm, RegisterForm, TokenForm
from hotro.web.redirects import redirect_back, safe_target

NEXT = "hotro_next"
# Between the password and the second factor the person is not logged in: the session only
# names who is half-way (for a few minutes). No page and no API call (session auth) is open
# to them until the code is proved.
PENDING = "hotro_pending_user"
PENDING_SECONDS = 600
_MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


def _pending(request: HttpRequest) -> User | None:
    entry = request.session.get(PENDING)
    if not isinstance(entry, dict) or time.time() - float(entry.get("at", 0)) > PENDING_SECONDS:
        return None
    pk = entry.get("id")
    if not isinstance(pk, int):
        return None
    return User.objects.filter(pk=pk, is_active=True).first()


def _complete_login(request: HttpRequest, user: User, device: TOTPDevice) -> HttpResponse:
    backend = request.session.get(PENDING, {}).get("backend") or _MODEL_BACKEND
    request.session.pop(PENDING, None)
    login(request, user, backend=backend)
    django_otp.login(request, device)
    return _after_login(request, user)


def _home_of(user: User) -> str:
    if user.is_admin_role:
        return "admin:index"
    if user.role == Role.OFFICER:
        return "web:queue"
    if user.role == Role.SUPERVISOR:
        return "web:dashboard"
    if user.role == Role.APPLICANT:
        return "web:my_dossiers"
    return "web:home"


def _after_login(request: HttpRequest, user: User) -> HttpResponse:
    target = redirect_back(request, request.session.pop(NEXT, None), _home_of(user))
    return logins.remember_device(request, target, user.username)


def login_view(request: HttpRequest) -> HttpResponse:
    form = LoginForm(request.POST or None)
    if request.method == "GET":
        # Kept only when it names a page of ours; checked again when it is used.
        target = safe_target(request, request.GET.get("next"))
        if target is not None:
            request.session[NEXT] = target
    if request.method == "POST" and form.is_valid():
        username = form.cleaned_data["username"]
        wait = logins.login_wait(request, username)  # abuse: guessing slowed down
        if wait is not None:
            return limits.too_many(request, wait)
        user = authenticate(request, username=username, password=form.cleaned_data["password"])
        if user is None:
            # django-axes has counted the failure (and answers with the lockout page itself).
            logins.login_failed(request, username)
            form.add_error(None, render_message("login_failed", errors.lang()))
        else:
            assert isinstance(user, User)
            if needs_second_factor(user):
                request.session.cycle_key()
                request.session[PENDING] = {
                    "id": user.pk,
                    "backend": getattr(user, "backend", ""),
                    "at": time.time(),
                }
                return redirect("web:otp_verify" if totp_has_device(user=user) else "web:otp_setup")
            login(request, user)
            return _after_login(request, user)
    return render(request, "web/accounts/login.html", {"form": form})


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    logout(request)
    messages.info(request, _("Bạn đã đăng xuất."))
    return redirect("web:home")


def otp_verify(request: HttpRequest) -> HttpResponse:
    user = _pending(request)
    if user is None:
        return redirect("web:login")
    if not totp_has_device(user=user):
        return redirect("web:otp_setup")
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device = totp_verify(user=user, token=form.cleaned_data["token"])
        except ValidationFailed as exc:
            errors.add_to_form(form, exc)
        else:
            return _complete_login(request, user, device)
    return render(request, "web/accounts/otp_verify.html", {"form": form})


def _qr_svg(url: str) -> str:
    image = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage, box_size=10)
    svg = image.to_string(encoding="unicode")
    return str(svg)


def otp_setup(request: HttpRequest) -> HttpResponse:
    """Enrol an authenticator app: the key as a QR code (inline SVG) and as text."""
    user = _pending(request)
    if user is None:
        return redirect("web:login")
    if totp_has_device(user=user):
        # A second device is added only by proving the first (or by an administrator).
        return redirect("web:otp_verify")
    device = totp_enrolment(user=user)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device = totp_confirm(user=user, token=form.cleaned_data["token"])
        except ValidationFailed as exc:
            errors.add_to_form(form, exc)
        else:
            messages.success(request, _("Đã bật xác thực hai lớp."))
            return _complete_login(request, user, device)
    secret = base64.b32encode(device.bin_key).decode()
    return render(
        request,
        "web/accounts/otp_setup.html",
        {
            "form": form,
            "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
            "qr": _qr_svg(device.config_url),
        },
    )


def register(request: HttpRequest) -> HttpResponse:
    if request.method == "POST" and (too_many := limits.refused(request, "register")):
        return too_many
    form = RegisterForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = user_create(
                username=data["username"],
                role=Role.APPLICANT,
                password=data["password1"],
                full_name=data["full_name"],
                email=data["email"],
                national_id=data["national_id"],
                tax_code=data["tax_code"],
            )
        except ValidationFailed as exc:
            errors.add_to_form(
                form,
                ValidationFailed(
                    errors=[
                        FieldError(e.field, "username_taken" if e.code == "conflict" else e.code)
                        for e in exc.errors
                    ]
                ),
            )
        else:
            login(request, user, backend=_MODEL_BACKEND)
            messages.success(request, _("Đã tạo tài khoản. Bạn có thể nộp hồ sơ ngay."))
            return redirect("web:home")
    return render(request, "web/accounts/register.html", {"form": form})

"""Who may open which pages. Officers and supervisors need a verified second factor."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from hotro.accounts.models import Role, User

View = Callable[..., HttpResponse]


def request_user(request: HttpRequest) -> User:
    """The signed-in user of a page the guards below already let through."""
    user = request.user
    assert isinstance(user, User)
    return user


def needs_second_factor(user: User) -> bool:
    return user.needs_second_factor


def _guard(roles: frozenset[str]) -> Callable[[View], View]:
    def decorator(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            user = request.user
            if not user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            assert isinstance(user, User)
            if needs_second_factor(user) and not user.is_verified():  # type: ignore[attr-defined]
                return redirect("web:otp_verify")
            if user.role not in roles:
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


officer_required = _guard(frozenset({Role.OFFICER}))
applicant_required = _guard(frozenset({Role.APPLICANT}))
supervisor_required = _guard(frozenset({Role.SUPERVISOR}))
staff_required = _guard(frozenset({Role.OFFICER, Role.SUPERVISOR}))
signed_in = _guard(frozenset(Role.values))

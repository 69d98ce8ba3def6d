"""The administration behind the same login as the pages: a password, then the second
factor (django-otp's `OTPAdminSite` admits only a verified session)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django_otp.admin import OTPAdminSite


class HotroAdminSite(OTPAdminSite):
    def login(self, request: HttpRequest, extra_context: Any = None) -> HttpResponse:
        from hotro.web.views.accounts import login_view

        return login_view(request)

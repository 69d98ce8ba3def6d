"""The security headers Django has no setting for, on every answer: Permissions-Policy (no
page uses the camera, the microphone, the location or payments) and
Cross-Origin-Resource-Policy (nothing of ours is embedded by other sites)."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse


class SecurityHeadersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.permissions = str(settings.HOTRO_PERMISSIONS_POLICY)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", self.permissions)
        response.headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        return response

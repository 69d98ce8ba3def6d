"""Vietnamese first: the pages speak Vietnamese unless the person chose English with the
language switch (a cookie). The API keeps answering by Accept-Language."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation

from hotro.web.errors import error_page


class VietnameseFirstMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if not request.path.startswith("/api/") and chosen not in dict(settings.LANGUAGES):
            translation.activate(settings.LANGUAGE_CODE)
            request.LANGUAGE_CODE = settings.LANGUAGE_CODE
        return self.get_response(request)


class PageErrorMiddleware:
    """The pages' half of the one mapping of our exceptions (core/errormap.py): one that a
    view did not catch is its 4xx page with its message, not a 500. The API has its own
    exception handlers (api/__init__.py)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exc: Exception) -> HttpResponse | None:
        if request.path.startswith("/api/"):
            return None
        return error_page(request, exc)

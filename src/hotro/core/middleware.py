"""Requests refused before any view: NUL bytes (no text of ours holds one, and PostgreSQL
refuses them in text), bodies over the size limit; and the framework's own 404 and 405
answers on the API turned into problem+json like every other API error."""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest

from hotro.api.problems import PROBLEM_JSON, problem

API_PREFIX = "/api/"


class InputGuardMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        api = request.path.startswith(API_PREFIX)
        refused = self._refused(request)
        if refused is not None:
            status, code = refused
            if api:
                return problem(request, status=status, code=code)
            return HttpResponseBadRequest(
                "Yêu cầu không hợp lệ.", content_type="text/plain; charset=utf-8", status=status
            )
        response = self.get_response(request)
        if (
            api
            and response.status_code in (404, 405)
            and not response.get("Content-Type", "").startswith(PROBLEM_JSON)
        ):
            code = "not_found" if response.status_code == 404 else "method_not_allowed"
            return problem(request, status=response.status_code, code=code)
        return response

    @staticmethod
    def _refused(request: HttpRequest) -> tuple[int, str] | None:
        query = request.META.get("QUERY_STRING", "")
        if "\x00" in request.path or "%00" in query.lower():
            return 400, "bad_request"
        if request.content_type == "application/json" and request.method in (
            "POST",
            "PUT",
            "PATCH",
        ):
            try:
                body = request.body
            except RequestDataTooBig:
                return 413, "too_large"
            if b"\x00" in body or b"\\u0000" in body.lower():
                return 400, "bad_request"
        return None

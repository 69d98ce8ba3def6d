"""The HTTP API (django-ninja): /api/v1/…, OpenAPI at /api/openapi.json, docs at /api/docs."""

from __future__ import annotations

import math
from typing import Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.http import Http404, HttpRequest, HttpResponse, RawPostDataException
from django.http.multipartparser import MultiPartParserError
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, Throttled, ValidationError

from hotro.api import (
    account,
    actions,
    calendar,
    catalog,
    correspondence,
    dossiers,
    reminders,
    signatures,
    stats,
    tokens,
)
from hotro.api.problems import (
    PROBLEM_JSON,
    PROBLEM_RESPONSE,
    from_app_error,
    from_validation,
    problem,
    server_error,
)
from hotro.core.errormap import as_app_error
from hotro.core.errors import AppError

# What the input guard (core/middleware.py) and the framework can answer on any operation,
# whatever its handler does: declared once here rather than on each endpoint.
_EVERY_OPERATION = {
    400: "Bad request: a control character in the path or a header, or a body that cannot "
    "be read (not JSON, multipart without a boundary)",
    422: "Validation failed: each error names its field (`errors[].field`)",
}
_WITH_BODY = {413: "The body is larger than the limit"}
_WITH_AUTH = {401: "No valid token or session"}
_WITH_AUTH_AND_BODY = {403: "Not allowed, or a session without its CSRF token"}


class HotroAPI(NinjaAPI):
    def get_openapi_schema(self, *args: Any, **kwargs: Any) -> Any:
        # Errors are served as application/problem+json: say so in the document, with every
        # status the edge can answer.
        schema = super().get_openapi_schema(*args, **kwargs)
        for path in schema.get("paths", {}).values():
            for operation in path.values():
                responses = operation.setdefault("responses", {})
                generic = dict(_EVERY_OPERATION)
                if "requestBody" in operation:
                    generic.update(_WITH_BODY)
                if operation.get("security"):
                    generic.update(_WITH_AUTH)
                    if "requestBody" in operation:
                        generic.update(_WITH_AUTH_AND_BODY)
                for status, description in generic.items():
                    responses.setdefault(status, {"description": description, **PROBLEM_RESPONSE})
                for status, response in responses.items():
                    content = response.get("content", {})
                    if int(status) >= 400 and "application/json" in content:
                        content[PROBLEM_JSON] = content.pop("application/json")
                    if int(status) == 429:
                        response["headers"] = RETRY_AFTER
        return schema


# abuse: limits and lookups. A 429 (hotro.api.throttles) says when to come back.
RETRY_AFTER = {
    "Retry-After": {
        "description": "Seconds until the rate limit's window ends.",
        "schema": {"type": "integer", "minimum": 1},
    }
}


api = HotroAPI(
    title="Hỗ trợ API",
    version="1",
    description="Online support dossiers: catalog, intake, status. Errors are RFC 9457 "
    "problem+json, in Vietnamese or English by Accept-Language.",
    urls_namespace="api",
    docs_url="/docs",
    openapi_url="/openapi.json",
)

api.add_router("/v1/catalog", catalog.router)
api.add_router("/v1", dossiers.router)
api.add_router("/v1", actions.router)
api.add_router("/v1/public", dossiers.public_router)
api.add_router("/v1/calendar", calendar.router)
api.add_router("/v1", signatures.router)
api.add_router("/v1", correspondence.router)
api.add_router("/v1/stats", stats.router)
api.add_router("/v1/stats", reminders.router)
api.add_router("/v1", tokens.router)
api.add_router("/v1", account.router)


@api.exception_handler(AppError)
def _app_error(request: HttpRequest, exc: AppError) -> HttpResponse:
    return from_app_error(request, exc)


@api.exception_handler(ValidationError)
def _validation(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    return from_validation(request, list(exc.errors))


@api.exception_handler(AuthenticationError)
def _unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return problem(request, status=401, code="unauthenticated")


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return problem(request, status=404, code="not_found")


@api.exception_handler(Throttled)
def _throttled(request: HttpRequest, exc: Throttled) -> HttpResponse:
    wait = max(1, math.ceil(exc.wait or 1))
    response = problem(
        request, status=429, code="rate_limited", params={"minutes": math.ceil(wait / 60)}
    )
    response["Retry-After"] = str(wait)
    return response


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    # django-ninja's own: 400 for a body it cannot parse, 403 for a session without CSRF.
    codes = {400: "malformed_body", 403: "csrf_failed", 405: "method_not_allowed"}
    return problem(request, status=exc.status_code, code=codes.get(exc.status_code, "bad_request"))


@api.exception_handler(Exception)
def _other(request: HttpRequest, exc: Exception) -> HttpResponse:
    """One of ours (core/errormap.py) as its 4xx; what reading the body raises (the guard
    has usually read it first); anything else is a 500, logged."""
    mapped = as_app_error(exc)
    if mapped is not None:
        return from_app_error(request, mapped)
    if isinstance(exc, RequestDataTooBig):
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        return problem(request, status=413, code="too_large", params={"limit": limit})
    if isinstance(exc, RawPostDataException):
        # a well-formed multipart body (read as a stream by the guard) sent to an operation
        # that takes JSON: the same answer as any other body it cannot parse
        return problem(request, status=400, code="malformed_body")
    if isinstance(exc, MultiPartParserError | TooManyFilesSent):
        return problem(request, status=400, code="malformed_multipart")
    if isinstance(exc, TooManyFieldsSent):
        limit = settings.DATA_UPLOAD_MAX_NUMBER_FIELDS
        return problem(request, status=400, code="too_many_fields", params={"max": limit})
    return server_error(request, exc)

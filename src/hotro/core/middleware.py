"""The input guard: what no view should see, refused before any view runs.

- A character no text of ours may hold (core/characters.py) in the path, a header, the query
  string, or an API body of any content type: JSON (whatever the Content-Type says, since
  django-ninja parses every body as JSON), form-encoded, and multipart text fields and file
  names. The API answers 422 problem+json naming the field; the pages answer a Vietnamese
  page for the path, headers and query string, and leave their form fields to the forms
  (web/forms.py), which show the field by its label with what was typed.
- A body that cannot be read: multipart without a boundary or with a broken one, form data
  that is not UTF-8, too many fields or files (400); too large (413).

And the framework's own 404 and 405 answers on the API, turned into problem+json like every
other API error."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import (
    BadRequest,
    RequestDataTooBig,
    TooManyFieldsSent,
    TooManyFilesSent,
)
from django.http import HttpRequest, HttpResponse
from django.http.multipartparser import MultiPartParserError

from hotro.api.problems import PROBLEM_JSON, problem
from hotro.core import characters
from hotro.core.errormap import as_app_error
from hotro.core.errors import FieldError
from hotro.web.errors import refused_page

API_PREFIX = "/api/"
_BODY_METHODS = ("POST", "PUT", "PATCH", "DELETE")
_FORMS = ("multipart/form-data", "application/x-www-form-urlencoded")
# Request metadata that WSGI passes without the HTTP_ prefix but which came from headers.
_PLAIN_HEADERS = ("CONTENT_TYPE", "CONTENT_LENGTH")


@dataclass
class Refusal:
    status: int
    code: str
    errors: list[FieldError] = field(default_factory=list)
    params: dict[str, Any] = field(default_factory=dict)
    # where a page refusal comes from: "path", "header", "query" or "body"
    part: str = "body"


class InputGuardMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        api = request.path.startswith(API_PREFIX)
        refusal = guard(request, api=api)
        if refusal is not None:
            if api:
                return problem(
                    request,
                    status=refusal.status,
                    code=refusal.code,
                    params=refusal.params,
                    errors=refusal.errors,
                )
            return refused_page(request, refusal.status, refusal.code, refusal.errors, refusal.part)
        response = self.get_response(request)
        if (
            api
            and response.status_code in (404, 405)
            and not response.get("Content-Type", "").startswith(PROBLEM_JSON)
        ):
            code = "not_found" if response.status_code == 404 else "method_not_allowed"
            return problem(request, status=response.status_code, code=code)
        return response


def guard(request: HttpRequest, *, api: bool) -> Refusal | None:
    """The first thing wrong with the request's input, or None."""
    try:
        return (
            _path(request)
            or _headers(request)
            or _fields(request.GET.lists(), status=422 if api else 400, part="query")
            or (_body(request, api=api) if request.method in _BODY_METHODS else None)
        )
    except characters.TooDeep as exc:
        error = as_app_error(exc)
        assert error is not None
        return Refusal(error.status, error.code, error.errors)
    except RequestDataTooBig:
        return Refusal(413, "too_large", params={"limit": settings.DATA_UPLOAD_MAX_MEMORY_SIZE})
    except (MultiPartParserError, TooManyFilesSent):
        return Refusal(400, "malformed_multipart")
    except TooManyFieldsSent:
        return Refusal(
            400, "too_many_fields", params={"max": settings.DATA_UPLOAD_MAX_NUMBER_FIELDS}
        )
    except BadRequest:  # a form body that is not UTF-8
        return Refusal(400, "bad_request")


def _path(request: HttpRequest) -> Refusal | None:
    char = characters.refused(request.path)
    if char:
        return Refusal(
            400,
            "bad_request",
            [FieldError("path", "control_character", {"char": char})],
            part="path",
        )
    return None


def _headers(request: HttpRequest) -> Refusal | None:
    for key, value in request.META.items():
        if not (key.startswith("HTTP_") or key in _PLAIN_HEADERS) or not isinstance(value, str):
            continue
        char = characters.refused_in_header(value)
        if char:
            name = key.removeprefix("HTTP_").replace("_", "-").title()
            return Refusal(
                400,
                "bad_request",
                [FieldError(name, "control_character", {"char": char})],
                part="header",
            )
    return None


def _fields(
    items: Iterable[tuple[str, list[Any]]], *, status: int, part: str, files: bool = False
) -> Refusal | None:
    errors = []
    for name, values in items:
        for value in values:
            text = (value.name or "") if files else value  # of a file, its name
            char = characters.refused(name) or characters.refused(text)
            if char:
                field = characters.printable(name)
                errors.append(FieldError(field, "control_character", {"char": char}))
                break
    if errors:
        return Refusal(status, "validation_failed", errors, part=part)
    return None


def _body(request: HttpRequest, *, api: bool) -> Refusal | None:
    if request.content_type in _FORMS:
        request.POST  # noqa: B018 - parsed here, so that a broken body is refused here
        if not api:
            return None  # the pages' forms check their own fields, and name them as shown
        return _fields(request.POST.lists(), status=422, part="body") or _fields(
            request.FILES.lists(), status=422, part="body", files=True
        )
    if not api:
        return None
    body = request.body
    if not body:
        return None
    try:
        data = json.loads(body)
    except (ValueError, RecursionError):
        return None  # not JSON: django-ninja answers 400 where the operation takes a body
    found = next(characters.refused_in_json(data), None)  # TooDeep: see guard()
    if found:
        path, char = found
        return Refusal(
            422, "validation_failed", [FieldError(path, "control_character", {"char": char})]
        )
    return None

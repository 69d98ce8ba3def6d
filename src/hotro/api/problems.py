"""RFC 9457 problem details: the one shape of every API error, in Vietnamese or English by
Accept-Language."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.translation import get_language_from_request

from hotro.core.errors import AppError, FieldError
from hotro.core.messages import render

PROBLEM_JSON = "application/problem+json"
# The OpenAPI content of an error response (the schema is api.schemas.Problem's).
PROBLEM_RESPONSE = {"content": {PROBLEM_JSON: {"schema": {"$ref": "#/components/schemas/Problem"}}}}
log = logging.getLogger(__name__)


def language(request: HttpRequest) -> str:
    lang = getattr(request, "LANGUAGE_CODE", None) or get_language_from_request(request)
    return "en" if str(lang).startswith("en") else "vi"


def problem(
    request: HttpRequest,
    *,
    status: int,
    code: str,
    params: dict[str, Any] | None = None,
    errors: Iterable[FieldError] = (),
    rule: str | None = None,
) -> HttpResponse:
    lang = language(request)
    rendered = [
        {"field": e.field, "code": e.code, "message": render(e.code, lang, e.params)}
        for e in errors
    ]
    body: dict[str, Any] = {
        "type": f"/problems/{code}",
        "title": render(code, lang, params),
        "status": status,
        "code": code,
        "instance": request.path,
    }
    if rendered:
        body["detail"] = "; ".join(f"{e['field']}: {e['message']}" for e in rendered[:5])
        body["errors"] = rendered
    else:
        body["detail"] = body["title"]
    if rule:
        body["rule"] = rule
    response = HttpResponse(
        json.dumps(body, ensure_ascii=False, default=str),
        status=status,
        content_type=f"{PROBLEM_JSON}; charset=utf-8",
    )
    response["Content-Language"] = lang
    return response


def from_app_error(request: HttpRequest, exc: AppError) -> HttpResponse:
    return problem(
        request,
        status=exc.status,
        code=exc.code,
        params=exc.params,
        errors=exc.errors,
        rule=exc.rule,
    )


# Pydantic's error types -> our message codes, so that a schema error reads like ours.
_PYDANTIC = {
    "missing": "required",
    "int_parsing": "integer",
    "int_type": "integer",
    "string_type": "text",
    "string_too_long": "text",
    "date_parsing": "date",
    "date_from_datetime_parsing": "date",
    "bool_parsing": "boolean",
    "dict_type": "invalid_value",
    "list_type": "invalid_value",
    "enum": "invalid_value",
}


def from_validation(request: HttpRequest, errors: list[dict[str, Any]]) -> HttpResponse:
    fields = []
    for err in errors:
        loc = [str(p) for p in err.get("loc", ()) if p not in ("body", "payload", "query", "path")]
        code = _PYDANTIC.get(str(err.get("type")), "invalid_value")
        params = {"msg": err.get("msg", ""), "max": 500, "min": "", "choices": ""}
        fields.append(FieldError(".".join(loc) or "body", code, params))
    return problem(request, status=422, code="validation_failed", errors=fields)


def server_error(request: HttpRequest, exc: Exception) -> HttpResponse:
    log.exception("unhandled error on %s", request.path, exc_info=exc)
    return problem(request, status=500, code="server_error")

"""Application errors. Services raise them; the API turns them into problem+json and the
pages into a message. The texts live in `hotro.core.messages`, in Vietnamese and English."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any


@dataclass
class FieldError:
    """One thing wrong with the input: where (a dotted path such as `beneficiaries.3.national_id`),
    which check failed (a message code) and the values the message needs."""

    field: str
    code: str
    params: dict[str, Any] = dataclasses.field(default_factory=dict)


class AppError(Exception):
    status: int = 400
    default_code: str = "bad_request"

    def __init__(
        self,
        code: str | None = None,
        *,
        rule: str | None = None,
        params: dict[str, Any] | None = None,
        errors: list[FieldError] | None = None,
    ) -> None:
        self.code = code or self.default_code
        self.rule = rule
        self.params = params or {}
        self.errors = errors or []
        super().__init__(self.code)


class ValidationFailed(AppError):
    status = 422
    default_code = "validation_failed"


class NotFound(AppError):
    status = 404
    default_code = "not_found"


class Forbidden(AppError):
    status = 403
    default_code = "forbidden"


class Unauthenticated(AppError):
    status = 401
    default_code = "unauthenticated"


class Conflict(AppError):
    status = 409
    default_code = "conflict"


class PayloadTooLarge(AppError):
    status = 413
    default_code = "too_large"


class UnsupportedMediaType(AppError):
    status = 415
    default_code = "unsupported_media_type"

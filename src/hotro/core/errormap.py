"""Our own exceptions that are not AppErrors, each with the AppError a caller gets when one
escapes: the one table behind the API's exception handler (api/__init__.py) and the pages'
(web/middleware.py). The pure core raises its own (it imports nothing of ours), and the
services translate what they expect; this table is for what they did not expect, so that it
is a 4xx with its message and not a 500. tests/api/test_bad_input.py checks that every
exception class under hotro is an AppError or has a row here."""

from __future__ import annotations

from collections.abc import Callable

from hotro.core.characters import MAX_DEPTH, TooDeep
from hotro.core.errors import AppError, Conflict, FieldError, ValidationFailed
from hotro.dossiers.domain.deadlines import FIRST_YEAR, LAST_YEAR, OutOfCalendar
from hotro.dossiers.domain.fields import Invalid
from hotro.dossiers.domain.lifecycle import NotAllowed
from hotro.signatures.pdf import UnreadableFile
from hotro.signatures.signing import SigningKeyMissing
from hotro.signatures.xmlsig import Uncovered


def _out_of_calendar(exc: BaseException) -> AppError:
    return ValidationFailed("out_of_calendar", params={"first": FIRST_YEAR, "last": LAST_YEAR})


def _not_allowed(exc: BaseException) -> AppError:
    assert isinstance(exc, NotAllowed)
    return Conflict(exc.why)


def _invalid(exc: BaseException) -> AppError:
    assert isinstance(exc, Invalid)
    return ValidationFailed(errors=[FieldError("", exc.code, exc.params)])


def _unreadable(exc: BaseException) -> AppError:
    return ValidationFailed("unreadable_file", params={"why": str(exc)})


def _no_key(exc: BaseException) -> AppError:
    # The agency cannot sign until an administrator installs its key: the same request
    # succeeds once it does, so a conflict with the present state, not a server fault.
    return Conflict("signing_key_missing")


def _uncovered(exc: BaseException) -> AppError:
    # Caught inside the validator, which reports it; should it ever escape, the file is refused.
    return ValidationFailed("signature_uncovered", params={"why": str(exc)})


def _too_deep(exc: BaseException) -> AppError:
    return ValidationFailed(errors=[FieldError(str(exc), "too_deep", {"max": MAX_DEPTH})])


MAPPED: dict[type[Exception], Callable[[BaseException], AppError]] = {
    TooDeep: _too_deep,
    OutOfCalendar: _out_of_calendar,
    NotAllowed: _not_allowed,
    Invalid: _invalid,
    UnreadableFile: _unreadable,
    SigningKeyMissing: _no_key,
    Uncovered: _uncovered,
}


def as_app_error(exc: BaseException) -> AppError | None:
    """`exc` as the AppError its caller gets; None when it is not one of ours."""
    if isinstance(exc, AppError):
        return exc
    for cls in type(exc).__mro__:
        translate = MAPPED.get(cls)
        if translate is not None:
            return translate(exc)
    return None

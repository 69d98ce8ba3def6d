"""The pages' half of the one error model: services raise `core.errors` exceptions; this puts
their Vietnamese (or English) messages on the form fields they concern, or on the form."""

from __future__ import annotations

from collections.abc import Callable

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language

from hotro.core.errormap import as_app_error
from hotro.core.errors import AppError, FieldError
from hotro.core.messages import render as render_message


def lang() -> str:
    return "en" if (get_language() or "vi").startswith("en") else "vi"


def message(exc: AppError) -> str:
    """The error's own message, in the page's language, with the rule it cites."""
    text = render_message(exc.code, lang(), exc.params)
    return f"{text} ({exc.rule})" if exc.rule else text


def add_to_form(
    form: forms.BaseForm,
    exc: AppError,
    *,
    field_of: Callable[[str], str | None] | None = None,
    label_of: Callable[[str], str] | None = None,
) -> None:
    """Attach each field error of `exc` to the form field it names (its dotted path, or the
    field `field_of(path)` says), the rest to the form as a whole, named by `label_of(path)`
    (web/field_labels.py) or by nothing: a machine path is never shown on a page."""
    placed = False
    for err in exc.errors:
        name = field_of(err.field) if field_of else None
        if name is None:
            name = err.field if err.field in form.fields else None
        text = render_message(err.code, lang(), err.params)
        if name is not None and name in form.fields:
            form.add_error(name, text)
            placed = True
        else:
            label = label_of(err.field) if label_of and err.field else ""
            form.add_error(None, f"{label}: {text}" if label else text)
    if not placed or not exc.errors:
        form.add_error(None, message(exc))


def render_code(code: str, params: dict[str, object] | None = None) -> str:
    return render_message(code, lang(), params)


def refused_page(
    request: HttpRequest, status: int, code: str, errors: list[FieldError], part: str
) -> HttpResponse:
    """The page the input guard answers with, before any view: what was refused and where
    (the path, a header, a parameter of the address, or a body it could not read)."""
    details = [
        render_code(f"control_character_{part}", {"field": e.field, **e.params})
        if e.code == "control_character"
        else f"{e.field}: {render_code(e.code, e.params)}"
        for e in errors
    ]
    return page_problem(request, status, render_code(code), details)


def page_problem(
    request: HttpRequest, status: int, message: str, details: list[str] | None = None
) -> HttpResponse:
    return render(
        request,
        "web/problem.html",
        {
            "heading": render_code("request_refused"),
            "message": message,
            "details": details or [],
            "back": render_code("request_refused_back"),
        },
        status=status,
    )


def error_page(request: HttpRequest, exc: BaseException) -> HttpResponse | None:
    """The page for one of our exceptions that escaped a view (core/errormap.py): its own
    status and message, in the page's language. None for anything else (a real 500)."""
    error = as_app_error(exc)
    if error is None:
        return None
    return page_problem(
        request,
        error.status,
        message(error),
        # Each message alone: the paths are the API's (errors[].field), not the page's words.
        [render_code(e.code, e.params) for e in error.errors],
    )

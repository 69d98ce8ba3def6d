"""The pages' half of the one error model: services raise `core.errors` exceptions; this puts
their Vietnamese (or English) messages on the form fields they concern, or on the form."""

from __future__ import annotations

from collections.abc import Callable

from django import forms
from django.utils.translation import get_language

from hotro.core.errors import AppError
from hotro.core.messages import render


def lang() -> str:
    return "en" if (get_language() or "vi").startswith("en") else "vi"


def message(exc: AppError) -> str:
    """The error's own message, in the page's language, with the rule it cites."""
    text = render(exc.code, lang(), exc.params)
    return f"{text} ({exc.rule})" if exc.rule else text


def add_to_form(
    form: forms.BaseForm,
    exc: AppError,
    *,
    field_of: Callable[[str], str | None] | None = None,
) -> None:
    """Attach each field error of `exc` to the form field it names (its dotted path, or the
    field `field_of(path)` says), the rest to the form as a whole."""
    placed = False
    for err in exc.errors:
        name = field_of(err.field) if field_of else None
        if name is None:
            name = err.field if err.field in form.fields else None
        text = render(err.code, lang(), err.params)
        if name is not None and name in form.fields:
            form.add_error(name, text)
            placed = True
        else:
            form.add_error(None, f"{err.field}: {text}" if err.field else text)
    if not placed or not exc.errors:
        form.add_error(None, message(exc))


def render_code(code: str, params: dict[str, object] | None = None) -> str:
    return render(code, lang(), params)

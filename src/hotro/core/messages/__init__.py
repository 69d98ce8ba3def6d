"""Error message catalog: code -> (Vietnamese, English). Placeholders use str.format names.

Kept as data beside the code that raises it so that an error and its wording are reviewed
together; the web pages use Django's i18n for their own texts. The codes live in one module per
area of the system; a code is defined once."""

from __future__ import annotations

from typing import Any

from hotro.core.messages import general, intake, lifecycle, officers, security, signatures

_PARTS = (general, intake, lifecycle, signatures, security, officers)
MESSAGES: dict[str, tuple[str, str]] = {}
for _part in _PARTS:
    _twice = MESSAGES.keys() & _part.MESSAGES.keys()
    if _twice:
        raise RuntimeError(f"message codes defined twice: {sorted(_twice)}")
    MESSAGES.update(_part.MESSAGES)


def render(code: str, lang: str, params: dict[str, Any] | None = None) -> str:
    vi, en = MESSAGES.get(code, MESSAGES["bad_request"])
    template = en if lang == "en" else vi
    try:
        return template.format(**(params or {}))
    except (KeyError, IndexError, ValueError):
        return template

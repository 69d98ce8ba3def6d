"""Error message catalog: code -> (Vietnamese, English). Placeholders use str.format names.

Kept as data beside the code that raises it so that an error and its wording are reviewed
together; the web pages use Django's i18n for their own texts. The codes live in one module per
area of the system; a code is defined once."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from hotro.core.clock import VIETNAM
from hotro.core.messages import general, intake, lifecycle, officers, security, signatures

_PARTS = (general, intake, lifecycle, signatures, security, officers)
MESSAGES: dict[str, tuple[str, str]] = {}
for _part in _PARTS:
    _twice = MESSAGES.keys() & _part.MESSAGES.keys()
    if _twice:
        raise RuntimeError(f"message codes defined twice: {sorted(_twice)}")
    MESSAGES.update(_part.MESSAGES)


_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _shown(value: Any) -> Any:
    """A date as people read it, dd/mm/yyyy: the params keep ISO 8601 for machines (the
    problem+json's `params`), the sentence does not."""
    if isinstance(value, str) and _ISO_DATE.match(value):
        try:
            value = dt.date.fromisoformat(value)
        except ValueError:
            return value
    if isinstance(value, dt.datetime):
        return value.astimezone(VIETNAM).strftime("%d/%m/%Y %H:%M")
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    return value


def render(code: str, lang: str, params: dict[str, Any] | None = None) -> str:
    vi, en = MESSAGES.get(code, MESSAGES["bad_request"])
    template = en if lang == "en" else vi
    try:
        return template.format(**{k: _shown(v) for k, v in (params or {}).items()})
    except (KeyError, IndexError, ValueError):
        return template

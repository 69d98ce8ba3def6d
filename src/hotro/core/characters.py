"""The characters a text we accept may hold, and where in a request one is missing.

Every text may end up where only XML 1.0 characters are allowed: PostgreSQL text refuses NUL,
lxml (the DOCX dispatches, XML files) and the slips' HTML refuse the C0 controls, and UTF-8
cannot encode a lone surrogate. So a text holds XML 1.0 characters only: tab, line feed,
carriage return, and everything from U+0020 on except the surrogates, U+FFFE and U+FFFF.
Header values follow RFC 9110 instead: no control character but the tab.

The input guard (core/middleware.py) applies this to every part of an API request, and the
pages' forms to every text field (web/forms.py), so that the person sees the field named."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

_TEXT_REFUSED = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_HEADER_REFUSED = re.compile("[\x00-\x08\x0a-\x1f\x7f]")
# JSON nested deeper than this is no document of ours (the deepest, a dossier, has 3 levels).
MAX_DEPTH = 32


def refused(text: str) -> str | None:
    """The first character `text` may not hold, as U+XXXX; None when all are allowed."""
    found = _TEXT_REFUSED.search(text)
    return f"U+{ord(found.group()):04X}" if found else None


def refused_in_header(value: str) -> str | None:
    found = _HEADER_REFUSED.search(value)
    return f"U+{ord(found.group()):04X}" if found else None


class TooDeep(ValueError):
    """JSON nested deeper than MAX_DEPTH."""


def refused_in_json(data: Any) -> Iterator[tuple[str, str]]:
    """(dotted path, character) for each string of parsed JSON, key or value, that holds a
    refused character. Iterative, so that no nesting can exhaust the stack; deeper than
    MAX_DEPTH raises TooDeep."""
    stack: list[tuple[Any, tuple[str, ...]]] = [(data, ())]
    while stack:
        value, path = stack.pop()
        if len(path) > MAX_DEPTH:
            raise TooDeep(".".join(path[:MAX_DEPTH]))
        if isinstance(value, str):
            char = refused(value)
            if char:
                yield ".".join(path) or "body", char
        elif isinstance(value, dict):
            for key, item in value.items():
                char = refused(key)
                if char:
                    yield ".".join((*path, printable(key))), char
                stack.append((item, (*path, printable(key))))
        elif isinstance(value, list):
            stack.extend((item, (*path, str(i))) for i, item in enumerate(value))


def printable(name: str) -> str:
    """`name` with each refused character as `?`, fit to name a field in a message."""
    return _TEXT_REFUSED.sub("?", name)

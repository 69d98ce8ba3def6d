"""The process caches of reference data, in one registry, so that tests can start each test
with none of them: a cache filled inside a test's transaction must not outlive its rollback."""

from __future__ import annotations

from collections.abc import Callable

_resets: list[Callable[[], None]] = []


def register(reset: Callable[[], None]) -> Callable[[], None]:
    """Record a function that empties one cache; returns it, so it can decorate."""
    _resets.append(reset)
    return reset


def reset_all() -> None:
    for reset in _resets:
        reset()

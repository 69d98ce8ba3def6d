"""The API's side of the rate limits: django-ninja's throttle hook, which runs after the
caller is authenticated and before the body is read, asking `hotro.core.ratelimit`.

A refused call answers 429 problem+json with Retry-After (see `hotro.api` for the mapping)."""

from __future__ import annotations

import threading

from django.http import HttpRequest
from ninja.throttling import BaseThrottle

from hotro.core.ratelimit import hit


class Limited(BaseThrottle):
    """Counts the call in `scope` for the caller's address and, when authenticated, the user."""

    def __init__(self, scope: str) -> None:
        self.scope = scope
        # ninja asks `wait()` right after `allow_request()`, on one instance per operation
        self._local = threading.local()

    def allow_request(self, request: HttpRequest) -> bool:
        user = getattr(request, "auth", None)
        if user is None:
            session = getattr(request, "user", None)
            user = session if session is not None and session.is_authenticated else None
        self._local.wait = hit(request, self.scope, user=user)
        return self._local.wait is None

    def wait(self) -> float | None:
        wait: int | None = getattr(self._local, "wait", None)
        return float(wait) if wait is not None else None

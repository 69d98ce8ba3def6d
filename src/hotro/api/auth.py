"""Bearer tokens for people and other systems; sessions for the pages (and Swagger UI).

A token is refused with its reason when unknown, revoked or expired (401), and a read token may only
GET (403). A session of an officer, supervisor or administrator counts only once it proved
the second factor: a login by password alone, or by any backend that skips the code, opens
no API call (as it opens no page, web/access.py)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja.security import HttpBearer
from ninja.security.session import SessionAuth as NinjaSessionAuth

from hotro.accounts.models import ApiToken, TokenScope, User
from hotro.core import clock
from hotro.core.errors import Forbidden, Unauthenticated

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class BearerToken(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        found = ApiToken.find(token)
        if found is None:
            # A caller that presents a token means it: a wrong one is a 401, not a fall back to
            # the session (whose CSRF check would then answer a misleading 403).
            raise Unauthenticated("token_unknown")
        now = clock.now()
        if found.revoked:
            raise Unauthenticated("token_revoked")
        if found.expires_at <= now:
            raise Unauthenticated("token_expired")
        if found.scope != TokenScope.WRITE and request.method not in SAFE_METHODS:
            raise Forbidden("token_read_only")
        if found.last_used_at is None or (now - found.last_used_at).total_seconds() > 300:
            ApiToken.objects.filter(pk=found.pk).update(last_used_at=now)
        request.user = found.user
        request.hotro_token = found  # type: ignore[attr-defined]
        return found.user


class SessionAuth(NinjaSessionAuth):
    """django-ninja's session authentication (with its CSRF check), for staff only after
    the second factor (django-otp's `is_verified`). Same name as ninja's, so the OpenAPI
    document's security scheme stays "SessionAuth"."""

    def authenticate(self, request: HttpRequest, key: str | None) -> User | None:
        user = super().authenticate(request, key)
        if not isinstance(user, User):
            return None
        if user.needs_second_factor and not user.is_verified():  # type: ignore[attr-defined]
            return None
        return user


session_auth = SessionAuth()
AUTH: list[Any] = [BearerToken(), session_auth]


def current_user(request: HttpRequest) -> User:
    user = request.auth  # type: ignore[attr-defined]
    assert isinstance(user, User)
    return user


def used_token(request: HttpRequest) -> ApiToken | None:
    """The token this request was authenticated with, if any."""
    token = getattr(request, "hotro_token", None)
    return token if isinstance(token, ApiToken) else None

"""Writes on users and tokens."""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from hotro.accounts.models import ApiToken, Role, TokenOrigin, TokenScope, User, token_digest
from hotro.catalog.models import Agency
from hotro.core import clock
from hotro.core.errors import FieldError, Forbidden, NotFound, ValidationFailed

# Roles that must belong to an agency, and the levels their agency may be at.
_AGENCY_ROLES = {Role.OFFICER, Role.SUPERVISOR}


@transaction.atomic
def user_create(
    *,
    username: str,
    role: Role,
    password: str | None = None,
    agency: Agency | None = None,
    full_name: str = "",
    email: str = "",
    national_id: str = "",
    tax_code: str = "",
    agency_head: bool = False,
) -> User:
    if role in _AGENCY_ROLES and agency is None:
        raise ValidationFailed(errors=[FieldError("agency", "required")])
    if User.objects.filter(username=username).exists():
        raise ValidationFailed(errors=[FieldError("username", "conflict")])
    user = User(
        username=username,
        role=role,
        agency=agency if role in _AGENCY_ROLES else None,
        full_name=full_name,
        email=email,
        national_id=national_id,
        tax_code=tax_code,
        agency_head=agency_head and role == Role.OFFICER,
        is_staff=role == Role.ADMIN,
        is_superuser=role == Role.ADMIN,
    )
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.save()
    return user


# API tokens. Each expires and has a scope: read (GET and HEAD only) or write. The role sets
# the widest scope (an administrator's token only reads: what an administrator changes,
# they change in a verified session) and the lifetime. Staff, who log in with a second
# factor, get a token only from a session that proved it, or from an operator running
# `hotro token` on the server; a token never makes another token.


@dataclass(frozen=True)
class TokenLimits:
    scopes: tuple[str, ...]  # the widest first
    days: int  # default lifetime, and the longest one through a session


def token_limits(user: User) -> TokenLimits:
    scopes = (TokenScope.READ,) if user.is_admin_role else (TokenScope.WRITE, TokenScope.READ)
    staff = user.needs_second_factor
    days = settings.HOTRO_STAFF_TOKEN_DAYS if staff else settings.HOTRO_TOKEN_DAYS
    return TokenLimits(scopes=tuple(str(s) for s in scopes), days=int(days))


def _make(
    *, user: User, name: str, scope: str, days: int, origin: TokenOrigin
) -> tuple[str, ApiToken]:
    key = "hotro_" + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        name=name,
        prefix=key[6:14],
        digest=token_digest(key),
        scope=scope,
        origin=origin,
        expires_at=clock.now() + dt.timedelta(days=days),
    )
    return key, token


def _checked(user: User, scope: str | None, days: int | None, longest: int) -> tuple[str, int]:
    limits = token_limits(user)
    scope = scope or limits.scopes[0]
    days = limits.days if days is None else days
    problems = []
    if scope not in limits.scopes:
        problems.append(FieldError("scope", "token_scope_role", {"scope": scope}))
    if not 1 <= days <= longest:
        problems.append(FieldError("days", "token_days", {"max": longest}))
    if problems:
        raise ValidationFailed(errors=problems)
    return scope, days


def token_issue(
    *, user: User, name: str = "", scope: str | None = None, days: int | None = None
) -> str:
    """An operator's token (`hotro token`; also the tests'): the role's widest scope unless
    told, its default lifetime unless told (another system's may last up to
    HOTRO_TOKEN_MAX_DAYS). Returns the key, which is stored nowhere."""
    scope, days = _checked(user, scope, days, int(settings.HOTRO_TOKEN_MAX_DAYS))
    key, _ = _make(user=user, name=name, scope=scope, days=days, origin=TokenOrigin.OPERATOR)
    return key


def token_issue_from_session(
    *,
    user: User,
    second_factor_verified: bool,
    by_token: bool,
    scope: str,
    name: str = "",
    days: int | None = None,
) -> tuple[str, ApiToken]:
    """A person's own token, asked for from a logged-in session: never with another token,
    and for staff only once the session proved the second factor."""
    if by_token:
        raise Forbidden("token_needs_session")
    if user.needs_second_factor and not second_factor_verified:
        raise Forbidden("token_needs_second_factor")
    scope, days = _checked(user, scope, days, token_limits(user).days)
    return _make(user=user, name=name, scope=scope, days=days, origin=TokenOrigin.SESSION)


def token_revoke(*, user: User, token_id: int) -> None:
    """Revoke one of the user's own tokens (another's is not found)."""
    if not ApiToken.objects.filter(pk=token_id, user=user).update(revoked=True):
        raise NotFound("not_found")


# Second factor (TOTP, RFC 6238) for officers, supervisors and administrators (django-otp).


def totp_enrolment(*, user: User) -> TOTPDevice:
    """The device being enrolled: an unconfirmed one (made now if there is none)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("id").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Ứng dụng xác thực", confirmed=False)
    return device


@transaction.atomic
def totp_confirm(*, user: User, token: str) -> TOTPDevice:
    """Confirm the device being enrolled with a code from the app."""
    device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=False).first()
    if device is None or not device.verify_token(token.strip()):
        raise ValidationFailed(errors=[FieldError("token", "otp_invalid")])
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    return device


def totp_verify(*, user: User, token: str) -> TOTPDevice:
    """The confirmed device that accepts this code (a used code is refused)."""
    for device in TOTPDevice.objects.filter(user=user, confirmed=True).order_by("id"):
        if device.verify_token(token.strip()):
            return device
    raise ValidationFailed(errors=[FieldError("token", "otp_invalid")])


def totp_has_device(*, user: User) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def totp_publish_demo(*, user: User, key: str) -> TOTPDevice:
    """A confirmed device with a published key: the demo's staff accounts, and tests."""
    device, _ = TOTPDevice.objects.get_or_create(
        user=user, name="demo", defaults={"key": key, "confirmed": True}
    )
    return device

"""Writes on users and tokens."""

from __future__ import annotations

import secrets

from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from hotro.accounts.models import ApiToken, Role, User, token_digest
from hotro.catalog.models import Agency
from hotro.core.errors import FieldError, ValidationFailed

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


def token_issue(*, user: User, name: str = "") -> str:
    """Make a bearer token for `user` and return its key, which is stored nowhere."""
    key = "hotro_" + secrets.token_urlsafe(32)
    ApiToken.objects.create(user=user, name=name, prefix=key[6:14], digest=token_digest(key))
    return key


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

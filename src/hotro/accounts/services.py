"""Writes on users and tokens."""

from __future__ import annotations

import secrets

from django.db import transaction

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

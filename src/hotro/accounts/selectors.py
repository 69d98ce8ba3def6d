"""Reads of the accounts context: an account's bindings and its challenges."""

from __future__ import annotations

import uuid

from django.db.models import QuerySet

from hotro.accounts.binding_models import BindingChallenge, IdentityBinding, IdentityKind
from hotro.accounts.models import User
from hotro.core.errors import NotFound


def bindings_of(*, user: User) -> QuerySet[IdentityBinding]:
    """Every binding of the account, active and revoked, newest first."""
    return IdentityBinding.objects.filter(user=user).order_by("-bound_at", "-id")


def bound_identities(*, user: User) -> dict[tuple[str, str], str]:
    """The account's active bindings: (kind, identifier) -> method."""
    rows = IdentityBinding.objects.filter(user=user, revoked_at__isnull=True).values_list(
        "kind", "identifier", "method"
    )
    return {(kind, identifier): method for kind, identifier, method in rows}


def bound_tax_codes(*, user: User) -> set[str]:
    return {i for (k, i) in bound_identities(user=user) if k == IdentityKind.TAX_CODE}


def as_uuid(value: object) -> uuid.UUID | None:
    try:
        return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))
    except ValueError:
        return None


def challenge_find(*, user: User, challenge_id: object) -> BindingChallenge | None:
    """One of the account's own challenges; None for another account's or an unknown id."""
    key = as_uuid(challenge_id)
    if key is None:
        return None
    return BindingChallenge.objects.filter(id=key, user=user).first()


def challenge_get(*, user: User, challenge_id: object) -> BindingChallenge:
    found = challenge_find(user=user, challenge_id=challenge_id)
    if found is None:
        raise NotFound("binding_challenge_unknown")
    return found

"""Users, their roles and API tokens."""

from __future__ import annotations

import hashlib

from django.contrib.auth.models import AbstractUser
from django.db import models


class Role(models.TextChoices):
    APPLICANT = "applicant", "Người nộp hồ sơ"
    OFFICER = "officer", "Cán bộ xử lý"
    SUPERVISOR = "supervisor", "Cán bộ giám sát"
    ADMIN = "admin", "Quản trị"


# Who must prove a second factor (TOTP) at login, on the pages and through the API alike.
SECOND_FACTOR_ROLES = frozenset({Role.OFFICER, Role.SUPERVISOR, Role.ADMIN})


class User(AbstractUser):
    """A person or a system. Officers belong to an agency and act for the steps that agency
    handles; a supervisor's agency sets the scope (a province's committee office, or the
    Government Office for the nation)."""

    role = models.CharField(max_length=12, choices=Role.choices, default=Role.APPLICANT)
    full_name = models.CharField(max_length=200, blank=True)
    agency = models.ForeignKey(
        "catalog.Agency", null=True, blank=True, on_delete=models.PROTECT, related_name="staff"
    )
    national_id = models.CharField(max_length=12, blank=True)
    tax_code = models.CharField(max_length=14, blank=True)
    phone = models.CharField(max_length=20, blank=True)
    # The head of the agency (thủ trưởng cơ quan), or a deputy acting for them: an officer who
    # also receives the agency's weekly digest of overdue and soon-due dossiers.
    agency_head = models.BooleanField(default=False)

    @property
    def is_officer(self) -> bool:
        return self.role == Role.OFFICER

    @property
    def is_supervisor(self) -> bool:
        return self.role == Role.SUPERVISOR

    @property
    def is_applicant(self) -> bool:
        return self.role == Role.APPLICANT

    @property
    def is_admin_role(self) -> bool:
        return self.role == Role.ADMIN or self.is_superuser

    @property
    def needs_second_factor(self) -> bool:
        return self.role in SECOND_FACTOR_ROLES or self.is_superuser


def token_digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


class TokenScope(models.TextChoices):
    READ = "read", "Chỉ đọc (GET)"
    WRITE = "write", "Đọc và ghi"


class TokenOrigin(models.TextChoices):
    OPERATOR = "operator", "Lệnh hotro token (người vận hành)"
    SESSION = "session", "Phiên đăng nhập"


class ApiToken(models.Model):
    """A bearer token. Only its SHA-256 is stored; the key is shown once, when made. Every
    token expires; a read token may only GET (accounts/services.py has the rules)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100, blank=True)
    prefix = models.CharField(max_length=8)
    digest = models.CharField(max_length=64, unique=True)
    scope = models.CharField(max_length=8, choices=TokenScope.choices, default=TokenScope.READ)
    origin = models.CharField(
        max_length=10, choices=TokenOrigin.choices, default=TokenOrigin.OPERATOR
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked = models.BooleanField(default=False)

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user})"

    @classmethod
    def find(cls, key: str) -> ApiToken | None:
        """The token with this key, revoked and expired ones included (they are refused
        with their own reason), of an active user."""
        return (
            cls.objects.select_related("user", "user__agency")
            .filter(digest=token_digest(key), user__is_active=True)
            .first()
        )


# Bindings of accounts to the identities they act for (their own module: accounts.binding).
from hotro.accounts.binding_models import (  # noqa: E402
    BindingChallenge as BindingChallenge,
)
from hotro.accounts.binding_models import (  # noqa: E402
    IdentityBinding as IdentityBinding,
)
from hotro.accounts.profile_models import (  # noqa: E402
    EmployerProfile as EmployerProfile,
)

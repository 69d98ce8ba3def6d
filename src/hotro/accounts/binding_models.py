"""Who an applicant account is proven to be: its bindings to a tax code (an enterprise, a
household business) or a national ID number (a person), and the one-time challenges an
enterprise signs to prove one. Imported by `accounts.models`; written only by
`accounts.binding`."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models


class IdentityKind(models.TextChoices):
    TAX_CODE = "tax_code", "Mã số thuế"
    NATIONAL_ID = "national_id", "Số định danh cá nhân"


class BindingMethod(models.TextChoices):
    # A challenge signed with the enterprise's certificate, checked by our own validator.
    CERTIFICATE = "certificate", "Ký số mã xác minh bằng chứng thư số của doanh nghiệp"
    # The national sign-on: the backend that completed it vouches for the identifier.
    SSO = "sso", "Tài khoản định danh điện tử quốc gia"


def _proof_path(instance: IdentityBinding, filename: str) -> str:
    return f"bindings/{instance.document_sha256[:2]}/{instance.document_sha256}"


class IdentityBinding(models.Model):
    """One proof that an account acts for a tax code or a national ID number. Rows are never
    deleted or rewritten: a binding that no longer holds is revoked (its time and reason
    set), and a new proof is a new row. Several accounts may be bound to one tax code (an
    enterprise's accountants); each is recorded with its own evidence."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="bindings"
    )
    kind = models.CharField(max_length=12, choices=IdentityKind.choices)
    identifier = models.CharField(max_length=14)
    method = models.CharField(max_length=12, choices=BindingMethod.choices)
    # The evidence: for a certificate, its subject's name, issuer and serial and the SHA-256
    # of the signed file (kept in `proof`); for the sign-on, the issuer and the subject.
    signer = models.CharField(max_length=300, blank=True)
    issuer = models.CharField(max_length=500, blank=True)
    serial = models.CharField(max_length=80, blank=True)
    document_sha256 = models.CharField(max_length=64, blank=True)
    proof = models.FileField(upload_to=_proof_path, max_length=200, blank=True)
    challenge = models.OneToOneField(
        "accounts.BindingChallenge",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="binding",
    )
    bound_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_reason = models.CharField(max_length=300, blank=True)

    class Meta:
        constraints = [
            # one active binding per account and identifier; history stays beside it
            models.UniqueConstraint(
                fields=["user", "kind", "identifier"],
                condition=models.Q(revoked_at__isnull=True),
                name="binding_active_once",
            )
        ]
        indexes = [models.Index(fields=["kind", "identifier"], name="binding_identifier")]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.kind}:{self.identifier} ({self.method})"

    @property
    def active(self) -> bool:
        return self.revoked_at is None


class BindingChallenge(models.Model):
    """A random nonce an applicant asks for, for one tax code: the enterprise signs a small
    document carrying it. Single use, until `expires_at`, for this account only."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="binding_challenges"
    )
    tax_code = models.CharField(max_length=14)
    nonce = models.CharField(max_length=32, unique=True)
    # The exact text to sign (a detached CMS signature is checked against these bytes).
    text = models.TextField()
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["user", "expires_at"], name="challenge_user_expiry")]

    def __str__(self) -> str:
        return f"{self.user_id}:{self.tax_code} {self.nonce[:8]}…"

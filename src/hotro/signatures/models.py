"""The trust store: the roots and intermediate CAs whose signatures count, and the CRLs that
revoke their certificates. Loaded from files (`hotro trust add`, `hotro trust crl`) or in the
admin; validation reads them all."""

from __future__ import annotations

from django.db import models


class TrustedCertificate(models.Model):
    """A CA certificate. A root is a trust anchor; an intermediate only helps build paths."""

    sha256 = models.CharField(max_length=64, unique=True)
    subject = models.CharField(max_length=500)
    issuer = models.CharField(max_length=500)
    serial = models.CharField(max_length=80)
    is_root = models.BooleanField()
    not_before = models.DateTimeField()
    not_after = models.DateTimeField()
    der = models.BinaryField()
    added_at = models.DateTimeField()
    source = models.CharField(max_length=255, blank=True, help_text="File it was loaded from")

    class Meta:
        ordering = ["-is_root", "subject"]

    def __str__(self) -> str:
        return self.subject


class RevocationList(models.Model):
    """A CRL supplied offline. A newer list from the same issuer is kept beside older ones;
    the validator picks the one that applies to the moment it validates at."""

    sha256 = models.CharField(max_length=64, unique=True)
    issuer = models.CharField(max_length=500)
    this_update = models.DateTimeField()
    next_update = models.DateTimeField(null=True, blank=True)
    revoked_count = models.PositiveIntegerField()
    der = models.BinaryField()
    added_at = models.DateTimeField()
    source = models.CharField(max_length=255, blank=True)

    class Meta:
        ordering = ["issuer", "-this_update"]

    def __str__(self) -> str:
        return f"{self.issuer} ({self.this_update:%Y-%m-%d})"

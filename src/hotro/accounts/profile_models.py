"""An employer's profile: the details its applications start from (tax code, name, address,
bank account), so that an employer does not retype them each time. Imported by
`accounts.models`; written only by `accounts.profiles`."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class EmployerProfile(models.Model):
    """One per account. Saved from the account's first application, or edited on the
    account page; the tax code is one the account is bound to when it is bound to any."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="employer_profile"
    )
    tax_code = models.CharField(max_length=14, blank=True)
    name = models.CharField(max_length=200)
    address = models.CharField(max_length=200, blank=True)
    representative = models.CharField(max_length=200, blank=True)
    phone = models.CharField(max_length=20, blank=True)
    email = models.CharField(max_length=254, blank=True)
    bank_account = models.CharField(max_length=40, blank=True)
    bank_name = models.CharField(max_length=200, blank=True)
    updated_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.name} ({self.tax_code or '—'})"

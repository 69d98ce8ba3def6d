"""Reads of the trust store."""

from __future__ import annotations

from django.db.models import QuerySet

from hotro.signatures.models import RevocationList, TrustedCertificate


def trusted_certificates() -> QuerySet[TrustedCertificate]:
    return TrustedCertificate.objects.defer("der").order_by("-is_root", "subject")


def revocation_lists() -> QuerySet[RevocationList]:
    return RevocationList.objects.defer("der").order_by("issuer", "-this_update")

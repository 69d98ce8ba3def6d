"""The mark of a required signature that is missing (signatures/required.py), for the pages
that list a dossier's documents: `{{ doc|signature_missing:component }}`."""

from __future__ import annotations

from typing import Any

from django import template

from hotro.signatures.required import signature_missing as missing

register = template.Library()


@register.filter
def signature_missing(doc: Any, component: Any) -> str:
    if doc is None or component is None:
        return ""
    return missing(
        signer=str(getattr(component, "signer", "") or ""),
        verdict=str(doc.signature_verdict or ""),
        report=doc.signature_report,
    )

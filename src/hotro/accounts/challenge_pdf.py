"""The PDF an enterprise signs to answer a binding challenge: the challenge's text on one
page, and its nonce in the document information (Subject, Keywords), where the validator
reads it from the revision the signature covers (signatures.proofs)."""

from __future__ import annotations

from django.template.loader import render_to_string
from weasyprint import HTML

from hotro.accounts.binding_models import BindingChallenge
from hotro.signatures.proofs import token


def challenge_pdf(challenge: BindingChallenge) -> bytes:
    html = render_to_string(
        "accounts/challenge.html",
        {
            "challenge": challenge,
            "lines": challenge.text.splitlines()[1:],
            "token": token(challenge.nonce),
        },
    )
    pdf: bytes = HTML(string=html).write_pdf()
    return pdf

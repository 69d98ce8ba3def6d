"""Binding test accounts to a tax code the way an enterprise does it: a challenge from the
real service, signed with a certificate of the test PKI, answered through the real service.
Nothing is written directly."""

from __future__ import annotations

from hotro.accounts.binding import challenge_answer, challenge_issue
from hotro.accounts.binding_models import BindingChallenge, IdentityBinding
from hotro.accounts.models import User
from hotro.signatures import testpki
from hotro.signatures.proofs import sign_cms
from hotro.signatures.signing import signer_from_pkcs12
from tests import pki
from tests.factories import APPLICANT

OTHER_TAX_CODE = "0319900005"  # a valid MST that no test certificate carries


def cms_over(issued: testpki.Issued, data: bytes, *, detached: bool = False) -> bytes:
    signer = signer_from_pkcs12(issued.pkcs12(), testpki.DEMO_PASSPHRASE)
    return sign_cms(data, signer, detached=detached)


def signed_answer(
    challenge: BindingChallenge, issued: testpki.Issued | None = None, *, detached: bool = False
) -> bytes:
    """The challenge's text signed as CMS with `issued` (An Phát's certificate by default)."""
    return cms_over(issued or pki.demo().employer, challenge.text.encode(), detached=detached)


def bind(
    user: User, *, tax_code: str = APPLICANT["tax_code"], issued: testpki.Issued | None = None
) -> IdentityBinding:
    """Bind `user` to `tax_code` by a challenge signed with the enterprise's certificate."""
    challenge = challenge_issue(user=user, tax_code=tax_code)
    binding, _ = challenge_answer(
        user=user, challenge_id=str(challenge.id), content=signed_answer(challenge, issued)
    )
    return binding

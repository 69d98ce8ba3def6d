"""Binding test accounts to a tax code the way an enterprise does it: a challenge from the
real service, signed with a certificate of the test PKI, answered through the real service.
Nothing is written directly."""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from hotro.accounts.binding import challenge_answer, challenge_issue
from hotro.accounts.binding_models import BindingChallenge, IdentityBinding
from hotro.accounts.models import User
from hotro.signatures import testpki
from hotro.signatures.proofs import sign_cms
from hotro.signatures.signing import signer_from_pkcs12
from tests import pki
from tests.conftest import Api
from tests.factories import APPLICANT

OTHER_TAX_CODE = "0319900005"  # a valid MST that no test certificate carries
AN_PHAT = APPLICANT["tax_code"]


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


# Through the API, as an enterprise's software would.


def answer(api: Api, challenge_id: str, content: bytes, name: str = "ky.p7s") -> Any:
    return api.client.post(
        "/api/v1/account/bindings",
        {"challenge": challenge_id, "file": SimpleUploadedFile(name, content)},
        headers=api.headers,
    )


def ask(api: Api, tax_code: str = AN_PHAT) -> dict[str, Any]:
    r = api.post("/account/challenges", {"tax_code": tax_code})
    assert r.status_code == 201, r.content
    data: dict[str, Any] = r.json()
    return data


def problem(r: Any, status: int, code: str, field: str | None = None) -> dict[str, Any]:
    assert r.status_code == status, r.content
    assert r["Content-Type"].startswith("application/problem+json")
    data: dict[str, Any] = r.json()
    assert data["code"] == code, data
    if field is not None:
        assert [e["field"] for e in data["errors"]] == [field], data
    return data

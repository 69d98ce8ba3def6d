"""The national sign-on's side of binding (docs/sso.md), with a fake backend standing for the
relying party a deployment adds: the issuer (outside, faked) has verified the claims; the
backend maps them to an account and calls `applicant_bind`, ours and real."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth import authenticate
from django.contrib.auth.backends import BaseBackend
from django.http import HttpRequest
from django.test import RequestFactory

from hotro.accounts.binding import Evidence, applicant_bind
from hotro.accounts.models import IdentityBinding, Role, User
from hotro.accounts.services import token_issue, user_create
from hotro.core.errors import Forbidden, ValidationFailed
from hotro.signatures import testpki
from tests import pki
from tests.conftest import Api
from tests.factories import APPLICANT, pdf_bytes

pytestmark = pytest.mark.django_db
ISSUER = "https://dinhdanh.example.invalid"
WORKER_ID = "079190000123"


class FakeNationalSignOn(BaseBackend):
    """What `HOTRO_OIDC_BACKEND` names in a deployment, minus the OpenID Connect exchange:
    `claims` are what the issuer verified (its ID token's, already checked)."""

    def authenticate(  # type: ignore[override]
        self, request: HttpRequest | None, *, claims: dict[str, str] | None = None, **kw: Any
    ) -> User | None:
        if claims is None:
            return None
        username = f"vneid.{claims['sub']}"
        user = User.objects.filter(username=username).first() or user_create(
            username=username, role=Role.APPLICANT, password=None, full_name=claims["name"]
        )
        evidence = Evidence(signer=claims["sub"], issuer=claims["iss"])
        if claims.get("tax_code"):
            applicant_bind(user=user, method="sso", evidence=evidence, tax_code=claims["tax_code"])
        if claims.get("national_id"):
            applicant_bind(
                user=user, method="sso", evidence=evidence, national_id=claims["national_id"]
            )
        return user

    def get_user(self, user_id: int) -> User | None:
        return User.objects.filter(pk=user_id).first()


@pytest.fixture(autouse=True)
def _sign_on(settings: Any) -> None:
    settings.HOTRO_OIDC_ISSUER = ISSUER
    settings.AUTHENTICATION_BACKENDS = [
        *settings.AUTHENTICATION_BACKENDS,
        f"{__name__}.FakeNationalSignOn",
    ]


def sign_on(**claims: str) -> User:
    # as the relying party's callback view does, with its request
    request = RequestFactory().get("/oidc/callback/")
    user = authenticate(request, claims={"iss": ISSUER, "name": "Người dùng", **claims})
    assert isinstance(user, User)
    return user


def test_the_sign_on_binds_the_tax_code_the_issuer_verified(
    submit_body: Callable[..., dict[str, Any]],
) -> None:
    user = sign_on(sub="dn-0100233488", tax_code=APPLICANT["tax_code"])
    assert sign_on(sub="dn-0100233488", tax_code=APPLICANT["tax_code"]) == user  # again: same
    (binding,) = IdentityBinding.objects.filter(user=user)
    assert (binding.identifier, binding.method, binding.issuer) == ("0100233488", "sso", ISSUER)
    api = Api(token_issue(user=user))
    docs = []
    for component, issued in (
        ("worker_list", pki.demo().employer),
        ("social_insurance_confirmation", pki.demo().social_insurance),
    ):
        r = api.upload("/documents", f"{component}.pdf", pki.sign(issued, pdf_bytes(component)))
        docs.append({"component": component, "upload_id": r.json()["id"]})
    r = api.post("/dossiers", {**submit_body(api=api), "documents": docs})
    assert r.status_code == 201, r.content
    assert r.json()["applicant_verified_by"] == "sso"
    assert {d["signer_party"] for d in r.json()["documents"]} == {"right"}


def worker_dossier(api: Api) -> dict[str, Any]:
    """A worker's own request (policy QD23-CHAM-DUT-HDLD), signed with a personal
    certificate that carries the worker's CCCD."""
    person = testpki.signer(
        pki.demo().provider_a, testpki.name("NGUYỄN THỊ HÒA", uid=f"CCCD:{WORKER_ID}")
    )
    docs = []
    for component, content in (
        ("request", pki.sign(person, pdf_bytes("de nghi"))),
        ("termination_document", pdf_bytes("quyet dinh thoi viec")),
    ):
        r = api.upload("/documents", f"{component}.pdf", content)
        assert r.status_code == 201, r.content
        docs.append({"component": component, "upload_id": r.json()["id"]})
    r = api.post(
        "/dossiers",
        {
            "policy_code": "QD23-CHAM-DUT-HDLD",
            "agency_code": "000.00.03.H29",
            "applicant": {
                "name": "Nguyễn Thị Hòa",
                "national_id": WORKER_ID,
                "date_of_birth": "1990-04-12",
                "social_insurance_no": "7912345678",
                "address": "Quận 1, Thành phố Hồ Chí Minh",
                "phone": "0903123456",
                "last_employer": "Công ty TNHH May mặc An Phát",
                "termination_date": "2021-08-31",
                "amount": 3710000,
            },
            "documents": docs,
        },
    )
    assert r.status_code == 201, r.content
    data: dict[str, Any] = r.json()
    return data


def test_a_worker_is_proven_by_the_sign_on_only(
    make_user: Callable[..., User], api_for: Callable[..., Api]
) -> None:
    # A password account typing the worker's ID is not the worker: flagged, not shielded.
    stranger = worker_dossier(api_for(make_user(Role.APPLICANT)))
    assert stranger["applicant_verified"] is False
    assert {d["component"]: d["signer_party"] for d in stranger["documents"]}["request"] == (
        "unproven"
    )
    worker = sign_on(sub="cd-079190000123", national_id=WORKER_ID)
    own = worker_dossier(Api(token_issue(user=worker)))
    assert own["applicant_verified_by"] == "sso"
    assert {d["component"]: d["signer_party"] for d in own["documents"]}["request"] == "right"


def test_the_interface_takes_only_the_configured_issuers_word(settings: Any) -> None:
    user = sign_on(sub="someone")
    with pytest.raises(Forbidden):
        applicant_bind(
            user=user,
            method="sso",
            evidence=Evidence(signer="x", issuer="https://other.invalid"),
            tax_code=APPLICANT["tax_code"],
        )
    with pytest.raises(ValidationFailed):  # a certificate binding needs its signed challenge
        applicant_bind(
            user=user,
            method="certificate",
            evidence=Evidence(signer="x", issuer=ISSUER),
            tax_code=APPLICANT["tax_code"],
        )
    with pytest.raises(ValidationFailed):
        applicant_bind(
            user=user, method="sso", evidence=Evidence(signer="x", issuer=ISSUER), tax_code="123"
        )
    settings.HOTRO_OIDC_ISSUER = ""  # sign-on off: nobody vouches
    with pytest.raises(Forbidden):
        applicant_bind(
            user=user,
            method="sso",
            evidence=Evidence(signer="x", issuer=""),
            tax_code=APPLICANT["tax_code"],
        )
    assert not IdentityBinding.objects.filter(user=user).exists()

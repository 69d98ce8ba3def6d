"""Finding 3: dossier codes follow each other, so the public lookup can be walked. It must
show the status and the catalog's wording of a reason, never what an officer (or the
applicant, withdrawing) wrote: one such text held a national ID and a tax code. The applicant
and the officers still read it, on their own pages and through the API."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from hotro.accounts.models import Role, User
from hotro.api import api
from hotro.catalog.models import Reason
from hotro.dossiers.actions import ActionInput, dossier_act
from hotro.dossiers.domain.lifecycle import Action
from tests.conftest import Api
from tests.factories import submit_sample
from tests.web.helpers import otp_code, with_second_factor

pytestmark = pytest.mark.django_db

SECRET_TEXT = "Trùng hồ sơ của ông A, CCCD 079190000123, MST 0100233488, đã nhận hỗ trợ."
LEAKS = ("079190000123", "0100233488", "Trùng hồ sơ của ông A")


@pytest.fixture
def officer(make_user: Callable[..., User]) -> User:
    return with_second_factor(make_user(Role.OFFICER, agency="000.00.46.H29"))


@pytest.fixture
def refused(applicant: User, officer: User) -> str:
    code = submit_sample(applicant).code
    dossier_act(
        user=officer,
        code=code,
        action=Action.REFUSE,
        data=ActionInput(reason_code="TC-01", reason_text=SECRET_TEXT),
    )
    return code


def _no_leak(text: str) -> None:
    for leak in LEAKS:
        assert leak not in text, leak


def test_the_api_lookup_gives_the_catalog_reason_not_the_officers_text(refused: str) -> None:
    r = Api(None).get(f"/public/dossiers/{refused}")
    assert r.status_code == 200
    _no_leak(r.content.decode())
    data = r.json()
    catalog = Reason.objects.get(code="TC-01")
    assert data["status"] == "refused" and data["reason_code"] == "TC-01"
    assert data["reason_label"] == catalog.text
    assert data["reason_label_en"] == catalog.text_en
    assert "reason_text" not in data


@pytest.mark.parametrize("path", ["/tra-cuu/", "/"])
def test_the_lookup_pages_give_the_catalog_reason_not_the_officers_text(
    refused: str, path: str
) -> None:
    page = Client().get(path, {"code": refused}).content.decode()
    _no_leak(page)
    if path == "/tra-cuu/":
        assert "Không được tiếp nhận" in page
        assert Reason.objects.get(code="TC-01").text in page


def test_another_signed_in_applicant_does_not_read_it_either(
    refused: str, make_user: Callable[..., User], api_for: Callable[..., Api]
) -> None:
    other = make_user(Role.APPLICANT)
    client = Client()
    client.force_login(other)
    _no_leak(client.get("/tra-cuu/", {"code": refused}).content.decode())
    _no_leak(client.get(f"/api/v1/public/dossiers/{refused}").content.decode())
    assert api_for(other).get(f"/dossiers/{refused}/events").status_code == 404


def test_a_withdrawal_shows_its_catalog_reason_not_the_applicants_words(
    applicant: User,
) -> None:
    code = submit_sample(applicant).code
    dossier_act(
        user=applicant,
        code=code,
        action=Action.WITHDRAW,
        data=ActionInput(reason_code="RH-01", reason_text=SECRET_TEXT),
    )
    r = Api(None).get(f"/public/dossiers/{code}")
    _no_leak(r.content.decode())
    assert r.json()["reason_label"] == Reason.objects.get(code="RH-01").text
    _no_leak(Client().get("/tra-cuu/", {"code": code}).content.decode())


def test_the_applicant_still_reads_the_officers_text(
    refused: str, applicant: User, api_for: Callable[..., Api]
) -> None:
    client = Client()
    client.force_login(applicant)
    assert SECRET_TEXT in client.get(f"/ho-so-cua-toi/{refused}/").content.decode()
    events = api_for(applicant).get(f"/dossiers/{refused}/events").json()
    assert SECRET_TEXT in [e["reason_text"] for e in events]


def test_the_officer_still_reads_it(
    refused: str, officer: User, api_for: Callable[..., Api]
) -> None:
    client = Client()
    r = client.post("/dang-nhap/", {"username": officer.username, "password": "secret-password-1"})
    assert r["Location"] == "/xac-thuc/"
    assert client.post("/xac-thuc/", {"token": otp_code()}).status_code == 302
    assert SECRET_TEXT in client.get(f"/can-bo/ho-so/{refused}/").content.decode()
    events = api_for(officer).get(f"/dossiers/{refused}/events").json()
    assert SECRET_TEXT in [e["reason_text"] for e in events]


def test_the_published_schema_has_no_free_text_field() -> None:
    out = api.get_openapi_schema()["components"]["schemas"]["PublicDossierOut"]["properties"]
    assert "reason_text" not in out
    assert {"reason_code", "reason_label", "reason_label_en"} <= set(out)

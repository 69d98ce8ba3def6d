"""Finding 7, API tokens: each expires and has a scope, revoked and expired ones are refused
with problem+json, a read token cannot write, and neither a token nor the API's session
authentication lets staff around their second factor."""

from __future__ import annotations

import datetime as dt
import io
import json
from collections.abc import Callable
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from hotro.accounts.models import ApiToken, Role, TokenOrigin, User, token_digest
from hotro.accounts.services import token_issue
from hotro.core import clock
from hotro.core.errors import ValidationFailed
from hotro.dossiers.models import Dossier
from tests.conftest import SEED_DAY, Api
from tests.factories import pdf_bytes
from tests.web.helpers import otp_code, with_second_factor

pytestmark = pytest.mark.django_db
PASSWORD = "secret-password-1"
Q1 = "000.00.46.H29"


def problem(r: Any, status: int, code: str) -> None:
    assert r.status_code == status, (r.status_code, r.content[:500])
    assert r["Content-Type"].startswith("application/problem+json"), r["Content-Type"]
    assert r.json()["code"] == code, r.json()


@pytest.fixture
def officer(make_user: Callable[..., User]) -> User:
    return with_second_factor(make_user(Role.OFFICER, agency=Q1))


# expiry


def test_a_token_expires_after_its_days(applicant: User) -> None:
    api = Api(token_issue(user=applicant))
    token = ApiToken.objects.get(user=applicant)
    assert token.expires_at == SEED_DAY + dt.timedelta(days=90)
    assert api.get("/dossiers").status_code == 200
    with clock.frozen(SEED_DAY + dt.timedelta(days=90) - dt.timedelta(seconds=1)):
        assert api.get("/dossiers").status_code == 200
    with clock.frozen(SEED_DAY + dt.timedelta(days=90)):
        problem(api.get("/dossiers"), 401, "token_expired")
        problem(api.upload("/documents", "a.pdf", pdf_bytes("a")), 401, "token_expired")


def test_staff_tokens_are_shorter(officer: User) -> None:
    api = Api(token_issue(user=officer))
    with clock.frozen(SEED_DAY + dt.timedelta(days=29)):
        assert api.get("/dossiers").status_code == 200
    with clock.frozen(SEED_DAY + dt.timedelta(days=30)):
        problem(api.get("/dossiers"), 401, "token_expired")


def test_a_revoked_token_says_so(applicant: User) -> None:
    api = Api(token_issue(user=applicant))
    ApiToken.objects.filter(user=applicant).update(revoked=True)
    problem(api.get("/dossiers"), 401, "token_revoked")
    problem(api.get("/dossiers", lang="en"), 401, "token_revoked")
    problem(Api("hotro_not-a-token").get("/dossiers"), 401, "token_unknown")


def test_a_wrong_token_is_a_401_even_beside_a_signed_in_session(
    applicant: User, client: Client, submit_body: Callable[..., dict[str, Any]]
) -> None:
    """A wrong token on a write is a 401 naming the token, not the session's CSRF 403, and a
    session beside it does not rescue the call."""
    body = submit_body()
    wrong = {"Authorization": "Bearer hotro_not-a-token"}
    r = Client().post("/api/v1/dossiers", body, content_type="application/json", headers=wrong)
    problem(r, 401, "token_unknown")
    client.force_login(applicant)
    r = client.post("/api/v1/dossiers", body, content_type="application/json", headers=wrong)
    problem(r, 401, "token_unknown")
    assert not Dossier.objects.exists()


# scope


def test_a_read_token_reads_and_cannot_write(
    applicant: User, submit_body: Callable[..., dict[str, Any]]
) -> None:
    body = submit_body()  # uploaded with a write token
    reader = Api(token_issue(user=applicant, scope="read"))
    assert reader.get("/dossiers").status_code == 200
    assert reader.get("/catalog/policies").status_code == 200
    problem(reader.post("/dossiers", body), 403, "token_read_only")
    problem(reader.upload("/documents", "a.pdf", pdf_bytes("a")), 403, "token_read_only")
    assert not Dossier.objects.exists()
    writer = Api(token_issue(user=applicant, scope="write"))
    assert writer.post("/dossiers", body).status_code == 201


def test_an_officers_read_token_cannot_act(
    officer: User, applicant: User, submit_body: Callable[..., dict[str, Any]]
) -> None:
    code = Api(token_issue(user=applicant)).post("/dossiers", submit_body()).json()["code"]
    reader = Api(token_issue(user=officer, scope="read"))
    assert reader.get(f"/dossiers/{code}").status_code == 200
    problem(reader.post(f"/dossiers/{code}/actions/receive", {}), 403, "token_read_only")
    assert Dossier.objects.get(code=code).status == "submitted"


def test_roles_limit_the_scope(make_user: Callable[..., User]) -> None:
    admin = make_user(Role.ADMIN)
    assert Api(token_issue(user=admin)).get("/dossiers").status_code == 200
    assert ApiToken.objects.get(user=admin).scope == "read"  # the widest an admin's may be
    with pytest.raises(ValidationFailed) as refused:
        token_issue(user=admin, scope="write")
    assert [(e.field, e.code) for e in refused.value.errors] == [("scope", "token_scope_role")]
    problem(Api(token_issue(user=admin)).post("/stats/reminders", {}), 403, "token_read_only")


# the operator's command


def test_the_command_sets_scope_and_days_for_other_systems(applicant: User) -> None:
    out = io.StringIO()
    call_command("token", applicant.username, "--scope", "read", "--days", "365", stdout=out)
    token = ApiToken.objects.get(digest=token_digest(out.getvalue().strip()))
    assert (token.scope, token.origin) == ("read", TokenOrigin.OPERATOR)
    assert token.expires_at == SEED_DAY + dt.timedelta(days=365)
    for days in ("0", "731"):
        with pytest.raises(CommandError, match="--days"):
            call_command("token", applicant.username, "--days", days, stdout=io.StringIO())


# made from a session


def _login(client: Client, user: User, *, second_factor: bool) -> None:
    r = client.post("/dang-nhap/", {"username": user.username, "password": PASSWORD})
    assert r.status_code == 302
    if second_factor:
        r = client.post("/xac-thuc/", {"token": otp_code()})
        assert r.status_code == 302 and r["Location"] != "/xac-thuc/"


def _ask(client: Client, body: dict[str, Any], **headers: str) -> Any:
    return client.post(
        "/api/v1/tokens", json.dumps(body), content_type="application/json", headers=headers
    )


def test_an_applicant_makes_a_token_from_the_session_and_uses_it(
    client: Client, applicant: User
) -> None:
    _login(client, applicant, second_factor=False)
    r = _ask(client, {"scope": "write", "name": "kế toán"})
    assert r.status_code == 201, r.content
    made = r.json()
    assert made["scope"] == "write" and made["origin"] == "session"
    assert made["expires_at"].startswith((SEED_DAY + dt.timedelta(days=90)).date().isoformat())
    api = Api(made["key"])
    assert api.get("/dossiers").status_code == 200
    assert api.upload("/documents", "a.pdf", pdf_bytes("a")).status_code == 201
    problem(_ask(client, {"scope": "write", "days": 91}), 422, "validation_failed")
    problem(_ask(client, {"scope": "admin"}), 422, "validation_failed")
    # a token does not make tokens: its lifetime would never end
    problem(
        _ask(Client(), {"scope": "read"}, Authorization=f"Bearer {made['key']}"),
        403,
        "token_needs_session",
    )


def test_a_session_post_needs_its_csrf_token(applicant: User) -> None:
    client = Client(enforce_csrf_checks=True)
    _login_with_csrf(client, applicant)
    assert _ask(client, {"scope": "read"}).status_code == 403
    csrf = client.cookies["csrftoken"].value
    assert _ask(client, {"scope": "read"}, **{"X-CSRFToken": csrf}).status_code == 201


def _login_with_csrf(client: Client, user: User) -> None:
    client.get("/dang-nhap/")
    r = client.post(
        "/dang-nhap/",
        {
            "username": user.username,
            "password": PASSWORD,
            "csrfmiddlewaretoken": client.cookies["csrftoken"].value,
        },
    )
    assert r.status_code == 302


def test_staff_make_a_token_only_after_the_second_factor(client: Client, officer: User) -> None:
    _login(client, officer, second_factor=False)  # half-way: the password only
    problem(_ask(client, {"scope": "read"}), 401, "unauthenticated")
    r = client.post("/xac-thuc/", {"token": otp_code()})
    assert r.status_code == 302
    problem(_ask(client, {"scope": "write", "days": 31}), 422, "validation_failed")
    r = _ask(client, {"scope": "write"})
    assert r.status_code == 201, r.content
    assert r.json()["expires_at"].startswith((SEED_DAY + dt.timedelta(days=30)).date().isoformat())
    assert Api(r.json()["key"]).get("/dossiers").status_code == 200
    assert not ApiToken.objects.filter(user=officer, origin=TokenOrigin.OPERATOR).exists()


@pytest.mark.parametrize("role", [Role.OFFICER, Role.SUPERVISOR, Role.ADMIN])
def test_a_staff_session_without_the_second_factor_opens_no_api_call(
    make_user: Callable[..., User], role: Role
) -> None:
    """A staff member logged in by a backend that skipped the code (a national sign-on, any
    login but ours) holds an authenticated session: the pages send them to the second
    factor, and the API must refuse them too."""
    agency = {Role.OFFICER: Q1, Role.SUPERVISOR: "000.00.01.H29"}.get(role)
    user = with_second_factor(make_user(role, agency=agency))
    client = Client()
    client.force_login(user)  # authenticated, not verified
    assert client.get("/can-bo/")["Location"] == "/xac-thuc/"
    for r in (
        client.get("/api/v1/dossiers"),
        client.get("/api/v1/stats"),
        client.get("/api/v1/tokens"),
        _ask(client, {"scope": "read"}),
    ):
        problem(r, 401, "unauthenticated")
    assert not ApiToken.objects.filter(user=user).exists()


def test_an_applicants_session_needs_no_second_factor(client: Client, applicant: User) -> None:
    client.force_login(applicant)
    assert client.get("/api/v1/dossiers").status_code == 200


# listing and revoking


def test_one_lists_and_revokes_only_ones_own_tokens(
    client: Client, applicant: User, make_user: Callable[..., User]
) -> None:
    other = make_user(Role.APPLICANT)
    token_issue(user=other)
    key = token_issue(user=applicant, name="máy chủ kế toán")
    api = Api(key)
    listed = api.get("/tokens").json()
    assert [(t["name"], t["scope"]) for t in listed] == [("máy chủ kế toán", "write")]
    assert "key" not in listed[0] and "digest" not in listed[0]
    theirs = ApiToken.objects.get(user=other).pk
    problem(api.client.delete(f"/api/v1/tokens/{theirs}", headers=api.headers), 404, "not_found")
    assert not ApiToken.objects.get(pk=theirs).revoked
    mine = listed[0]["id"]
    r = api.client.delete(f"/api/v1/tokens/{mine}", headers=api.headers)
    assert r.status_code == 204
    problem(api.get("/dossiers"), 401, "token_revoked")

"""Finding 4: rate limits per user and per client address on uploads, submissions and public
lookups (API: 429 problem+json with Retry-After; pages: a plain Vietnamese page), and the
client address believed from X-Forwarded-For only behind the proxies we run.

Most tests set small limits of their own, so that they say what they count; one walks the
default lookup limit to the end. Each test starts with an empty cache (tests/conftest.py)."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, RequestFactory

from hotro.accounts.models import Role, User
from hotro.accounts.services import token_issue
from hotro.api import api
from hotro.core.clientip import client_ip
from hotro.dossiers.models import Document
from tests.binding import ask
from tests.conftest import Api
from tests.factories import pdf_bytes
from tests.web.helpers import worker_list_xlsx

pytestmark = pytest.mark.django_db
NOBODY = "NCOVI.000.00.46.H29-211013-9999"


def rates(settings: Any, **changes: dict[str, str | None]) -> None:
    """Replace some scopes' limits (the others keep their defaults)."""
    settings.HOTRO_RATES = {**settings.HOTRO_RATES, **changes}


def lookup(client: Client, addr: str = "198.51.100.7", **headers: str) -> Any:
    return client.get(f"/api/v1/public/dossiers/{NOBODY}", REMOTE_ADDR=addr, headers=headers)


def upload(token: str, addr: str = "198.51.100.7", name: str = "a") -> Any:
    return Client().post(
        "/api/v1/documents",
        {"file": SimpleUploadedFile(f"{name}.pdf", pdf_bytes(name))},
        REMOTE_ADDR=addr,
        headers={"Authorization": f"Bearer {token}"},
    )


def assert_429(r: Any) -> int:
    assert r.status_code == 429, r.content[:500]
    assert r["Content-Type"].startswith("application/problem+json")
    body = r.json()
    assert body["status"] == 429 and body["code"] == "rate_limited"
    wait = int(r["Retry-After"])
    assert wait >= 1
    return wait


# -- the client's address -----------------------------------------------------------------


def test_forwarded_for_is_ignored_without_a_trusted_proxy(settings: Any) -> None:
    settings.HOTRO_TRUSTED_PROXY_COUNT = 0
    request = RequestFactory().get(
        "/", REMOTE_ADDR="203.0.113.9", HTTP_X_FORWARDED_FOR="10.9.9.9, 10.8.8.8"
    )
    assert client_ip(request) == "203.0.113.9"


def test_behind_trusted_proxies_the_client_is_counted_from_the_right(settings: Any) -> None:
    factory = RequestFactory()
    xff = "6.6.6.6, 198.51.100.20, 10.0.0.2"  # spoofed, the client, the first proxy
    settings.HOTRO_TRUSTED_PROXY_COUNT = 2
    assert client_ip(factory.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=xff)) == (
        "198.51.100.20"
    )
    settings.HOTRO_TRUSTED_PROXY_COUNT = 1
    assert client_ip(factory.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=xff)) == (
        "10.0.0.2"
    )
    # A port, brackets or garbage from the nearest proxy: the address alone, or the proxy's.
    for header, seen in (("[2001:db8::7]:443", "2001:db8::7"), ("not-an-ip", "10.0.0.1")):
        request = factory.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=header)
        assert client_ip(request) == seen


def test_a_spoofed_forwarded_for_does_not_escape_the_limit(settings: Any) -> None:
    settings.HOTRO_TRUSTED_PROXY_COUNT = 0
    rates(settings, lookup={"ip": "3/10m"})
    client = Client()
    for i in range(3):
        assert lookup(client, **{"X-Forwarded-For": f"10.0.0.{i}"}).status_code == 404
    assert_429(lookup(client, **{"X-Forwarded-For": "10.0.0.99"}))


def test_behind_a_proxy_each_client_has_its_own_count(settings: Any) -> None:
    settings.HOTRO_TRUSTED_PROXY_COUNT = 1
    rates(settings, lookup={"ip": "2/10m"})
    client, proxy = Client(), "10.0.0.1"
    for _ in range(2):
        assert lookup(client, proxy, **{"X-Forwarded-For": "198.51.100.1"}).status_code == 404
    assert_429(lookup(client, proxy, **{"X-Forwarded-For": "198.51.100.1"}))
    # Another client behind the same proxy, and the first one forging a left-most entry.
    assert lookup(client, proxy, **{"X-Forwarded-For": "198.51.100.2"}).status_code == 404
    assert_429(lookup(client, proxy, **{"X-Forwarded-For": "7.7.7.7, 198.51.100.1"}))


# -- the API ------------------------------------------------------------------------------


def test_the_default_lookup_limit_stops_a_walk_through_the_codes(settings: Any) -> None:
    limit = int(settings.HOTRO_RATES["lookup"]["ip"].split("/")[0])
    client = Client()
    answers = [lookup(client).status_code for _ in range(limit)]
    assert answers == [404] * limit
    wait = assert_429(lookup(client))
    assert wait <= 600  # the window of the default, 10 minutes
    # Another address (an office elsewhere) is not affected.
    assert lookup(client, "198.51.100.8").status_code == 404


def test_uploads_are_limited_per_user_not_per_office(
    settings: Any, make_user: Callable[..., User]
) -> None:
    rates(settings, upload={"user": "3/10m", "ip": "100/10m"})
    first, second = (token_issue(user=make_user(Role.APPLICANT)) for _ in range(2))
    assert [upload(first, name=f"f{i}").status_code for i in range(3)] == [201] * 3
    before = Document.objects.count()
    assert_429(upload(first, name="f3"))
    assert Document.objects.count() == before  # nothing stored
    # A colleague at the same address still uploads.
    assert upload(second, name="s0").status_code == 201


def test_uploads_are_limited_per_address(settings: Any, make_user: Callable[..., User]) -> None:
    rates(settings, upload={"user": "100/10m", "ip": "4/10m"})
    tokens = [token_issue(user=make_user(Role.APPLICANT)) for _ in range(5)]
    assert [upload(t, name=f"u{i}").status_code for i, t in enumerate(tokens[:4])] == [201] * 4
    assert_429(upload(tokens[4], name="u4"))
    assert upload(tokens[4], "198.51.100.50", name="u5").status_code == 201


def test_files_read_but_not_stored_count_as_uploads(
    settings: Any, make_user: Callable[..., User], api_for: Callable[..., Any]
) -> None:
    """A worker list read, or a signature validated, costs what a stored file costs: an
    attacker must not get around the upload limit through them."""
    rates(settings, upload={"user": "3/10m", "ip": "100/10m"})
    applicant = api_for(make_user(Role.APPLICANT))
    sheet = worker_list_xlsx()
    url = "/catalog/policies/QD23-TAM-HOAN-HDLD/worker-list"
    assert [applicant.upload(url, "ds.xlsx", sheet).status_code for _ in range(3)] == [200] * 3
    assert_429(applicant.upload(url, "ds.xlsx", sheet))
    officer = api_for(make_user(Role.OFFICER, "000.00.46.H29"))
    answers = [officer.upload("/signatures/validate", "a.pdf", pdf_bytes("a")) for _ in range(4)]
    assert [a.status_code for a in answers[:3]] == [200] * 3
    assert_429(answers[3])


def test_made_documents_count_against_the_render_limit(
    settings: Any, client: Client, applicant: User, applicant_api: Api, code: str
) -> None:
    """The process-control slip is rendered and signed at each call, a challenge's PDF
    rendered: both count, on the API and the page."""
    rates(settings, render={"user": "2/10m", "ip": "100/10m"})
    slip = f"/dossiers/{code}/slips/process-control"
    assert [applicant_api.get(slip).status_code for _ in range(2)] == [200, 200]
    assert_429(applicant_api.get(slip))
    challenge = ask(applicant_api)  # the same user's count: each would render again
    assert_429(applicant_api.get(f"/account/challenges/{challenge['id']}/pdf"))
    client.force_login(applicant)
    assert_page_429(client.get(f"/tai-khoan/xac-minh/{challenge['id']}/van-ban.pdf"))


def test_submissions_are_limited_per_user(
    settings: Any, applicant_api: Any, submit_body: Callable[..., dict[str, Any]]
) -> None:
    rates(settings, submit={"user": "2/1h", "ip": "100/1h"})
    bodies = [submit_body() for _ in range(3)]
    assert [applicant_api.post("/dossiers", b).status_code for b in bodies[:2]] == [201, 201]
    wait = assert_429(applicant_api.post("/dossiers", bodies[2]))
    assert wait <= 3600


def test_the_schema_declares_429_with_retry_after() -> None:
    paths = json.loads(json.dumps(api.get_openapi_schema(), default=str))["paths"]
    for path, method in (
        ("/api/v1/documents", "post"),
        ("/api/v1/dossiers", "post"),
        ("/api/v1/public/dossiers/{code}", "get"),
        ("/api/v1/catalog/policies/{code}/worker-list", "post"),
        ("/api/v1/signatures/validate", "post"),
    ):
        declared = paths[path][method]["responses"]["429"]
        assert "application/problem+json" in declared["content"], path
        assert "Retry-After" in declared["headers"], path


# -- the pages ----------------------------------------------------------------------------


def assert_page_429(r: Any) -> None:
    assert r.status_code == 429
    assert r["Content-Type"].startswith("text/html")
    assert int(r["Retry-After"]) >= 1
    assert "Quá nhiều yêu cầu" in r.content.decode()


@pytest.mark.parametrize("path", ["/tra-cuu/", "/"])
def test_the_lookup_pages_are_limited(settings: Any, path: str) -> None:
    rates(settings, lookup={"ip": "3/10m"})
    client = Client()
    for _ in range(3):
        assert client.get(path, {"code": NOBODY}).status_code == 200
    assert_page_429(client.get(path, {"code": NOBODY}))
    assert client.get(path).status_code == 200  # the page without a lookup stays open


def test_registration_is_limited_per_address(settings: Any) -> None:
    rates(settings, register={"ip": "2/1h"})
    client = Client()
    for i in range(2):
        form = {"username": f"nguoi.moi.{i}", "full_name": "Nguyễn Văn Mới"}
        form |= {"password1": "mot-mat-khau-dai", "password2": "mot-mat-khau-dai"}
        assert Client().post("/dang-ky/", form).status_code == 302
    r = client.post("/dang-ky/", {"username": "nguoi.moi.9"})
    assert_page_429(r)
    assert not User.objects.filter(username="nguoi.moi.9").exists()


def test_the_upload_and_submission_pages_are_limited_per_user(
    settings: Any, applicant: User
) -> None:
    rates(settings, upload={"user": "2/10m"}, submit={"user": "1/1h"})
    client = Client()
    client.force_login(applicant)
    documents = "/nop-ho-so/QD23-TAM-HOAN-HDLD/tai-lieu/"
    for i in range(2):
        sent = {"tep_worker_list": SimpleUploadedFile(f"{i}.pdf", pdf_bytes(str(i)))}
        assert client.post(documents, sent).status_code == 200
    before = Document.objects.count()
    sent = {"tep_worker_list": SimpleUploadedFile("x.pdf", pdf_bytes("x"))}
    assert_page_429(client.post(documents, sent))
    assert Document.objects.count() == before
    review = "/nop-ho-so/QD23-TAM-HOAN-HDLD/xem-lai/"
    assert client.post(review, {}).status_code == 200  # refused by its own checks: counted
    assert_page_429(client.post(review, {}))

"""Shared fixtures. The catalog (agencies of two provinces, every policy and reason) is
loaded once per test database; tests run in transactions rolled back after each."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

import pytest
from django.db import connection
from django.test import Client

from hotro.accounts.models import Role, User
from hotro.accounts.services import token_issue, user_create
from hotro.catalog.selectors import agency_get
from hotro.catalog.services import catalog_load
from hotro.core import caches, clock
from hotro.signatures import testpki
from tests import pki
from tests.factories import APPLICANT, pdf_bytes

TEST_PROVINCES = {79, 51}  # Hồ Chí Minh City, Quảng Ngãi
SEED_DAY = clock.vietnam_datetime(2021, 10, 13, 9, 30)  # the seed's counting day, a Wednesday


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: None, django_db_blocker: Any) -> None:
    with django_db_blocker.unblock():
        catalog_load(provinces=TEST_PROVINCES)
        pki.trust_load()


@pytest.fixture(autouse=True)
def _agency_keys(settings: Any) -> None:
    """The agencies of tests.pki.AGENCIES sign what they issue; the others do not."""
    settings.HOTRO_SIGNING_DIR = str(pki.signing_dir())
    settings.HOTRO_SIGNING_PASSPHRASE = testpki.DEMO_PASSPHRASE.decode()


@pytest.fixture(autouse=True)
def _fast_passwords(settings: Any, tmp_path: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = str(tmp_path / "files")


@pytest.fixture(autouse=True)
def _fresh_process_caches() -> Any:
    """No process cache filled by an earlier test (whose transaction was rolled back or whose
    tables were flushed) is seen by this one."""
    caches.reset_all()
    yield
    caches.reset_all()


@pytest.fixture(autouse=True)
def _empty_cache(settings: Any, tmp_path: Any) -> None:
    """The rate limits count in a cache of this test's own, empty at its start: the embedded
    backend in the test's directory, so nothing leaks between tests or xdist workers."""
    settings.CACHES = {
        "default": {
            "BACKEND": "diskcache.DjangoCache",
            "LOCATION": str(tmp_path / "cache"),
            "SHARDS": 1,
        }
    }


@pytest.fixture(autouse=True)
def _rate_windows_hold_still(monkeypatch: pytest.MonkeyPatch) -> None:
    """django-ratelimit counts in fixed windows of wall-clock time (decision 0012): a test
    whose requests straddle a window's end sees its count start again, and its 121st lookup
    answered 404, not 429 (once in a few dozen CI runs on a loaded machine). Its clock holds
    still at one instant for each test; the cache's own expiry keeps the real time."""
    import django_ratelimit.core as ratelimit_core

    now = float(int(time.time()))
    monkeypatch.setattr(ratelimit_core, "time", SimpleNamespace(time=lambda: now))


@pytest.fixture(autouse=True)
def seed_day() -> Any:
    """Every test lives on 13 Oct 2021 at 09:30 unless it sets the clock itself."""
    with clock.frozen(SEED_DAY):
        yield SEED_DAY


def is_postgres() -> bool:
    return connection.vendor == "postgresql"


class Api:
    """A client that speaks JSON to /api/v1 with a bearer token."""

    def __init__(self, token: str | None, lang: str = "vi") -> None:
        self.client = Client()
        self.headers: dict[str, str] = {"Accept-Language": lang}
        if token:
            self.headers["Authorization"] = f"Bearer {token}"

    def get(self, path: str, **params: Any) -> Any:
        return self.client.get(f"/api/v1{path}", params, headers=self.headers)

    def post(self, path: str, body: Any, headers: dict[str, str] | None = None) -> Any:
        return self.client.post(
            f"/api/v1{path}",
            json.dumps(body),
            content_type="application/json",
            headers={**self.headers, **(headers or {})},
        )

    def upload(self, path: str, name: str, content: bytes) -> Any:
        from django.core.files.uploadedfile import SimpleUploadedFile

        return self.client.post(
            f"/api/v1{path}",
            {"file": SimpleUploadedFile(name, content)},
            headers=self.headers,
        )


@pytest.fixture
def make_user(db: None) -> Callable[..., User]:
    counter = iter(range(1, 10_000))

    def make(role: Role = Role.APPLICANT, agency: str | None = None, **kw: Any) -> User:
        return user_create(
            username=kw.pop("username", f"{role}-{next(counter)}"),
            role=role,
            password="secret-password-1",
            agency=agency_get(code=agency) if agency else None,
            **kw,
        )

    return make


@pytest.fixture
def api_for() -> Callable[..., Api]:
    def make(user: User | None, lang: str = "vi") -> Api:
        # A year: tests move the clock months ahead, past the 30 or 90 days of a default token.
        return Api(token_issue(user=user, days=365) if user else None, lang)

    return make


@pytest.fixture
def applicant(make_user: Callable[..., User]) -> User:
    return make_user(Role.APPLICANT, full_name="Công ty TNHH May mặc An Phát")


@pytest.fixture
def bound_applicant(applicant: User) -> User:
    """The applicant, bound to An Phát's tax code as An Phát would bind it: a challenge from
    the service, signed with An Phát's certificate of the test PKI (tests.binding)."""
    from tests.binding import bind

    bind(applicant)
    return applicant


@pytest.fixture
def applicant_api(applicant: User, api_for: Callable[..., Api]) -> Api:
    return api_for(applicant)


@pytest.fixture
def submit_body(applicant_api: Api) -> Callable[..., dict[str, Any]]:
    """A valid body for the suspended-contract policy at Quận 1, documents uploaded."""

    def make(api: Api | None = None, **changes: Any) -> dict[str, Any]:
        api = api or applicant_api
        docs = []
        for component in ("worker_list", "social_insurance_confirmation"):
            r = api.upload("/documents", f"{component}.pdf", pdf_bytes(component))
            assert r.status_code == 201, r.content
            docs.append({"component": component, "upload_id": r.json()["id"]})
        body: dict[str, Any] = {
            "policy_code": "QD23-TAM-HOAN-HDLD",
            "agency_code": "000.00.46.H29",
            "applicant": dict(APPLICANT),
            "beneficiaries": [
                {
                    "full_name": "Trần Thị Lan",
                    "national_id": "079190000123",
                    "date_of_birth": "1990-04-12",
                    "social_insurance_no": "7912345678",
                    "suspension_start": "2021-07-01",
                    "suspension_days": 45,
                    "pregnant": True,
                    "children_under_6": 1,
                },
                {
                    "full_name": "Lê Văn Hùng",
                    "national_id": "051088000456",
                    "date_of_birth": "1988-09-30",
                    "social_insurance_no": "5112345678",
                    "suspension_start": "2021-08-02",
                    "suspension_days": 20,
                },
            ],
            "documents": docs,
        }
        body.update(changes)
        return body

    return make


# The figures of the schemathesis runs, printed at the end (tests/api/st_report.py).
from tests.api.st_report import pytest_terminal_summary, pytest_testnodedown  # noqa: E402, F401

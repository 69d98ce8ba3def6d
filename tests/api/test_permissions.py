"""Who sees which dossier (R8 at intake): applicants their own, officers their agency's,
supervisors their province or the nation; the public only a status without personal data."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from hotro.accounts.models import Role, User
from tests.conftest import Api

pytestmark = pytest.mark.django_db


@pytest.fixture
def dossier_code(applicant_api: Api, submit_body: Callable[..., dict[str, Any]]) -> str:
    r = applicant_api.post("/dossiers", submit_body())
    assert r.status_code == 201
    return str(r.json()["code"])


def test_an_applicant_cannot_read_another_applicants_dossier(
    dossier_code: str, make_user: Callable[..., User], api_for: Callable[..., Api]
) -> None:
    stranger = api_for(make_user(Role.APPLICANT))
    r = stranger.get(f"/dossiers/{dossier_code}")
    assert r.status_code == 404 and r.json()["code"] == "dossier_not_found"
    assert stranger.get("/dossiers").json()["items"] == []


def test_the_owner_reads_it(dossier_code: str, applicant_api: Api) -> None:
    r = applicant_api.get(f"/dossiers/{dossier_code}")
    assert r.status_code == 200
    assert r.json()["beneficiaries"][0]["national_id"] == "079190000123"


@pytest.mark.parametrize(
    ("role", "agency", "sees"),
    [
        (Role.OFFICER, "000.00.46.H29", True),  # Quận 1 received it
        (Role.OFFICER, "000.00.80.H29", False),  # Thủ Đức did not
        (Role.SUPERVISOR, "000.00.01.H29", True),  # HCMC supervisor
        (Role.SUPERVISOR, "000.00.01.H48", False),  # Quảng Ngãi supervisor
        (Role.SUPERVISOR, "000.00.00.G01", True),  # Government Office: the nation
        (Role.ADMIN, None, True),
    ],
)
def test_agency_scopes(
    dossier_code: str,
    make_user: Callable[..., User],
    api_for: Callable[..., Api],
    role: Role,
    agency: str | None,
    sees: bool,
) -> None:
    api = api_for(make_user(role, agency))
    assert (api.get(f"/dossiers/{dossier_code}").status_code == 200) is sees
    codes = [d["code"] for d in api.get("/dossiers").json()["items"]]
    assert (dossier_code in codes) is sees


def test_no_token_no_dossiers(dossier_code: str) -> None:
    anonymous = Api(None)
    for r in (anonymous.get("/dossiers"), anonymous.get(f"/dossiers/{dossier_code}")):
        assert r.status_code == 401
        assert r["Content-Type"].startswith("application/problem+json")
    assert Api("hotro_not-a-real-token").get("/dossiers").status_code == 401


def test_a_revoked_token_or_inactive_user_is_refused(
    applicant: User, api_for: Callable[..., Api]
) -> None:
    api = api_for(applicant)
    assert api.get("/dossiers").status_code == 200
    applicant.api_tokens.update(revoked=True)
    assert api.get("/dossiers").status_code == 401
    fresh = api_for(applicant)
    applicant.is_active = False
    applicant.save()
    assert fresh.get("/dossiers").status_code == 401


def test_supervisors_cannot_submit_and_officers_only_at_their_agency(
    make_user: Callable[..., User],
    api_for: Callable[..., Api],
    submit_body: Callable[..., dict[str, Any]],
) -> None:
    supervisor = api_for(make_user(Role.SUPERVISOR, "000.00.01.H29"))
    assert supervisor.post("/dossiers", submit_body(api=supervisor)).status_code == 403
    other_officer = api_for(make_user(Role.OFFICER, "000.00.80.H29"))
    assert other_officer.post("/dossiers", submit_body(api=other_officer)).status_code == 403
    desk = api_for(make_user(Role.OFFICER, "000.00.46.H29"))
    r = desk.post("/dossiers", submit_body(api=desk, channel="in_person"))
    assert r.status_code == 201 and r.json()["channel"] == "in_person"


def test_one_cannot_attach_someone_elses_upload(
    applicant_api: Api,
    make_user: Callable[..., User],
    api_for: Callable[..., Api],
    submit_body: Callable[..., dict[str, Any]],
) -> None:
    body = submit_body()  # uploads belong to `applicant`
    thief = api_for(make_user(Role.APPLICANT))
    r = thief.post("/dossiers", body)
    assert r.status_code == 422
    assert {e["code"] for e in r.json()["errors"]} == {"upload_not_found"}


def test_public_lookup_shows_status_without_personal_data(dossier_code: str) -> None:
    r = Api(None).get(f"/public/dossiers/{dossier_code}")
    assert r.status_code == 200
    data = r.json()
    assert data["status"] == "submitted" and data["status_label"] == "Mới nộp, chờ tiếp nhận"
    assert data["agency_name"] == "Ủy ban nhân dân Quận 1"
    text = r.content.decode()
    for secret in ("079190000123", "Trần Thị Lan", "0100233488", "0903123456", "An Phát"):
        assert secret not in text
    assert Api(None).get("/public/dossiers/NCOVI.000.00.46.H29-211013-9999").status_code == 404

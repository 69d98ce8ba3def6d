"""Fixtures of the API tests: the officers of one district's desk, and a submitted dossier."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from hotro.accounts.models import Role, User
from tests.conftest import Api

Q1 = "000.00.46.H29"
Q1_SOCIAL_INSURANCE = "000.91.46.H29"
HCMC = "000.00.00.H29"


@pytest.fixture
def desk(make_user: Callable[..., User], api_for: Callable[..., Api]) -> dict[str, Api]:
    return {
        "q1": api_for(make_user(Role.OFFICER, Q1)),
        "bhxh": api_for(make_user(Role.OFFICER, Q1_SOCIAL_INSURANCE)),
        "province": api_for(make_user(Role.OFFICER, HCMC)),
        "thu_duc": api_for(make_user(Role.OFFICER, "000.00.80.H29")),
    }


@pytest.fixture
def code(applicant_api: Api, submit_body: Callable[..., dict[str, Any]]) -> str:
    r = applicant_api.post("/dossiers", submit_body())
    assert r.status_code == 201
    return str(r.json()["code"])

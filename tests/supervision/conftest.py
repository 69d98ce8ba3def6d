"""Fixtures of the supervision tests: the API as supervisors of the nation and two provinces,
and as an officer."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from hotro.accounts.models import Role, User
from tests.conftest import Api


@pytest.fixture
def supervisors(make_user: Callable[..., User], api_for: Callable[..., Api]) -> dict[str, Api]:
    return {
        "nation": api_for(make_user(Role.SUPERVISOR, "000.00.00.G01")),
        "hcmc": api_for(make_user(Role.SUPERVISOR, "000.00.01.H29")),
        "qngai": api_for(make_user(Role.SUPERVISOR, "000.00.01.H48")),
        "officer": api_for(make_user(Role.OFFICER, "000.00.46.H29")),
    }

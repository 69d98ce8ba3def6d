"""Deadlines through the API: filing after hours on the last day, overdue computed from the
working calendar, and the clock stopped while the applicant supplements."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from hotro.core import clock
from tests.api.helpers import act
from tests.conftest import Api

pytestmark = pytest.mark.django_db


def test_filing_on_the_deadline_after_hours_is_in_time(
    applicant_api: Api, submit_body: Callable[..., dict[str, Any]]
) -> None:
    body = submit_body()
    # Friday 28 Jan 2022, 17:30: counts as received on 7 Feb (Tết follows), but was filed in time.
    with clock.frozen(clock.vietnam_datetime(2022, 1, 28, 17, 30)):
        r = applicant_api.post("/dossiers", body)
    assert r.status_code == 201, r.content
    assert r.json()["received_on"] == "2022-02-07"


def test_overdue_is_computed_from_the_calendar(code: str, desk: dict[str, Api]) -> None:
    act(desk["q1"], code, "receive")  # due Thu 21 Oct 2021
    api = desk["bhxh"]
    with clock.frozen(clock.vietnam_datetime(2021, 10, 20, 9)):
        d = api.get(f"/dossiers/{code}").json()
        assert (d["overdue"], d["working_days_left"]) == (False, 1)
        assert [x["code"] for x in api.get("/dossiers", due_within=1).json()["items"]] == [code]
        assert api.get("/dossiers", overdue=True).json()["items"] == []
    with clock.frozen(clock.vietnam_datetime(2021, 10, 21, 9)):
        assert api.get(f"/dossiers/{code}").json()["working_days_left"] == 0
    # Friday 22 Oct is the first working day past the date; the weekend does not count.
    with clock.frozen(clock.vietnam_datetime(2021, 10, 25, 9)):
        d = api.get(f"/dossiers/{code}").json()
        assert (d["overdue"], d["working_days_left"]) == (True, -2)
        assert [x["code"] for x in api.get("/dossiers", overdue=True).json()["items"]] == [code]
        assert api.get("/dossiers", overdue=False).json()["items"] == []
        assert [
            x["code"]
            for x in api.get("/dossiers", current_step="social_insurance_confirm").json()["items"]
        ] == [code]
        assert api.get("/dossiers", current_step="province_decide").json()["items"] == []


def test_a_dossier_awaiting_supplement_is_not_overdue(code: str, desk: dict[str, Api]) -> None:
    act(desk["q1"], code, "receive")
    act(
        desk["bhxh"],
        code,
        "request_supplement",
        reason_code="BS-01",
        reason_text="Thiếu danh sách người lao động.",
        items=[{"component": "worker_list", "description": "Danh sách theo Mẫu số 05"}],
    )
    with clock.frozen(clock.vietnam_datetime(2021, 11, 30, 9)):
        d = desk["bhxh"].get(f"/dossiers/{code}").json()
        assert d["overdue"] is False and d["working_days_left"] is None
        assert desk["bhxh"].get("/dossiers", overdue=True).json()["items"] == []
        assert [
            x["code"]
            for x in desk["bhxh"].get("/dossiers", status="awaiting_supplement").json()["items"]
        ] == [code]

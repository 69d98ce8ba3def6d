"""Catalog endpoints, keyset pagination, the calendar endpoint and the OpenAPI document."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from hotro.accounts.models import Role, User
from hotro.dossiers.generator import generate
from tests.conftest import Api

pytestmark = pytest.mark.django_db


def test_policies_and_one_policy() -> None:
    api = Api(None)
    policies = api.get("/catalog/policies").json()
    assert len(policies) == 18
    one = api.get("/catalog/policies/QD23-HO-KINH-DOANH").json()
    assert one["total_working_days"] == 9
    assert [s["working_days"] for s in one["steps"]] == [3, 2, 2, 2]
    missing = api.get("/catalog/policies/KHONG-CO")
    assert missing.status_code == 404 and missing["Content-Type"].startswith(
        "application/problem+json"
    )


def test_agencies_filtered_and_paginated() -> None:
    api = Api(None)
    page = api.get(
        "/catalog/agencies", province=79, level="district", kind="district_committee", limit=10
    ).json()
    assert len(page["items"]) == 10 and page["next_cursor"]
    rest = api.get(
        "/catalog/agencies",
        province=79,
        level="district",
        kind="district_committee",
        cursor=page["next_cursor"],
        limit=50,
    ).json()
    codes = [a["code"] for a in page["items"] + rest["items"]]
    assert len(codes) == len(set(codes)) == 22 and rest["next_cursor"] is None
    assert api.get("/catalog/agencies/000.00.46.H29").json()["parent_code"] == "000.00.00.H29"
    assert api.get("/catalog/agencies", cursor="!!!").status_code == 422


def test_reasons_by_kind() -> None:
    reasons = Api(None).get("/catalog/reasons", kind="refuse").json()
    assert reasons and all(r["kind"] == "refuse" and r["code"].startswith("TC-") for r in reasons)


def test_dossier_list_keyset_pagination_and_filters(
    make_user: Callable[..., User], api_for: Callable[..., Api]
) -> None:
    generate(count=60, provinces=[79], seed=7)
    api = api_for(make_user(Role.ADMIN))
    seen: list[str] = []
    cursor = None
    while True:
        params: dict[str, Any] = {"limit": 25}
        if cursor:
            params["cursor"] = cursor
        page = api.get("/dossiers", **params).json()
        seen += [d["code"] for d in page["items"]]
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert len(seen) == len(set(seen)) == 60
    refused = api.get("/dossiers", status="refused", limit=200).json()["items"]
    assert refused and all(d["status"] == "refused" for d in refused)
    window = api.get(
        "/dossiers", received_from="2021-09-01", received_to="2021-09-30", limit=200
    ).json()["items"]
    assert all("2021-09-01" <= d["received_on"] <= "2021-09-30" for d in window)
    bad = api.get("/dossiers", received_from="2021-10-01", received_to="2021-09-01")
    assert bad.status_code == 422 and bad.json()["code"] == "date_range"
    assert api.get("/dossiers", status="khong-co").status_code == 422


def test_due_date_endpoint() -> None:
    api = Api(None)
    assert (
        api.get("/calendar/due-date", start="2021-09-01", days=6).json()["due_date"] == "2021-09-13"
    )
    assert (
        api.get("/calendar/due-date", start="2021-02-09", days=1).json()["due_date"] == "2021-02-17"
    )
    assert api.get("/calendar/due-date", start="2021-02-09", days=-1).status_code == 422
    assert api.get("/calendar/due-date", start="2099-01-01", days=1).status_code == 422


def test_openapi_declares_every_error_as_problem_json() -> None:
    from django.test import Client

    schema = Client().get("/api/openapi.json").json()
    submit = schema["paths"]["/api/v1/dossiers"]["post"]["responses"]
    assert {"201", "200", "401", "403", "409", "422"} <= set(submit)
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            for status, response in operation["responses"].items():
                if int(status) >= 400:
                    assert "application/problem+json" in response.get("content", {}), (
                        path,
                        method,
                        status,
                    )
    assert Client().get("/api/docs").status_code == 200


def test_home_page_lists_policies_and_looks_up_codes() -> None:
    from django.test import Client

    page = Client().get("/", {"code": "NCOVI.000.00.46.H29-211013-9999"})
    text = page.content.decode()
    assert page["Content-Type"] == "text/html; charset=utf-8"
    assert "Không tìm thấy hồ sơ" in text
    assert "Hỗ trợ người lao động" in text


def test_calendar_days_of_a_year() -> None:
    days = {d["date"]: d for d in Api(None).get("/calendar/days", year=2021).json()}
    for off in (
        "2021-02-10",
        "2021-02-16",
        "2021-04-21",
        "2021-04-30",
        "2021-05-03",
        "2021-09-02",
        "2021-09-03",
    ):
        assert days[off]["kind"] == "off", off
    swaps = {d["date"]: d["kind"] for d in Api(None).get("/calendar/days", year=2024).json()}
    assert swaps["2024-05-04"] == "working" and swaps["2024-04-29"] == "off"
    assert Api(None).get("/calendar/days", year=1990).status_code == 422


def test_an_override_takes_effect_without_a_restart() -> None:
    from hotro.catalog.models import CalendarDay

    api = Api(None)
    assert (
        api.get("/calendar/due-date", start="2021-10-13", days=1).json()["due_date"] == "2021-10-14"
    )
    CalendarDay.objects.create(date="2021-10-14", kind="off", name="Nghỉ đột xuất do bão")
    assert (
        api.get("/calendar/due-date", start="2021-10-13", days=1).json()["due_date"] == "2021-10-15"
    )
    CalendarDay.objects.filter(date="2021-10-14").delete()
    assert (
        api.get("/calendar/due-date", start="2021-10-13", days=1).json()["due_date"] == "2021-10-14"
    )


@pytest.mark.parametrize("path", ["/", "/api/docs", "/admin/login/"])
def test_pages_load_nothing_from_outside(path: str) -> None:
    import re

    from django.test import Client

    page = Client().get(path)
    assert page.status_code == 200
    external = re.findall(r'(?:src|href)="(https?://[^"]+)"', page.content.decode())
    assert external == [], external


def test_an_override_made_by_another_process_is_seen_within_seconds(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Written without this process's signals (as another process would): seen once the
    calendar is checked again, `RECHECK_SECONDS` later at most."""
    import datetime as dt

    from django.db import connection

    from hotro.dossiers import calendar

    day = dt.date(2021, 10, 14)
    now = [1000.0]
    monkeypatch.setattr(calendar.time, "monotonic", lambda: now[0])
    calendar.calendar_forget()
    assert calendar.working_calendar().is_working(day)
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO catalog_calendarday (date, kind, name, source, updated_at) "
            "VALUES (%s, 'off', 'Nghỉ đột xuất', '', %s)",
            [day, dt.datetime.now(dt.UTC)],
        )
    assert calendar.working_calendar().is_working(day)  # not asked again yet
    now[0] += calendar.RECHECK_SECONDS + 0.1
    assert not calendar.working_calendar().is_working(day)

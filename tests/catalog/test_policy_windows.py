"""Policies (issue 12, item 11): each has its filing window, enforced at intake with a message
naming it; the 2020 and 2021 policies are told apart by their decision's number wherever they
are listed; a legal basis names an amending act only from the day it is in force; the
catalog's unit names are written as in a sentence, with the 2021 name of Thừa Thiên Huế."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client

from hotro.catalog import agencies
from hotro.catalog.models import Policy
from hotro.catalog.selectors import policy_choices
from hotro.core import clock
from tests.conftest import Api

DEC33 = "Quyết định số 33/2021/QĐ-TTg"


@pytest.mark.django_db
def test_every_policy_has_its_window_from_its_decision() -> None:
    day = dt.date(2021, 10, 13)
    for p in Policy.objects.all():
        if p.decision == "QD23_2021":
            assert p.window_opens == dt.date(2021, 7, 7), p.code
            assert p.open_on(day), p.code
        else:
            assert (p.window_opens, p.filing_deadline) == (
                dt.date(2020, 4, 24),
                dt.date(2020, 12, 31),
            ), p.code
            assert p.open_on(dt.date(2020, 6, 1)) and not p.open_on(day), p.code
    hoan = Policy.objects.get(code="QD23-TAM-HOAN-HDLD")
    assert hoan.open_on(dt.date(2022, 1, 31)) and not hoan.open_on(dt.date(2022, 2, 1))
    assert not hoan.open_on(dt.date(2021, 7, 6))


@pytest.mark.django_db
def test_a_2020_policy_is_refused_in_2021_naming_its_window(
    applicant_api: Api, submit_body: Any
) -> None:
    r = applicant_api.post("/dossiers", submit_body(policy_code="QD15-TAM-HOAN-HDLD"))
    assert r.status_code == 422 and r["Content-Type"].startswith("application/problem+json")
    (error,) = r.json()["errors"]
    assert (error["field"], error["code"]) == ("policy_code", "policy_closed")
    assert error["message"] == (
        "Chính sách Hỗ trợ người lao động bị tạm hoãn thực hiện hợp đồng lao động, nghỉ việc "
        "không hưởng lương (Quyết định số 15/2020/QĐ-TTg) đã hết thời hạn nộp hồ sơ: hồ sơ "
        "được nhận từ ngày 24/04/2020 đến hết ngày 31/12/2020, hôm nay là ngày 13/10/2021."
    )


@pytest.mark.django_db
def test_a_policy_before_its_window_says_when_it_opens(
    applicant_api: Api, submit_body: Any
) -> None:
    body = submit_body()
    with clock.frozen(clock.vietnam_datetime(2021, 7, 6, 9)):
        r = applicant_api.post("/dossiers", body)
    (error,) = [e for e in r.json()["errors"] if e["field"] == "policy_code"]
    assert error["code"] == "policy_not_yet_open"
    assert (
        "thời hạn nộp bắt đầu từ ngày 07/07/2021, hôm nay là ngày 06/07/2021" in (error["message"])
    )


@pytest.mark.django_db
def test_the_home_page_tells_the_decisions_apart_and_offers_only_open_policies() -> None:
    html = Client().get("/").content.decode()
    assert "Theo Quyết định số 23/2021/QĐ-TTg" in html
    assert "Theo Quyết định số 15/2020/QĐ-TTg" in html
    assert "Nhận hồ sơ từ ngày 07/07/2021 đến hết ngày 31/01/2022" in html
    assert "Nhận hồ sơ từ ngày 24/04/2020 đến hết ngày 31/12/2020" in html
    assert "/nop-ho-so/QD23-TAM-HOAN-HDLD/thong-tin/" in html
    assert "/nop-ho-so/QD15-TAM-HOAN-HDLD/thong-tin/" not in html
    assert html.count("hiện không nhận hồ sơ (ngoài thời hạn nộp)") == 7


@pytest.mark.django_db
def test_lists_and_the_api_carry_the_decision_number() -> None:
    titles = {code: title for code, title, _ in policy_choices()}
    assert titles["QD23-TAM-HOAN-HDLD"].endswith("(Quyết định số 23/2021/QĐ-TTg)")
    assert titles["QD15-TAM-HOAN-HDLD"].endswith("(Quyết định số 15/2020/QĐ-TTg)")
    assert len(set(titles.values())) == len(titles)
    listed = {p["code"]: p for p in Api(None).get("/catalog/policies").json()}
    assert listed["QD15-TAM-HOAN-HDLD"]["decision_number"] == "15/2020/QĐ-TTg"
    assert listed["QD23-TAM-HOAN-HDLD"]["title"] == titles["QD23-TAM-HOAN-HDLD"]
    assert (listed["QD15-TAM-HOAN-HDLD"]["open"], listed["QD23-TAM-HOAN-HDLD"]["open"]) == (
        False,
        True,
    )


@pytest.mark.django_db
def test_an_amending_act_is_cited_only_from_the_day_it_is_in_force() -> None:
    def basis(day: dt.datetime) -> str:
        with clock.frozen(day):
            text = Api(None).get("/catalog/policies/QD23-TAM-HOAN-HDLD").json()["legal_basis"]
            page = Client().get("/").content.decode()
        assert (DEC33 in page) == (DEC33 in text)
        return str(text)

    before = basis(clock.vietnam_datetime(2021, 11, 5, 16))
    assert DEC33 not in before and "{amendments}" not in before
    assert before.endswith("Quyết định số 23/2021/QĐ-TTg ngày 07/7/2021 của Thủ tướng Chính phủ")
    after = basis(clock.vietnam_datetime(2021, 11, 6, 9))
    assert after.endswith(
        "Quyết định số 23/2021/QĐ-TTg ngày 07/7/2021 của Thủ tướng Chính phủ, được sửa đổi, bổ "
        "sung bởi Quyết định số 33/2021/QĐ-TTg ngày 06/11/2021 của Thủ tướng Chính phủ"
    )
    stopped = Policy.objects.get(code="QD23-NGUNG-VIEC")
    assert stopped.legal_basis_on(dt.date(2021, 10, 13)).endswith(
        "của Thủ tướng Chính phủ; khoản 3 Điều 99 Bộ luật Lao động năm 2019"
    )


def test_unit_types_are_written_as_in_a_sentence() -> None:
    assert agencies.in_phrase("Thành Phố Bắc Kạn") == "thành phố Bắc Kạn"
    assert agencies.in_phrase("Tỉnh Quảng Ngãi") == "tỉnh Quảng Ngãi"
    assert agencies.in_phrase("Thị xã Hương Thủy") == "thị xã Hương Thủy"
    assert agencies.in_phrase("Quận 1") == "Quận 1"
    assert agencies.in_phrase("Phường 12") == "Phường 12"


def test_bac_kan_and_thua_thien_hue_as_in_2021() -> None:
    spec = agencies.load_spec()
    units = [u for u in agencies.units() if u["code"] in {6, 46}]
    names = {row.code: row.name for row in agencies.build(spec, units)}
    assert names["000.00.46.H04"] == "Ủy ban nhân dân thành phố Bắc Kạn"
    assert names["000.91.46.H04"] == "Bảo hiểm xã hội thành phố Bắc Kạn"
    assert names["000.00.00.H57"] == "Ủy ban nhân dân tỉnh Thừa Thiên Huế"
    assert not [n for n in names.values() if "thành Phố" in n]

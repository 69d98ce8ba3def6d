"""The supervisor's pages through Django's test client: the scope enforced, the drill-down
nation → province → agency, the figures as the statistics service counts them, a reminder
dispatch issued after confirmation, and the recipient officer's inbox."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from hotro.accounts.models import Role, User
from hotro.core import clock
from hotro.correspondence.models import OutgoingDispatch
from hotro.dossiers.generator import generate
from hotro.supervision.selectors import flows_daily, stats_get
from hotro.web.templatetags.hotro import count, percent
from tests.web.helpers import with_second_factor
from tests.web.test_pages import login

pytestmark = pytest.mark.django_db
EVENING = clock.vietnam_datetime(2021, 10, 13, 18)
NATION, HCMC, QNGAI = "000.00.00.G01", "000.00.01.H29", "000.00.01.H48"
REMINDER = {
    "province": "",
    "agency": "",
    "symbol": "UBND-KSTT",
    "authority": "KT. CHỦ TỊCH",
    "title": "PHÓ CHỦ TỊCH",
    "signer": "Phan Văn Mãi",
}


@pytest.fixture
def staff(make_user: Callable[..., User]) -> Callable[[Role, str], Client]:
    def signed_in(role: Role, agency: str) -> Client:
        client = Client()
        login(client, with_second_factor(make_user(role, agency)))
        return client

    return signed_in


def _figure(html: str, id_: str) -> str:
    found = re.search(rf'id="{id_}">([^<]*)<', html)
    assert found, id_
    return found.group(1)


def test_filters_count_and_percent_the_vietnamese_way() -> None:
    assert count(1234567) == "1.234.567"
    assert percent(87.456) == "87,5\u00a0%"
    assert percent(None) == "—"


def test_supervisors_land_on_the_dashboard_of_their_own_scope(
    make_user: Callable[..., User], client: Client
) -> None:
    supervisor = with_second_factor(make_user(Role.SUPERVISOR, HCMC))
    client.post("/dang-nhap/", {"username": supervisor.username, "password": "secret-password-1"})
    from tests.web.helpers import otp_code

    r = client.post("/xac-thuc/", {"token": otp_code()})
    assert r["Location"] == "/giam-sat/"
    page = client.get("/giam-sat/").content.decode()
    assert "<h1>Giám sát giải quyết hồ sơ — Ủy ban nhân dân thành phố Hồ Chí Minh" in page
    assert 'href="/cong-van-di/"' in page
    # a province's supervisor sees no way up to the nation
    assert 'aria-label="Vị trí"' not in page


def test_the_scope_is_enforced(staff: Callable[[Role, str], Client]) -> None:
    hcmc = staff(Role.SUPERVISOR, HCMC)
    assert hcmc.get("/giam-sat/?province=79").status_code == 200
    refused = hcmc.get("/giam-sat/?province=51")
    assert refused.status_code == 403
    assert "<h1>Không có quyền truy cập</h1>" in refused.content.decode()
    assert hcmc.get("/giam-sat/?agency=000.00.01.H48").status_code == 403
    assert hcmc.get("/giam-sat/?province=abc").status_code == 404
    r = hcmc.post("/giam-sat/cong-van-don-doc/", {**REMINDER, "province": "51"})
    assert r.status_code == 403
    nation = staff(Role.SUPERVISOR, NATION)
    assert nation.get("/giam-sat/?province=51").status_code == 200
    missing = nation.get("/giam-sat/?province=99")
    assert (
        missing.status_code == 404 and "<h1>Không tìm thấy trang</h1>" in missing.content.decode()
    )
    assert nation.get("/giam-sat/?agency=KHONG.CO").status_code == 404
    officer = staff(Role.OFFICER, "000.00.46.H29")
    assert officer.get("/giam-sat/").status_code == 403
    assert officer.get("/cong-van-den/").status_code == 200
    assert 'href="/cong-van-den/"' in officer.get("/can-bo/").content.decode()
    assert hcmc.get("/cong-van-den/").status_code == 403
    assert Client().get("/giam-sat/").status_code == 302


def test_drill_down_shows_the_figures_of_the_statistics_service(
    staff: Callable[[Role, str], Client],
) -> None:
    nation = staff(Role.SUPERVISOR, NATION)
    with clock.frozen(EVENING):
        generate(count=120, seed=7, provinces=[79], batch=60)
        page = nation.get("/giam-sat/").content.decode()
        assert 'href="/giam-sat/?province=79"' in page
        user = User.objects.get(agency__code=NATION)
        province = stats_get(user=user, province=79)
        page = nation.get("/giam-sat/?province=79").content.decode()
        f = province.figures
        assert _figure(page, "so-tiep-nhan") == count(f.received) != "0"
        assert _figure(page, "so-qua-han") == count(f.pending_overdue)
        assert _figure(page, "ty-le-dung-han") == percent(f.on_time_rate)
        assert '<a href="/giam-sat/">Toàn quốc</a>' in page  # the way back up
        for part in province.breakdown:
            assert f'href="/giam-sat/?agency={part.code}">{part.name}</a>' in page
        assert "/api/v1/stats/overdue?province=79&amp;format=xlsx" in page
        busiest = max(province.breakdown, key=lambda p: p.figures.received)
        page = nation.get(f"/giam-sat/?agency={busiest.code}").content.decode()
        assert _figure(page, "so-tiep-nhan") == count(busiest.figures.received)
        assert 'href="/giam-sat/?province=79"' in page and 'aria-current="page"' in page
        assert f"/api/v1/stats/overdue?agency={busiest.code}&amp;format=csv" in page
        assert page.count("<polyline") == 2


@pytest.mark.parametrize("query", ["den=0001-01-01", "tu=0001-01-01", "den=9999-12-31"])
def test_a_date_outside_the_calendar_is_named_not_a_500(
    staff: Callable[[Role, str], Client], query: str
) -> None:
    """An outside pass found `?den=0001-01-01` a 500 (the chart's first day before year 1)."""
    page = staff(Role.SUPERVISOR, NATION).get(f"/giam-sat/?{query}")
    assert page.status_code == 200
    assert "Ngày phải trong khoảng từ 01/01/2019 đến 31/12/2032." in page.content.decode()


def test_policy_and_period_filters_give_the_service_figures_and_follow_the_drill_down(
    staff: Callable[[Role, str], Client],
) -> None:
    nation = staff(Role.SUPERVISOR, NATION)
    with clock.frozen(EVENING):
        generate(count=120, seed=7, provinces=[79], batch=60)
        user = User.objects.get(agency__code=NATION)
        code = "QD23-TAM-HOAN-HDLD"
        chosen = f"cs={code}&tu=2021-09-01&den=2021-10-01"
        expected = stats_get(
            user=user,
            policy_code=code,
            date_from=dt.date(2021, 9, 1),
            as_of=dt.date(2021, 10, 1),
        )
        assert expected.figures != stats_get(user=user).figures
        page = nation.get(f"/giam-sat/?{chosen}").content.decode()
        assert _figure(page, "so-tiep-nhan") == count(expected.figures.received)
        assert _figure(page, "so-qua-han") == count(expected.figures.pending_overdue)
        assert "01/09/2021" in page and "01/10/2021" in page
        # The drill-down keeps the policy and the period.
        assert f'href="/giam-sat/?province=79&amp;{chosen.replace("&", "&amp;")}"' in page
        province = nation.get(f"/giam-sat/?province=79&{chosen}").content.decode()
        within = stats_get(
            user=user,
            province=79,
            policy_code=code,
            date_from=dt.date(2021, 9, 1),
            as_of=dt.date(2021, 10, 1),
        )
        assert _figure(province, "so-tiep-nhan") == count(within.figures.received)
        # A day after today is refused on the form; today's figures stand instead.
        refused = nation.get("/giam-sat/?den=2030-01-01")
        assert refused.status_code == 200
        text = refused.content.decode()
        assert "không được sau hôm nay" in text
        assert _figure(text, "so-tiep-nhan") == count(stats_get(user=user).figures.received)


def test_a_reminder_is_reviewed_as_a_letter_then_issued_and_reaches_the_inbox(
    staff: Callable[[Role, str], Client], django_capture_on_commit_callbacks: Any
) -> None:
    hcmc = staff(Role.SUPERVISOR, HCMC)
    with clock.frozen(EVENING):
        generate(count=120, seed=5, provinces=[79], batch=60)
        r = hcmc.post("/giam-sat/cong-van-don-doc/", REMINDER)
        review = r.content.decode()
        assert r.status_code == 200 and "Xác nhận ban hành" in review
        assert not OutgoingDispatch.objects.exists()
        # the draft itself: its place line, text, addressees, attachment, signer
        for part in (
            "Thành phố Hồ Chí Minh, ngày 13 tháng 10 năm 2021",
            "Số: …/UBND-KSTT",
            "V/v đôn đốc giải quyết hồ sơ",
            "Kính gửi:",
            "Bảo hiểm xã hội thành phố Hồ Chí Minh",
            "đang giải quyết quá hạn",
            "hồ sơ quá hạn kèm theo",
            "Nơi nhận:",
            "KT. CHỦ TỊCH",
            "Phan Văn Mãi",
            "Số hồ sơ quá hạn trong danh sách của cơ quan",
        ):
            assert part in review, part
        assert "Ủy ban nhân dân phường" not in review
        bad = hcmc.post("/giam-sat/cong-van-don-doc/", {**REMINDER, "symbol": "ubnd kstt"})
        assert 'id="id_symbol_error"' in bad.content.decode()
        with django_capture_on_commit_callbacks(execute=True):  # the worker, in-process
            r = hcmc.post("/giam-sat/cong-van-don-doc/", {**REMINDER, "confirm": "1"})
        dispatch = OutgoingDispatch.objects.get()
        assert r.status_code == 302 and r["Location"] == f"/cong-van-di/?moi={dispatch.id}"
        page = hcmc.get(r["Location"]).content.decode()
    # (the test's callbacks run after the request: it said "being composed"; in-process
    # outside a test the worker has run before the answer, which says "issued")
    assert "Công văn đang được soạn" in page and "1/UBND-KSTT" in page
    for part in ("pdf", "docx", "attachment"):
        assert f'href="/api/v1/dispatches/{dispatch.id}/{part}"' in page
    assert hcmc.get(f"/api/v1/dispatches/{dispatch.id}/pdf").status_code == 200

    holder = dispatch.deliveries.select_related("agency").first()
    assert holder is not None
    officer = staff(Role.OFFICER, holder.agency.code)
    inbox = officer.get("/cong-van-den/").content.decode()
    assert "1/UBND-KSTT" in inbox and dispatch.agency.name in inbox
    assert f'href="/api/v1/dispatches/{dispatch.id}/attachment"' in inbox
    other = staff(Role.OFFICER, QNGAI)
    assert "1/UBND-KSTT" not in other.get("/cong-van-den/").content.decode()


def test_a_reminder_being_composed_and_one_without_a_key(
    staff: Callable[[Role, str], Client], django_capture_on_commit_callbacks: Any
) -> None:
    hcmc, qngai = staff(Role.SUPERVISOR, HCMC), staff(Role.SUPERVISOR, QNGAI)
    with clock.frozen(EVENING):
        generate(count=160, seed=9, provinces=[79, 51], batch=80)
        with django_capture_on_commit_callbacks(execute=False):  # the worker has not run
            r = hcmc.post("/giam-sat/cong-van-don-doc/", {**REMINDER, "confirm": "1"})
        page = hcmc.get(r["Location"]).content.decode()
        assert "Công văn đang được soạn" in page and "Đang soạn" in page
        assert "/api/v1/dispatches/" not in page  # no file yet
        # Quảng Ngãi's Office has no signing key: said on the review page, nothing issued
        refused = qngai.post("/giam-sat/cong-van-don-doc/", REMINDER).content.decode()
    assert "Chưa cấu hình khoá ký số cho Văn phòng Ủy ban nhân dân tỉnh Quảng Ngãi" in refused
    assert "Xác nhận ban hành" not in refused
    assert OutgoingDispatch.objects.count() == 1


def test_the_dashboard_in_english(staff: Callable[[Role, str], Client]) -> None:
    hcmc = staff(Role.SUPERVISOR, HCMC)
    hcmc.post("/i18n/setlang/", {"language": "en", "next": "/giam-sat/"})
    page = hcmc.get("/giam-sat/").content.decode()
    assert '<html lang="en">' in page
    for text in ("Supervision of dossier processing", "On-time rate", "Issue a reminder dispatch"):
        assert text in page
    assert "Tỷ lệ đúng hạn" not in page and "Đã tiếp nhận" not in page


def test_the_chart_counts_each_day_as_the_statistics_of_that_day(
    make_user: Callable[..., User],
) -> None:
    import datetime as dt

    nation = make_user(Role.SUPERVISOR, NATION)
    with clock.frozen(EVENING):
        generate(count=120, seed=11, provinces=[79], batch=60)
        today = clock.today()
        start = today - dt.timedelta(days=40)
        for scope in ({}, {"province": 79}, {"agency": "000.00.46.H29"}):
            days = flows_daily(user=nation, date_from=start, date_to=today, **scope)  # type: ignore[arg-type]
            assert [d.day for d in days][::40] == [start, today]
            for d in days:
                one = stats_get(user=nation, date_from=d.day, date_to=d.day, **scope).figures  # type: ignore[arg-type]
                assert (d.figures.received, d.figures.done, d.figures.refused) == (
                    one.received,
                    one.done,
                    one.refused,
                ), d.day
            if not scope:
                assert sum(d.figures.received for d in days) > 0

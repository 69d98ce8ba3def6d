"""The dashboard's two views (issue #12, items 12, 13, 19 and 20): the open dossiers counted
where held (the default) or where received, the rates side by side, what "done" counts, and
the dossiers due since the last sweep counted and said."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

import pytest
from django.test import Client

from hotro.accounts.models import Role, User
from hotro.supervision.selectors import stats_get
from hotro.supervision.services import counters_sweep
from hotro.web.templatetags.hotro import count, percent
from tests.supervision.helpers import HCMC_PC, Q1, SI_Q1, move_to, three_places
from tests.web.helpers import with_second_factor
from tests.web.test_pages import login

pytestmark = pytest.mark.django_db
HCMC_OFFICE = "000.00.01.H29"


def _overdue_cells(html: str) -> dict[str, str]:
    rows = re.findall(r'<tr[^>]*data-code="([^"]+)">(.*?)</tr>', html, re.S)
    return {code: re.search(r'<td class="overdue">([^<]*)<', row).group(1) for code, row in rows}  # type: ignore[union-attr]


def test_the_open_dossiers_are_counted_where_held_or_where_received(
    applicant: User, make_user: Callable[..., User]
) -> None:
    placed = three_places(applicant)
    counters_sweep()
    move_to(max(d.due_date for d in placed.values()) + dt.timedelta(days=2))
    supervisor = with_second_factor(make_user(Role.SUPERVISOR, HCMC_OFFICE))
    client = Client()
    login(client, supervisor)
    held = client.get("/giam-sat/").content.decode()
    assert 'aria-current="page">Theo nơi đang giữ hồ sơ</a>' in held
    cells = _overdue_cells(held)
    assert (cells[Q1], cells[SI_Q1], cells[HCMC_PC]) == ("1", "1", "1")
    # The figures agree with the overdue list before the sweep, and say why.
    assert re.search(r'id="so-qua-han">3<', held)
    assert "3 hồ sơ đến hạn từ ngày đó được tính là quá hạn" in held
    assert "view=held" in held and "format=xlsx" in held
    # Both rates, labelled, and what done counts.
    f = stats_get(user=supervisor, view="held").figures
    assert re.search(rf'id="ty-le-qua-han">{re.escape(percent(f.overdue_share))}<', held)
    assert percent(f.overdue_share) == "100,0\u00a0%" and f.on_time_rate is None
    assert "Tỷ lệ giải quyết đúng hạn (trong số đã giải quyết)" in held
    assert "hồ sơ đã có quyết định phê duyệt" in held
    received = client.get("/giam-sat/?xem=nhan").content.decode()
    assert 'aria-current="page">Theo nơi tiếp nhận</a>' in received
    assert _overdue_cells(received) == {Q1: "3"}
    assert re.search(rf'id="so-tiep-nhan">{count(3)}<', received)
    assert 'name="xem" value="nhan"' in received  # the filters keep the view
    assert "view=received" in received
    counters_sweep()
    after = client.get("/giam-sat/").content.decode()
    assert _overdue_cells(after) == cells and 'id="quet-qua-han"' not in after


def test_a_past_day_is_counted_where_received(
    applicant: User, make_user: Callable[..., User]
) -> None:
    placed = three_places(applicant)
    move_to(max(d.due_date for d in placed.values()) + dt.timedelta(days=2))
    client = Client()
    login(client, with_second_factor(make_user(Role.SUPERVISOR, HCMC_OFFICE)))
    day = (max(d.due_date for d in placed.values()) + dt.timedelta(days=1)).isoformat()
    page = client.get(f"/giam-sat/?den={day}").content.decode()
    assert "Số liệu của ngày đã qua hoặc một kỳ chỉ tính theo nơi tiếp nhận hồ sơ." in page
    assert _overdue_cells(page) == {Q1: "3"}
    assert "<span>Theo nơi đang giữ hồ sơ</span>" in page

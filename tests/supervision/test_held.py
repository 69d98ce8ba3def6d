"""Counted where the dossier is held (issue #12, items 12, 13 and 19): the held view agrees with
the officers' queues, the received view with the receiving agencies, both with the overdue
lists whether or not the sweep ran; the rates are rounded once; wards come under their
district."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from hotro.accounts.models import Role, User
from hotro.catalog.models import Agency
from hotro.core import clock
from hotro.core.errors import ValidationFailed
from hotro.dossiers import actions
from hotro.dossiers.domain.lifecycle import Action
from hotro.dossiers.generator import generate
from hotro.dossiers.holders import holder_id
from hotro.dossiers.models import Dossier
from hotro.dossiers.queues import queue_counts
from hotro.supervision.reconcile import counters_reconcile
from hotro.supervision.rules import percent_of
from hotro.supervision.selectors import Figures, stats_get
from hotro.supervision.services import counters_sweep
from hotro.web.templatetags.hotro import percent
from tests.conftest import Api
from tests.factories import submit_sample
from tests.supervision.helpers import HCMC_PC, Q1, SI_Q1, act, move_to, officer_of, three_places

pytestmark = pytest.mark.django_db
HCMC_OFFICE, GOVERNMENT_OFFICE = "000.00.01.H29", "000.00.00.G01"


@pytest.fixture
def admin(make_user: Callable[..., User]) -> User:
    return make_user(Role.ADMIN)


def _overdue(stats: Any) -> dict[str, int]:
    return {p.code: p.figures.pending_overdue for p in stats.breakdown if p.figures.pending_overdue}


@pytest.mark.parametrize("swept", [True, False])
def test_overdue_is_counted_at_the_holder_as_its_officers_see_it(
    applicant: User, admin: User, swept: bool
) -> None:
    placed = three_places(applicant)
    for code, dossier in placed.items():
        d = Dossier.objects.select_related("agency", "step_agency").get(id=dossier.id)
        assert actions.acting_agency(d).code == code
        assert holder_id(d.status, d.agency_id, d.step_agency_id) == actions.acting_agency(d).id
    move_to(max(d.due_date for d in placed.values()) + dt.timedelta(days=7))
    if swept:
        counters_sweep()
    held = stats_get(user=admin, province=79, view="held")
    assert _overdue(held) == {Q1: 1, SI_Q1: 1, HCMC_PC: 1}
    assert held.unswept == (0 if swept else 3)
    for code in placed:
        officer = officer_of(Dossier.objects.get(id=placed[code].id))
        assert queue_counts(user=officer)["overdue"] == 1, code
    # Where received, all three are Quận 1's, and the flows are the same in both views.
    received = stats_get(user=admin, province=79, view="received")
    assert _overdue(received) == {Q1: 3}
    assert received.figures.received == held.figures.received == 3
    assert held.figures.pending_overdue == received.figures.pending_overdue == 3
    nation = stats_get(user=admin, view="held")
    assert nation.figures.pending_overdue == 3 and nation.figures.pending_on_time == 0
    city = stats_get(user=admin, agency=HCMC_PC, view="held")
    assert (city.figures.pending_overdue, city.figures.received) == (1, 0)
    assert counters_reconcile().zero


def test_a_dossier_moves_between_holders_and_back_to_none(applicant: User, admin: User) -> None:
    d = submit_sample(applicant)
    act(d.code, Action.RECEIVE)
    assert _held_open(admin) == {SI_Q1: 1}
    act(d.code, Action.FORWARD)
    assert _held_open(admin) == {Q1: 1}
    act(d.code, Action.REQUEST_SUPPLEMENT)
    assert _held_open(admin) == {Q1: 1}  # awaiting supplement, still with Quận 1
    act(d.code, Action.SUPPLEMENT)
    act(d.code, Action.FORWARD)
    act(d.code, Action.APPROVE)
    assert _held_open(admin) == {}
    assert counters_reconcile().zero


def _held_open(user: User) -> dict[str, int]:
    stats = stats_get(user=user, province=79, view="held")
    out = {}
    for p in stats.breakdown:
        f = p.figures
        if f.in_processing + f.awaiting_supplement:
            out[p.code] = f.in_processing + f.awaiting_supplement
    return out


def test_the_held_view_is_for_today_only(admin: User) -> None:
    with pytest.raises(ValidationFailed) as caught:
        stats_get(user=admin, view="held", as_of=clock.today() - dt.timedelta(days=1))
    assert caught.value.code == "stats_held_live_only"
    with pytest.raises(ValidationFailed):
        stats_get(user=admin, view="held", date_from=clock.today() - dt.timedelta(days=3))


def _listed(api: Api, **params: Any) -> list[dict[str, Any]]:
    r = api.get("/stats/overdue", **params)
    assert r.status_code == 200
    rows: list[dict[str, Any]] = json.loads(b"".join(r.streaming_content))
    return rows


def test_stats_and_overdue_lists_agree_before_the_sweep(
    applicant: User, make_user: Callable[..., User], api_for: Callable[..., Api]
) -> None:
    """The sweep ran on the day of receipt; the clock then passes the due dates and nobody
    sweeps: /stats counts the dossiers due since as overdue, as /stats/overdue lists them."""
    placed = three_places(applicant)
    counters_sweep()
    move_to(max(d.due_date for d in placed.values()) + dt.timedelta(days=3))
    nation = api_for(make_user(Role.SUPERVISOR, GOVERNMENT_OFFICE))
    hcmc = api_for(make_user(Role.SUPERVISOR, HCMC_OFFICE))
    scopes: list[tuple[Api, dict[str, Any]]] = [
        (nation, {}),
        (hcmc, {}),
        (hcmc, {"province": 79}),
        *((hcmc, {"agency": code}) for code in (Q1, SI_Q1, HCMC_PC)),
    ]
    for swept in (False, True):
        if swept:
            counters_sweep()
        for api, scope in scopes:
            for view in ("held", "received"):
                body = api.get("/stats", view=view, **scope).json()
                listed = _listed(api, view=view, **scope)
                assert body["figures"]["in_processing_overdue"] == len(listed), (scope, view)
                assert body["overdue_unswept"] == (0 if swept else len(listed)), (scope, view)
        default = nation.get("/stats").json()
        assert default["view"] == "held"
        assert default["figures"]["in_processing_overdue"] == 3
    held = {row["code"]: row["holder_code"] for row in _listed(hcmc)}
    assert held == {d.code: code for code, d in placed.items()}


def test_a_past_day_counts_the_dossiers_the_sweep_has_not_reached(
    applicant: User, admin: User
) -> None:
    d = submit_sample(applicant)
    act(d.code, Action.RECEIVE)
    counters_sweep()
    move_to(d.due_date + dt.timedelta(days=9))
    day = d.due_date + dt.timedelta(days=3)
    past = stats_get(user=admin, as_of=day)
    assert (past.figures.pending_overdue, past.figures.pending_on_time, past.unswept) == (1, 0, 1)
    before = stats_get(user=admin, as_of=d.due_date)
    assert (before.figures.pending_overdue, before.figures.pending_on_time) == (0, 1)


@pytest.mark.parametrize(
    ("part", "whole", "rate"),
    [(50, 62, 80.6), (1, 16, 6.3), (3, 16, 18.8), (1, 8, 12.5), (2, 3, 66.7), (0, 5, 0.0)],
)
def test_rates_are_rounded_once_half_up(part: int, whole: int, rate: float) -> None:
    assert percent_of(part, whole) == rate


def test_rates_are_shown_side_by_side_and_not_rounded_twice() -> None:
    f = Figures(done_on_time=50, done_late=12, pending_on_time=0, pending_overdue=20)
    assert (f.on_time_rate, f.overdue_share) == (80.6, 100.0)
    assert percent(f.on_time_rate) == "80,6\u00a0%"
    assert Figures().on_time_rate is None and Figures().overdue_share is None
    assert percent_of(1, 0) is None


def test_wards_are_listed_under_their_district(admin: User) -> None:
    with clock.frozen(clock.vietnam_datetime(2021, 10, 13, 18)):
        generate(count=300, seed=11, provinces=[79], batch=100)
        parts = stats_get(user=admin, province=79).breakdown
    places = {
        code: (district, ward)
        for code, district, ward in Agency.objects.filter(province_code=79).values_list(
            "code", "district_code", "ward_code"
        )
    }
    assert any(p.depth for p in parts) and any(not p.depth for p in parts)
    seen: list[int | None] = []
    for p in parts:
        district, ward = places[p.code]
        assert (ward is not None) == bool(p.depth) == bool(p.parent), p.code
        if district is not None:
            assert not seen or seen[-1] is None or seen[-1] <= district, p.code
        if ward is not None:
            assert places[p.parent][0] == district, p.code
        seen.append(district)
    # The province's own agencies first, then the districts.
    first_district = next(i for i, d in enumerate(seen) if d is not None)
    assert all(d is not None for d in seen[first_district:])


@pytest.mark.skipif(connection.vendor != "postgresql", reason="query plans are PostgreSQL's")
def test_the_read_time_count_walks_the_partial_index(applicant: User, admin: User) -> None:
    d = submit_sample(applicant)
    act(d.code, Action.RECEIVE)
    counters_sweep()
    move_to(d.due_date + dt.timedelta(days=3))
    for view, agency in (("held", SI_Q1), ("received", Q1)):  # it holds, it received
        for kw in ({}, {"province": 79}, {"agency": agency}):
            with CaptureQueriesContext(connection) as queries:
                stats = stats_get(user=admin, view=view, **kw)  # type: ignore[arg-type]
            assert stats.unswept == 1
            on_dossiers = [q["sql"] for q in queries if '"dossiers_dossier"' in q["sql"]]
            assert len(on_dossiers) == 1, on_dossiers
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL enable_seqscan = off")
                cursor.execute("EXPLAIN " + on_dossiers[0])
                plan = "\n".join(row[0] for row in cursor.fetchall())
            assert "dossier_on_time_due_holder" in plan, plan

"""Each bucket of the statistics, moved by the lifecycle and the sweep, and the
reconciliation that recomputes them from the histories."""

from __future__ import annotations

import datetime as dt
import importlib
from collections.abc import Callable
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from hotro.accounts.models import Role, User
from hotro.core import clock
from hotro.dossiers.domain.lifecycle import Action
from hotro.dossiers.generator import generate
from hotro.dossiers.models import Dossier
from hotro.dossiers.sweep import overdue_sweep
from hotro.supervision.models import StatCount, StatFigure, StatReason
from hotro.supervision.reconcile import counters_reconcile
from hotro.supervision.selectors import Figures, stats_get
from tests.factories import submit_sample
from tests.supervision.helpers import act, decide, move_to

pytestmark = pytest.mark.django_db
OCT_13 = dt.date(2021, 10, 13)


@pytest.fixture
def admin(make_user: Callable[..., User]) -> User:
    return make_user(Role.ADMIN)


def figures(user: User, **kw: object) -> Figures:
    return stats_get(user=user, **kw).figures  # type: ignore[arg-type]


def assert_reconciled() -> None:
    diff = counters_reconcile()
    assert diff.zero, diff


def test_a_submission_is_received_and_in_processing_on_time(applicant: User, admin: User) -> None:
    d = submit_sample(applicant)
    assert d.stat_bucket == "pending_on_time"
    f = figures(admin)
    assert (f.received, f.pending_on_time, f.in_processing) == (1, 1, 1)
    assert_reconciled()


def test_refused_at_receipt_counts_with_its_reason(applicant: User, admin: User) -> None:
    code = submit_sample(applicant).code
    act(code, Action.REFUSE)
    stats = stats_get(user=admin)
    assert (stats.figures.refused, stats.figures.in_processing) == (1, 0)
    assert [(r.bucket, r.code, r.count) for r in stats.top_reasons] == [("refused", "TC-01", 1)]
    assert stats.top_reasons[0].text
    assert_reconciled()


def test_supplement_pauses_then_withdrawal(applicant: User, admin: User) -> None:
    code = submit_sample(applicant).code
    act(code, Action.RECEIVE)
    act(code, Action.REQUEST_SUPPLEMENT)
    assert figures(admin).awaiting_supplement == 1
    act(code, Action.WITHDRAW)
    f = figures(admin)
    assert (f.awaiting_supplement, f.withdrawn, f.received) == (0, 1, 1)
    assert_reconciled()


def test_rejected_after_appraisal(applicant: User, admin: User) -> None:
    code = submit_sample(applicant).code
    act(code, Action.RECEIVE)
    act(code, Action.REJECT)
    stats = stats_get(user=admin)
    assert (stats.figures.rejected, stats.figures.refused) == (1, 0)
    assert stats.top_reasons[0].bucket == "rejected"
    assert_reconciled()


def test_decided_on_time_stays_on_time_through_payment(applicant: User, admin: User) -> None:
    code = submit_sample(applicant).code
    decide(code)
    act(code, Action.PAY)
    act(code, Action.RETURN_RESULT)
    f = figures(admin)
    assert (f.done_on_time, f.done_late, f.in_processing, f.on_time_rate) == (1, 0, 0, 100.0)
    assert_reconciled()


def test_overdue_by_the_sweep_then_late_decision(applicant: User, admin: User) -> None:
    d = submit_sample(applicant)
    act(d.code, Action.RECEIVE)
    due = Dossier.objects.get(code=d.code).due_date
    move_to(due + dt.timedelta(days=3))
    assert overdue_sweep().counters_moved == 1
    assert overdue_sweep().counters_moved == 0  # idempotent
    # The sweep counted it without rewriting it: recorded on time, due before the sweep's mark.
    assert Dossier.objects.get(code=d.code).stat_bucket == "pending_on_time"
    f = figures(admin)
    assert (f.pending_on_time, f.pending_overdue) == (0, 1)
    # As of the due date it was still on time; the day after, overdue.
    assert figures(admin, as_of=due).pending_on_time == 1
    assert figures(admin, as_of=due + dt.timedelta(days=1)).pending_overdue == 1
    assert_reconciled()
    decide_rest(d.code)
    f = figures(admin)
    assert (f.pending_overdue, f.done_late, f.done_on_time, f.on_time_rate) == (0, 1, 0, 0.0)
    assert_reconciled()


def decide_rest(code: str) -> None:
    while Dossier.objects.get(code=code).status == "in_processing":
        d = Dossier.objects.get(code=code)
        last = d.step_index >= d.policy.steps.count() - 1
        act(code, Action.APPROVE if last else Action.FORWARD)


def test_an_action_records_an_overdue_the_sweep_missed(applicant: User, admin: User) -> None:
    """No sweep ran: the decision first dates the overdue from the day after the due date."""
    d = submit_sample(applicant)
    move_to(d.due_date + dt.timedelta(days=5))
    decide(d.code)
    assert figures(admin).done_late == 1
    assert figures(admin, as_of=d.due_date + dt.timedelta(days=2)).pending_overdue == 1
    assert_reconciled()


def test_an_apology_brings_an_overdue_dossier_back_on_time(applicant: User, admin: User) -> None:
    from hotro.dossiers.calendar import working_calendar

    d = submit_sample(applicant)
    act(d.code, Action.RECEIVE)
    today = d.due_date + dt.timedelta(days=1)
    move_to(today)
    overdue_sweep()
    act(d.code, Action.APOLOGIZE, new_due_date=working_calendar().add_working_days(today, 3))
    f = figures(admin)
    assert (f.pending_overdue, f.pending_on_time) == (0, 1)
    assert_reconciled()


def test_period_counts_flows_and_as_of_counts_stocks(applicant: User, admin: User) -> None:
    first = submit_sample(applicant, national_id="079190000001", salt="a")
    move_to(dt.date(2021, 10, 15))
    second = submit_sample(applicant, national_id="079190000002", salt="b")
    act(first.code, Action.RECEIVE)
    act(first.code, Action.REJECT)
    assert figures(admin, as_of=OCT_13).received == 1
    in_period = figures(admin, date_from=dt.date(2021, 10, 14))
    assert (in_period.received, in_period.rejected, in_period.pending_on_time) == (1, 1, 1)
    assert figures(admin, date_to=OCT_13).rejected == 0
    assert second.stat_bucket == "pending_on_time"


def test_reconcile_finds_and_fixes_a_difference(applicant: User) -> None:
    submit_sample(applicant)
    row = StatCount.objects.get(bucket="received")
    row.n = 5
    row.save()
    Dossier.objects.update(stat_bucket="")
    with pytest.raises(CommandError, match="differ"):
        call_command("stats", "reconcile", stdout=StringIO())
    out = StringIO()
    call_command("stats", "reconcile", "--fix", stdout=out)
    assert "rewritten" in out.getvalue()
    call_command("stats", "reconcile", stdout=out)
    assert "agree" in out.getvalue()
    assert Dossier.objects.get().stat_bucket == "pending_on_time"


def test_generated_dossiers_come_with_their_counters(admin: User) -> None:
    """The seed's report (received, done, overdue in processing, rejected) from the counters
    equals the direct count over the dossiers."""
    with clock.frozen(clock.vietnam_datetime(2021, 10, 13, 18)):
        generate(count=400, seed=7, provinces=[79, 51], batch=150)
        assert_reconciled()
        today = clock.today()
        f = figures(admin)
        # The running totals (today) and the daily rows (a period) agree.
        daily = stats_get(user=admin, date_from=dt.date(2021, 1, 1))
        assert daily.figures == f
        assert daily.top_reasons == stats_get(user=admin).top_reasons
        for scope in ({"province": 79}, {"agency": "000.00.46.H29"}):
            live = stats_get(user=admin, **scope)  # type: ignore[arg-type]
            past = stats_get(user=admin, date_from=dt.date(2021, 1, 1), **scope)  # type: ignore[arg-type]
            assert live.top_reasons == past.top_reasons
            assert [(p.code, p.figures) for p in live.breakdown] == [
                (p.code, p.figures) for p in past.breakdown
            ]
        # With a policy: the running totals of that policy against its daily rows.
        codes = sorted(set(Dossier.objects.values_list("policy__code", flat=True)))[:2]
        for code in codes:
            for scope in ({}, {"province": 79}, {"agency": "000.00.46.H29"}):
                live = stats_get(user=admin, policy_code=code, **scope)  # type: ignore[arg-type]
                past = stats_get(
                    user=admin,
                    policy_code=code,
                    date_from=dt.date(2021, 1, 1),
                    **scope,  # type: ignore[arg-type]
                )
                assert live.figures == past.figures, (code, scope)
                assert live.top_reasons == past.top_reasons, (code, scope)
                assert [(p.code, p.figures) for p in live.breakdown] == [
                    (p.code, p.figures) for p in past.breakdown
                ], (code, scope)
    running = Dossier.objects.filter(status__in=["submitted", "in_processing"])
    direct = {
        "received": Dossier.objects.count(),
        "done": Dossier.objects.filter(status__in=["approved", "paid", "done"]).count(),
        "overdue": running.filter(due_date__lt=today).count(),
        "rejected": Dossier.objects.filter(status__in=["refused", "rejected"]).count(),
    }
    assert direct["overdue"] > 0 and direct["rejected"] > 0
    assert {
        "received": f.received,
        "done": f.done,
        "overdue": f.pending_overdue,
        "rejected": f.refused + f.rejected,
    } == direct


def test_an_apology_before_the_sweep_keeps_the_overdue_days(applicant: User, admin: User) -> None:
    from hotro.dossiers.calendar import working_calendar

    d = submit_sample(applicant)
    act(d.code, Action.RECEIVE)
    today = d.due_date + dt.timedelta(days=2)
    move_to(today)
    act(d.code, Action.APOLOGIZE, new_due_date=working_calendar().add_working_days(today, 3))
    assert figures(admin).pending_on_time == 1
    assert figures(admin, as_of=d.due_date + dt.timedelta(days=1)).pending_overdue == 1
    assert_reconciled()


def test_the_migration_builds_the_running_totals_from_the_daily_rows(admin: User) -> None:
    """Databases counted before the running totals were wide get them from their daily rows
    (migration 0003), and the totals by holding agency from the dossiers (0004), in SQL that
    PostgreSQL and SQLite both run."""
    with clock.frozen(clock.vietnam_datetime(2021, 10, 13, 18)):
        generate(count=300, seed=11, provinces=[79, 1], batch=100)
        expected = stats_get(user=admin)
        StatFigure.objects.all().delete()
        StatReason.objects.all().delete()
        assert stats_get(user=admin).figures == Figures()
        migration = importlib.import_module(
            "hotro.supervision.migrations.0003_wide_totals_and_sweep_mark"
        )
        held = importlib.import_module("hotro.supervision.migrations.0004_held_totals")
        with connection.cursor() as cursor:
            for sql in [*migration.FILL, held.FILL]:
                cursor.execute(sql)
        assert_reconciled()
        again = stats_get(user=admin)
        assert (again.figures, again.top_reasons) == (expected.figures, expected.top_reasons)
        assert again.figures.received == 300


def _oracle(scope: dict[str, object], as_of: dt.date, date_from: dt.date | None) -> Figures:
    """The figures summed straight from the daily rows: stocks up to `as_of`, flows over the
    period (from the beginning when it has no start)."""
    rows = StatCount.objects.filter(day__lte=as_of)
    if "province" in scope:
        rows = rows.filter(province_code=scope["province"])
    if "policy_code" in scope:
        rows = rows.filter(policy__code=scope["policy_code"])
    f = Figures()
    for bucket, day, n in rows.values_list("bucket", "day", "n"):
        flow = bucket not in ("pending_on_time", "pending_overdue", "awaiting_supplement")
        if flow and date_from is not None and day < date_from:
            continue
        setattr(f, bucket, getattr(f, bucket) + n)
    return f


def test_past_days_and_periods_equal_the_sum_of_their_daily_rows(admin: User) -> None:
    """Past figures are now minus what came after: they must equal the plain sums."""
    with clock.frozen(clock.vietnam_datetime(2021, 10, 13, 18)):
        generate(count=300, seed=3, provinces=[79, 51], batch=100)
        checked = 0
        for scope in ({}, {"province": 79}, {"policy_code": "QD23-TAM-HOAN-HDLD"}):
            for as_of in (dt.date(2021, 8, 20), dt.date(2021, 9, 15), dt.date(2021, 10, 12)):
                for date_from in (None, dt.date(2021, 9, 1), as_of):
                    if date_from is not None and date_from > as_of:
                        continue
                    got = stats_get(user=admin, as_of=as_of, date_from=date_from, **scope)  # type: ignore[arg-type]
                    assert got.figures == _oracle(scope, as_of, date_from), (
                        scope,
                        as_of,
                        date_from,
                    )
                    checked += 1
        assert checked >= 20
        # A past day shows no part that had nothing yet.
        early = stats_get(user=admin, as_of=dt.date(2021, 8, 9))
        assert all(p.figures != Figures() for p in early.breakdown)

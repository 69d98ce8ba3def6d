"""Random sequences of actions by random actors, days passing and sweeps: after each step the
counters kept live equal the counters recomputed from the histories (zero difference)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test

from hotro.accounts.models import Role, User
from hotro.accounts.services import user_create
from hotro.catalog.selectors import agency_get
from hotro.core import clock
from hotro.core.errors import AppError
from hotro.dossiers import actions
from hotro.dossiers.calendar import working_calendar
from hotro.dossiers.domain.lifecycle import Action
from hotro.dossiers.domain.status import FINISHED
from hotro.dossiers.models import Document, Dossier, Event
from hotro.dossiers.sweep import overdue_sweep
from hotro.supervision.models import StatCount, StatFigure, StatReason, StatSweep
from hotro.supervision.reconcile import counters_reconcile
from hotro.supervision.services import bucket_counted, swept_through
from tests.factories import submit_sample
from tests.supervision.helpers import REASONS, officer_of


@pytest.mark.django_db
def test_counters_reconcile_after_any_sequence() -> None:
    users: dict[str, User] = {
        name: user_create(
            username=f"st-{name}",
            role=Role.OFFICER,
            password="secret-pass-1",
            agency=agency_get(code=code),
        )
        for name, code in (
            ("q1", "000.00.46.H29"),
            ("bhxh", "000.91.46.H29"),
        )
    }
    users["applicant"] = user_create(
        username="st-applicant", role=Role.APPLICANT, password="secret-pass-1"
    )
    counter = iter(range(1, 10_000))
    seen: set[str] = set()
    outcomes: Counter[str] = Counter()

    class Machine(RuleBasedStateMachine):
        def __init__(self) -> None:
            super().__init__()
            self.now = clock.vietnam_datetime(2021, 10, 13, 9)
            clock.set_now(self.now)
            self.codes: list[str] = []
            self.submit()

        @rule()
        def submit(self) -> None:
            n = next(counter)
            self.codes.append(
                submit_sample(users["applicant"], national_id=f"0791901{n:05d}", salt=f"s{n}").code
            )

        @rule(
            pick=st.integers(0, 10),
            action=st.sampled_from(
                [*Action, *[Action.RECEIVE, Action.FORWARD] * 3, Action.APPROVE]
            ),
            who=st.sampled_from(["holder", "holder", "applicant", "q1", "bhxh"]),
            days_later=st.sampled_from([0, 0, 1, 3, 8]),
        )
        def act(self, pick: int, action: Action, who: str, days_later: int) -> None:
            self.now += dt.timedelta(days=days_later)
            clock.set_now(self.now)
            open_ = list(
                Dossier.objects.filter(code__in=self.codes)
                .exclude(status__in=list(FINISHED))
                .order_by("id")
                .values_list("code", flat=True)
            )
            code = (open_ or self.codes)[pick % len(open_ or self.codes)]
            d = Dossier.objects.select_related("agency", "step_agency").get(code=code)
            data: dict[str, Any] = {}
            if action in REASONS:
                data = {"reason_code": REASONS[action], "reason_text": "Lý do ghi đầy đủ, rõ."}
            if action == Action.REQUEST_SUPPLEMENT:
                data["items"] = [actions.SupplementItem("Bổ sung danh sách", "worker_list")]
            if action == Action.APOLOGIZE:
                data["new_due_date"] = working_calendar().add_working_days(
                    max(d.due_date, clock.today()), 2
                )
            # "holder": the one who may act, the applicant or the officer holding the dossier.
            if who != "holder":
                user = users[who]
            elif action in (Action.SUPPLEMENT, Action.WITHDRAW):
                user = users["applicant"]
            else:
                user = officer_of(d)
            try:
                actions.dossier_act(
                    user=user, code=code, action=action, data=actions.ActionInput(**data)
                )
                outcomes[action.value] += 1
            except AppError as exc:
                outcomes[exc.code] += 1

        @rule(days=st.integers(1, 10))
        def sweep(self, days: int) -> None:
            self.now += dt.timedelta(days=days)
            clock.set_now(self.now)
            overdue_sweep()

        @invariant()
        def counters_reconcile(self) -> None:
            diff = counters_reconcile()
            assert diff.zero, diff
            through = swept_through()
            seen.update(
                str(bucket_counted(b, due, through) or "")
                for b, due in Dossier.objects.values_list("stat_bucket", "due_date")
            )

        def teardown(self) -> None:
            clock.set_now(None)
            # Each run starts from no dossiers at all, its clock on 13 Oct again: the
            # reconciliation covers every dossier, and histories must not run backwards.
            mine = Dossier.objects.filter(code__in=self.codes)
            Document.objects.filter(dossier__in=mine).delete()
            Event.objects.filter(dossier__in=mine).delete()
            mine.delete()
            StatCount.objects.all().delete()
            StatFigure.objects.all().delete()
            StatReason.objects.all().delete()
            StatSweep.objects.all().delete()

    run_state_machine_as_test(
        Machine,
        settings=settings(
            max_examples=25,
            derandomize=True,
            stateful_step_count=20,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow],
        ),
    )
    assert not Dossier.objects.exists()
    # The runs reached more than the first bucket: overdue, paused, decided and closed ones.
    assert "pending_overdue" in seen, seen
    assert len(seen - {"", "pending_on_time", "pending_overdue"}) >= 3, (seen, outcomes)
    assert outcomes["receive"] >= 5 and outcomes["forward"] >= 1, outcomes

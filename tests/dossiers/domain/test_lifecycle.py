"""The transition table (no database)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hotro.dossiers.domain.lifecycle import (
    TABLE,
    Action,
    Actor,
    NotAllowed,
    allowed_actions,
    transition,
)
from hotro.dossiers.domain.status import FINISHED, Status


def test_refusal_and_rejection_need_reasons() -> None:
    assert TABLE[Action.REFUSE].reason_kind == "refuse"
    assert TABLE[Action.REJECT].reason_kind == "reject"
    assert TABLE[Action.REQUEST_SUPPLEMENT].reason_kind == "supplement"
    assert TABLE[Action.APOLOGIZE].reason_kind == "apology"


def test_only_applicants_supplement_and_withdraw() -> None:
    applicant_actions = {a for a, t in TABLE.items() if t.actor == Actor.APPLICANT}
    assert applicant_actions == {Action.SUPPLEMENT, Action.WITHDRAW}


def test_the_happy_path_of_a_three_step_policy() -> None:
    status, step = Status.SUBMITTED, 0
    for action in (
        Action.RECEIVE,
        Action.FORWARD,
        Action.FORWARD,
        Action.APPROVE,
        Action.PAY,
        Action.RETURN_RESULT,
    ):
        t = transition(action, status, step_index=step, steps=3)
        if action == Action.FORWARD:
            step += 1
        status = t.target or status
    assert status == Status.DONE


def test_forward_and_approve_depend_on_the_step() -> None:
    with pytest.raises(NotAllowed, match="no_next_step"):
        transition(Action.FORWARD, Status.IN_PROCESSING, step_index=2, steps=3)
    with pytest.raises(NotAllowed, match="not_the_deciding_step"):
        transition(Action.APPROVE, Status.IN_PROCESSING, step_index=0, steps=3)


def test_supplement_pauses_and_resumes_the_clock() -> None:
    assert TABLE[Action.REQUEST_SUPPLEMENT].pauses_clock
    assert TABLE[Action.SUPPLEMENT].resumes_clock


@given(st.sampled_from(sorted(FINISHED)), st.sampled_from(list(Action)), st.integers(0, 3))
def test_nothing_leaves_a_finished_dossier(status: Status, action: Action, step: int) -> None:
    with pytest.raises(NotAllowed):
        transition(action, status, step_index=step, steps=4)
    assert allowed_actions(status, step_index=step, steps=4) == []


@given(st.sampled_from(list(Status)), st.sampled_from(list(Action)), st.integers(0, 3))
def test_allowed_actions_agree_with_transition(status: Status, action: Action, step: int) -> None:
    offered = action in allowed_actions(status, step_index=step, steps=4)
    try:
        transition(action, status, step_index=step, steps=4)
        assert offered
    except NotAllowed:
        assert not offered

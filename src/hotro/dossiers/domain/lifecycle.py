"""The one transition table of a dossier. Pure: which action may happen in which status, who
may take it, what it needs, and where it leads. The services apply it; nothing else decides."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from hotro.dossiers.domain.status import FINISHED, Status


class Action(StrEnum):
    RECEIVE = "receive"
    REFUSE = "refuse"
    REQUEST_SUPPLEMENT = "request_supplement"
    SUPPLEMENT = "supplement"
    FORWARD = "forward"
    APPROVE = "approve"
    REJECT = "reject"
    PAY = "pay"
    RETURN_RESULT = "return_result"
    WITHDRAW = "withdraw"
    APOLOGIZE = "apologize"


class Actor(StrEnum):
    OFFICER = "officer"  # of the agency responsible for the current step (R8)
    APPLICANT = "applicant"  # the dossier's own applicant


class StepRule(StrEnum):
    ANY = "any"
    NOT_LAST = "not_last"  # forward: there is a next step
    LAST = "last"  # approve: the deciding step


@dataclass(frozen=True)
class Transition:
    action: Action
    sources: frozenset[Status]
    target: Status | None  # None: the status stays (an apology)
    actor: Actor
    reason_kind: str | None = None  # a reason of this kind from the catalog, plus a text (R1)
    step: StepRule = StepRule.ANY
    pauses_clock: bool = False
    resumes_clock: bool = False


_OPEN_PROCESSING = frozenset({Status.SUBMITTED, Status.IN_PROCESSING, Status.AWAITING_SUPPLEMENT})

TABLE: dict[Action, Transition] = {
    t.action: t
    for t in (
        Transition(
            Action.RECEIVE, frozenset({Status.SUBMITTED}), Status.IN_PROCESSING, Actor.OFFICER
        ),
        Transition(
            Action.REFUSE, frozenset({Status.SUBMITTED}), Status.REFUSED, Actor.OFFICER, "refuse"
        ),
        Transition(
            Action.REQUEST_SUPPLEMENT,
            frozenset({Status.SUBMITTED, Status.IN_PROCESSING}),
            Status.AWAITING_SUPPLEMENT,
            Actor.OFFICER,
            "supplement",
            pauses_clock=True,
        ),
        Transition(
            Action.SUPPLEMENT,
            frozenset({Status.AWAITING_SUPPLEMENT}),
            Status.IN_PROCESSING,
            Actor.APPLICANT,
            resumes_clock=True,
        ),
        Transition(
            Action.FORWARD,
            frozenset({Status.IN_PROCESSING}),
            Status.IN_PROCESSING,
            Actor.OFFICER,
            step=StepRule.NOT_LAST,
        ),
        Transition(
            Action.APPROVE,
            frozenset({Status.IN_PROCESSING}),
            Status.APPROVED,
            Actor.OFFICER,
            step=StepRule.LAST,
        ),
        Transition(
            Action.REJECT,
            frozenset({Status.IN_PROCESSING}),
            Status.REJECTED,
            Actor.OFFICER,
            "reject",
        ),
        # Partial payments keep the dossier approved until every approved beneficiary is paid.
        Transition(Action.PAY, frozenset({Status.APPROVED}), Status.PAID, Actor.OFFICER),
        Transition(
            Action.RETURN_RESULT,
            frozenset({Status.APPROVED, Status.PAID}),
            Status.DONE,
            Actor.OFFICER,
        ),
        Transition(
            Action.WITHDRAW, _OPEN_PROCESSING, Status.WITHDRAWN, Actor.APPLICANT, "withdraw"
        ),
        Transition(
            Action.APOLOGIZE,
            frozenset({Status.SUBMITTED, Status.IN_PROCESSING, Status.APPROVED}),
            None,
            Actor.OFFICER,
            "apology",
        ),
    )
}


class NotAllowed(Exception):
    """The table does not allow this action here; `why` is a message code."""

    def __init__(self, why: str) -> None:
        self.why = why
        super().__init__(why)


def transition(action: Action, status: Status, *, step_index: int, steps: int) -> Transition:
    """The transition `action` takes from `status` at step `step_index` of `steps`, or
    NotAllowed with the reason."""
    rule = TABLE[action]
    if status in FINISHED:
        raise NotAllowed("dossier_finished")
    if status not in rule.sources:
        raise NotAllowed("action_not_allowed_in_status")
    last = step_index >= steps - 1
    if rule.step == StepRule.NOT_LAST and last:
        raise NotAllowed("no_next_step")
    if rule.step == StepRule.LAST and not last:
        raise NotAllowed("not_the_deciding_step")
    return rule


def allowed_actions(status: Status, *, step_index: int, steps: int) -> list[Action]:
    """The actions the table allows now (what the screens offer)."""
    result = []
    for action in Action:
        try:
            transition(action, status, step_index=step_index, steps=steps)
        except NotAllowed:
            continue
        result.append(action)
    return result


# How the history reads on slips and screens (events that are not actions included).
ACTION_LABEL_VI: dict[str, str] = {
    "submit": "Nộp hồ sơ",
    "receive": "Tiếp nhận",
    "refuse": "Từ chối tiếp nhận",
    "request_supplement": "Yêu cầu bổ sung",
    "supplement": "Bổ sung hồ sơ",
    "forward": "Chuyển bước xử lý",
    "approve": "Phê duyệt",
    "reject": "Không phê duyệt",
    "pay": "Chi trả",
    "return_result": "Trả kết quả",
    "withdraw": "Rút hồ sơ",
    "apologize": "Xin lỗi, hẹn lại ngày trả",
    "became_overdue": "Quá hạn",
}

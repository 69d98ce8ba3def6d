"""Driving dossiers through their lifecycle by the services, as the right officer each time."""

from __future__ import annotations

import datetime as dt
from typing import Any

from hotro.accounts.models import Role, User
from hotro.accounts.services import user_create
from hotro.catalog.selectors import agency_get
from hotro.core import clock
from hotro.dossiers import actions
from hotro.dossiers.domain.lifecycle import Action
from hotro.dossiers.models import Dossier
from tests.factories import submit_sample

REASONS = {
    Action.REFUSE: "TC-01",
    Action.REJECT: "KD-01",
    Action.REQUEST_SUPPLEMENT: "BS-01",
    Action.APOLOGIZE: "XL-01",
    Action.WITHDRAW: "RH-01",
}
_officers: dict[int, User] = {}
Q1, SI_Q1, HCMC_PC = "000.00.46.H29", "000.91.46.H29", "000.00.00.H29"


def officer_of(dossier: Dossier) -> User:
    agency = actions.acting_agency(dossier)
    user = User.objects.filter(role=Role.OFFICER, agency=agency).first()
    return user or user_create(
        username=f"officer-{agency.id}",
        role=Role.OFFICER,
        password="secret-pass-1",
        agency=agency_get(code=agency.code),
    )


def act(code: str, action: Action, **data: Any) -> Dossier:
    dossier = Dossier.objects.select_related("agency", "step_agency").get(code=code)
    if action in REASONS:
        data = {"reason_code": REASONS[action], "reason_text": "Lý do ghi đầy đủ, rõ ràng."} | data
    if action == Action.REQUEST_SUPPLEMENT:
        data.setdefault("items", [actions.SupplementItem("Bổ sung danh sách", "worker_list")])
    user = dossier.applicant if action in (Action.SUPPLEMENT, Action.WITHDRAW) else None
    assert user is not None or action not in (Action.SUPPLEMENT, Action.WITHDRAW)
    return actions.dossier_act(
        user=user or officer_of(dossier), code=code, action=action, data=actions.ActionInput(**data)
    )


def decide(code: str) -> Dossier:
    """Receive, forward through every step and approve."""
    act(code, Action.RECEIVE)
    while True:
        d = Dossier.objects.get(code=code)
        if d.step_index >= d.policy.steps.count() - 1:
            return act(code, Action.APPROVE)
        act(code, Action.FORWARD)


def move_to(day: dt.date, hour: int = 9) -> None:
    clock.set_now(clock.vietnam_datetime(day.year, day.month, day.day, hour))


def three_places(applicant: User) -> dict[str, Dossier]:
    """One dossier at each of three agencies of a Quận 1 chain: the desk (submitted), Social
    Insurance (received) and the city's People's Committee (forwarded twice)."""
    at_desk = submit_sample(applicant, national_id="079190000021", salt="a")
    at_si = submit_sample(applicant, national_id="079190000022", salt="b")
    at_city = submit_sample(applicant, national_id="079190000023", salt="c")
    act(at_si.code, Action.RECEIVE)
    act(at_city.code, Action.RECEIVE)
    act(at_city.code, Action.FORWARD)
    act(at_city.code, Action.FORWARD)
    return {Q1: at_desk, SI_Q1: at_si, HCMC_PC: at_city}

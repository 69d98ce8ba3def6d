"""What anyone holding a dossier's code may read: its status, dates, policy and agency, and
the catalog's wording of why it was refused, rejected or withdrawn.

Codes follow each other per agency and day, so they can be walked: nothing here may say who
applied or what an officer wrote. The officer's own text (it has held ID numbers and tax
codes) is for the applicant, on their own dossier, and for the staff who may see it.

A code is found as people copy it from a slip or a message: in any letter case and with
spaces around it (codes are upper case by their pattern, R6, so the lookup stays an exact
match on the index). The day of receipt and the appointment exist once an officer received
the dossier; before that, and for a dossier refused at the desk, the page shows the day it
was submitted."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from hotro.catalog.models import Reason
from hotro.core import clock
from hotro.dossiers.domain.lifecycle import Action
from hotro.dossiers.domain.status import LABEL_VI, Status
from hotro.dossiers.history import decisive_reason
from hotro.dossiers.models import Dossier, Event
from hotro.dossiers.selectors import dossier_public


@dataclass(frozen=True)
class PublicReason:
    code: str
    text: str  # the catalog's wording, never the officer's
    text_en: str


@dataclass(frozen=True)
class PublicDossier:
    code: str
    policy_code: str
    policy_name: str
    policy_name_en: str
    policy_decision_number: str
    agency_code: str
    agency_name: str
    status: str
    status_label: str
    portal_status: int
    submitted_on: dt.date
    received_on: dt.date | None  # None until an officer received it
    due_date: dt.date | None  # the appointment, given at receipt
    finished_at: dt.datetime | None
    reason: PublicReason | None


def public_reason(dossier: Dossier) -> PublicReason | None:
    event = decisive_reason(dossier)
    if event is None or not event.reason_code:
        return None
    entry = Reason.objects.filter(code=event.reason_code).only("text", "text_en").first()
    if entry is None:  # a code no longer in the catalog: the code alone
        return PublicReason(code=event.reason_code, text="", text_en="")
    return PublicReason(code=event.reason_code, text=entry.text, text_en=entry.text_en)


def lookup_code(typed: str) -> str:
    """A dossier's code as typed or pasted, in the form codes are stored."""
    return typed.strip().upper()


def public_view(*, code: str) -> PublicDossier:
    """The public view of the dossier `code`, typed in any case and with spaces around it
    (NotFound when there is none)."""
    d = dossier_public(code=lookup_code(code))
    received = Event.objects.filter(dossier=d, action=Action.RECEIVE).exists()
    return PublicDossier(
        code=d.code,
        policy_code=d.policy.code,
        policy_name=d.policy.name,
        policy_name_en=d.policy.name_en,
        policy_decision_number=d.policy.decision_number,
        agency_code=d.agency.code,
        agency_name=d.agency.name,
        status=d.status,
        status_label=LABEL_VI[Status(d.status)],
        portal_status=d.portal_status,
        submitted_on=d.submitted_at.astimezone(clock.VIETNAM).date(),
        received_on=d.received_on if received else None,
        due_date=d.due_date if received else None,
        finished_at=d.finished_at.astimezone(clock.VIETNAM) if d.finished_at else None,
        reason=public_reason(d),
    )

"""The append-only, hash-chained history of a dossier (R7)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.db.models import F, QuerySet

from hotro.accounts.models import User
from hotro.catalog.models import Agency
from hotro.core import clock
from hotro.dossiers.domain.lifecycle import TABLE, Actor
from hotro.dossiers.models import Dossier, Event

GENESIS = "0" * 64


def chain_hash(
    *,
    dossier_code: str,
    seq: int,
    at: dt.datetime,
    actor_id: int | None,
    actor_label: str,
    agency_id: int | None,
    action: str,
    from_status: str,
    to_status: str,
    reason_code: str,
    reason_text: str,
    payload: dict[str, Any],
    prev_hash: str,
) -> str:
    body = {
        "dossier": dossier_code,
        "seq": seq,
        "at": at.astimezone(dt.UTC).isoformat(),  # as the database gives it back
        "actor": actor_id,
        "actor_label": actor_label,
        "agency": agency_id,
        "action": action,
        "from": from_status,
        "to": to_status,
        "reason_code": reason_code,
        "reason_text": reason_text,
        "payload": payload,
        "prev": prev_hash,
    }
    canonical = json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def event_hash(event: Event, dossier_code: str) -> str:
    return chain_hash(
        dossier_code=dossier_code,
        seq=event.seq,
        at=event.at,
        actor_id=event.actor_id,
        actor_label=event.actor_label,
        agency_id=event.agency_id,
        action=event.action,
        from_status=event.from_status,
        to_status=event.to_status,
        reason_code=event.reason_code,
        reason_text=event.reason_text,
        payload=event.payload,
        prev_hash=event.prev_hash,
    )


def actor_label(user: User | None) -> str:
    if user is None:
        return "system"
    return f"{user.full_name or user.username} ({user.role})"


def event_append(
    *,
    dossier: Dossier,
    actor: User | None,
    action: str,
    from_status: str,
    to_status: str,
    agency: Agency | None = None,
    reason_code: str = "",
    reason_text: str = "",
    payload: dict[str, Any] | None = None,
) -> Event:
    """Append an event. The caller holds the dossier's row lock, so the sequence is free."""
    last = Event.objects.filter(dossier=dossier).order_by("-seq").only("seq", "hash").first()
    event = Event(
        dossier=dossier,
        seq=(last.seq + 1) if last else 1,
        at=clock.now(),
        actor=actor,
        actor_label=actor_label(actor),
        agency=agency,
        action=action,
        from_status=from_status,
        to_status=to_status,
        reason_code=reason_code,
        reason_text=reason_text,
        payload=payload or {},
        prev_hash=last.hash if last else GENESIS,
    )
    _refuse_floats(event.payload)
    event.hash = event_hash(event, dossier.code)
    event.save(force_insert=True)
    Dossier.objects.filter(pk=dossier.pk).update(history_seq=event.seq, history_head=event.hash)
    dossier.history_seq, dossier.history_head = event.seq, event.hash
    return event


def _refuse_floats(value: Any) -> None:
    """JSON numbers with a fraction or exponent do not come back from PostgreSQL's jsonb as
    they went in, and the hash would no longer match: payloads carry integers and strings."""
    if isinstance(value, float):
        raise ValueError("event payloads hold no floats")
    if isinstance(value, dict):
        for item in value.values():
            _refuse_floats(item)
    elif isinstance(value, list | tuple):
        for item in value:
            _refuse_floats(item)


@dataclass(frozen=True)
class BrokenLink:
    seq: int
    action: str
    at: dt.datetime | None
    why: str


def chain_first_broken(dossier: Dossier) -> BrokenLink | None:
    """The first link that does not hold, or None when the chain verifies up to the head
    recorded on the dossier and every officer's event was taken by the agency holding it."""
    events = dossier.events.order_by("seq").annotate(agency_code=F("agency__code"))
    return _first_broken(dossier, events, receiving=dossier.agency.code)


def _first_broken(dossier: Dossier, events: Iterable[Event], receiving: str) -> BrokenLink | None:
    prev, seq = GENESIS, 0
    holders = _Holders(receiving)
    for expected_seq, event in enumerate(events, start=1):
        if event.seq != expected_seq:
            return BrokenLink(expected_seq, event.action, event.at, "missing event")
        if event.prev_hash != prev or event.hash != event_hash(event, dossier.code):
            return BrokenLink(event.seq, event.action, event.at, "altered event")
        wrong = holders.follow(event)
        if wrong:
            return BrokenLink(event.seq, event.action, event.at, wrong)
        prev, seq = event.hash, event.seq
    if (seq, prev) != (dossier.history_seq, dossier.history_head or GENESIS):
        return BrokenLink(seq + 1, "?", None, "events missing after the last one found")
    return None


_OFFICER_ACTIONS = frozenset(a.value for a, t in TABLE.items() if t.actor == Actor.OFFICER)
_ENTERS_STEP = frozenset({"receive", "forward", "supplement"})


class _Holders:
    """Who held the dossier at each event, replayed from the history (R8): the receiving agency
    until a step is entered, then the agency each step-entering event names. Histories that do
    not name it (generated ones) leave the holder unknown, and nothing is judged until one does."""

    def __init__(self, receiving: str) -> None:
        self.receiving = receiving
        self.holder: str | None = receiving
        self.in_step = False

    def follow(self, event: Event) -> str:
        """Why `event` was taken by the wrong agency ("" when it was not), then move on."""
        wrong = ""
        taken_by = getattr(event, "agency_code", None)
        if (
            event.actor_id is not None
            and event.action in _OFFICER_ACTIONS
            and self.holder is not None
            and taken_by != self.holder
        ):
            wrong = f"taken by agency {taken_by} while {self.holder} held the dossier"
        if event.action in _ENTERS_STEP:
            if "step_agency" in event.payload:
                self.holder = event.payload["step_agency"] or self.receiving
                self.in_step = True
            elif event.action != "supplement" or not self.in_step:
                self.holder = None  # a step entered without saying whose it is
        return wrong


def chains_verify(dossiers: QuerySet[Dossier]) -> Iterator[tuple[Dossier, BrokenLink]]:
    """The first broken link of every dossier whose chain does not verify. Two streams read
    side by side, dossiers and their events in the same order: no query per dossier."""
    dossiers = (
        dossiers.order_by("id")
        .only("id", "code", "history_seq", "history_head")
        .annotate(receiving_code=F("agency__code"))
    )
    events = iter(
        Event.objects.filter(dossier__in=dossiers.values("id"))
        .annotate(agency_code=F("agency__code"))
        .order_by("dossier_id", "seq")
        .iterator(chunk_size=5000)
    )
    pending = next(events, None)
    for dossier in dossiers.iterator(chunk_size=2000):
        own: list[Event] = []
        while pending is not None and pending.dossier_id == dossier.id:
            own.append(pending)
            pending = next(events, None)
        broken = _first_broken(dossier, own, receiving=dossier.receiving_code)
        if broken is not None:
            yield dossier, broken


def decisive_reason(dossier: Dossier) -> Event | None:
    """The event that refused, rejected or withdrew the dossier, whose reason the public
    view shows (R1)."""
    return (
        dossier.events.filter(action__in=("refuse", "reject", "withdraw")).order_by("-seq").first()
    )

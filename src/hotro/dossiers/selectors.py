"""Reads of dossiers, always restricted to what the user may see."""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import uuid
from dataclasses import dataclass, replace

from django.db.models import Exists, OuterRef, Q, QuerySet

from hotro.accounts.models import Role, User
from hotro.core import clock
from hotro.core.authz import dossier_scope_parts, restrict
from hotro.core.errors import NotFound, ValidationFailed
from hotro.dossiers.calendar import working_calendar
from hotro.dossiers.domain.status import CLOCK_RUNNING, Status
from hotro.dossiers.models import Beneficiary, Document, Dossier


@dataclass(frozen=True)
class DossierFilters:
    agency_code: str | None = None
    policy_code: str | None = None
    status: str | None = None
    received_from: dt.date | None = None
    received_to: dt.date | None = None
    q: str | None = None
    overdue: bool | None = None
    due_within: int | None = None  # working days from today
    current_step: str | None = None
    statuses: frozenset[str] | None = None
    held_by: int | None = None  # an agency id: the dossiers that agency must act on now


@dataclass(frozen=True)
class Page:
    items: list[Dossier]
    next_cursor: str | None


def encode_cursor(last_id: int) -> str:
    return base64.urlsafe_b64encode(f"d:{last_id}".encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> int:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        tag, _, value = raw.partition(":")
        if tag != "d" or not value.isdigit():
            raise ValueError(raw)
        return int(value)
    except (ValueError, binascii.Error, UnicodeDecodeError) as exc:
        raise ValidationFailed("cursor_invalid") from exc


def dossier_queryset(user: User) -> QuerySet[Dossier]:
    return restrict(Dossier.objects.select_related("policy", "agency"), user)


# What no list shows: JSON and long texts, which would be read and decoded for every row.
LIST_DEFERRED = (
    "applicant_data",
    "policy__applicant_fields",
    "policy__beneficiary_fields",
    "policy__amount_rule",
    "policy__summary",
    "policy__summary_en",
    "policy__legal_basis",
    "policy__confidence_note",
)


def dossier_list(
    *, user: User, filters: DossierFilters, limit: int = 50, cursor: str | None = None
) -> Page:
    """Newest first, keyset-paginated on the id. The filtered dossiers are read as a union of
    parts (`dossier_parts`), each walked along its own index from the cursor and cut at the
    page's size, then merged: the work follows the page, not the table nor the page's depth."""
    before = decode_cursor(cursor) if cursor else None
    found: dict[int, Dossier] = {}
    for part in dossier_parts(user=user, filters=filters):
        if before is not None:
            part = part.filter(id__lt=before)
        for d in part.defer(*LIST_DEFERRED).order_by("-id")[: limit + 1]:
            found[d.id] = d
    items = [found[i] for i in sorted(found, reverse=True)[: limit + 1]]
    more = len(items) > limit
    items = items[:limit]
    return Page(items, encode_cursor(items[-1].id) if more and items else None)


def dossier_parts(
    *, user: User, filters: DossierFilters, disjoint: bool = False
) -> list[QuerySet[Dossier]]:
    """`dossier_filtered` as querysets whose union it is, split where an OR would make a
    newest-first list scan: an agency's desk and its steps (a queue), or an officer's two
    sources of visible dossiers (every other list). With `disjoint`, each part leaves out the
    parts before it, so that their counts add up."""
    if filters.held_by is not None:
        rest = replace(filters, held_by=None)
        if user.role == Role.OFFICER and user.is_active and filters.held_by == user.agency_id:
            # An officer's own desk and steps: visible to them by construction (a step agency
            # other than the receiving one is recorded as a handler), so the scope's OR, which
            # would read every dossier the agency ever handled, is left out.
            whole = _filtered(Dossier.objects.select_related("policy", "agency"), rest)
        else:
            whole = dossier_filtered(user=user, filters=rest)
        parts = held_by_parts(filters.held_by)
        if filters.statuses is not None and filters.statuses <= {Status.SUBMITTED}:
            parts = parts[:1]  # nothing submitted is at a step yet
        return [whole.filter(q) for q in _apart(parts, disjoint)]
    base = Dossier.objects.select_related("policy", "agency")
    return [_filtered(base.filter(q), filters) for q in _apart(dossier_scope_parts(user), disjoint)]


def _apart(parts: list[Q], disjoint: bool) -> list[Q]:
    if not disjoint:
        return parts
    return [q & ~Q(*parts[:i], _connector=Q.OR) if i else q for i, q in enumerate(parts)]


def dossier_count(*, user: User, filters: DossierFilters) -> int:
    """How many dossiers `dossier_filtered` holds, counted part by part."""
    return sum(
        part.order_by().count() for part in dossier_parts(user=user, filters=filters, disjoint=True)
    )


def held_by_parts(agency_id: int) -> list[Q]:
    """The dossiers an agency holds now (what `actions.acting_agency` says), in two parts: at
    its desk (received there, until receipt or when no step agency is set), and at one of its
    steps."""
    at_desk = Q(agency_id=agency_id) & (Q(status=Status.SUBMITTED) | Q(step_agency__isnull=True))
    at_step = Q(step_agency_id=agency_id) & ~Q(status=Status.SUBMITTED)
    return [at_desk, at_step]


def held_by(agency_id: int) -> Q:
    at_desk, at_step = held_by_parts(agency_id)
    return at_desk | at_step


def held_in_province(province_code: int) -> Q:
    """The dossiers the agencies of a province hold now: `held_by` for a whole province, in
    the same two parts (each served by its agency's index, unlike a filter on HOLDER)."""
    at_desk = Q(agency__province_code=province_code) & (
        Q(status=Status.SUBMITTED) | Q(step_agency__isnull=True)
    )
    at_step = Q(step_agency__province_code=province_code) & ~Q(status=Status.SUBMITTED)
    return at_desk | at_step


def dossier_filtered(*, user: User, filters: DossierFilters) -> QuerySet[Dossier]:
    """The dossiers `user` may see, filtered (unordered): lists page and count it."""
    return _filtered(dossier_queryset(user), filters)


def _filtered(qs: QuerySet[Dossier], filters: DossierFilters) -> QuerySet[Dossier]:
    if (
        filters.received_from
        and filters.received_to
        and filters.received_from > filters.received_to
    ):
        raise ValidationFailed("date_range")
    if filters.agency_code:
        qs = qs.filter(agency__code=filters.agency_code)
    if filters.policy_code:
        qs = qs.filter(policy__code=filters.policy_code)
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.received_from:
        qs = qs.filter(received_on__gte=filters.received_from)
    if filters.received_to:
        qs = qs.filter(received_on__lte=filters.received_to)
    if filters.current_step:
        qs = qs.filter(current_step=filters.current_step)
    if filters.statuses is not None:
        qs = qs.filter(status__in=sorted(filters.statuses))
    if filters.held_by is not None:
        qs = qs.filter(held_by(filters.held_by))
    if filters.overdue is not None or filters.due_within is not None:
        today = clock.today()
        running = qs.filter(status__in=list(CLOCK_RUNNING))
        if filters.overdue is True:
            qs = running.filter(due_date__lt=today)
        elif filters.overdue is False:
            # Not (running and past due), said in one condition: a subquery of every overdue
            # dossier took 34 s at 10 million.
            qs = qs.exclude(status__in=list(CLOCK_RUNNING), due_date__lt=today)
        if filters.due_within is not None:
            horizon = working_calendar().add_working_days(today, max(filters.due_within, 0))
            qs = qs.filter(
                status__in=list(CLOCK_RUNNING), due_date__gte=today, due_date__lte=horizon
            )
    if filters.q:
        term = filters.q.strip()
        if term.isdigit():
            # The applicant's tax code or ID, or a beneficiary's ID (a worker on the list).
            listed = Beneficiary.objects.filter(dossier=OuterRef("pk"), national_id=term)
            qs = qs.filter(Q(applicant_id_number=term) | Q(Exists(listed)))
        elif term.upper().startswith(("NCOVI", "000.")) or "-" in term:
            qs = qs.filter(code__startswith=term.upper())
        else:
            qs = qs.filter(applicant_name__icontains=term)
    return qs


def dossier_get(*, user: User, code: str) -> Dossier:
    dossier = (
        dossier_queryset(user)
        .prefetch_related("beneficiaries", "documents")
        .filter(code=code)
        .first()
    )
    if dossier is None:
        # The same answer whether it does not exist or is someone else's: codes are not secret
        # enough to confirm to a stranger that a dossier exists with personal data.
        raise NotFound("dossier_not_found", params={"code": code})
    return dossier


def dossier_document(*, dossier: Dossier, doc_id: str) -> Document:
    try:
        key = uuid.UUID(doc_id)
    except ValueError as exc:
        raise NotFound() from exc
    doc = Document.objects.filter(dossier=dossier, id=key).first()
    if doc is None:
        raise NotFound()
    return doc


def dossier_after_action(*, code: str) -> Dossier:
    """The dossier as an action left it, for the one who took the action (who could see it
    before, though the dossier may since have moved on to another agency's step)."""
    return (
        Dossier.objects.select_related("policy", "agency")
        .prefetch_related("beneficiaries", "documents")
        .get(code=code)
    )


def dossier_public(*, code: str) -> Dossier:
    """What anyone holding the code may look up (no personal data is read from it)."""
    dossier = Dossier.objects.select_related("policy", "agency").filter(code=code).first()
    if dossier is None:
        raise NotFound("dossier_not_found", params={"code": code})
    return dossier


def dossier_signed_components(*, dossier: Dossier) -> set[str]:
    """The components of a dossier that count as digitally signed for R2: every signature on
    the file passed and one comes from the party the policy names. The supplement rule and the
    supplement form both ask this, so the page never offers what the rule would refuse."""
    return set(
        Document.objects.filter(
            dossier=dossier,
            signature_verdict=Document.Verdict.TOTAL_PASSED,
            signer_party=Document.Party.RIGHT,
        ).values_list("component", flat=True)
    )

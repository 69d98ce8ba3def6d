"""Writes on dossiers. Each public function is one transaction; the API, the pages, the
commands and the tasks all come through here."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction

from hotro.accounts.models import Role, User
from hotro.accounts.profiles import employer_profile_remember
from hotro.catalog.models import Agency, Policy, PolicyDocument
from hotro.catalog.selectors import agency_get, policy_get
from hotro.core import clock
from hotro.core.errors import (
    AppError,
    Conflict,
    FieldError,
    Forbidden,
    UnsupportedMediaType,
    ValidationFailed,
)
from hotro.core.uploads import check_upload
from hotro.dossiers import codes, history, intake
from hotro.dossiers.calendar import working_calendar
from hotro.dossiers.domain.deadlines import receipt_day
from hotro.dossiers.domain.status import Status
from hotro.dossiers.models import (
    Beneficiary,
    Channel,
    Document,
    Dossier,
    IdempotencyRecord,
)
from hotro.dossiers.orphans import pending_quota
from hotro.signatures.services import document_validate, documents_assess_party
from hotro.signatures.tasks import document_validate_task
from hotro.supervision.services import counters_apply

ALL_KINDS = {"pdf", "xml", "jpeg", "png", "xlsx", "docx"}
_SUBMITTERS = {Role.APPLICANT, Role.OFFICER, Role.ADMIN}
_KEY = re.compile(r"^[\x21-\x7e]{1,100}$")  # an Idempotency-Key: printable ASCII


def documents_attach(*, dossier: Dossier, documents: Sequence[tuple[str, Document]]) -> None:
    """Make checked uploads (component, document) part of `dossier`, inside the caller's
    transaction. The uploads are locked: of two calls racing for one file, one gets it."""
    ids = [doc.id for _, doc in documents]
    if Document.objects.select_for_update().filter(id__in=ids, dossier__isnull=True).count() != len(
        ids
    ):
        raise Conflict("upload_used", params={"id": ", ".join(str(i) for i in ids)})
    for component, doc in documents:
        Document.objects.filter(id=doc.id).update(dossier=dossier, component=component)
    # Whose signatures the components carry depends on the applicant: known only now.
    documents_assess_party(documents=Document.objects.filter(id__in=ids))


def _component(policy_code: str, key: str) -> PolicyDocument | None:
    if not policy_code and not key:
        return None
    found = PolicyDocument.objects.filter(policy__code=policy_code, key=key).first()
    if found is None:
        field = "component" if Policy.objects.filter(code=policy_code).exists() else "policy_code"
        code = "document_unknown_component" if field == "component" else "policy_not_found"
        raise ValidationFailed(
            code, errors=[FieldError(field, code, {"component": key, "code": policy_code})]
        )
    return found


def document_upload(
    *, user: User, filename: str, content: bytes, policy_code: str = "", component: str = ""
) -> Document:
    """Store an uploaded file for its owner, after checking it. Not yet part of a dossier.
    One transaction: an upload that fails anywhere leaves neither a row nor a stored file.
    Given the policy and `component` it is for, a file of a kind the component does not take
    is refused here, by what its content is (an .xlsx renamed .pdf is a spreadsheet), not at
    submission."""
    target = _component(policy_code, component)
    checked = check_upload(content, allowed=ALL_KINDS, limit=settings.HOTRO_UPLOAD_MAX_BYTES)
    refused = intake.wrong_type(target, checked.kind, filename) if target else None
    if refused is not None:
        raise UnsupportedMediaType(
            "document_wrong_type",
            params=refused,
            errors=[FieldError("file", "document_wrong_type", refused)],
        )
    doc = Document(
        owner=user,
        filename=filename[-255:] or "tep",
        media_type=checked.media_type,
        size=checked.size,
        sha256=checked.sha256,
        uploaded_at=clock.now(),
    )
    doc.file.save(doc.sha256, ContentFile(checked.content), save=False)
    try:
        # One transaction, holding the user's unattached uploads still (at most N of them).
        with pending_quota(user=user, size=checked.size):
            doc.save(force_insert=True)
            if checked.size <= settings.HOTRO_SIGNATURE_SYNC_MAX_BYTES:
                document_validate(document=doc)
            else:  # the report stays empty ("pending") until the worker has validated it
                transaction.on_commit(lambda: document_validate_task.delay(str(doc.id)))
    except BaseException:
        doc.file.delete(save=False)
        raise
    return doc


@dataclass(frozen=True)
class Submitted:
    dossier: Dossier
    replayed: bool  # True when an Idempotency-Key answered with an earlier dossier


def _request_hash(payload: Mapping[str, Any]) -> str:
    canonical = json.dumps(payload, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


def _replay(user: User, key: str, request_hash: str) -> Dossier | None:
    record = IdempotencyRecord.objects.select_related("dossier").filter(user=user, key=key).first()
    if record is None:
        return None
    if record.request_hash != request_hash:
        raise Conflict("idempotency_key_reused")
    return record.dossier


def dossier_submit(
    *,
    user: User,
    policy_code: str,
    agency_code: str,
    applicant: Mapping[str, Any],
    beneficiaries: Sequence[Mapping[str, Any]] = (),
    documents: Sequence[intake.DocumentRef] = (),
    channel: Channel = Channel.ONLINE,
    idempotency_key: str | None = None,
) -> Submitted:
    """Submit a dossier: validate it against its policy, give it its code and appointment
    date, and record it. With an idempotency key, the same request answers the same dossier."""
    if user.role not in _SUBMITTERS:
        raise Forbidden()
    if idempotency_key is not None and not _KEY.match(idempotency_key):
        raise ValidationFailed("idempotency_key_format")  # the pages' draft key too
    if user.role == Role.APPLICANT:
        channel = Channel.ONLINE  # what an applicant files through the system is online
    request_hash = ""
    if idempotency_key is not None:
        request_hash = _request_hash(
            {
                "policy": policy_code,
                "agency": agency_code,
                "applicant": applicant,
                "beneficiaries": list(beneficiaries),
                "documents": [(d.component, d.upload_id) for d in documents],
                "channel": channel,
            }
        )
        earlier = _replay(user, idempotency_key, request_hash)
        if earlier is not None:
            return Submitted(earlier, replayed=True)

    try:
        dossier = _submit(
            user=user,
            policy_code=policy_code,
            agency_code=agency_code,
            applicant=applicant,
            beneficiaries=beneficiaries,
            documents=documents,
            channel=channel,
            idempotency=(idempotency_key, request_hash) if idempotency_key else None,
        )
    except (AppError, IntegrityError):
        # A concurrent request with the same key may have won the race (and taken the
        # uploads): then its dossier is the answer to this one too.
        earlier = _replay(user, idempotency_key, request_hash) if idempotency_key else None
        if earlier is None:
            raise
        return Submitted(earlier, replayed=True)
    return Submitted(dossier, replayed=False)


def _submit(
    *,
    user: User,
    policy_code: str,
    agency_code: str,
    applicant: Mapping[str, Any],
    beneficiaries: Sequence[Mapping[str, Any]],
    documents: Sequence[intake.DocumentRef],
    channel: Channel,
    idempotency: tuple[str, str] | None,
) -> Dossier:
    now = clock.now()
    received_on = receipt_day(
        working_calendar(), now.astimezone(clock.VIETNAM), settings.HOTRO_RECEIPT_CUTOFF_HOUR
    )
    policy = policy_get(code=policy_code)
    agency = agency_get(code=agency_code, on=received_on)
    # The filing window is the applicant's: a dossier filed on the last day is in time even
    # when, filed after hours or before a holiday, it counts as received later.
    _check_open(policy, agency, user, now.astimezone(clock.VIETNAM).date())
    errors: list[FieldError] = []
    intake.check_agency(policy, agency, errors)
    clean, field_errors = intake.validate(
        user=user,
        policy=policy,
        applicant=applicant,
        beneficiaries=beneficiaries,
        documents=documents,
    )
    errors += field_errors
    if errors:
        raise ValidationFailed(errors=errors)
    dossier = _record(
        user=user,
        policy=policy,
        agency=agency,
        clean=clean,
        channel=channel,
        received_on=received_on,
        idempotency=idempotency,
    )
    # An employer's first application becomes its profile, which prefills the next ones.
    employer_profile_remember(user=user, policy=policy, applicant=clean.applicant)
    return dossier


def _window_error(policy: Policy, day: dt.date) -> FieldError | None:
    """Why `policy` takes no dossier on `day`, naming its filing window (None: it does)."""
    if policy.open_on(day):
        return None
    params = {
        "name": policy.name,
        "decision": policy.decision_number,
        "opens": f"{policy.window_opens:%d/%m/%Y}",
        "closes": f"{policy.filing_deadline:%d/%m/%Y}" if policy.filing_deadline else "",
        "day": f"{day:%d/%m/%Y}",
    }
    if not policy.active:
        code = "policy_not_open"
    elif day < policy.window_opens:
        code = "policy_not_yet_open"
    else:
        code = "policy_closed"
    return FieldError("policy_code", code, params)


def _check_open(policy: Policy, agency: Agency, user: User, day: Any) -> None:
    errors = [e for e in [_window_error(policy, day)] if e is not None]
    if not agency.valid_on(day):
        errors.append(
            FieldError("agency_code", "agency_not_valid", {"code": agency.code, "day": day})
        )
    if user.role == Role.OFFICER and user.agency_id != agency.id:
        # At the desk an officer files for a person, but only at their own agency.
        raise Forbidden()
    if errors:
        raise ValidationFailed(errors=errors)


@transaction.atomic
def _record(
    *,
    user: User,
    policy: Policy,
    agency: Agency,
    clean: intake.CleanSubmission,
    channel: Channel,
    received_on: Any,
    idempotency: tuple[str, str] | None,
) -> Dossier:
    if idempotency is not None:
        # The key first: a concurrent request with the same key waits here (PostgreSQL) or
        # fails on the unique key, before it takes a serial or an upload.
        IdempotencyRecord.objects.create(
            user=user,
            key=idempotency[0],
            request_hash=idempotency[1],
            dossier=None,
            created_at=clock.now(),
        )
    calendar = working_calendar()
    steps = list(policy.steps.all())
    total_days = policy.total_working_days()
    serial = codes.next_serial(agency_id=agency.id, day=received_on)
    amounts = [a for a in [*clean.amounts, clean.applicant_amount] if a is not None]
    dossier = Dossier.objects.create(
        code=codes.format_code(policy.code_prefix, agency.code, received_on, serial),
        policy=policy,
        agency=agency,
        serial=serial,
        applicant=user if user.role == Role.APPLICANT else None,
        applicant_data=clean.applicant,
        applicant_name=str(clean.applicant.get("name", ""))[:300],
        applicant_id_number=str(
            clean.applicant.get("tax_code") or clean.applicant.get("national_id") or ""
        ),
        applicant_verified_by=clean.applicant_proof,
        status=Status.SUBMITTED,
        current_step=steps[0].key if steps else "",
        channel=channel,
        submitted_at=clock.now(),
        received_on=received_on,
        due_date=calendar.add_working_days(received_on, total_days),
        beneficiary_count=len(clean.beneficiaries),
        total_amount=sum(amounts) if amounts else None,
    )
    Beneficiary.objects.bulk_create(
        Beneficiary(
            dossier=dossier,
            policy=policy,
            position=i + 1,
            national_id=row["national_id"],
            full_name=row["full_name"],
            date_of_birth=row.get("date_of_birth"),
            social_insurance_no=row.get("social_insurance_no", ""),
            amount=amount,
            data={
                k: v
                for k, v in row.items()
                if k not in {"national_id", "full_name", "date_of_birth", "social_insurance_no"}
            },
        )
        for i, (row, amount) in enumerate(zip(clean.beneficiaries, clean.amounts, strict=True))
    )
    documents_attach(dossier=dossier, documents=clean.documents)
    history.event_append(
        dossier=dossier,
        actor=user,
        action="submit",
        from_status="",
        to_status=Status.SUBMITTED,
        agency=agency,
        payload={
            "channel": channel,
            "received_on": received_on.isoformat(),
            "due_date": dossier.due_date.isoformat(),
            "documents": {component: doc.sha256 for component, doc in clean.documents},
        },
    )
    counters_apply(dossier=dossier, before=None)
    if idempotency is not None:
        IdempotencyRecord.objects.filter(user=user, key=idempotency[0]).update(dossier=dossier)
    return dossier

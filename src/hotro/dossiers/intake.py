"""Validation of a submission against its policy: every error collected, with the path of
the field it concerns, before anything is written."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from hotro.accounts.binding_models import IdentityKind
from hotro.accounts.models import Role, User
from hotro.accounts.selectors import bound_identities
from hotro.catalog.models import Agency, Policy, PolicyDocument
from hotro.catalog.schema import AgencyKind, FieldKind, FormField
from hotro.catalog.selectors import kinds_acting_as
from hotro.core.errors import FieldError
from hotro.core.uploads import MEDIA_TYPES as _MEDIA
from hotro.core.uploads import kind_params
from hotro.dossiers.domain import amounts, fields
from hotro.dossiers.models import ApplicantProof, Document


@dataclass(frozen=True)
class DocumentRef:
    component: str
    upload_id: str


@dataclass
class CleanSubmission:
    applicant: dict[str, Any]
    beneficiaries: list[dict[str, Any]]
    amounts: list[int | None]
    applicant_amount: int | None
    documents: list[tuple[str, Document]]
    applicant_proof: str = ""  # an ApplicantProof, or "" when the filer is not proven


def _clean_fields(
    defs: Sequence[FormField],
    raw: Mapping[str, Any],
    path: str,
    period: fields.Period,
    errors: list[FieldError],
    extra_keys: frozenset[str] = frozenset(),
) -> dict[str, Any]:
    clean: dict[str, Any] = {}
    known = {f.key for f in defs} | extra_keys
    for key in raw:
        if key not in known:
            errors.append(FieldError(f"{path}.{key}", "unknown_field"))
    for f in defs:
        try:
            value = fields.clean(f, raw.get(f.key), period)
        except fields.Invalid as exc:
            errors.append(FieldError(f"{path}.{f.key}", exc.code, exc.params))
            continue
        if value is not None:
            clean[f.key] = value
    _identity_agrees(clean, path, errors)
    return clean


def _identity_agrees(clean: Mapping[str, Any], path: str, errors: list[FieldError]) -> None:
    """A CCCD's birth digits against the date of birth and the sex given beside it."""
    number = str(clean.get("national_id") or "")
    born = clean.get("date_of_birth")
    day = dt.date.fromisoformat(born) if isinstance(born, str) else None
    sex = fields.sex_of(clean.get("sex")) if clean.get("sex") else None
    for code in fields.cccd_contradictions(number, day, sex):
        digit = int(number[3])
        first = 1900 + 100 * (digit // 2)
        errors.append(
            FieldError(
                f"{path}.national_id",
                code,
                {
                    "digit": number[3],
                    "digits": number[4:6],
                    "from_year": first,
                    "to_year": first + 99,
                    "born": day.strftime("%d/%m/%Y") if day else "",
                    "year": day.year if day else "",
                },
            )
        )


def check_agency(policy: Policy, agency: Agency, errors: list[FieldError]) -> None:
    accepted = kinds_acting_as(AgencyKind(policy.receiving_agency_kind))
    if agency.kind not in accepted:
        errors.append(
            FieldError(
                "agency_code",
                "agency_wrong_kind",
                {"code": agency.code, "expected": ", ".join(sorted(accepted))},
            )
        )


def applicant_identity(user: User, applicant: Mapping[str, Any], errors: list[FieldError]) -> str:
    """How the filer is proven to act for the applicant it names: its tax code when it has
    one, else its national ID number. "" when not proven: the dossier may still be filed,
    flagged to the officer, and its applicant's own signatures do not count as the right
    party's (signatures.services). An account bound to tax codes files only for them."""
    if user.role != Role.APPLICANT:
        return ApplicantProof.DESK  # an officer files at the desk, having seen the papers
    tax_code = str(applicant.get("tax_code") or "").strip()
    national_id = str(applicant.get("national_id") or "").strip()
    bound = bound_identities(user=user)
    tax_codes = sorted(i for k, i in bound if k == IdentityKind.TAX_CODE)
    if tax_code and tax_codes and tax_code not in tax_codes:
        errors.append(
            FieldError(
                "applicant.tax_code",
                "tax_code_not_bound",
                {"tax_code": tax_code, "bound": ", ".join(tax_codes)},
            )
        )
        return ""
    if tax_code:
        return bound.get((IdentityKind.TAX_CODE, tax_code), "")
    if national_id:
        return bound.get((IdentityKind.NATIONAL_ID, national_id), "")
    return ""


def applicant_check(
    *, user: User, policy: Policy, applicant: Mapping[str, Any]
) -> tuple[dict[str, Any], list[FieldError]]:
    """The applicant part alone, as the first step of the pages has it: every field by its
    kind (the tax code's check digit, the phone number, a CCCD against the date of birth),
    then the account's bindings. Nothing written."""
    errors: list[FieldError] = []
    rule = policy.rule()
    clean = _clean_fields(
        policy.form_applicant_fields(),
        applicant,
        "applicant",
        fields.Period(policy.period_start, policy.period_end),
        errors,
        extra_keys=frozenset({"amount"}) if rule.applies_to == "applicant" else frozenset(),
    )
    if not errors:
        applicant_identity(user, clean, errors)
    return clean, errors


def validate(
    *,
    user: User,
    policy: Policy,
    applicant: Mapping[str, Any],
    beneficiaries: Sequence[Mapping[str, Any]],
    documents: Sequence[DocumentRef],
) -> tuple[CleanSubmission, list[FieldError]]:
    errors: list[FieldError] = []
    period = fields.Period(policy.period_start, policy.period_end)
    rule = policy.rule()
    clean_applicant = _clean_fields(
        policy.form_applicant_fields(),
        applicant,
        "applicant",
        period,
        errors,
        extra_keys=frozenset({"amount"}) if rule.applies_to == "applicant" else frozenset(),
    )

    applicant_amount = None
    if rule.applies_to == "applicant" and not any(e.field.startswith("applicant.") for e in errors):
        try:
            requested = fields.clean(_MONEY, applicant.get("amount"))
            applicant_amount = amounts.check_requested(rule, clean_applicant, requested)
        except fields.Invalid as exc:
            errors.append(FieldError("applicant.amount", exc.code, exc.params))

    clean_rows: list[dict[str, Any]] = []
    row_amounts: list[int | None] = []
    if policy.has_beneficiaries:
        if not beneficiaries:
            errors.append(FieldError("beneficiaries", "beneficiaries_required"))
        elif len(beneficiaries) > policy.max_beneficiaries:
            errors.append(
                FieldError(
                    "beneficiaries", "too_many_beneficiaries", {"max": policy.max_beneficiaries}
                )
            )
        else:
            defs = policy.form_beneficiary_fields()
            seen: dict[str, int] = {}
            for i, row in enumerate(beneficiaries):
                path = f"beneficiaries.{i}"
                before = len(errors)
                clean = _clean_fields(defs, row, path, period, errors, frozenset({"amount"}))
                nid = clean.get("national_id")
                if nid and nid in seen:
                    # `first` is the list position; a page names the spreadsheet row by
                    # `first_index` (web/field_labels.py)
                    errors.append(
                        FieldError(
                            f"{path}.national_id",
                            "duplicate_in_list",
                            {"national_id": nid, "first": seen[nid] + 1, "first_index": seen[nid]},
                        )
                    )
                elif nid:
                    seen[nid] = i
                amount = None
                if len(errors) == before and rule.applies_to == "beneficiary":
                    try:
                        requested = fields.clean(_MONEY, row.get("amount"))
                        amount = amounts.check_requested(rule, clean, requested)
                    except fields.Invalid as exc:
                        errors.append(FieldError(f"{path}.amount", exc.code, exc.params))
                clean_rows.append(clean)
                row_amounts.append(amount)
    elif beneficiaries:
        errors.append(FieldError("beneficiaries", "beneficiaries_not_allowed"))

    attached = documents_check(user, policy, documents, errors)
    proof = applicant_identity(user, clean_applicant, errors)
    return (
        CleanSubmission(
            clean_applicant, clean_rows, row_amounts, applicant_amount, attached, proof
        ),
        errors,
    )


_MONEY = FormField(
    key="amount", label="Số tiền", label_en="Amount", kind=FieldKind.MONEY, required=False
)


def wrong_type(component: PolicyDocument, kind: str | None, filename: str) -> dict[str, str] | None:
    """None when the component takes a file of `kind`; else the params of the refusal, which
    name the file, the component and the kinds by what the applicant sees."""
    if kind in component.media_types:
        return None
    return {
        **kind_params(kind, component.media_types),
        "component": component.key,
        "name": component.name,
        "name_en": component.name_en or component.name,
        "filename": filename,
    }


def documents_check(
    user: User,
    policy: Policy,
    refs: Sequence[DocumentRef],
    errors: list[FieldError],
    *,
    every_required: bool = True,
) -> list[tuple[str, Document]]:
    """The uploads `refs` name, each checked against its component (owner, not yet used, the
    media types allowed); with `every_required`, the required components must all be there
    (a submission; a supplement brings only what was asked)."""
    components = {c.key: c for c in policy.documents.all()}
    ids: list[uuid.UUID] = []
    canonical: dict[int, str] = {}
    for i, ref in enumerate(refs):
        try:
            ids.append(uuid.UUID(ref.upload_id))
            canonical[i] = str(ids[-1])
        except ValueError:
            errors.append(
                FieldError(f"documents.{i}.upload_id", "upload_not_found", {"id": ref.upload_id})
            )
    uploads = {str(d.id): d for d in Document.objects.filter(id__in=ids, owner=user)}
    attached: list[tuple[str, Document]] = []
    for i, ref in enumerate(refs):
        component = components.get(ref.component)
        if component is None:
            errors.append(
                FieldError(
                    f"documents.{i}.component",
                    "document_unknown_component",
                    {"component": ref.component},
                )
            )
            continue
        doc = uploads.get(canonical.get(i, ""))
        if doc is None:
            if not any(e.field == f"documents.{i}.upload_id" for e in errors):
                errors.append(
                    FieldError(
                        f"documents.{i}.upload_id", "upload_not_found", {"id": ref.upload_id}
                    )
                )
            continue
        if doc.dossier_id is not None:
            errors.append(
                FieldError(f"documents.{i}.upload_id", "upload_used", {"id": ref.upload_id})
            )
            continue
        kind = next((k for k, v in _MEDIA.items() if v == doc.media_type), None)
        refused = wrong_type(component, kind, doc.filename)
        if refused is not None:
            errors.append(FieldError(f"documents.{i}.upload_id", "document_wrong_type", refused))
            continue
        attached.append((component.key, doc))
    given = {key for key, _ in attached} | {r.component for r in refs}
    for key, component in components.items() if every_required else ():
        if component.required and key not in given:
            errors.append(
                FieldError(f"documents.{key}", "document_required", {"name": component.name})
            )
    return attached

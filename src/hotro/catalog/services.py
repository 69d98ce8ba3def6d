"""Loading the catalog's data files into the database. Idempotent: run it again after
editing a file and it updates what changed, keeping the rows dossiers point to."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml
from django.db import transaction

from hotro.catalog import agencies
from hotro.catalog.models import Agency, CalendarDay, Policy, PolicyDocument, PolicyStep, Reason
from hotro.catalog.schema import CalendarFile, PolicyEntry, PolicyFile, ReasonFile

DATA = Path(__file__).parent / "data"


@dataclass
class LoadReport:
    agencies_created: int = 0
    agencies_updated: int = 0
    policies: int = 0
    reasons: int = 0
    calendar_days: int = 0


def _read(path: Path) -> object:
    with path.open(encoding="utf-8") as f:
        return yaml.safe_load(f)


@transaction.atomic
def catalog_load(*, data_dir: Path = DATA, provinces: set[int] | None = None) -> LoadReport:
    """Load agencies, policies and reasons. `provinces` (GSO codes) limits the agencies to
    some provinces, for quick demos and tests."""
    report = LoadReport()
    _load_agencies(data_dir / "agencies.yaml", provinces, report)
    for entry in PolicyFile.model_validate(_read(data_dir / "policies.yaml")).policies:
        _load_policy(entry)
        report.policies += 1
    for day in CalendarFile.model_validate(_read(data_dir / "calendar.yaml")).days:
        CalendarDay.objects.update_or_create(
            date=day.date, defaults={"kind": day.kind, "name": day.name, "source": day.source}
        )
        report.calendar_days += 1
    for reason in ReasonFile.model_validate(_read(data_dir / "reasons.yaml")).reasons:
        Reason.objects.update_or_create(
            code=reason.code,
            defaults={"kind": reason.kind, "text": reason.text, "text_en": reason.text_en},
        )
        report.reasons += 1
    return report


_AGENCY_FIELDS = [
    "name",
    "kind",
    "level",
    "province_code",
    "district_code",
    "ward_code",
    "place",
]


def _load_agencies(path: Path, provinces: set[int] | None, report: LoadReport) -> None:
    spec = agencies.load_spec(path)
    structure = agencies.structure(spec)
    units = [p for p in agencies.units() if provinces is None or p["code"] in provinces]
    rows = list(agencies.build(spec, units))
    existing = {
        a.code: a
        for a in Agency.objects.filter(valid_from=structure.valid_from, structure=structure.name)
    }
    new: list[Agency] = []
    changed: list[Agency] = []
    for row in rows:
        values = {
            "name": row.name,
            "kind": row.kind.value,
            "level": row.level.value,
            "province_code": row.province_code,
            "district_code": row.district_code,
            "ward_code": row.ward_code,
            "place": row.place,
        }
        agency = existing.get(row.code)
        if agency is None:
            new.append(
                Agency(
                    code=row.code,
                    structure=structure.name,
                    valid_from=structure.valid_from,
                    valid_to=structure.valid_to,
                    **values,
                )
            )
        elif any(getattr(agency, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(agency, k, v)
            changed.append(agency)
    Agency.objects.bulk_create(new, batch_size=2000)
    Agency.objects.bulk_update(changed, _AGENCY_FIELDS, batch_size=2000)
    report.agencies_created += len(new)
    report.agencies_updated += len(changed)

    # Parents in a second pass, now that every row has an id.
    ids = dict(
        Agency.objects.filter(
            valid_from=structure.valid_from, structure=structure.name
        ).values_list("code", "id")
    )
    parents = dict(
        Agency.objects.filter(
            valid_from=structure.valid_from, structure=structure.name
        ).values_list("code", "parent_id")
    )
    wrong = [
        Agency(id=ids[row.code], parent_id=ids.get(row.parent_code) if row.parent_code else None)
        for row in rows
        if parents[row.code] != (ids.get(row.parent_code) if row.parent_code else None)
    ]
    Agency.objects.bulk_update(wrong, ["parent"], batch_size=2000)


def _load_policy(entry: PolicyEntry) -> None:
    policy, _ = Policy.objects.update_or_create(
        code=entry.code,
        defaults={
            "name": entry.name,
            "name_en": entry.name_en,
            "summary": entry.summary,
            "summary_en": entry.summary_en,
            "decision": entry.decision,
            "legal_basis": entry.legal_basis,
            "legal_amendments": [
                {"act": a.act, "from": a.in_force_from.isoformat()} for a in entry.amendments
            ],
            "procedure_code": entry.procedure_code,
            "applicant_kind": entry.applicant_kind.value,
            "receiving_agency_kind": entry.receiving_agency_kind.value,
            "code_prefix": entry.code_prefix,
            "period_start": entry.period.start,
            "period_end": entry.period.end,
            "filing_opens": entry.filing_opens,
            "filing_deadline": entry.filing_deadline,
            "has_beneficiaries": entry.has_beneficiaries,
            "max_beneficiaries": entry.max_beneficiaries,
            "applicant_fields": [f.model_dump(mode="json") for f in entry.applicant_fields],
            "beneficiary_fields": [f.model_dump(mode="json") for f in entry.beneficiary_fields],
            "amount_rule": entry.amount_rule.model_dump(mode="json"),
            "confidence": entry.confidence.value,
            "confidence_note": entry.confidence_note,
        },
    )
    # Components and steps are referred to by key, never by id: replace them wholesale.
    policy.documents.all().delete()
    PolicyDocument.objects.bulk_create(
        PolicyDocument(
            policy=policy,
            position=i,
            key=d.key,
            name=d.name,
            name_en=d.name_en,
            required=d.required,
            signer=d.signer.value,
            form=d.form,
            media_types=list(d.media_types),
            confidence=d.confidence.value,
        )
        for i, d in enumerate(entry.documents)
    )
    policy.steps.all().delete()
    PolicyStep.objects.bulk_create(
        PolicyStep(
            policy=policy,
            position=i,
            key=s.key,
            name=s.name,
            name_en=s.name_en,
            agency_kind=s.agency_kind.value,
            working_days=s.working_days,
            confidence=s.confidence.value,
        )
        for i, s in enumerate(entry.steps)
    )

"""The shape of the catalog's data files (policies.yaml, reasons.yaml, agency files).

The files are data an administrator can correct; these models reject a file that
does not say what the loader needs, with the path of the offending entry.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Confidence(StrEnum):
    """How sure the catalog is of a fact (reference.md): read in the legal text,
    quoted by a secondary source, or unverified."""

    VERIFIED = "V"
    SECONDARY = "S"
    UNVERIFIED = "U"


class AgencyKind(StrEnum):
    GOVERNMENT_OFFICE = "government_office"
    MINISTRY_LABOUR = "ministry_labour"
    SOCIAL_INSURANCE_NATIONAL = "social_insurance_national"
    PROVINCE_COMMITTEE = "province_committee"
    PROVINCE_COMMITTEE_OFFICE = "province_committee_office"
    ONE_STOP_CENTRE = "one_stop_centre"
    LABOUR_DEPARTMENT = "labour_department"
    SOCIAL_INSURANCE_PROVINCE = "social_insurance_province"
    TAX_DEPARTMENT = "tax_department"
    CULTURE_DEPARTMENT = "culture_department"
    TOURISM_DEPARTMENT = "tourism_department"
    EMPLOYMENT_CENTRE = "employment_centre"
    SOCIAL_POLICY_BANK = "social_policy_bank"
    DISTRICT_COMMITTEE = "district_committee"
    DISTRICT_LABOUR = "district_labour"
    DISTRICT_SOCIAL_INSURANCE = "district_social_insurance"
    DISTRICT_TAX = "district_tax"
    COMMUNE_COMMITTEE = "commune_committee"


class Level(StrEnum):
    NATIONAL = "national"
    PROVINCE = "province"
    DISTRICT = "district"
    COMMUNE = "commune"


class ApplicantKind(StrEnum):
    EMPLOYER = "employer"
    WORKER = "worker"
    HOUSEHOLD_BUSINESS = "household_business"
    PUBLIC_UNIT = "public_unit"
    INDIVIDUAL = "individual"
    FACILITY = "facility"


class FieldKind(StrEnum):
    TEXT = "text"
    NATIONAL_ID = "national_id"  # 12-digit CCCD or 9-digit CMND
    TAX_CODE = "tax_code"  # 10 or 13 digits (13 = 10 + 3-digit branch suffix)
    SOCIAL_INSURANCE_NO = "social_insurance_no"  # 10 digits
    PHONE = "phone"
    EMAIL = "email"
    DATE = "date"
    INTEGER = "integer"
    MONEY = "money"  # whole đồng
    BOOLEAN = "boolean"
    CHOICE = "choice"


class Signer(StrEnum):
    """Who must sign a document component digitally (R2 rests on it)."""

    EMPLOYER = "employer"
    SOCIAL_INSURANCE = "social_insurance"
    APPLICANT = "applicant"
    NONE = "none"


class FormField(Strict):
    key: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    label: str  # Vietnamese
    label_en: str
    kind: FieldKind
    required: bool = True
    help: str = ""
    min: int | None = None
    max: int | None = None
    choices: list[str] = []
    # A date that must fall inside the policy's coverage period.
    within_period: bool = False

    @model_validator(mode="after")
    def _choices_only_for_choice(self) -> FormField:
        if (self.kind == FieldKind.CHOICE) != bool(self.choices):
            raise ValueError("choices are given exactly when kind is 'choice'")
        return self


class DocumentComponent(Strict):
    key: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    name: str
    name_en: str
    required: bool
    signer: Signer
    form: str = ""  # the official form (e.g. "Mẫu số 05")
    media_types: list[Literal["pdf", "xml", "jpeg", "png", "xlsx", "docx"]] = ["pdf"]
    confidence: Confidence = Confidence.SECONDARY


class Step(Strict):
    key: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    name: str
    name_en: str
    agency_kind: AgencyKind
    working_days: int = Field(ge=0, le=60)
    confidence: Confidence = Confidence.SECONDARY


class Tier(Strict):
    min: int
    max_exclusive: int | None = None
    amount: int = Field(ge=0)


class Extra(Strict):
    """An addition on top of the base amount: a flag (pregnant) or a count (children)."""

    field: str
    amount: int = Field(ge=0)
    per_unit: bool = False


class AmountRule(Strict):
    """How much one beneficiary (or the applicant, where there is no list) receives.

    fixed:     `amount`.
    tiered:    by an integer field (`basis_field`), the first tier containing it.
    per_day:   `rate` × min(`basis_field`, `max_units`).
    capped:    the applicant states the amount, at most `rate` × min(`basis_field`, `max_units`)
               (a monthly cap times months).
    none:      not a payment (a contribution pause, a loan at 0 %): no amount.
    """

    kind: Literal["fixed", "tiered", "per_day", "capped", "none"]
    amount: int | None = None
    basis_field: str | None = None
    tiers: list[Tier] = []
    rate: int | None = None
    max_units: int | None = None
    extras: list[Extra] = []
    applies_to: Literal["beneficiary", "applicant"] = "beneficiary"
    confidence: Confidence = Confidence.SECONDARY
    note: str = ""

    @model_validator(mode="after")
    def _complete(self) -> AmountRule:
        need: dict[str, tuple[str, ...]] = {
            "fixed": ("amount",),
            "tiered": ("basis_field", "tiers"),
            "per_day": ("basis_field", "rate"),
            "capped": ("basis_field", "rate"),
            "none": (),
        }
        missing = [name for name in need[self.kind] if not getattr(self, name)]
        if missing:
            raise ValueError(f"amount rule '{self.kind}' needs {', '.join(missing)}")
        return self


class Period(Strict):
    start: dt.date
    end: dt.date

    @model_validator(mode="after")
    def _ordered(self) -> Period:
        if self.end < self.start:
            raise ValueError("period ends before it starts")
        return self


class Amendment(Strict):
    """An act amending the policy's legal basis, named from the day it is in force."""

    act: str  # as cited: "Quyết định số 33/2021/QĐ-TTg ngày 06/11/2021 của Thủ tướng Chính phủ"
    in_force_from: dt.date


class PolicyEntry(Strict):
    code: str = Field(pattern=r"^[A-Z0-9][A-Z0-9_-]*$")
    name: str
    name_en: str
    summary: str  # plain Vietnamese: who qualifies, how much, which documents, where, how long
    summary_en: str = ""
    decision: Literal["QD23_2021", "QD15_2020"]
    legal_basis: str  # `{amendments}` where the amending acts in force are named
    amendments: list[Amendment] = []
    procedure_code: str = ""  # national procedure database code, where known
    applicant_kind: ApplicantKind
    receiving_agency_kind: AgencyKind
    code_prefix: str = Field(default="NCOVI", pattern=r"^[A-Z]{2,10}$")
    period: Period
    filing_opens: dt.date | None = None  # the window's first day; empty: the period's start
    filing_deadline: dt.date | None = None
    has_beneficiaries: bool = True
    max_beneficiaries: int = Field(default=10_000, ge=1)
    applicant_fields: list[FormField]
    beneficiary_fields: list[FormField] = []
    documents: list[DocumentComponent]
    steps: list[Step] = Field(min_length=1)
    amount_rule: AmountRule
    confidence: Confidence
    confidence_note: str = ""

    @model_validator(mode="after")
    def _consistent(self) -> PolicyEntry:
        if self.legal_basis.count("{amendments}") != (1 if self.amendments else 0):
            raise ValueError("legal_basis names {amendments} once exactly when there are some")
        if self.filing_opens and self.filing_deadline and self.filing_deadline < self.filing_opens:
            raise ValueError("the filing window closes before it opens")
        for group in (self.applicant_fields, self.beneficiary_fields, self.documents, self.steps):
            keys = [item.key for item in group]
            if len(keys) != len(set(keys)):
                raise ValueError(f"duplicate keys in {keys}")
        if self.has_beneficiaries:
            names = {f.key for f in self.beneficiary_fields}
            if not {"national_id", "full_name"} <= names:
                raise ValueError("beneficiary_fields need national_id and full_name")
        fields = {
            f.key
            for f in (
                self.beneficiary_fields
                if self.amount_rule.applies_to == "beneficiary"
                else self.applicant_fields
            )
        }
        referenced = [self.amount_rule.basis_field, *(e.field for e in self.amount_rule.extras)]
        unknown = [name for name in referenced if name and name not in fields]
        if unknown:
            raise ValueError(f"amount rule refers to unknown fields {unknown}")
        return self


class ReasonEntry(Strict):
    code: str = Field(pattern=r"^[A-Z]{2,4}-[0-9]{2,3}$")
    kind: Literal["refuse", "reject", "supplement", "apology", "withdraw"]
    text: str
    text_en: str


class CalendarEntry(Strict):
    date: dt.date
    kind: Literal["off", "working"]
    name: str
    source: str = ""


class CalendarFile(Strict):
    days: list[CalendarEntry]


class PolicyFile(Strict):
    policies: list[PolicyEntry]


class ReasonFile(Strict):
    reasons: list[ReasonEntry]

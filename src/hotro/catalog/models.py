"""Reference data: agencies, policies (with their documents and steps), reasons, calendar days.

Loaded from the data files by `hotro loadcatalog` and editable in the admin afterwards."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from django.db import models

from hotro.catalog.schema import (
    AgencyKind,
    ApplicantKind,
    Confidence,
    FormField,
    Level,
    Signer,
)
from hotro.catalog.schema import AmountRule as AmountRuleSchema


def _choices(enum: type[StrEnum]) -> list[tuple[str, str]]:
    return [(member.value, member.value) for member in enum]


class Agency(models.Model):
    """A unit that receives, processes or supervises dossiers.

    `code` is the identifier of Decision 20/2020/QĐ-TTg (e.g. `000.00.46.H29`). The unit
    codes are the statistics office's (GSO) codes of the province, district and commune it
    serves; `valid_from`/`valid_to` let the merged 2025 structure stand beside the old one.
    """

    code = models.CharField(max_length=32)
    name = models.CharField(max_length=255)
    kind = models.CharField(max_length=40, choices=_choices(AgencyKind))
    level = models.CharField(max_length=10, choices=_choices(Level))
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    province_code = models.PositiveSmallIntegerField(null=True, blank=True)
    district_code = models.PositiveIntegerField(null=True, blank=True)
    ward_code = models.PositiveIntegerField(null=True, blank=True)
    # The place of its documents' date line (Decree 30/2020): the administrative unit where
    # it sits, "Hà Nội", "Thành phố Hồ Chí Minh", "Quảng Ngãi", "Quận 1". Filled by the loader.
    place = models.CharField(max_length=100, blank=True, default="")
    structure = models.CharField(
        max_length=10, default="2020", help_text="Administrative structure"
    )
    valid_from = models.DateField(default=dt.date(2020, 1, 1))
    valid_to = models.DateField(null=True, blank=True)

    class Meta:
        verbose_name_plural = "agencies"
        constraints = [
            models.UniqueConstraint(fields=["code", "valid_from"], name="agency_code_from_uniq")
        ]
        indexes = [
            models.Index(fields=["kind", "province_code", "district_code", "ward_code"]),
            models.Index(fields=["code"]),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def valid_on(self, day: dt.date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


DECISION_NUMBERS = {"QD23_2021": "23/2021/QĐ-TTg", "QD15_2020": "15/2020/QĐ-TTg"}


class Policy(models.Model):
    """A support policy: a procedure of the catalog, with its form, documents and steps."""

    code = models.CharField(max_length=40, unique=True)
    name = models.CharField(max_length=400)
    name_en = models.CharField(max_length=400)
    summary = models.TextField()
    summary_en = models.TextField(blank=True)
    decision = models.CharField(max_length=20)
    # The acts in force from the start; `{amendments}` marks where the amending acts in force
    # on the day are named (legal_basis_on), each from its own date.
    legal_basis = models.TextField()
    legal_amendments = models.JSONField(default=list, blank=True)
    procedure_code = models.CharField(max_length=40, blank=True)
    applicant_kind = models.CharField(max_length=30, choices=_choices(ApplicantKind))
    receiving_agency_kind = models.CharField(max_length=40, choices=_choices(AgencyKind))
    code_prefix = models.CharField(max_length=10, default="NCOVI")
    period_start = models.DateField()
    period_end = models.DateField()
    # The filing window: dossiers are taken from `filing_opens` to `filing_deadline`, both
    # included (an empty end: no closing day in the catalog).
    filing_opens = models.DateField(null=True, blank=True)
    filing_deadline = models.DateField(null=True, blank=True)
    has_beneficiaries = models.BooleanField(default=True)
    max_beneficiaries = models.PositiveIntegerField(default=10_000)
    applicant_fields = models.JSONField(default=list)
    beneficiary_fields = models.JSONField(default=list)
    amount_rule = models.JSONField(default=dict)
    confidence = models.CharField(max_length=1, choices=_choices(Confidence))
    confidence_note = models.TextField(blank=True)
    active = models.BooleanField(default=True)

    class Meta:
        verbose_name_plural = "policies"
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def decision_number(self) -> str:
        """`23/2021/QĐ-TTg`: how the decision is cited, which tells apart policies of 2020 and
        2021 whose titles are nearly the same."""
        return DECISION_NUMBERS.get(self.decision, self.decision)

    @property
    def title(self) -> str:
        return f"{self.name} (Quyết định số {self.decision_number})"

    @property
    def title_en(self) -> str:
        return f"{self.name_en} (Decision {self.decision_number})" if self.name_en else ""

    @property
    def window_opens(self) -> dt.date:
        return self.filing_opens or self.period_start

    def open_on(self, day: dt.date) -> bool:
        """Whether a dossier may be filed on `day` (the filing window, both ends included)."""
        return (
            self.active
            and self.window_opens <= day
            and (self.filing_deadline is None or day <= self.filing_deadline)
        )

    def legal_basis_on(self, day: dt.date) -> str:
        """The legal basis as it stood on `day`: an amending act is named from the day it
        came into force, never before."""
        acts = [a["act"] for a in self.legal_amendments if dt.date.fromisoformat(a["from"]) <= day]
        clause = f", được sửa đổi, bổ sung bởi {' và '.join(acts)}" if acts else ""
        return self.legal_basis.replace("{amendments}", clause)

    def form_applicant_fields(self) -> list[FormField]:
        return [FormField.model_validate(f) for f in self.applicant_fields]

    def form_beneficiary_fields(self) -> list[FormField]:
        return [FormField.model_validate(f) for f in self.beneficiary_fields]

    def total_working_days(self) -> int:
        """The statutory time of the whole chain: the sum of its steps' working days."""
        return sum(s.working_days for s in self.steps.all())

    def rule(self) -> AmountRuleSchema:
        return AmountRuleSchema.model_validate(self.amount_rule)


class PolicyDocument(models.Model):
    """A document component of a policy and who must sign it digitally."""

    policy = models.ForeignKey(Policy, on_delete=models.CASCADE, related_name="documents")
    position = models.PositiveSmallIntegerField()
    key = models.CharField(max_length=60)
    name = models.CharField(max_length=400)
    name_en = models.CharField(max_length=400)
    required = models.BooleanField()
    signer = models.CharField(max_length=20, choices=_choices(Signer))
    form = models.CharField(max_length=60, blank=True)
    media_types = models.JSONField(default=list)
    confidence = models.CharField(max_length=1, choices=_choices(Confidence))

    class Meta:
        ordering = ["policy", "position"]
        constraints = [
            models.UniqueConstraint(fields=["policy", "key"], name="policy_document_key_uniq")
        ]

    def __str__(self) -> str:
        return f"{self.policy.code}/{self.key}"


class PolicyStep(models.Model):
    """One step of a policy's chain: which kind of agency acts, in how many working days."""

    policy = models.ForeignKey(Policy, on_delete=models.CASCADE, related_name="steps")
    position = models.PositiveSmallIntegerField()
    key = models.CharField(max_length=60)
    name = models.CharField(max_length=400)
    name_en = models.CharField(max_length=400)
    agency_kind = models.CharField(max_length=40, choices=_choices(AgencyKind))
    working_days = models.PositiveSmallIntegerField()
    confidence = models.CharField(max_length=1, choices=_choices(Confidence))

    class Meta:
        ordering = ["policy", "position"]
        constraints = [
            models.UniqueConstraint(fields=["policy", "key"], name="policy_step_key_uniq")
        ]

    def __str__(self) -> str:
        return f"{self.policy.code}/{self.key}"


class Reason(models.Model):
    """A reason an officer picks when refusing, rejecting, asking a supplement or apologising."""

    code = models.CharField(max_length=10, unique=True)
    kind = models.CharField(max_length=12)
    text = models.TextField()
    text_en = models.TextField()
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.text}"


class CalendarDay(models.Model):
    """An exception to the weekly rule and the `holidays` package: an extra day off, or a
    Saturday or Sunday worked in exchange for a bridge day off."""

    class Kind(models.TextChoices):
        OFF = "off", "day off"
        WORKING = "working", "working day"

    date = models.DateField(unique=True)
    kind = models.CharField(max_length=8, choices=Kind.choices)
    name = models.CharField(max_length=200)
    source = models.CharField(max_length=200, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date} {self.kind} {self.name}"

"""Dossiers, their beneficiaries, documents and history, and the code counters."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models

from hotro.dossiers.domain.status import PORTAL_CODE, Status

STATUS_CHOICES = [(s.value, s.value) for s in Status]


class Channel(models.TextChoices):
    ONLINE = "online", "Trực tuyến"
    IN_PERSON = "in_person", "Trực tiếp"
    POSTAL = "postal", "Bưu chính"


class ApplicantProof(models.TextChoices):
    """How the filer was proven to be the applicant the dossier names, at submission."""

    CERTIFICATE = "certificate", "tài khoản liên kết bằng chứng thư số của doanh nghiệp"
    SSO = "sso", "tài khoản định danh điện tử quốc gia"
    DESK = "desk", "nộp tại bộ phận một cửa, cán bộ kiểm tra giấy tờ"


class Dossier(models.Model):
    code = models.CharField(max_length=64, unique=True)
    policy = models.ForeignKey("catalog.Policy", on_delete=models.PROTECT, related_name="+")
    agency = models.ForeignKey(
        "catalog.Agency", on_delete=models.PROTECT, related_name="received_dossiers"
    )
    serial = models.PositiveIntegerField()
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="dossiers",
    )
    applicant_data = models.JSONField(default=dict)
    applicant_name = models.CharField(max_length=300)
    applicant_id_number = models.CharField(
        max_length=14, blank=True, help_text="Tax code or national ID of the applicant"
    )
    # Set at submission from the filer's bindings (accounts.IdentityBinding); empty: the
    # account is not proven to act for `applicant_id_number`, and the officer is warned.
    applicant_verified_by = models.CharField(
        max_length=12, choices=ApplicantProof.choices, blank=True, db_default=""
    )
    status = models.CharField(max_length=24, choices=STATUS_CHOICES, default=Status.SUBMITTED)
    current_step = models.CharField(max_length=60, blank=True)
    step_index = models.PositiveSmallIntegerField(default=0, db_default=0)
    step_agency = models.ForeignKey(
        "catalog.Agency",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="dossiers_at_step",
        help_text="The agency responsible for the current step (R8)",
    )
    step_due_date = models.DateField(null=True, blank=True)
    channel = models.CharField(max_length=12, choices=Channel.choices, default=Channel.ONLINE)
    submitted_at = models.DateTimeField()
    received_on = models.DateField(help_text="The day the clock starts (cut-off rule applied)")
    due_date = models.DateField()
    finished_at = models.DateTimeField(null=True, blank=True)
    # The clock stops while the applicant supplements (R3): from this day, not yet resumed.
    paused_on = models.DateField(null=True, blank=True)
    supplement_requests = models.PositiveSmallIntegerField(default=0, db_default=0)
    # What the overdue sweep already recorded, so that a second run records nothing more.
    overdue_noted_on = models.DateField(null=True, blank=True, help_text="due date noted late")
    step_overdue_noted = models.CharField(max_length=60, blank=True, db_default="")
    apologies = models.PositiveSmallIntegerField(default=0, db_default=0)
    beneficiary_count = models.PositiveIntegerField(default=0)
    total_amount = models.BigIntegerField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    # The head of the history chain, written with each event: removing the last events or
    # rewriting the chain from its start no longer goes unnoticed.
    history_seq = models.PositiveIntegerField(default=0, db_default=0)
    history_head = models.CharField(max_length=64, blank=True, db_default="")
    # The statistics bucket the counters hold the dossier in (written only by supervision;
    # "pending_on_time" past `StatSweep.through` counts as overdue): the overdue sweep counts
    # the dossiers to move through the partial index below.
    stat_bucket = models.CharField(max_length=24, blank=True, db_default="")

    class Meta:
        indexes = [
            models.Index(fields=["agency", "id"], name="dossier_agency_id"),
            models.Index(fields=["policy", "id"], name="dossier_policy_id"),
            models.Index(fields=["status", "id"], name="dossier_status_id"),
            models.Index(fields=["applicant", "id"], name="dossier_applicant_id"),
            models.Index(fields=["agency", "received_on"], name="dossier_agency_day"),
            models.Index(fields=["applicant_id_number"], name="dossier_applicant_idno"),
            models.Index(fields=["step_agency", "id"], name="dossier_step_agency_id"),
            # The dossiers at their receiving agency's desk (`selectors.held_by_parts`): a
            # small share of all, walked newest first by the desk's queues.
            models.Index(
                fields=["agency", "id"],
                name="dossier_at_desk",
                condition=models.Q(status="submitted") | models.Q(step_agency__isnull=True),
            ),
            models.Index(fields=["status", "due_date"], name="dossier_status_due"),
            # With the agency, policy, status and step agency, so that the sweep and the
            # statistics' read-time count of the dossiers it has not reached yet group by
            # receiving and holding agency from the index alone (decision 0016).
            models.Index(
                fields=["due_date", "agency", "policy", "status", "step_agency"],
                name="dossier_on_time_due_holder",
                condition=models.Q(stat_bucket="pending_on_time"),
            ),
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def portal_status(self) -> int:
        return PORTAL_CODE[Status(self.status)]

    @property
    def applicant_verified(self) -> bool:
        return bool(self.applicant_verified_by)


class CodeCounter(models.Model):
    """The last serial given by an agency on a day (R6). Incremented by one upsert inside the
    submitting transaction, so a rolled-back submission gives its number back: no gaps."""

    agency = models.ForeignKey("catalog.Agency", on_delete=models.PROTECT, related_name="+")
    day = models.DateField()
    last = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["agency", "day"], name="code_counter_agency_day")
        ]

    def __str__(self) -> str:
        return f"{self.agency_id}/{self.day}: {self.last}"


class BeneficiaryStatus(models.TextChoices):
    PROPOSED = "proposed", "Đề nghị"
    APPROVED = "approved", "Được duyệt"
    REJECTED = "rejected", "Không được duyệt"
    PAID = "paid", "Đã chi trả"


class Beneficiary(models.Model):
    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="beneficiaries")
    # Copied from the dossier so that "one support per person per policy" (R9) is one index.
    policy = models.ForeignKey("catalog.Policy", on_delete=models.PROTECT, related_name="+")
    position = models.PositiveIntegerField()
    national_id = models.CharField(max_length=12)
    full_name = models.CharField(max_length=200)
    date_of_birth = models.DateField(null=True, blank=True)
    social_insurance_no = models.CharField(max_length=10, blank=True)
    amount = models.BigIntegerField(null=True, blank=True)
    status = models.CharField(
        max_length=12, choices=BeneficiaryStatus.choices, default=BeneficiaryStatus.PROPOSED
    )
    data = models.JSONField(default=dict)

    class Meta:
        ordering = ["dossier", "position"]
        indexes = [
            models.Index(fields=["policy", "national_id"], name="beneficiary_policy_nid"),
            # Officers search a worker's ID across the lists.
            models.Index(fields=["national_id"], name="beneficiary_nid"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["dossier", "position"], name="beneficiary_position"),
            models.UniqueConstraint(
                fields=["dossier", "national_id"], name="beneficiary_once_per_dossier"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.national_id} {self.full_name}"


def _document_path(instance: Document, filename: str) -> str:
    return f"documents/{instance.sha256[:2]}/{instance.id}"


class Document(models.Model):
    """An uploaded file: first owned by its uploader, then attached to a dossier as one of the
    policy's components. The signature verdict is recorded here (ETSI EN 319 102-1 terms) by
    the signature validation; R2 reads it."""

    class Verdict(models.TextChoices):
        TOTAL_PASSED = "TOTAL_PASSED"
        INDETERMINATE = "INDETERMINATE"
        TOTAL_FAILED = "TOTAL_FAILED"

    class Party(models.TextChoices):
        """Whether the valid signature comes from who the policy says must sign (R2)."""

        RIGHT = "right", "the party the policy names"
        WRONG = "wrong", "valid, but another party"
        # The applicant's own party signed, but the filer is not proven to be it: R2 does
        # not shield the component (a stranger may hold an enterprise's signed files).
        UNPROVEN = "unproven", "the party named, but the filer is not proven to be it"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="uploads"
    )
    dossier = models.ForeignKey(
        Dossier, null=True, blank=True, on_delete=models.PROTECT, related_name="documents"
    )
    component = models.CharField(max_length=60, blank=True)
    filename = models.CharField(max_length=255)
    media_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    file = models.FileField(upload_to=_document_path, max_length=200)
    uploaded_at = models.DateTimeField()
    signature_verdict = models.CharField(
        max_length=16, choices=Verdict.choices, blank=True, help_text="Empty: not validated yet"
    )
    signature_report = models.JSONField(
        null=True, blank=True, help_text="Empty: validation pending (large files: the worker)"
    )
    signer_party = models.CharField(
        max_length=8, choices=Party.choices, blank=True, help_text="Empty: not known"
    )

    class Meta:
        indexes = [models.Index(fields=["sha256"], name="document_sha256")]

    def __str__(self) -> str:
        return f"{self.filename} ({self.sha256[:12]})"


class Event(models.Model):
    """Append-only history of a dossier (R7). Each event carries the hash of the one before,
    so an edited or deleted event breaks the chain."""

    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="events")
    seq = models.PositiveIntegerField()
    at = models.DateTimeField()
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_label = models.CharField(max_length=200)
    agency = models.ForeignKey(
        "catalog.Agency", null=True, on_delete=models.PROTECT, related_name="+"
    )
    action = models.CharField(max_length=40)
    from_status = models.CharField(max_length=24, blank=True)
    to_status = models.CharField(max_length=24)
    reason_code = models.CharField(max_length=10, blank=True)
    reason_text = models.TextField(blank=True)
    payload = models.JSONField(default=dict)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    class Meta:
        ordering = ["dossier", "seq"]
        constraints = [models.UniqueConstraint(fields=["dossier", "seq"], name="event_seq")]

    def __str__(self) -> str:
        return f"{self.dossier_id}#{self.seq} {self.action}"


class IdempotencyRecord(models.Model):
    """A create request seen before: the same key and body answer with the same dossier."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=100)
    request_hash = models.CharField(max_length=64)
    # Empty only inside the transaction that creates the dossier.
    dossier = models.ForeignKey(Dossier, null=True, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="idempotency_user_key")]

    def __str__(self) -> str:
        return f"{self.user_id}:{self.key}"


class Notification(models.Model):
    """A message to a user, shown in the application (and sent by e-mail when they have one)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    dossier = models.ForeignKey(
        Dossier, null=True, blank=True, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=40)
    title = models.CharField(max_length=300)
    body = models.TextField(blank=True)
    created_at = models.DateTimeField()
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["user", "read_at", "id"], name="notification_inbox")]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.title}"


class DossierHandler(models.Model):
    """An agency other than the receiving one that has held the dossier at one of its steps.
    Officers see the dossiers their agency received, holds or has held (R8); acting stays with
    the agency of the current step."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="handlers")
    agency = models.ForeignKey("catalog.Agency", on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["dossier", "agency"], name="handler_once"),
        ]
        indexes = [models.Index(fields=["agency", "dossier"], name="handler_agency_dossier")]

    def __str__(self) -> str:
        return f"{self.dossier_id}@{self.agency_id}"

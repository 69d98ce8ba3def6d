"""The registers of official correspondence (Decree 30/2020): every agency numbers what it
sends out and what it receives, each register restarting at 1 on 1 January."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class RegisterCounter(models.Model):
    """The last number given in one agency's register for one year."""

    class Direction(models.TextChoices):
        OUT = "out", "đi"
        IN = "in", "đến"

    agency = models.ForeignKey("catalog.Agency", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    direction = models.CharField(max_length=3, choices=Direction.choices)
    last = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "year", "direction"], name="register_counter_uniq"
            )
        ]

    def __str__(self) -> str:
        return f"{self.agency_id} {self.year} {self.direction}: {self.last}"


def _file_path(instance: OutgoingDispatch, filename: str) -> str:
    return f"dispatches/{instance.agency_id}/{instance.year}/{filename}"


class OutgoingDispatch(models.Model):
    """A dispatch an agency issued: its number, its files, whom it went to. One that is asked
    for is first `composing` (no number, no file yet) while the worker composes it, then
    `issued`, or `failed` with the reason (`failure`, a message code)."""

    class State(models.TextChoices):
        COMPOSING = "composing", _("Đang soạn")
        ISSUED = "issued", _("Đã ban hành")
        FAILED = "failed", _("Không ban hành được")

    agency = models.ForeignKey("catalog.Agency", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    number = models.PositiveIntegerField(null=True, blank=True)  # given at issue
    state = models.CharField(max_length=12, choices=State.choices, default=State.ISSUED)
    symbol = models.CharField(max_length=40)  # "UBND-HCC": the part after the number
    kind = models.CharField(max_length=20)  # "reminder"
    abstract = models.CharField(max_length=500)
    issued_at = models.DateTimeField()
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    signer = models.CharField(max_length=200)
    recipients = models.JSONField(default=list)  # names, as in "Kính gửi"
    figures = models.JSONField(default=dict)  # what the body states, for reports
    pdf = models.FileField(upload_to=_file_path, max_length=200, blank=True)
    docx = models.FileField(upload_to=_file_path, max_length=200, blank=True)
    attachment = models.FileField(upload_to=_file_path, max_length=200, blank=True)
    pdf_sha256 = models.CharField(max_length=64, blank=True, default="")
    # What the worker needs to compose it (the scope and the signer), as it was asked for.
    request = models.JSONField(default=dict, blank=True)
    failure = models.CharField(max_length=60, blank=True, default="")  # a message code

    class Meta:
        ordering = ["-issued_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "year", "number"], name="outgoing_number")
        ]

    def __str__(self) -> str:
        return f"{self.number_symbol} ({self.year})"

    @property
    def number_symbol(self) -> str:
        return f"{self.number if self.number is not None else '…'}/{self.symbol}"


def _incoming_path(instance: IncomingDispatch, filename: str) -> str:
    return f"dispatches/{instance.agency_id}/{instance.year}/in/{filename}"


class IncomingDispatch(models.Model):
    """A dispatch as the receiving agency registered it: số đến, ngày đến, chuyển."""

    agency = models.ForeignKey("catalog.Agency", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    number = models.PositiveIntegerField()  # số đến
    received_at = models.DateTimeField()  # ngày đến
    dispatch = models.ForeignKey(
        OutgoingDispatch, on_delete=models.PROTECT, related_name="deliveries"
    )
    # What was attached for this recipient alone (its own overdue list).
    attachment = models.FileField(upload_to=_incoming_path, max_length=200, blank=True)
    forwarded_to = models.CharField(max_length=300, blank=True)  # chuyển
    forwarded_at = models.DateTimeField(null=True, blank=True)
    forwarded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-received_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "year", "number"], name="incoming_number"),
            models.UniqueConstraint(fields=["agency", "dispatch"], name="incoming_once"),
        ]

    def __str__(self) -> str:
        return f"đến số {self.number} ({self.year})"

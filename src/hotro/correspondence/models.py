"""The registers of official correspondence (Decree 30/2020): every agency numbers what it
sends out and what it receives, each register restarting at 1 on 1 January."""

from __future__ import annotations

from django.conf import settings
from django.db import models


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
    """A dispatch an agency issued: its number, its files, whom it went to."""

    agency = models.ForeignKey("catalog.Agency", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    number = models.PositiveIntegerField()
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
    pdf = models.FileField(upload_to=_file_path, max_length=200)
    docx = models.FileField(upload_to=_file_path, max_length=200)
    attachment = models.FileField(upload_to=_file_path, max_length=200, blank=True)
    pdf_sha256 = models.CharField(max_length=64)

    class Meta:
        ordering = ["-issued_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "year", "number"], name="outgoing_number")
        ]

    def __str__(self) -> str:
        return f"{self.number_symbol} ({self.year})"

    @property
    def number_symbol(self) -> str:
        return f"{self.number}/{self.symbol}"


class IncomingDispatch(models.Model):
    """A dispatch as the receiving agency registered it: số đến, ngày đến, chuyển."""

    agency = models.ForeignKey("catalog.Agency", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    number = models.PositiveIntegerField()  # số đến
    received_at = models.DateTimeField()  # ngày đến
    dispatch = models.ForeignKey(
        OutgoingDispatch, on_delete=models.PROTECT, related_name="deliveries"
    )
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

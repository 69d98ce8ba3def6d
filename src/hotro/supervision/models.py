"""The statistics counters: what supervision reads instead of the dossier table."""

from __future__ import annotations

from django.db import models


class StatCount(models.Model):
    """Net moves into (n > 0) and out of (n < 0) a bucket on a day, for one receiving agency
    and policy. A stock (in processing, overdue, awaiting supplement) as of a day is the sum of
    its rows up to that day; a flow (received, done, refused, …) over a period is the sum of
    its rows in the period. Rows are written only by `supervision.services`."""

    day = models.DateField()
    agency = models.ForeignKey("catalog.Agency", on_delete=models.PROTECT, related_name="+")
    policy = models.ForeignKey("catalog.Policy", on_delete=models.PROTECT, related_name="+")
    # Copied from the agency so that a province's or the nation's figures need no join.
    province_code = models.PositiveSmallIntegerField(null=True)
    bucket = models.CharField(max_length=24)
    reason_code = models.CharField(max_length=10, blank=True, default="")
    n = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["day", "agency", "policy", "bucket", "reason_code"],
                name="statcount_key",
            )
        ]
        indexes = [
            models.Index(fields=["province_code", "day"], name="statcount_province_day"),
            models.Index(fields=["agency", "day"], name="statcount_agency_day"),
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.agency_id}/{self.policy_id} {self.bucket}: {self.n:+d}"


class StatTotal(models.Model):
    """The counters as they stand now, without the day: what the live dashboard reads. Kept
    at two levels, so that the nation's figures read one row per province, policy and bucket
    whatever the number of dossiers: level "p" (unit = province code, 0 for central
    agencies), level "a" (unit = agency id) and level "n" (the nation, unit 0: the national
    top reasons read one row per policy and reason). The reasons of refusals and rejections are
    kept in buckets of their own ("refused#" by reason) beside the bucket's total. Written
    with StatCount, in the same call."""

    level = models.CharField(max_length=1)
    unit = models.IntegerField()
    province_code = models.PositiveSmallIntegerField(null=True)
    policy = models.ForeignKey("catalog.Policy", on_delete=models.PROTECT, related_name="+")
    bucket = models.CharField(max_length=24)
    reason_code = models.CharField(max_length=10, blank=True, default="")
    n = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["level", "unit", "policy", "bucket", "reason_code"],
                name="stattotal_key",
            )
        ]
        indexes = [
            models.Index(fields=["level", "province_code"], name="stattotal_level_province"),
            models.Index(fields=["level", "bucket"], name="stattotal_level_bucket"),
        ]

    def __str__(self) -> str:
        return f"{self.level}{self.unit}/{self.policy_id} {self.bucket}: {self.n}"


class OverdueCount(models.Model):
    """How many open dossiers each agency held past their due date, as recorded by the daily
    digest: tomorrow's digest compares with it to tell supervisors whose count rose. A row
    without agency marks a day recorded with nothing overdue."""

    day = models.DateField()
    agency = models.ForeignKey(
        "catalog.Agency", null=True, on_delete=models.PROTECT, related_name="+"
    )
    count = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["day", "agency"], name="overdue_count_day_agency")
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.agency_id}: {self.count}"

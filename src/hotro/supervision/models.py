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


# The buckets as columns of the running totals (rules.Bucket's values, in its order).
BUCKET_COLUMNS = (
    "received",
    "pending_on_time",
    "pending_overdue",
    "awaiting_supplement",
    "done_on_time",
    "done_late",
    "refused",
    "rejected",
    "withdrawn",
)
ALL_POLICIES = 0  # the policy of a running total that counts every policy


class StatFigure(models.Model):
    """The counters as they stand now, without the day: what the live dashboard reads. One
    wide row (a column per bucket) per unit and policy, plus one per unit for all policies
    (`policy_id` 0), at two levels: "a" (unit = agency id) and "p" (unit = province code, 0
    for central agencies). So the nation's figures read one row per province, a province's
    one row per agency, however many dossiers there are. The nation's own total is the sum
    of its provinces, a province's the sum of its agencies. Written with StatCount, in the
    same call."""

    level = models.CharField(max_length=1)
    unit = models.IntegerField()
    province_code = models.PositiveSmallIntegerField(null=True)
    # Not a foreign key: 0 stands for every policy.
    policy_id = models.IntegerField()
    received = models.IntegerField(default=0)
    pending_on_time = models.IntegerField(default=0)
    pending_overdue = models.IntegerField(default=0)
    awaiting_supplement = models.IntegerField(default=0)
    done_on_time = models.IntegerField(default=0)
    done_late = models.IntegerField(default=0)
    refused = models.IntegerField(default=0)
    rejected = models.IntegerField(default=0)
    withdrawn = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["level", "unit", "policy_id"], name="statfigure_key")
        ]
        indexes = [
            models.Index(
                fields=["level", "province_code", "policy_id"], name="statfigure_province"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.level}{self.unit}/{self.policy_id}: {self.received} received"


class StatReason(models.Model):
    """The running totals of refusals, rejections and withdrawals by reason (the top reasons):
    per agency ("a"), province ("p") and for the nation ("n", unit 0), per policy and for all
    policies (`policy_id` 0)."""

    level = models.CharField(max_length=1)
    unit = models.IntegerField()
    policy_id = models.IntegerField()
    bucket = models.CharField(max_length=24)
    reason_code = models.CharField(max_length=10)
    n = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["level", "unit", "policy_id", "bucket", "reason_code"],
                name="statreason_key",
            )
        ]

    def __str__(self) -> str:
        return (
            f"{self.level}{self.unit}/{self.policy_id} {self.bucket} {self.reason_code}: {self.n}"
        )


class StatSweep(models.Model):
    """How far the overdue moves are recorded (one row). A dossier the counters hold on time
    (`stat_bucket` "pending_on_time") whose due date is before `through` counts as overdue:
    the sweep records the moves of a whole day's due dates with one grouped count, without
    writing a single dossier row."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    through = models.DateField(null=True)

    def __str__(self) -> str:
        return f"overdue recorded before {self.through}"


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

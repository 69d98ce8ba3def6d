"""What the clients submit: one employer with a bearer token per client, the district
committees the dossiers go to, and each submission's body (workers with plausible, never
repeated national IDs) and Idempotency-Key."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from bench.submit.config import DAY, EXAMPLE_AGENCY, POLICY

FAMILY = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi")
MIDDLE = {0: ("Văn", "Đức", "Minh", "Quang", "Hữu"), 1: ("Thị", "Ngọc", "Thanh", "Thu", "Kim")}
GIVEN = {
    0: ("An", "Bình", "Dũng", "Hùng", "Khoa", "Nam", "Phúc", "Quân", "Sơn", "Tuấn"),
    1: ("Chi", "Hà", "Hương", "Lan", "Linh", "Mai", "Phương", "Thảo", "Trang", "Yến"),
}


@dataclass
class Applicant:
    username: str
    token: str
    data: dict[str, str]


@dataclass
class Job:
    """One submission: its client, body (documents filled in by the uploads) and key."""

    index: int
    client: int
    body: dict[str, Any]
    key: str
    code: str = ""


def _tax_codes(n: int) -> list[str]:
    """n distinct tax codes that pass the check digit (a base whose digit would be 10 has
    none, and is skipped)."""
    from stdnum.vn import mst

    out: list[str] = []
    base = 310_000_000
    while len(out) < n:
        base += 1
        code = f"{base}{mst.calc_check_digit(str(base))}"
        if mst.is_valid(code):
            out.append(code)
    return out


def applicants_create(n: int) -> list[Applicant]:
    """One employer and bearer token per client, as a person registering would have."""
    from hotro.accounts.models import Role
    from hotro.accounts.services import token_issue, user_create

    out = []
    for i, tax_code in enumerate(_tax_codes(n), start=1):
        name = f"Công ty TNHH May mặc Bến Thành {i:02d}"
        user = user_create(
            username=f"bench-employer-{i}",
            role=Role.APPLICANT,
            full_name=name,
            email=f"lienhe{i}@benthanh.vn",
            tax_code=tax_code,
        )
        data = {
            "name": name,
            "tax_code": tax_code,
            "social_insurance_unit_code": f"TZ{i:04d}A",
            "address": f"Số {10 + i} đường Lê Lợi, phường Bến Nghé, Quận 1",
            "representative": "Nguyễn Văn An",
            "phone": f"0903{i:06d}",
            "email": f"lienhe{i}@benthanh.vn",
        }
        out.append(Applicant(user.username, token_issue(user=user, name="bench"), data))
    return out


def agencies_pick(limit: int) -> list[tuple[str, int]]:
    """(code, province) of the district committees a submission may go to on the day, as
    `agency_get` resolves their codes; `limit` of them spread over the provinces (0 = all)."""
    from hotro.catalog.models import Agency
    from hotro.catalog.schema import AgencyKind
    from hotro.catalog.selectors import agency_get, kinds_acting_as, policy_get

    if limit == 1:
        agency = agency_get(code=EXAMPLE_AGENCY, on=DAY)
        return [(agency.code, agency.province_code or 79)]
    kinds = kinds_acting_as(AgencyKind(policy_get(code=POLICY).receiving_agency_kind))
    newest: dict[str, Agency] = {}
    for a in Agency.objects.filter(kind__in=kinds, valid_from__lte=DAY).order_by("valid_from"):
        newest[a.code] = a  # a code reused later: the submission gets the newest one
    valid = sorted(
        (a for a in newest.values() if a.valid_on(DAY) and a.province_code),
        key=lambda a: (a.province_code or 0, a.code),
    )
    if limit and limit < len(valid):
        valid = [valid[i * len(valid) // limit] for i in range(limit)]
    return [(a.code, a.province_code or 0) for a in valid]


def worker(rng: random.Random, serial: int, province: int) -> dict[str, Any]:
    """A worker whose 12-digit ID is plausible (Circular 59/2021/TT-BCA: province, century and
    sex, year of birth, then a serial) and unique: `serial` is never given twice."""
    from hotro.dossiers.domain.fields import CCCD_PROVINCES

    sex = rng.randrange(2)
    born = dt.date(rng.randrange(1965, 2003), rng.randrange(1, 13), rng.randrange(1, 29))
    century = 0 if born.year < 2000 else 2
    if province not in CCCD_PROVINCES:
        province = 79
    suspended = dt.date(2021, 5, 1) + dt.timedelta(days=rng.randrange(150))
    row: dict[str, Any] = {
        "full_name": f"{rng.choice(FAMILY)} {rng.choice(MIDDLE[sex])} {rng.choice(GIVEN[sex])}",
        "national_id": f"{province:03d}{century + sex}{born.year % 100:02d}{serial:06d}",
        "date_of_birth": born.isoformat(),
        "social_insurance_no": f"{province % 100:02d}{serial:08d}",
        "suspension_start": suspended.isoformat(),
        "suspension_days": rng.randrange(15, 121),
    }
    if sex == 1 and rng.random() < 0.2:
        row["pregnant"] = True
    if rng.random() < 0.3:
        row["children_under_6"] = rng.randrange(1, 3)
    return row


def jobs_make(
    count: int,
    *,
    first: int,
    applicants: Sequence[Applicant],
    agencies: Sequence[tuple[str, int]],
    per: int,
    rng: random.Random,
) -> list[Job]:
    if (first + count) * per >= 10**6:
        raise SystemExit("at most 999,999 workers: the national IDs' serial has six digits")
    jobs = []
    for index in range(first, first + count):
        client = index % len(applicants)
        code, province = agencies[index % len(agencies)]
        body = {
            "policy_code": POLICY,
            "agency_code": code,
            "applicant": applicants[client].data,
            "beneficiaries": [worker(rng, index * per + i + 1, province) for i in range(per)],
            "documents": [],
        }
        jobs.append(Job(index, client, body, key=f"bench-{index:07d}"))
    return jobs

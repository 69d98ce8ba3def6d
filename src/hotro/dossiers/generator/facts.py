"""What a generated dossier says: people's names, national IDs, tax codes, a plausible value
for each form field, the beneficiaries of a dossier and their entitlements."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from stdnum.vn import mst

from hotro.catalog.models import Policy
from hotro.catalog.schema import AmountRule, FieldKind, FormField
from hotro.dossiers.domain import amounts
from hotro.dossiers.domain.fields import CCCD_PROVINCES, Invalid
from hotro.dossiers.generator.context import Context, PolicyShape

FAMILY = [
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Hoàng",
    "Huỳnh",
    "Phan",
    "Vũ",
    "Võ",
    "Đặng",
    "Bùi",
    "Đỗ",
    "Hồ",
    "Ngô",
    "Dương",
    "Lý",
]
MIDDLE_M = ["Văn", "Hữu", "Minh", "Đức", "Quốc", "Thanh", "Công", "Xuân"]
MIDDLE_F = ["Thị", "Ngọc", "Thu", "Thanh", "Kim", "Mỹ", "Thùy", "Hồng"]
GIVEN_M = [
    "An",
    "Bình",
    "Cường",
    "Dũng",
    "Hải",
    "Hùng",
    "Khánh",
    "Long",
    "Minh",
    "Nam",
    "Phong",
    "Phúc",
    "Quân",
    "Sơn",
    "Tuấn",
    "Việt",
]
GIVEN_F = [
    "Anh",
    "Châu",
    "Giang",
    "Hà",
    "Hạnh",
    "Hòa",
    "Hương",
    "Lan",
    "Linh",
    "Mai",
    "Ngân",
    "Nhung",
    "Phương",
    "Thảo",
    "Trang",
    "Yến",
]
TRADES = [
    "May mặc",
    "Da giày",
    "Điện tử",
    "Chế biến thủy sản",
    "Du lịch",
    "Vận tải",
    "Nhà hàng",
    "Xây dựng",
    "Thương mại",
    "Cơ khí",
    "Gỗ nội thất",
    "Dệt may",
]
BRANDS = [
    "An Phát",
    "Hưng Thịnh",
    "Sao Mai",
    "Phương Nam",
    "Bình Minh",
    "Thành Công",
    "Việt Tiến",
    "Hòa Bình",
]
FORMS = ["Công ty TNHH", "Công ty Cổ phần", "Doanh nghiệp tư nhân", "Hợp tác xã"]
STREETS = [
    "Lê Lợi",
    "Nguyễn Huệ",
    "Trần Hưng Đạo",
    "Hai Bà Trưng",
    "Lý Thường Kiệt",
    "Điện Biên Phủ",
]


def person_name(rng: random.Random) -> str:
    if rng.random() < 0.5:
        return f"{rng.choice(FAMILY)} {rng.choice(MIDDLE_M)} {rng.choice(GIVEN_M)}"
    return f"{rng.choice(FAMILY)} {rng.choice(MIDDLE_F)} {rng.choice(GIVEN_F)}"


def national_id(rng: random.Random, province: int | None = None) -> str:
    prov = province if province in CCCD_PROVINCES else rng.choice(sorted(CCCD_PROVINCES))
    born = rng.randint(1965, 2002)
    century_sex = (0 if born < 2000 else 2) + rng.randint(0, 1)
    return f"{prov:03d}{century_sex}{born % 100:02d}{rng.randint(0, 999_999):06d}"


def tax_code(rng: random.Random) -> str:
    while True:
        body = f"{rng.randint(1, 99):02d}{rng.randint(1, 9_999_999):07d}"
        check = mst.calc_check_digit(body)
        if len(check) == 1:
            return body + check


def field_value(f: FormField, rng: random.Random, policy: Policy, province: int | None) -> Any:
    if f.kind == FieldKind.NATIONAL_ID:
        return national_id(rng, province)
    if f.kind == FieldKind.TAX_CODE:
        return tax_code(rng)
    if f.kind == FieldKind.SOCIAL_INSURANCE_NO:
        return f"{rng.randint(0, 9_999_999_999):010d}"
    if f.kind == FieldKind.PHONE:
        return f"09{rng.randint(0, 99_999_999):08d}"
    if f.kind == FieldKind.EMAIL:
        return f"lienhe{rng.randint(1, 99999)}@example.vn"
    if f.kind == FieldKind.DATE:
        if f.within_period:
            span = (policy.period_end - policy.period_start).days
            return (
                policy.period_start + dt.timedelta(days=rng.randint(0, max(span - 60, 0)))
            ).isoformat()
        return dt.date(rng.randint(1965, 2002), rng.randint(1, 12), rng.randint(1, 28)).isoformat()
    if f.kind in (FieldKind.INTEGER, FieldKind.MONEY):
        low = f.min if f.min is not None else 0
        high = f.max if f.max is not None else max(low, 60)
        if f.key.startswith("children"):
            return rng.choice([0, 0, 0, 1, 1, 2])
        return rng.randint(low, max(low, min(high, low + 60)))
    if f.kind == FieldKind.BOOLEAN:
        return rng.random() < 0.05
    if f.kind == FieldKind.CHOICE:
        return rng.choice(f.choices)
    if f.key in ("full_name", "representative"):
        return person_name(rng)
    if f.key == "name":
        return f"{rng.choice(FORMS)} {rng.choice(TRADES)} {rng.choice(BRANDS)}"
    if "address" in f.key:
        return f"Số {rng.randint(1, 300)} đường {rng.choice(STREETS)}"
    return f"{f.label} {rng.randint(1, 999)}"


def beneficiaries_draw(
    ctx: Context, shape: PolicyShape, province: int | None
) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    if not shape.policy.has_beneficiaries:
        return rows
    seen: set[str] = set()
    for _ in range(ctx.rng.randint(1, ctx.beneficiaries_max)):
        row = {
            f.key: field_value(f, ctx.rng, shape.policy, province)
            for f in shape.beneficiary_fields
            if f.required or ctx.rng.random() < 0.5
        }
        if row["national_id"] not in seen:
            seen.add(row["national_id"])
            rows.append(row)
    return rows


def entitlement_or_none(rule: AmountRule, facts: dict[str, Any]) -> int | None:
    try:
        return amounts.entitlement(rule, facts)
    except Invalid:  # a generated fact outside every tier: no amount
        return None

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


def person_name(rng: random.Random, female: bool | None = None) -> str:
    if female is None:
        female = rng.random() >= 0.5
    if not female:
        return f"{rng.choice(FAMILY)} {rng.choice(MIDDLE_M)} {rng.choice(GIVEN_M)}"
    return f"{rng.choice(FAMILY)} {rng.choice(MIDDLE_F)} {rng.choice(GIVEN_F)}"


def national_id(
    rng: random.Random,
    province: int | None = None,
    *,
    born: int | None = None,
    female: bool | None = None,
) -> str:
    """A 12-digit CCCD: the province of birth (3 digits), the century and sex (0 a man born in
    the 20th century, 1 a woman; 2 and 3 in the 21st), the last two digits of the year of
    birth, then six digits (Circular 59/2021/TT-BCA, as fields.national_id reads them)."""
    prov = province if province in CCCD_PROVINCES else rng.choice(sorted(CCCD_PROVINCES))
    born = born if born is not None else rng.randint(1965, 2002)
    female = female if female is not None else rng.random() < 0.5
    century_sex = (0 if born < 2000 else 2) + (1 if female else 0)
    return f"{prov:03d}{century_sex}{born % 100:02d}{rng.randint(0, 999_999):06d}"


def person_agree(row: dict[str, Any], rng: random.Random, province: int | None) -> None:
    """Make one person's facts agree: the ID number's century, sex and year digits with the
    date of birth and with the name's sex (a name is drawn from the men's or women's list)."""
    if "national_id" not in row:
        return
    female = rng.random() < 0.5
    if "full_name" in row:
        row["full_name"] = person_name(rng, female)
    born = dt.date.fromisoformat(row["date_of_birth"]).year if row.get("date_of_birth") else None
    row["national_id"] = national_id(rng, province, born=born, female=female)


BANKS = [  # NAPAS members (reference.md names these four by their BIN)
    "Ngân hàng TMCP Ngoại thương Việt Nam (Vietcombank)",
    "Ngân hàng TMCP Công Thương Việt Nam (VietinBank)",
    "Ngân hàng TMCP Đầu tư và Phát triển Việt Nam (BIDV)",
    "Ngân hàng Nông nghiệp và Phát triển Nông thôn Việt Nam (Agribank)",
]
# Plausible values of the catalog's free-text fields, so that no value is its own label. The
# Social Insurance unit code's shape (two letters, four digits, a letter) is unverified [U].
_TEXT: dict[str, Any] = {
    "bank_name": lambda rng: rng.choice(BANKS),
    "bank_account": lambda rng: f"{rng.randint(10**9, 10**13 - 1)}",
    "social_insurance_unit_code": lambda rng: (
        f"{rng.choice(['TA', 'TB', 'TC', 'YN'])}{rng.randint(1, 9999):04d}{rng.choice('ABCDEZ')}"
    ),
    "business_line": lambda rng: rng.choice(
        ["Bán lẻ thực phẩm", "Dịch vụ ăn uống", "Cắt tóc, gội đầu", "Sửa chữa xe máy", "May đo"]
    ),
    "registration_no": lambda rng: (
        f"{rng.randint(10, 99)}{rng.choice('ABCD')}8{rng.randint(0, 999_999):06d}"
    ),
    "training_course": lambda rng: rng.choice(
        ["Kỹ thuật may công nghiệp", "Tin học văn phòng", "Kỹ năng bán hàng trực tuyến"]
    ),
    "occupation": lambda rng: rng.choice(
        ["Công nhân may", "Nhân viên bán hàng", "Phụ bếp", "Lái xe", "Nhân viên phục vụ"]
    ),
    "job_title": lambda rng: rng.choice(["Diễn viên", "Nhạc công", "Ca sĩ", "Diễn viên múa"]),
    "merit_category": lambda rng: rng.choice(["Thương binh", "Bệnh binh", "Thân nhân liệt sĩ"]),
}


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
    if f.key in ("name", "last_employer"):
        return f"{rng.choice(FORMS)} {rng.choice(TRADES)} {rng.choice(BRANDS)}"
    if "address" in f.key:
        return f"Số {rng.randint(1, 300)} đường {rng.choice(STREETS)}"
    if f.key in _TEXT:
        return _TEXT[f.key](rng)
    return f"{rng.choice(TRADES)} {rng.choice(BRANDS)}"


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
        person_agree(row, ctx.rng, province)
        if row["national_id"] not in seen:
            seen.add(row["national_id"])
            rows.append(row)
    return rows


def entitlement_or_none(rule: AmountRule, facts: dict[str, Any]) -> int | None:
    try:
        return amounts.entitlement(rule, facts)
    except Invalid:  # a generated fact outside every tier: no amount
        return None

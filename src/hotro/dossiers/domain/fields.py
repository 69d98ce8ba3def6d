"""Validation of form values by field kind. Pure: takes a field's definition and a raw value,
returns the clean value or the message code of what is wrong."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from stdnum.vn import mst

from hotro.catalog.schema import FieldKind, FormField

# Province codes of the 12-digit CCCD (Circular 59/2021/TT-BCA): the statistics office's
# province codes, zero-padded to three digits.
CCCD_PROVINCES = frozenset(
    {1, 2, 4, 6, 8, 10, 11, 12, 14, 15, 17, 19, 20, 22, 24, 25, 26, 27, 30, 31, 33, 34, 35, 36}
    | {37, 38, 40, 42, 44, 45, 46, 48, 49, 51, 52, 54, 56, 58, 60, 62, 64, 66, 67, 68, 70, 72}
    | {74, 75, 77, 79, 80, 82, 83, 84, 86, 87, 89, 91, 92, 93, 94, 95, 96}
)

_PHONE = re.compile(r"^(\+84|0)[0-9]{9,10}$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_TEXT_MAX = 200
# Counts and amounts within what the database columns and common sense hold.
_INT_MAX = 10**6
_MONEY_MAX = 10**12


class Invalid(Exception):
    def __init__(self, code: str, **params: Any) -> None:
        self.code = code
        self.params = params
        super().__init__(code)


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date


def national_id(raw: str) -> str:
    value = raw.strip().replace(" ", "")
    if not value.isdigit() or len(value) not in (9, 12) or not value.isascii():
        raise Invalid("national_id")
    if len(value) == 12 and int(value[:3]) not in CCCD_PROVINCES:
        raise Invalid("national_id_province", prefix=value[:3])
    return value


# The 4th digit of a CCCD says the holder's sex and the century of their birth (Circular
# 07/2016/TT-BCA, Art. 7, kept by Circular 59/2021/TT-BCA): 0/1 male/female born 1900-1999,
# 2/3 in 2000-2099, 4/5 in the 2100s, and so on; digits 5-6 are the year's last two digits.
MALE, FEMALE = "male", "female"
_SEX_WORDS = {"nam": MALE, "male": MALE, "m": MALE, "nữ": FEMALE, "nu": FEMALE, "female": FEMALE}


def sex_of(raw: Any) -> str | None:
    """male, female, or None for a value that says neither."""
    word = unicodedata.normalize("NFC", str(raw or "")).strip().lower()
    return _SEX_WORDS.get(word)


def cccd_contradictions(number: str, born: dt.date | None, sex: str | None = None) -> list[str]:
    """What the birth digits of a 12-digit CCCD contradict, as message codes: the century
    (`national_id_century`), the year (`national_id_birth_year`), the sex (`national_id_sex`).
    A 9-digit CMND carries no such digits: nothing to compare."""
    if len(number) != 12 or not number.isdigit():
        return []
    digit = int(number[3])
    found = []
    if born is not None:
        if 1900 + 100 * (digit // 2) != born.year - born.year % 100:
            found.append("national_id_century")
        if int(number[4:6]) != born.year % 100:
            found.append("national_id_birth_year")
    if sex is not None and (FEMALE if digit % 2 else MALE) != sex:
        found.append("national_id_sex")
    return found


def tax_code(raw: str) -> str:
    value = raw.strip().replace(" ", "").replace("-", "")
    if not value.isascii() or not value.isdigit() or len(value) not in (10, 13):
        raise Invalid("tax_code")
    if not mst.is_valid(value):
        raise Invalid("tax_code_checksum")
    return value


def clean(field: FormField, raw: Any, period: Period | None = None) -> Any:
    """The clean value of `raw` for `field`; None for an empty optional field."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        if field.required:
            raise Invalid("required")
        return None
    kind = field.kind
    if kind in (FieldKind.INTEGER, FieldKind.MONEY):
        value = _integer(raw, "money" if kind == FieldKind.MONEY else "integer")
        if kind == FieldKind.MONEY and value < 0:
            raise Invalid("money")
        ceiling = _MONEY_MAX if kind == FieldKind.MONEY else _INT_MAX
        if field.max is None and abs(value) > ceiling:
            raise Invalid("max_value", max=ceiling)
        if field.min is not None and value < field.min:
            raise Invalid("min_value", min=field.min)
        if field.max is not None and value > field.max:
            raise Invalid("max_value", max=field.max)
        return value
    if kind == FieldKind.BOOLEAN:
        return _boolean(raw)
    if kind == FieldKind.DATE:
        day = _date(raw)
        if field.within_period and period and not (period.start <= day <= period.end):
            raise Invalid(  # the dates as the people reading the message write them
                "date_outside_period",
                start=period.start.strftime("%d/%m/%Y"),
                end=period.end.strftime("%d/%m/%Y"),
            )
        return day.isoformat()
    if not isinstance(raw, str | int) or isinstance(raw, bool):
        raise Invalid("text", max=_TEXT_MAX)
    text = str(raw).strip()
    if kind == FieldKind.NATIONAL_ID:
        return national_id(text)
    if kind == FieldKind.TAX_CODE:
        return tax_code(text)
    if kind == FieldKind.SOCIAL_INSURANCE_NO:
        if not (text.isascii() and text.isdigit() and len(text) == 10):
            raise Invalid("social_insurance_no")
        return text
    if kind == FieldKind.PHONE:
        compact = re.sub(r"[\s.\-]", "", text)
        if not _PHONE.match(compact):
            raise Invalid("phone")
        return compact
    if kind == FieldKind.EMAIL:
        if not _EMAIL.match(text) or len(text) > 254:
            raise Invalid("email")
        return text.lower()
    if kind == FieldKind.CHOICE:
        if text not in field.choices:
            raise Invalid("choice", choices=", ".join(field.choices))
        return text
    if len(text) > _TEXT_MAX or any(ord(c) < 32 for c in text):
        raise Invalid("text", max=_TEXT_MAX)
    return text


def _integer(raw: Any, code: str) -> int:
    if isinstance(raw, bool):
        raise Invalid(code)
    if isinstance(raw, int):
        return raw
    if isinstance(raw, float) and raw.is_integer():  # Excel cells come back as floats
        return int(raw)
    if isinstance(raw, str) and re.fullmatch(r"-?[0-9]{1,15}", raw.strip()):
        return int(raw.strip())
    raise Invalid(code)


def _boolean(raw: Any) -> bool:
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, int | float) and raw in (0, 1):
        return bool(raw)
    if isinstance(raw, str):
        word = raw.strip().lower()
        if word in {"true", "1", "có", "x", "yes"}:
            return True
        if word in {"false", "0", "không", "no"}:
            return False
    raise Invalid("boolean")


def _date(raw: Any) -> dt.date:
    if isinstance(raw, dt.datetime):
        return raw.date()
    if isinstance(raw, dt.date):
        return raw
    if isinstance(raw, str):
        text = raw.strip()
        for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
            try:
                return dt.datetime.strptime(text, fmt).date()  # noqa: DTZ007 (a calendar date)
            except ValueError:
                continue
    raise Invalid("date")

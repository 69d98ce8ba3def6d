"""Helpers of the page tests: a filled-in worker list, officers with a known second factor."""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from django_otp.oath import totp
from openpyxl import Workbook

from hotro.accounts.models import User
from hotro.accounts.services import totp_publish_demo

KEY = "3132333435363738393031323334353637383930"  # RFC 6238's test key, hex


def with_second_factor(user: User) -> User:
    totp_publish_demo(user=user, key=KEY)
    return user


def otp_code() -> str:
    return f"{totp(bytes.fromhex(KEY)):06d}"


WORKERS = [
    {
        "full_name": "Trần Thị Lan",
        "national_id": "079190000123",
        "date_of_birth": "1990-04-12",
        "social_insurance_no": "7912345678",
        "suspension_start": "2021-07-01",
        "suspension_days": 45,
    },
    {
        "full_name": "Lê Văn Hùng",
        "national_id": "051088000456",
        "date_of_birth": "1988-09-30",
        "social_insurance_no": "5112345678",
        "suspension_start": "2021-08-02",
        "suspension_days": 20,
    },
]


def worker_list_xlsx(rows: Sequence[dict[str, Any]] = WORKERS) -> bytes:
    """A worker list as an employer fills it: the field keys as the header row."""
    keys = list(dict.fromkeys(k for row in rows for k in row))
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(keys)
    for row in rows:
        sheet.append([row.get(k) for k in keys])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()

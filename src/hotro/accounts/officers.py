"""The import of officers and supervisors from a file (xlsx or CSV: name, agency code, role,
e-mail, head or not; optionally a user name): every row checked first, each error naming the
row and the column as the author sees them, then all rows written in one transaction, or none.

The user name is the e-mail address unless the file gives one. An account that exists with that
name is updated when it is an officer's or a supervisor's (so a corrected file can be imported
again), and refused otherwise. New accounts have no usable password: they log in through the
national sign-on, or an administrator sets a first password; the second factor is enrolled at
the first login, as for any staff account."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models.functions import Lower

from hotro.accounts.models import Role, User
from hotro.accounts.officer_file import OfficerSheet, SheetRow, read_officer_sheet
from hotro.catalog.models import Agency
from hotro.core import clock
from hotro.core.errors import FieldError, ValidationFailed

SHOWN_ERRORS = 200  # a file with more gets these and a count of the rest
_CHUNK = 500  # codes and names per IN (...) query, within every database's parameter limit
_BATCH = 1000
_ROLES = {
    "cán bộ xử lý": Role.OFFICER,
    "cán bộ": Role.OFFICER,
    "officer": Role.OFFICER,
    "cán bộ giám sát": Role.SUPERVISOR,
    "giám sát": Role.SUPERVISOR,
    "supervisor": Role.SUPERVISOR,
}
_YES = {"có", "x", "1", "true", "yes", "đúng", "thủ trưởng"}
_NO = {"", "không", "0", "false", "no", "sai"}
_MAX = {"full_name": 200, "email": 254, "username": 150}
_STAFF = (Role.OFFICER, Role.SUPERVISOR)
_username_check = UnicodeUsernameValidator()


@dataclass(frozen=True)
class OfficerRow:
    number: int
    username: str
    full_name: str
    agency_id: int
    role: Role
    email: str
    head: bool


@dataclass
class ImportReport:
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[FieldError] = field(default_factory=list)


def _chunks(values: list[str]) -> Iterable[list[str]]:
    for i in range(0, len(values), _CHUNK):
        yield values[i : i + _CHUNK]


def _agencies(codes: set[str], today: dt.date) -> dict[str, int]:
    """Each code's agency valid today (a code reused by the 2025 structure names two)."""
    found: dict[str, tuple[dt.date, int]] = {}
    for chunk in _chunks(sorted(codes)):
        rows = Agency.objects.filter(code__in=chunk, valid_from__lte=today).values_list(
            "code", "valid_from", "valid_to", "id"
        )
        for code, start, end, pk in rows:
            if (end is None or today <= end) and (code not in found or start > found[code][0]):
                found[code] = (start, pk)
    return {code: pk for code, (_, pk) in found.items()}


def _existing(names: set[str]) -> dict[str, User]:
    """The accounts already there, by lower-cased username: the file's names are lower-cased,
    and an account made elsewhere as "NguyenA" is the same person as the file's "nguyena"
    (matched exactly, a second account would be made)."""
    out: dict[str, User] = {}
    for chunk in _chunks(sorted(names)):
        for user in User.objects.annotate(lowered=Lower("username")).filter(lowered__in=chunk):
            out[user.username.lower()] = user
    return out


class _Checker:
    def __init__(self, sheet: OfficerSheet) -> None:
        self.sheet = sheet
        self.errors: list[FieldError] = []

    def error(self, row: SheetRow, key: str, code: str, **params: object) -> None:
        column = self.sheet.columns[key]
        self.errors.append(
            FieldError(
                f"rows.{row.number}.{key}",
                code,
                {"row": row.number, "column": column.shown, **params},
            )
        )

    def text(self, row: SheetRow, key: str) -> str | None:
        value = row.values.get(key, "")
        if not value:
            self.error(row, key, "officers_required")
            return None
        if len(value) > _MAX.get(key, 10_000):
            self.error(row, key, "officers_too_long", max=_MAX[key])
            return None
        return value


def _check(sheet: OfficerSheet, today: dt.date) -> tuple[list[OfficerRow], list[FieldError]]:
    check = _Checker(sheet)
    agencies = _agencies({r.values["agency"] for r in sheet.rows if r.values["agency"]}, today)
    first_of: dict[str, int] = {}
    rows: list[OfficerRow] = []
    for row in sheet.rows:
        before = len(check.errors)
        full_name = check.text(row, "full_name")
        code = check.text(row, "agency")
        if code is not None and code not in agencies:
            check.error(row, "agency", "officers_agency_unknown", value=code)
        role = None
        if (raw_role := check.text(row, "role")) is not None:
            role = _ROLES.get(raw_role.lower())
            if role is None:
                check.error(row, "role", "officers_role_unknown", value=raw_role)
        email = check.text(row, "email")
        if email is not None:
            email = email.lower()
            try:
                validate_email(email)
            except ValidationError:
                check.error(row, "email", "officers_email_invalid", value=email)
        raw_head = row.values["head"].lower()
        head = raw_head in _YES
        if not head and raw_head not in _NO:
            check.error(row, "head", "officers_head_invalid", value=row.values["head"])
        elif head and role == Role.SUPERVISOR:
            check.error(row, "head", "officers_head_not_officer")
        key = "username" if row.values.get("username") else "email"
        username = (row.values.get("username") or email or "").lower()
        if key == "username":
            try:
                _username_check(username)
            except ValidationError:
                check.error(row, key, "officers_username_invalid")
            if len(username) > _MAX["username"]:
                check.error(row, key, "officers_too_long", max=_MAX["username"])
        if username and username in first_of:
            check.error(row, key, "officers_duplicate", value=username, first=first_of[username])
        elif username:
            first_of[username] = row.number
        if len(check.errors) == before and full_name and code and role and email:
            rows.append(
                OfficerRow(row.number, username, full_name, agencies[code], role, email, head)
            )
    taken = _existing({r.username for r in rows})
    by_number = {s.number: s for s in sheet.rows}
    for r in rows:
        user = taken.get(r.username)
        if user is not None and (user.role not in _STAFF or user.is_superuser):
            sheet_row = by_number[r.number]
            key = "username" if sheet_row.values.get("username") else "email"
            check.error(sheet_row, key, "officers_account_taken", value=r.username)
    check.errors.sort(key=lambda e: (int(e.params["row"]), e.field))
    return rows, check.errors


def _differs(user: User, row: OfficerRow) -> bool:
    return (user.full_name, user.agency_id, user.role, user.email, user.agency_head) != (
        row.full_name,
        row.agency_id,
        row.role,
        row.email,
        row.head,
    )


def officers_import(*, content: bytes, dry_run: bool = False) -> ImportReport:
    """Check every row of the file, then create or update all its officers, or none: a file
    with any error raises ValidationFailed("officers_refused") carrying the errors (at most
    SHOWN_ERRORS, then a count of the rest)."""
    sheet = read_officer_sheet(content)
    rows, errors = _check(sheet, clock.today())
    report = ImportReport(rows=len(sheet.rows))
    if errors:
        shown = errors[:SHOWN_ERRORS]
        if len(errors) > SHOWN_ERRORS:
            shown.append(
                FieldError("rows", "officers_more_errors", {"count": len(errors) - SHOWN_ERRORS})
            )
        raise ValidationFailed("officers_refused", errors=shown, params={"count": len(errors)})
    with transaction.atomic():
        existing = _existing({r.username for r in rows})
        fresh: list[User] = []
        changed: list[User] = []
        unusable = make_password(None)  # the same "!…" for all: no password logs in
        for r in rows:
            user = existing.get(r.username)
            if user is None:
                fresh.append(
                    User(
                        username=r.username,
                        full_name=r.full_name,
                        agency_id=r.agency_id,
                        role=r.role,
                        email=r.email,
                        agency_head=r.head,
                        password=unusable,
                    )
                )
            elif _differs(user, r):
                user.full_name, user.agency_id, user.role = r.full_name, r.agency_id, r.role
                user.email, user.agency_head = r.email, r.head
                changed.append(user)
        report.created, report.updated = len(fresh), len(changed)
        report.unchanged = len(rows) - len(fresh) - len(changed)
        if dry_run:
            return report
        User.objects.bulk_create(fresh, batch_size=_BATCH)
        User.objects.bulk_update(
            changed, ["full_name", "agency", "role", "email", "agency_head"], batch_size=_BATCH
        )
    return report

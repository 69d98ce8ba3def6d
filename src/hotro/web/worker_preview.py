"""The worker-list preview of the apply pages: each row as the employer typed it, in the
Vietnamese way of writing dates and amounts, with the service's own checks of that row named
by column label and spreadsheet row (web/field_labels.py)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from hotro.accounts.models import User
from hotro.catalog.models import Policy
from hotro.catalog.schema import FieldKind, FormField
from hotro.dossiers import intake, worker_list
from hotro.web.field_labels import Where
from hotro.web.templatetags.hotro import money, vndate

SHOWN_ROWS = 500
_NUMERIC = frozenset({FieldKind.MONEY, FieldKind.INTEGER})


@dataclass
class Preview:
    columns: list[FormField]
    table: list[dict[str, Any]] = field(default_factory=list)
    list_errors: list[str] = field(default_factory=list)  # of the list as a whole
    error_count: int = 0


def shown(value: Any, f: FormField) -> str:
    """A cell as a page shows it: dates dd/mm/yyyy, amounts 3.710.000 đ, yes or no."""
    if value in (None, ""):
        return ""
    if f.kind == FieldKind.DATE and isinstance(value, str):
        try:
            return vndate(dt.date.fromisoformat(value))
        except ValueError:
            return value  # what was typed, which the row's error then explains
    if f.kind == FieldKind.MONEY:
        return money(value) if isinstance(value, int) or str(value).isdigit() else str(value)
    if f.kind == FieldKind.BOOLEAN and isinstance(value, bool):
        return _("Có") if value else _("Không")
    return str(value)


def preview(
    *,
    user: User,
    policy: Policy,
    applicant: Mapping[str, Any],
    rows: Sequence[dict[str, Any]],
    row_numbers: Sequence[int],
    english: bool,
) -> Preview:
    """The table of the list step, with the service's checks of the rows (nothing written)."""
    columns = worker_list.columns(policy)
    out = Preview(columns=columns)
    if not rows:
        return out
    _, problems = intake.validate(
        user=user, policy=policy, applicant=applicant, beneficiaries=rows, documents=[]
    )
    where = Where(policy, english=english, rows=row_numbers)
    by_row: dict[int, list[str]] = {}
    for e in problems:
        parts = e.field.split(".")
        if parts[0] != "beneficiaries":
            continue  # the other steps' own (they check their input themselves)
        if len(parts) > 1 and parts[1].isdigit() and int(parts[1]) < SHOWN_ROWS:
            by_row.setdefault(int(parts[1]), []).append(where.describe(e, with_row=False))
        else:  # the list as a whole, or a row past those shown (named by its number)
            out.list_errors.append(where.describe(e))
    out.error_count = sum(len(v) for v in by_row.values()) + len(out.list_errors)
    out.table = [
        {
            "number": where.row(i),
            "cells": [
                {"text": shown(row.get(c.key), c), "num": c.kind in _NUMERIC} for c in columns
            ],
            "errors": by_row.get(i, []),
        }
        for i, row in enumerate(rows[:SHOWN_ROWS])
    ]
    return out

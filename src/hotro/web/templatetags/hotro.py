"""Template filters: dates as dd/mm/yyyy, money as `3.710.000 đ`, statuses and actions by name."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import template
from django.utils.translation import get_language

from hotro.core import clock
from hotro.core import labels as code_labels
from hotro.core.formats import vn_number
from hotro.dossiers.domain.lifecycle import ACTION_LABEL_VI
from hotro.dossiers.domain.status import LABEL_VI, Status
from hotro.dossiers.models import BeneficiaryStatus
from hotro.web import labels

register = template.Library()


@register.filter
def vndate(value: Any) -> str:
    """dd/mm/yyyy (a datetime in Vietnam time: dd/mm/yyyy HH:MM)."""
    if value in (None, ""):
        return "—"
    if isinstance(value, str):  # ISO 8601, as the JSON reports store times
        try:
            parsed = dt.datetime.fromisoformat(value) if "T" in value else None
            value = parsed if parsed and parsed.tzinfo else dt.date.fromisoformat(value[:10])
        except ValueError:
            return value
    if isinstance(value, dt.datetime):
        return value.astimezone(clock.VIETNAM).strftime("%d/%m/%Y %H:%M")
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    return str(value)


@register.filter
def count(value: Any) -> str:
    """A whole number with dots between thousands: 12345 -> `12.345`."""
    if value in (None, ""):
        return "—"
    try:
        n = int(value)
    except (TypeError, ValueError):
        return str(value)
    return vn_number(n)


@register.filter
def percent(value: Any) -> str:
    """A rate with one decimal after a comma: 80.6 -> `80,6 %` (none yet: `—`). The rates
    come rounded once, half up, by `supervision.rules.percent_of`; this only writes them."""
    if value in (None, ""):
        return "—"
    try:
        rate = float(value)
    except (TypeError, ValueError):
        return str(value)
    return f"{rate:.1f}".replace(".", ",") + "\u00a0%"


@register.filter
def money(value: Any) -> str:
    """Whole đồng with dots between thousands: 3710000 -> `3.710.000 đ`."""
    if value in (None, ""):
        return "—"
    try:
        amount = int(value)
    except (TypeError, ValueError):
        return str(value)
    sign = "-" if amount < 0 else ""
    return f"{sign}{vn_number(abs(amount))}\u00a0đ"


def _english() -> bool:
    return (get_language() or "vi").startswith("en")


@register.filter
def status_label(value: Any) -> str:
    try:
        status = Status(str(value))
    except ValueError:
        return str(value)
    return labels.STATUS_EN[status] if _english() else LABEL_VI[status]


@register.filter
def action_label(value: Any) -> str:
    key = str(value)
    if _english():
        return labels.ACTION_EN.get(key, key)
    return ACTION_LABEL_VI.get(key, key)


@register.filter
def beneficiary_label(value: Any) -> str:
    try:
        status = BeneficiaryStatus(str(value))
    except ValueError:
        return str(value)
    return labels.BENEFICIARY_EN[status.value] if _english() else str(status.label)


@register.filter
def message(code: Any, params: Any = None) -> str:
    """`dispatch.failure|message:params`: a stored message code as its sentence."""
    from hotro.core.messages import render

    if not code:
        return ""
    return render(
        str(code), "en" if _english() else "vi", params if isinstance(params, dict) else None
    )


@register.filter
def label(value: Any, kind: str) -> str:
    """`report.indication|label:"indication"`: the words for a stored code (core.labels)."""
    if kind not in ("indication", "sub_indication", "role"):
        raise template.TemplateSyntaxError(f"no labels of kind {kind!r}")
    return code_labels.label(kind, value, "en" if _english() else "vi")  # type: ignore[arg-type]


@register.filter
def localized(obj: Any, attr: str) -> Any:
    """`policy|localized:"name"`: `name_en` in English when there is one, else `name`."""
    if _english():
        english = getattr(obj, f"{attr}_en", "") or (
            obj.get(f"{attr}_en") if isinstance(obj, dict) else ""
        )
        if english:
            return english
    return obj.get(attr) if isinstance(obj, dict) else getattr(obj, attr, "")


@register.filter
def get_item(mapping: Any, key: Any) -> Any:
    try:
        return mapping.get(key)
    except AttributeError:
        return None

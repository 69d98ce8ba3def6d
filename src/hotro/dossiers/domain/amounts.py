"""How much a beneficiary (or the applicant) receives under a policy's amount rule. Pure."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from hotro.catalog.schema import AmountRule
from hotro.dossiers.domain.fields import Invalid


def entitlement(rule: AmountRule, facts: Mapping[str, Any]) -> int | None:
    """The amount the rule gives for these (already clean) facts; None when the policy pays
    no money. For a `capped` rule, the cap. Raises Invalid when no tier fits."""
    if rule.kind == "none":
        return None
    base: int
    if rule.kind == "fixed":
        base = rule.amount or 0
    elif rule.kind == "tiered":
        value = int(facts.get(rule.basis_field or "") or 0)
        tier = next(
            (
                t
                for t in rule.tiers
                if t.min <= value and (t.max_exclusive is None or value < t.max_exclusive)
            ),
            None,
        )
        if tier is None:
            raise Invalid("not_eligible_tier", value=value)
        base = tier.amount
    else:  # per_day and capped: a rate times a bounded number of units
        units = int(facts.get(rule.basis_field or "") or 0)
        if rule.max_units is not None:
            units = min(units, rule.max_units)
        base = (rule.rate or 0) * units
    for extra in rule.extras:
        fact = facts.get(extra.field)
        if extra.per_unit:
            base += extra.amount * int(fact or 0)
        elif fact:
            base += extra.amount
    return base


def check_requested(
    rule: AmountRule, facts: Mapping[str, Any], requested: int | None
) -> int | None:
    """The amount to record: the entitlement, or the requested amount where the rule allows
    asking less. A requested amount that the rule does not give raises Invalid."""
    due = entitlement(rule, facts)
    if due is None or requested is None:
        return due
    if rule.kind == "capped":
        if requested > due:
            raise Invalid("amount_over_cap", given=_vnd(requested), cap=_vnd(due))
        return requested
    if requested != due:
        raise Invalid("amount_mismatch", given=_vnd(requested), expected=_vnd(due))
    return due


def _vnd(amount: int) -> str:
    return f"{amount:,}".replace(",", ".")

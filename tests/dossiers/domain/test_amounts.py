"""Amount rules (no database)."""

from __future__ import annotations

import pytest

from hotro.catalog.schema import AmountRule
from hotro.dossiers.domain.amounts import check_requested, entitlement
from hotro.dossiers.domain.fields import Invalid

SUSPENDED = AmountRule.model_validate(
    {
        "kind": "tiered",
        "basis_field": "days",
        "tiers": [
            {"min": 15, "max_exclusive": 30, "amount": 1_855_000},
            {"min": 30, "amount": 3_710_000},
        ],
        "extras": [
            {"field": "pregnant", "amount": 1_000_000},
            {"field": "children", "amount": 1_000_000, "per_unit": True},
        ],
    }
)


@pytest.mark.parametrize(
    ("facts", "amount"),
    [
        ({"days": 15}, 1_855_000),
        ({"days": 29}, 1_855_000),
        ({"days": 30}, 3_710_000),
        ({"days": 45, "pregnant": True, "children": 2}, 6_710_000),
        ({"days": 20, "pregnant": False, "children": 0}, 1_855_000),
    ],
)
def test_suspended_contract_tiers_and_extras(facts: dict[str, object], amount: int) -> None:
    assert entitlement(SUSPENDED, facts) == amount


def test_no_tier_fits() -> None:
    with pytest.raises(Invalid) as exc:
        entitlement(SUSPENDED, {"days": 14})
    assert exc.value.code == "not_eligible_tier"


def test_requested_must_match_or_stay_under_the_cap() -> None:
    assert check_requested(SUSPENDED, {"days": 30}, None) == 3_710_000
    assert check_requested(SUSPENDED, {"days": 30}, 3_710_000) == 3_710_000
    with pytest.raises(Invalid) as exc:
        check_requested(SUSPENDED, {"days": 30}, 5_000_000)
    assert exc.value.code == "amount_mismatch"
    assert exc.value.params == {"given": "5.000.000", "expected": "3.710.000"}

    training = AmountRule(kind="capped", basis_field="months", rate=1_500_000, max_units=6)
    assert entitlement(training, {"months": 8}) == 9_000_000
    assert check_requested(training, {"months": 2}, 2_000_000) == 2_000_000
    with pytest.raises(Invalid):
        check_requested(training, {"months": 2}, 3_100_000)


def test_per_day_and_none() -> None:
    f0 = AmountRule(kind="per_day", basis_field="days", rate=80_000, max_units=45)
    assert entitlement(f0, {"days": 50}) == 3_600_000
    assert entitlement(AmountRule(kind="none"), {}) is None


def test_an_incomplete_rule_is_refused_by_the_schema() -> None:
    with pytest.raises(ValueError, match="needs"):
        AmountRule.model_validate({"kind": "tiered", "basis_field": "days"})

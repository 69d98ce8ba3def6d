"""Demo data a Vietnamese official would believe (issue 12, item 17): no field whose value is
its own label, ID numbers whose century, sex and year digits agree with the date of birth and
the name, the same rows for the same seed."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from hotro.catalog.models import Policy
from hotro.dossiers.domain.fields import national_id as check_national_id
from hotro.dossiers.generator import generate
from hotro.dossiers.generator.facts import (
    GIVEN_F,
    GIVEN_M,
    field_value,
    national_id,
    person_agree,
)
from hotro.dossiers.models import Beneficiary, Dossier

pytestmark = pytest.mark.django_db


def _sex_and_year(cccd: str) -> tuple[bool, int]:
    digit = int(cccd[3])
    return digit % 2 == 1, (1900 if digit < 2 else 2000) + int(cccd[4:6])


def test_no_text_field_is_its_own_label() -> None:
    rng = random.Random(3)
    for policy in Policy.objects.all():
        for f in [*policy.form_applicant_fields(), *policy.form_beneficiary_fields()]:
            for _ in range(5):
                value = str(field_value(f, rng, policy, 79))
                assert not value.startswith(f.label), (policy.code, f.key, value)


@pytest.mark.parametrize(("born", "female", "digit"), [(1990, False, "0"), (1990, True, "1"),
                                                       (2001, False, "2"), (2001, True, "3")])  # fmt: skip
def test_the_cccd_century_and_sex_digit(born: int, female: bool, digit: str) -> None:
    cccd = national_id(random.Random(1), 79, born=born, female=female)
    assert cccd[:3] == "079" and cccd[3] == digit and cccd[4:6] == f"{born % 100:02d}"
    assert check_national_id(cccd) == cccd


def test_a_person_agrees_with_their_id_number() -> None:
    rng = random.Random(5)
    for _ in range(200):
        row = {"full_name": "x", "national_id": "x", "date_of_birth": "1987-03-04"}
        person_agree(row, rng, 51)
        female, year = _sex_and_year(row["national_id"])
        assert year == 1987
        assert row["full_name"].split(" ")[-1] in (GIVEN_F if female else GIVEN_M)


def test_generated_beneficiaries_agree_with_their_id_numbers() -> None:
    generate(count=60, provinces=[79, 51], seed=11)
    rows = list(Beneficiary.objects.values_list("national_id", "date_of_birth", "full_name"))
    assert len(rows) > 20
    checked = 0
    for cccd, born, name in rows:
        female, year = _sex_and_year(cccd)
        assert name.split(" ")[-1] in (GIVEN_F if female else GIVEN_M), (cccd, name)
        if born is not None:
            assert year == born.year, (cccd, born)
            checked += 1
    assert checked > 0
    applicants = Dossier.objects.exclude(applicant_id_number="").values_list(
        "applicant_id_number", "applicant_data"
    )
    for number, data in applicants:
        born = (data or {}).get("date_of_birth")
        if born and len(number) == 12:
            assert _sex_and_year(number)[1] == dt.date.fromisoformat(born).year


def test_the_same_seed_draws_the_same_facts() -> None:
    policy = Policy.objects.get(code="QD23-TAM-HOAN-HDLD")
    fields = policy.form_beneficiary_fields()

    def draw(seed: int) -> list[dict[str, object]]:
        rng = random.Random(seed)
        out = []
        for _ in range(20):
            row = {f.key: field_value(f, rng, policy, 79) for f in fields}
            person_agree(row, rng, 79)
            out.append(row)
        return out

    assert draw(4) == draw(4) and draw(4) != draw(5)

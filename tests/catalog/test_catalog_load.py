"""Loading the catalog: every province, the seed's agency codes, the policies' facts."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from hotro.catalog.models import Agency, Policy, Reason
from hotro.catalog.schema import AgencyKind, Level
from hotro.catalog.selectors import agency_get, kinds_acting_as, policy_get
from hotro.catalog.services import DATA, catalog_load

pytestmark = pytest.mark.django_db


def test_every_province_with_its_agencies() -> None:
    report = catalog_load()  # all 63 provinces, on top of the two loaded for the tests
    assert report.agencies_created > 10_000
    committees = Agency.objects.filter(kind=AgencyKind.PROVINCE_COMMITTEE)
    assert committees.count() == 63
    assert len({a.code.split(".")[-1] for a in committees}) == 63
    for kind in (
        AgencyKind.LABOUR_DEPARTMENT,
        AgencyKind.SOCIAL_INSURANCE_PROVINCE,
        AgencyKind.ONE_STOP_CENTRE,
        AgencyKind.TAX_DEPARTMENT,
        AgencyKind.CULTURE_DEPARTMENT,
    ):
        assert Agency.objects.filter(kind=kind).count() == 63, kind
    assert Agency.objects.filter(kind=AgencyKind.DISTRICT_COMMITTEE).count() == 696
    assert Agency.objects.filter(kind=AgencyKind.COMMUNE_COMMITTEE).count() > 10_000
    # Loading again changes nothing.
    again = catalog_load()
    assert (again.agencies_created, again.agencies_updated) == (0, 0)


def test_the_seeds_agency_codes() -> None:
    q1 = agency_get(code="000.00.46.H29")
    assert q1.name == "Ủy ban nhân dân Quận 1"
    assert q1.kind == AgencyKind.DISTRICT_COMMITTEE
    assert q1.parent is not None and q1.parent.code == "000.00.00.H29"
    assert q1.parent.name == "Ủy ban nhân dân thành phố Hồ Chí Minh"
    assert agency_get(code="000.00.80.H29").name == "Ủy ban nhân dân thành phố Thủ Đức"
    assert agency_get(code="000.00.00.H48").name == "Ủy ban nhân dân tỉnh Quảng Ngãi"
    office = agency_get(code="000.00.00.G01")
    assert office.kind == AgencyKind.GOVERNMENT_OFFICE and office.level == Level.NATIONAL
    assert q1.parent.parent == office


def test_structure_validity_dates() -> None:
    q1 = agency_get(code="000.00.46.H29")
    assert str(q1.valid_from) == "2020-01-01" and str(q1.valid_to) == "2025-06-30"


def test_tourism_falls_back_to_culture_department() -> None:
    assert kinds_acting_as(AgencyKind.TOURISM_DEPARTMENT) == {
        AgencyKind.TOURISM_DEPARTMENT,
        AgencyKind.CULTURE_DEPARTMENT,
    }
    assert kinds_acting_as(AgencyKind.CULTURE_DEPARTMENT) == {AgencyKind.CULTURE_DEPARTMENT}


def test_suspended_contract_policy_as_decision_23_says() -> None:
    p = policy_get(code="QD23-TAM-HOAN-HDLD")
    steps = [(s.agency_kind, s.working_days) for s in p.steps.all()]
    assert [days for _, days in steps][:3] == [2, 2, 2]
    assert steps[0][0] == AgencyKind.DISTRICT_SOCIAL_INSURANCE
    assert AgencyKind.PROVINCE_COMMITTEE in [kind for kind, _ in steps]
    assert p.code_prefix == "NCOVI"
    signers = {d.key: d.signer for d in p.documents.all()}
    assert "employer" in signers.values() and "social_insurance" in signers.values()
    rule = p.rule()
    assert rule.kind == "tiered"
    assert sorted(t.amount for t in rule.tiers) == [1_855_000, 3_710_000]


def test_every_policy_of_both_decisions() -> None:
    codes = set(Policy.objects.values_list("code", flat=True))
    assert len([c for c in codes if c.startswith("QD23-")]) >= 11
    assert len([c for c in codes if c.startswith("QD15-")]) >= 7
    for p in Policy.objects.all():
        assert p.steps.exists(), p.code
        assert p.legal_basis and p.summary and p.confidence in {"V", "S", "U"}


def test_reasons_for_every_kind_in_both_languages() -> None:
    for kind in ("refuse", "reject", "supplement"):
        reasons = Reason.objects.filter(kind=kind)
        assert reasons.count() >= 5, kind
        assert all(r.text and r.text_en for r in reasons)
    # No reason in the catalog asks for paper or sealed copies (R2).
    texts = " ".join(Reason.objects.filter(kind="supplement").values_list("text", flat=True))
    assert "bản giấy" not in texts.lower()


def test_a_broken_policy_file_is_refused_and_changes_nothing(tmp_path: Path) -> None:
    for name in ("agencies.yaml", "reasons.yaml"):
        (tmp_path / name).write_bytes((DATA / name).read_bytes())
    text = (DATA / "policies.yaml").read_text(encoding="utf-8")
    (tmp_path / "policies.yaml").write_text(
        text.replace("working_days: 2", "working_days: hai", 1), encoding="utf-8"
    )
    before = Policy.objects.get(code="QD23-TAM-HOAN-HDLD").steps.count()
    with pytest.raises(ValidationError):
        catalog_load(data_dir=tmp_path, provinces={79})
    assert Policy.objects.get(code="QD23-TAM-HOAN-HDLD").steps.count() == before


def test_vertical_sectors_report_to_their_province_office() -> None:
    assert agency_get(code="000.91.46.H29").parent == agency_get(code="000.00.04.H29")  # BHXH
    assert agency_get(code="000.92.46.H29").parent == agency_get(code="000.00.05.H29")  # tax
    assert agency_get(code="000.90.46.H29").parent == agency_get(
        code="000.00.46.H29"
    )  # labour office

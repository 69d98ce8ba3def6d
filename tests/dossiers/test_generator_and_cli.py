"""The synthetic data generator and the `hotro` commands."""

from __future__ import annotations

import io
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from hotro.accounts.models import ApiToken, Role, User, token_digest
from hotro.catalog.selectors import kinds_acting_as
from hotro.demo import ACCOUNTS, demo_load
from hotro.dossiers.codes import CODE_PATTERN
from hotro.dossiers.generator import generate
from hotro.dossiers.history import chain_first_broken
from hotro.dossiers.models import CodeCounter, Document, Dossier

pytestmark = pytest.mark.django_db


def test_generated_dossiers_are_realistic_and_consistent() -> None:
    report = generate(count=200, provinces=[79, 51], seed=1)
    assert report.dossiers == Dossier.objects.count() == 200
    statuses = Counter(Dossier.objects.values_list("status", flat=True))
    assert len(statuses) >= 6
    codes = list(Dossier.objects.values_list("code", flat=True))
    assert len(set(codes)) == 200 and all(CODE_PATTERN.match(c) for c in codes)
    # Each agency-day counter equals the highest serial given, and serials have no gaps.
    for counter in CodeCounter.objects.all():
        serials = sorted(
            Dossier.objects.filter(
                agency_id=counter.agency_id, received_on=counter.day
            ).values_list("serial", flat=True)
        )
        assert serials == list(range(1, counter.last + 1))
    for dossier in Dossier.objects.all()[:50]:
        assert chain_first_broken(dossier) is None
        assert dossier.events.first().action == "submit"  # type: ignore[union-attr]
        if dossier.status in ("refused", "rejected"):
            last = dossier.events.order_by("-seq").first()
            assert last is not None and last.reason_code and last.reason_text  # R1 in the data too
    # Dossiers past receipt sit at a step whose agency is of the step's kind (R8 routing).
    for d in Dossier.objects.filter(step_agency__isnull=False).select_related(
        "step_agency", "policy"
    )[:50]:
        step = d.policy.steps.get(key=d.current_step)
        assert d.step_agency is not None and d.step_agency.kind in kinds_acting_as(step.agency_kind)
    assert Dossier.objects.filter(status="in_processing", step_agency__isnull=True).count() == 0
    names = " ".join(Dossier.objects.values_list("applicant_name", flat=True)[:50])
    assert any(ch in names for ch in "ăâđêôơư")


def test_a_submission_after_generation_continues_the_serials() -> None:
    generate(count=300, provinces=[79], seed=3)
    q1_today = Dossier.objects.filter(
        agency__code="000.00.46.H29", received_on="2021-10-13"
    ).count()
    user = User.objects.create(username="dn", role=Role.APPLICANT)
    from tests.factories import submit_sample

    dossier = submit_sample(user)
    assert dossier.serial == q1_today + 1


def test_demo_accounts_every_role_and_idempotent(settings: Any, tmp_path: Path) -> None:
    settings.HOTRO_SIGNING_DIR = str(tmp_path)  # the demo writes its own PKI and keys there
    demo_load(dossiers=50)
    # its sample dossiers carry documents signed by the employer and Social Insurance
    signed = Document.objects.filter(dossier__isnull=False, component="worker_list")
    assert signed.exists()
    assert {(d.signature_verdict, d.signer_party) for d in signed} == {("TOTAL_PASSED", "right")}
    assert (tmp_path / "agency-000.00.46.H29.p12").is_file()
    assert (tmp_path / "examples" / "xac-nhan-bhxh.pdf").is_file()
    # the demo employer is bound to its tax code by a challenge signed with the demo PKI
    (binding,) = User.objects.get(username="dn.anphat").bindings.all()
    assert (binding.identifier, binding.method) == ("0100233488", "certificate")
    assert binding.signer == "CÔNG TY TNHH AN PHÁT" and binding.challenge is not None
    roles = set(
        User.objects.filter(username__in=[a.username for a in ACCOUNTS]).values_list(
            "role", flat=True
        )
    )
    assert roles == {r.value for r in Role}
    assert demo_load(dossiers=50) is None
    assert Dossier.objects.count() == 50


def test_user_and_token_commands() -> None:
    out = io.StringIO()
    call_command(
        "user",
        "add",
        "canbo.test",
        "--role",
        "officer",
        "--agency",
        "000.00.46.H29",
        "--password",
        "mat-khau-dai-1",
        stdout=out,
    )
    user = User.objects.get(username="canbo.test")
    assert (
        user.role == Role.OFFICER
        and user.agency is not None
        and user.agency.code == "000.00.46.H29"
    )
    assert user.check_password("mat-khau-dai-1")
    with pytest.raises(CommandError):
        call_command("user", "add", "canbo.khong-co-cq", "--role", "officer")
    out = io.StringIO()
    call_command("token", "canbo.test", stdout=out)
    key = out.getvalue().strip()
    assert key.startswith("hotro_")
    assert ApiToken.objects.get(user=user).digest == token_digest(key)  # only the hash is kept
    with pytest.raises(CommandError):
        call_command("token", "khong-ai")


def test_generate_command_reports_speed() -> None:
    out = io.StringIO()
    call_command("generate", "--dossiers", "40", "--provinces", "51", stdout=out)
    assert out.getvalue().startswith("40 dossiers")
    assert Dossier.objects.filter(agency__province_code=51).count() == 40

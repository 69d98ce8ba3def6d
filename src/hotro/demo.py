"""The demo a newcomer explores after `make run`: accounts for every role at real agencies
of Hồ Chí Minh City and Quảng Ngãi, and a few hundred synthetic dossiers."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from hotro.accounts.binding import challenge_answer, challenge_issue
from hotro.accounts.models import IdentityBinding, Role, User
from hotro.accounts.services import totp_publish_demo, user_create
from hotro.catalog.selectors import agency_get
from hotro.demokey import DEMO_TOTP_KEY
from hotro.dossiers.generator import GenerateReport, generate
from hotro.dossiers.models import Dossier
from hotro.signatures import testpki
from hotro.signatures.demo import demo_signatures_load
from hotro.signatures.proofs import sign_cms
from hotro.signatures.signing import signer_from_pkcs12

PASSWORD = "hotro-demo-2021"  # noqa: S105 (published demo password)
PROVINCES = (79, 51)  # Hồ Chí Minh City (H29), Quảng Ngãi (H48)


@dataclass(frozen=True)
class DemoAccount:
    username: str
    role: Role
    agency: str | None
    full_name: str
    what: str
    head: bool = False


ACCOUNTS = [
    DemoAccount("quantri", Role.ADMIN, None, "Quản trị hệ thống", "administrator (Django admin)"),
    DemoAccount(
        "canbo.q1",
        Role.OFFICER,
        "000.00.46.H29",
        "Trần Thị Mai",
        "officer, People's Committee of Quận 1",
    ),
    DemoAccount(
        "lanhdao.q1",
        Role.OFFICER,
        "000.00.46.H29",
        "Nguyễn Thành Long",
        "head of the People's Committee of Quận 1 (gets the weekly digest)",
        head=True,
    ),
    DemoAccount(
        "canbo.bhxh.q1",
        Role.OFFICER,
        "000.91.46.H29",
        "Lê Văn Hùng",
        "officer, Social Insurance of Quận 1",
    ),
    DemoAccount(
        "canbo.ubnd.hcm",
        Role.OFFICER,
        "000.00.00.H29",
        "Phạm Quốc Tuấn",
        "officer, People's Committee of Hồ Chí Minh City",
    ),
    DemoAccount(
        "canbo.sldtbxh.hcm",
        Role.OFFICER,
        "000.00.03.H29",
        "Võ Ngọc Lan",
        "officer, Department of Labour of Hồ Chí Minh City",
    ),
    DemoAccount(
        "giamsat.hcm",
        Role.SUPERVISOR,
        "000.00.01.H29",
        "Hoàng Minh Khánh",
        "supervisor, office of the HCMC People's Committee (province scope)",
    ),
    DemoAccount(
        "giamsat.qngai",
        Role.SUPERVISOR,
        "000.00.01.H48",
        "Đặng Ngọc Dũng",
        "supervisor, office of the Quảng Ngãi People's Committee",
    ),
    DemoAccount(
        "giamsat.vpcp",
        Role.SUPERVISOR,
        "000.00.00.G01",
        "Nguyễn Văn Sơn",
        "supervisor, Government Office (national scope)",
    ),
    DemoAccount(
        "dn.anphat", Role.APPLICANT, None, "Công ty TNHH May mặc An Phát", "applicant, employer"
    ),
    DemoAccount("nld.hoa", Role.APPLICANT, None, "Nguyễn Thị Hòa", "applicant, worker"),
]


def demo_load(*, dossiers: int = 300) -> GenerateReport | None:
    """Create the demo accounts and dossiers; a second run adds nothing."""
    for account in ACCOUNTS:
        existing = User.objects.filter(username=account.username).first()
        if existing is not None:
            if account.role != Role.APPLICANT:
                totp_publish_demo(user=existing, key=DEMO_TOTP_KEY)
            continue
        user = user_create(
            username=account.username,
            role=account.role,
            password=PASSWORD,
            agency=agency_get(code=account.agency) if account.agency else None,
            full_name=account.full_name,
            agency_head=account.head,
        )
        if account.role != Role.APPLICANT:
            totp_publish_demo(user=user, key=DEMO_TOTP_KEY)
    report = None
    if not Dossier.objects.exists():
        report = generate(count=dossiers, provinces=PROVINCES, seed=2021)
        demo_signatures_load(provinces=PROVINCES)
    demo_employer_bind()
    return report


EMPLOYER = "dn.anphat"


def demo_employer_bind() -> IdentityBinding | None:
    """Bind the demo's employer account to its tax code as an enterprise would: a challenge,
    its text signed (CMS) with the employer's key of the demo PKI, answered through the
    service and judged by the validator against the trust store. Once; None without the
    demo PKI (it is written by the first `hotro demo`)."""
    user = User.objects.get(username=EMPLOYER)
    tax_code = testpki.EMPLOYER_TAX_CODE
    bound = IdentityBinding.objects.filter(user=user, identifier=tax_code, revoked_at=None)
    key = Path(settings.HOTRO_SIGNING_DIR) / "employer.p12"
    if bound.exists() or not key.is_file():
        return bound.first()
    passphrase = settings.HOTRO_SIGNING_PASSPHRASE.encode() or None
    signer = signer_from_pkcs12(key.read_bytes(), passphrase)
    challenge = challenge_issue(user=user, tax_code=tax_code)
    signed = sign_cms(challenge.text.encode(), signer)
    binding, _ = challenge_answer(user=user, challenge_id=str(challenge.id), content=signed)
    return binding

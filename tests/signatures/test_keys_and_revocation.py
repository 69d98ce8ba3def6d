"""Agency signing keys and revocation modes (issue 11, finding 7).

Keys: a key the configured passphrase does not open stops the action that would issue the
signed slip with a clear 503 and changes nothing; in production a key protected by no
passphrase, an empty one or the demo's published one is refused the same way.

Revocation: for a certificate whose CRL is not in the trust store, soft-fail accepts it and
hard-fail (and require) leave the signature INDETERMINATE / TRY_LATER, for PDF and XML alike.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from lxml import etree
from signxml import DigestAlgorithm, SignatureMethod, XMLSigner, methods

from hotro.accounts.models import Role, User
from hotro.dossiers.models import Document, Dossier, Event
from hotro.signatures import testpki, trust
from hotro.signatures.signing import key_problem, passphrase_problem
from tests import pki
from tests.conftest import Api
from tests.hostile import xsw

pytestmark = pytest.mark.django_db
Q1 = "000.00.46.H29"
STRONG = "Mật-khẩu-riêng-của-cơ-quan-2021!"


@pytest.fixture
def submitted(applicant_api: Api, submit_body: Callable[..., dict[str, Any]]) -> str:
    response = applicant_api.post("/dossiers", submit_body())
    assert response.status_code == 201, response.content
    code: str = response.json()["code"]
    return code


@pytest.fixture
def officer(make_user: Callable[..., User], api_for: Callable[..., Api]) -> Api:
    return api_for(make_user(Role.OFFICER, Q1))


def _key_dir(tmp_path: Path, passphrase: bytes) -> str:
    directory = tmp_path / "signing"
    directory.mkdir()
    key = pki.demo().agencies[Q1].pkcs12(passphrase)
    (directory / f"agency-{Q1}.p12").write_bytes(key)
    return str(directory)


def _refused_receive(officer: Api, code: str, expected: str) -> None:
    before = Dossier.objects.get(code=code)
    events = Event.objects.filter(dossier=before).count()
    response = officer.post(f"/dossiers/{code}/actions/receive", {})
    assert response.status_code == 503, response.content
    assert response["Content-Type"].startswith("application/problem+json")
    problem = response.json()
    assert problem["code"] == expected
    assert Q1 in problem["title"] and "khoá ký số" in problem["title"]
    after = Dossier.objects.get(code=code)
    assert (after.status, after.version) == (before.status, before.version)  # nothing changed
    assert Event.objects.filter(dossier=after).count() == events
    assert not Document.objects.filter(dossier=after, component="phieu_tiep_nhan").exists()


def test_a_wrong_passphrase_is_a_clear_503_not_a_crash(
    settings: Any, submitted: str, officer: Api
) -> None:
    settings.HOTRO_SIGNING_PASSPHRASE = "not-the-passphrase"
    _refused_receive(officer, submitted, "signing_key_unusable")
    english = officer.client.post(
        f"/api/v1/dossiers/{submitted}/actions/receive",
        "{}",
        content_type="application/json",
        headers={**officer.headers, "Accept-Language": "en"},
    )
    assert english.json()["title"].startswith("No usable signing key for agency 000.00.46.H29")


@pytest.mark.parametrize(
    ("passphrase", "expected"),
    [
        (testpki.DEMO_PASSPHRASE.decode(), "signing_key_passphrase_demo"),
        ("", "signing_key_passphrase_empty"),
    ],
    ids=["demo-passphrase", "empty-passphrase"],
)
def test_production_refuses_a_key_with_the_demo_or_no_passphrase(
    settings: Any, submitted: str, officer: Api, passphrase: str, expected: str
) -> None:
    settings.PRODUCTION = True
    settings.HOTRO_SIGNING_PASSPHRASE = passphrase
    _refused_receive(officer, submitted, expected)


def test_production_refuses_an_unencrypted_key(
    settings: Any, tmp_path: Path, submitted: str, officer: Api
) -> None:
    settings.PRODUCTION = True
    settings.HOTRO_SIGNING_DIR = _key_dir(tmp_path, b"")  # not encrypted at all
    settings.HOTRO_SIGNING_PASSPHRASE = STRONG
    _refused_receive(officer, submitted, "signing_key_unencrypted")


def test_production_signs_with_a_protected_key(
    settings: Any, tmp_path: Path, submitted: str, officer: Api
) -> None:
    settings.PRODUCTION = True
    settings.HOTRO_SIGNING_DIR = _key_dir(tmp_path, STRONG.encode())
    settings.HOTRO_SIGNING_PASSPHRASE = STRONG
    assert officer.post(f"/dossiers/{submitted}/actions/receive", {}).status_code == 200
    slip = Document.objects.get(dossier__code=submitted, component="phieu_tiep_nhan")
    assert slip.signature_verdict == "TOTAL_PASSED"


def test_the_demo_may_use_an_unencrypted_key(
    settings: Any, tmp_path: Path, submitted: str, officer: Api
) -> None:
    settings.PRODUCTION = False
    settings.HOTRO_SIGNING_DIR = _key_dir(tmp_path, b"")
    settings.HOTRO_SIGNING_PASSPHRASE = ""
    assert officer.post(f"/dossiers/{submitted}/actions/receive", {}).status_code == 200


def test_the_key_rules_as_functions() -> None:
    demo = testpki.DEMO_PASSPHRASE
    assert passphrase_problem(b"", production=False) is None
    assert passphrase_problem(demo, production=False) is None
    assert passphrase_problem(b"", production=True) == "signing_key_passphrase_empty"
    assert passphrase_problem(demo, production=True) == "signing_key_passphrase_demo"
    assert passphrase_problem(STRONG.encode(), production=True) is None
    issued = pki.demo().agencies[Q1]
    assert key_problem(issued.pkcs12(b""), STRONG.encode(), production=True) == (
        "signing_key_unencrypted"
    )
    assert key_problem(issued.pkcs12(STRONG.encode()), STRONG.encode(), production=True) is None
    assert key_problem(issued.pkcs12(b""), b"", production=False) is None


# Revocation --------------------------------------------------------------------------------


def _without_crl() -> tuple[testpki.Issued, testpki.Issued]:
    """A signer under a new CA of the trusted root: its certificate names a CRL distribution
    point, and no CRL of that CA is in the trust store (nor fetched: fetching is off)."""
    ca = testpki.sub_ca(pki.demo().root, "CA mới thử nghiệm", organisation="CA mới (thử nghiệm)")
    leaf = testpki.signer(
        ca, testpki.name("CÔNG TY TNHH AN PHÁT", organisation="Công ty TNHH An Phát")
    )
    return ca, leaf


def _signed(kind: str, ca: testpki.Issued | None, leaf: testpki.Issued) -> tuple[str, bytes]:
    if kind == "pdf":
        return "ky-so.pdf", pki.sign(leaf)  # the PKCS#12 carries the chain into the CMS
    chain = [leaf.cert_pem().decode()] + ([ca.cert_pem().decode()] if ca else [])
    signed = XMLSigner(
        method=methods.enveloped,
        signature_algorithm=SignatureMethod.ECDSA_SHA256,
        digest_algorithm=DigestAlgorithm.SHA256,
    ).sign(xsw.confirmation(), key=leaf.key_pem(), cert=chain)
    return "ky-so.xml", etree.tostring(signed)


def _verdict(api: Api, name: str, content: bytes) -> tuple[str, str]:
    response = api.upload("/documents", name, content)
    assert response.status_code == 201, response.content
    data = response.json()
    (signature,) = data["signature_report"]["signatures"]
    return data["signature_verdict"], signature["sub_indication"]


@pytest.mark.parametrize("kind", ["pdf", "xml"])
@pytest.mark.parametrize(
    ("mode", "expected"),
    [
        ("soft-fail", ("TOTAL_PASSED", "")),
        ("hard-fail", ("INDETERMINATE", "TRY_LATER")),
        ("require", ("INDETERMINATE", "TRY_LATER")),
    ],
)
def test_a_certificate_without_a_crl_by_revocation_mode(
    settings: Any, applicant_api: Api, kind: str, mode: str, expected: tuple[str, str]
) -> None:
    settings.HOTRO_SIGNATURE_REVOCATION_MODE = mode
    ca, leaf = _without_crl()
    assert _verdict(applicant_api, *_signed(kind, ca, leaf)) == expected


@pytest.mark.parametrize("kind", ["pdf", "xml"])
@pytest.mark.parametrize("mode", trust.REVOCATION_MODES)
def test_a_certificate_whose_crl_is_loaded_passes_in_every_mode(
    settings: Any, applicant_api: Api, kind: str, mode: str
) -> None:
    settings.HOTRO_SIGNATURE_REVOCATION_MODE = mode
    assert _verdict(applicant_api, *_signed(kind, None, pki.demo().employer)) == (
        "TOTAL_PASSED",
        "",
    )


def test_an_unknown_revocation_mode_stops_the_process_at_its_checks(settings: Any) -> None:
    settings.HOTRO_SIGNATURE_REVOCATION_MODE = "lenient"
    (error,) = trust.revocation_mode_check()
    assert error.id == "signatures.E001" and "lenient" in error.msg
    with pytest.raises(SystemCheckError):
        call_command("check")
    settings.HOTRO_SIGNATURE_REVOCATION_MODE = " Hard-Fail "
    assert trust.revocation_mode_check() == []

"""What agencies issue is signed with their key (PAdES, visible seal) and accepted by our
validator and by pyHanko's command line; the trust store is loaded from files made by
another tool (openssl), and only then are that PKI's signatures trusted."""

from __future__ import annotations

import datetime as dt
import io
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from django.core.management import call_command
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import signers
from pypdf import PdfReader

from hotro.accounts.models import Role, User
from hotro.core import clock
from hotro.dossiers.models import Document
from hotro.signatures import report as r
from hotro.signatures.services import signatures_check
from tests import pki
from tests.conftest import Api
from tests.factories import pdf_bytes

pytestmark = pytest.mark.django_db
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


@pytest.fixture
def receipt(
    applicant_api: Api,
    submit_body: Callable[..., dict[str, object]],
    make_user: Callable[..., User],
    api_for: Callable[..., Api],
) -> Document:
    code = applicant_api.post("/dossiers", submit_body()).json()["code"]
    officer = api_for(make_user(Role.OFFICER, "000.00.46.H29"))
    assert officer.post(f"/dossiers/{code}/actions/receive", {}).status_code == 200
    return Document.objects.get(dossier__code=code, component="phieu_tiep_nhan")


def test_the_receipt_slip_is_signed_by_the_receiving_agency(receipt: Document) -> None:
    assert receipt.signature_verdict == "TOTAL_PASSED"
    (sig,) = receipt.signature_report["signatures"]
    assert sig["signer"]["common_name"] == "ỦY BAN NHÂN DÂN QUẬN 1"
    assert sig["signing_time"].startswith("2021-10-13T02:30")  # 09:30 in Vietnam
    with receipt.file.open("rb") as f:
        data = f.read()
    text = PdfReader(io.BytesIO(data)).pages[0].extract_text()
    assert "Ký bởi: Ủy ban nhân dân Quận 1" in text
    assert "Thời gian ký: 13/10/2021 09:30:00 +07:00" in text
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "phieu-tiep-nhan-da-ky.pdf").write_bytes(data)


def test_pyhankos_command_line_accepts_the_signed_slip(receipt: Document, tmp_path: Path) -> None:
    slip = tmp_path / "slip.pdf"
    with receipt.file.open("rb") as f:
        slip.write_bytes(f.read())
    root = tmp_path / "root.pem"
    root.write_bytes(pki.demo().root.cert_pem())
    out = subprocess.run(  # noqa: S603 (our own file, our own venv)
        [
            str(Path(__import__("sys").executable).parent / "pyhanko"),
            "sign",
            "validate",
            "--trust",
            str(root),
            "--trust-replace",
            "--no-revocation-check",
            "--executive-summary",
            str(slip),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert out.returncode == 0, out.stdout + out.stderr
    assert "VALID" in out.stdout and "INVALID" not in out.stdout, out.stdout


def test_an_agency_without_a_key_issues_an_unsigned_slip(
    receipt: Document, settings: object
) -> None:
    settings.HOTRO_SIGNING_DIR = "/nonexistent"  # type: ignore[attr-defined]
    from hotro.documents.slips import Slip, render

    data = render(Slip.PROCESS_CONTROL, receipt.dossier)  # type: ignore[arg-type]
    now = clock.now()
    assert signatures_check(content=data, moment=now, received_at=now).signatures == []


def _openssl(*args: str, cwd: Path) -> None:
    subprocess.run(["openssl", *args], cwd=cwd, check=True, capture_output=True)  # noqa: S603,S607


def test_another_tools_pki_is_trusted_only_once_its_root_is_added(tmp_path: Path) -> None:
    with clock.frozen(dt.datetime.now(dt.UTC) + dt.timedelta(minutes=1)):
        _another_tools_pki(tmp_path)


def _another_tools_pki(tmp_path: Path) -> None:
    """A PKI made by openssl today (so the test lives today, not in 2021), a PDF signed by
    pyHanko's own signer."""
    _openssl(
        "req",
        "-x509",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:P-256",
        "-nodes",
        "-keyout",
        "root.key",
        "-out",
        "root.pem",
        "-days",
        "7300",
        "-subj",
        "/C=VN/CN=Other Root",
        "-addext",
        "basicConstraints=critical,CA:TRUE",
        "-addext",
        "keyUsage=critical,keyCertSign,cRLSign",
        cwd=tmp_path,
    )
    _openssl(
        "req",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:P-256",
        "-nodes",
        "-keyout",
        "leaf.key",
        "-out",
        "leaf.csr",
        "-subj",
        "/C=VN/O=Other Co/CN=Other Signer",
        cwd=tmp_path,
    )
    (tmp_path / "ext.cnf").write_text(
        "basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,nonRepudiation\n"
    )
    _openssl(
        "x509",
        "-req",
        "-in",
        "leaf.csr",
        "-CA",
        "root.pem",
        "-CAkey",
        "root.key",
        "-CAcreateserial",
        "-out",
        "leaf.pem",
        "-days",
        "3650",
        "-extfile",
        "ext.cnf",
        cwd=tmp_path,
    )
    signer = signers.SimpleSigner.load(
        str(tmp_path / "leaf.key"),
        str(tmp_path / "leaf.pem"),
        ca_chain_files=[str(tmp_path / "root.pem")],
    )
    assert signer is not None
    data = signers.sign_pdf(
        IncrementalPdfFileWriter(io.BytesIO(pdf_bytes("cong cu khac"))),
        signers.PdfSignatureMetadata(field_name="Other"),
        signer=signer,
    ).getvalue()

    def verdict() -> tuple[str, str]:
        now = clock.now()
        (sig,) = signatures_check(content=data, moment=now, received_at=now).signatures
        return sig.indication.value, sig.sub_indication

    assert verdict() == ("INDETERMINATE", r.NO_CERTIFICATE_CHAIN_FOUND)
    call_command("trust", "add", str(tmp_path / "root.pem"))
    assert verdict() == ("TOTAL_PASSED", "")


def test_trust_commands_refuse_what_is_not_a_ca(tmp_path: Path) -> None:
    from django.core.management.base import CommandError

    leaf = tmp_path / "leaf.pem"
    leaf.write_bytes(pki.demo().employer.cert_pem())
    with pytest.raises(CommandError, match="certificate_not_ca"):
        call_command("trust", "add", str(leaf))
    junk = tmp_path / "junk.crl"
    junk.write_bytes(b"not a crl")
    with pytest.raises(CommandError, match="crl_unreadable"):
        call_command("trust", "crl", str(junk))


def test_testpki_command_writes_the_demo_pki(tmp_path: Path) -> None:
    call_command("testpki", str(tmp_path), "--agency", "000.00.46.H29=Ủy ban nhân dân Quận 1")
    names = sorted(p.name for p in tmp_path.iterdir())
    assert "root.pem" in names and "employer.p12" in names and "social-insurance.p12" in names
    assert "agency-000.00.46.H29.p12" in names and "crl-provider-a.crl" in names


def test_revalidation_after_a_root_is_added_changes_the_verdicts(
    applicant_api: Api, tmp_path: Path
) -> None:
    from hotro.signatures import testpki

    other_root = testpki.root_ca("Gốc thêm sau")
    other_ca = testpki.sub_ca(other_root, "CA thêm sau", organisation="Nhà cung cấp khác")
    signer = testpki.signer(other_ca, testpki.name("CÔNG TY TNHH AN PHÁT", uid="MST:0100233488"))
    uploaded = applicant_api.upload("/documents", "ds.pdf", pki.sign(signer)).json()
    assert uploaded["signature_verdict"] == "INDETERMINATE"
    (tmp_path / "root.pem").write_bytes(other_root.cert_pem() + other_ca.cert_pem())
    call_command("trust", "add", str(tmp_path / "root.pem"))
    out = io.StringIO()
    call_command("trust", "revalidate", "--verdict", "INDETERMINATE", stdout=out)
    assert "1 changed" in out.getvalue()
    assert Document.objects.get(id=uploaded["id"]).signature_verdict == "TOTAL_PASSED"

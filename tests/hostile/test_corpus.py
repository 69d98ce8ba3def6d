"""Every file of the hostile corpus through every upload path: the API's documents, worker list,
signature validation and supplement action; the applicant's document, worker-list and
supplement pages; the trust store (the command and the admin, certificates and CRLs).

For each file and path: a clear answer (a 4xx problem+json, a page naming the field, a refused
command, or an accepted file whose report says it cannot be read as signed), nothing left
behind (no row, no stored file, no change to the dossier or the store), memory bounded (the
rise of this process's resident set while the request ran), and the application still serving
when the family is done. Run with HOTRO_RSS_REPORT=path to keep the figures, and
`python -m tests.hostile.memory path` to read them per family."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import Client

from hotro.accounts.models import Role, User
from hotro.accounts.services import token_issue
from hotro.dossiers.actions import ActionInput, SupplementItem, dossier_act
from hotro.dossiers.domain.lifecycle import Action
from hotro.dossiers.models import Document, Dossier
from hotro.signatures.models import RevocationList, TrustedCertificate
from tests.conftest import Api
from tests.factories import submit_sample
from tests.hostile.corpus import Hostile, everything
from tests.hostile.memory import peak_rise
from tests.web.helpers import otp_code, with_second_factor

pytestmark = pytest.mark.django_db
MEMORY_BOUND_MB = 160  # per request, over the process's resident set before it
POLICY = "QD23-TAM-HOAN-HDLD"
FAMILIES = sorted({h.family for h in everything()})
XSW_NAME = "xac-nhan.xml"


def stored_files() -> int:
    root = Path(settings.MEDIA_ROOT)
    return sum(len(files) for _, _, files in os.walk(root)) if root.exists() else 0


def unreadable(doc: Document) -> bool:
    """What an accepted hostile file must be: reported unreadable, or for a wrapped (XSW)
    signature, counted as no valid signature at all."""
    return bool((doc.signature_report or {}).get("error")) or (
        doc.filename == XSW_NAME and not passed(doc.signature_report)
    )


def passed(report: dict[str, Any] | None) -> bool:
    signatures = (report or {}).get("signatures") or []
    return any(s.get("indication") == "TOTAL_PASSED" for s in signatures)


def problem(r: Any) -> str | None:
    if not 400 <= r.status_code < 500:
        return f"status {r.status_code}"
    if not r["Content-Type"].startswith("application/problem+json"):
        return f"{r.status_code} as {r['Content-Type']}"
    return None


class Paths:
    """One method per upload path: send the file, return what is wrong with the answer (None
    when it is right)."""

    def __init__(self, applicant: User, officer: User, admin: Client, code: str) -> None:
        self.applicant, self.officer, self.code = applicant, officer, code
        self.fresh = 0
        self.api = Api(token_issue(user=applicant))
        self.officer_api = Api(token_issue(user=officer))
        self.pages = Client()
        self.pages.force_login(applicant)
        self.admin = admin

    def _nothing_new(self, docs: int, files: int) -> str | None:
        if Document.objects.count() != docs or stored_files() != files:
            return "a refused file left a row or a stored file"
        return None

    def api_documents(self, h: Hostile) -> str | None:
        docs, files = Document.objects.count(), stored_files()
        r = self.api.upload("/documents", h.filename, h.content())
        if r.status_code == 201:
            doc = Document.objects.get(id=r.json()["id"])
            return None if unreadable(doc) else "accepted, and not reported unreadable"
        return problem(r) or self._nothing_new(docs, files)

    def api_worker_list(self, h: Hostile) -> str | None:
        r = self.api.upload(f"/catalog/policies/{POLICY}/worker-list", h.filename, h.content())
        return problem(r)

    def api_validate(self, h: Hostile) -> str | None:
        r = self.officer_api.upload("/signatures/validate", h.filename, h.content())
        if r.status_code == 200:
            report = r.json()
            if report.get("error") or (h.family == "xsw" and not passed(report)):
                return None
            return "validated, and not reported unreadable"
        return problem(r)

    def _ask_again(self) -> None:
        if Dossier.objects.get(code=self.code).status != "awaiting_supplement":
            # An accepted supplement moved it on, and a dossier is asked only once (R3): the
            # next file goes to a new dossier awaiting its supplement.
            self.fresh += 1
            self.code = submit_sample(
                self.applicant, national_id=f"0791900{self.fresh:05d}", salt=f"h{self.fresh}"
            ).code
            ask_supplement(self.officer, self.code)

    def api_supplement(self, h: Hostile) -> str | None:
        self._ask_again()
        docs, files = Document.objects.count(), stored_files()
        r = self.api.upload("/documents", h.filename, h.content())
        if r.status_code != 201:
            wrong = problem(r) or self._nothing_new(docs, files)
            if Dossier.objects.get(code=self.code).status != "awaiting_supplement":
                wrong = "the dossier moved on"
            return wrong
        upload = r.json()["id"]
        r = self.api.post(
            f"/dossiers/{self.code}/actions/supplement",
            {"note": "Bổ sung", "documents": [{"component": "worker_list", "upload_id": upload}]},
        )
        if r.status_code != 200:
            return problem(r)
        return None if unreadable(Document.objects.get(id=upload)) else "attached as readable"

    def page_supplement(self, h: Hostile) -> str | None:
        self._ask_again()
        docs, files = Document.objects.count(), stored_files()
        known = set(Document.objects.values_list("id", flat=True))
        r = self.pages.post(
            f"/ho-so-cua-toi/{self.code}/bo-sung/",
            {"note": "Bổ sung", "tep_worker_list": SimpleUploadedFile(h.filename, h.content())},
        )
        if r.status_code == 302:  # accepted: the document must say it is unreadable
            new = Document.objects.filter(dossier__code=self.code).exclude(id__in=known)
            return None if new and all(unreadable(d) for d in new) else "accepted as readable"
        if r.status_code != 200 or "form-errors" not in r.content.decode():
            return f"page {r.status_code} without the field's error"
        if Dossier.objects.get(code=self.code).status != "awaiting_supplement":
            return "the dossier moved on"
        return self._nothing_new(docs, files)

    def page_documents(self, h: Hostile) -> str | None:
        docs, files = Document.objects.count(), stored_files()
        known = set(Document.objects.values_list("id", flat=True))
        r = self.pages.post(
            f"/nop-ho-so/{POLICY}/tai-lieu/",
            {"tep_worker_list": SimpleUploadedFile(h.filename, h.content())},
        )
        if r.status_code != 200:
            return f"page {r.status_code}"
        new = Document.objects.exclude(id__in=known)
        if new:
            return None if all(unreadable(d) for d in new) else "accepted as readable"
        if 'id="tep_worker_list_error"' not in r.content.decode():
            return "no error beside the field"
        return self._nothing_new(docs, files)

    def page_worker_list(self, h: Hostile) -> str | None:
        r = self.pages.post(
            f"/nop-ho-so/{POLICY}/nguoi-huong/",
            {"file": SimpleUploadedFile(h.filename, h.content())},
        )
        if r.status_code != 200:
            return f"page {r.status_code}"
        page = r.content.decode()
        if "Đã đọc" in page or "errorlist" not in page:
            return "read as a worker list, or no error shown"
        return None

    def trust_command(self, h: Hostile, tmp: Path) -> str | None:
        path = tmp / h.filename
        path.write_bytes(h.content())
        before = (TrustedCertificate.objects.count(), RevocationList.objects.count())
        for action in ("add", "crl"):
            try:
                call_command("trust", action, str(path))
            except CommandError:
                pass
            else:
                return f"`hotro trust {action}` took it"
        if (TrustedCertificate.objects.count(), RevocationList.objects.count()) != before:
            return "the trust store changed"
        return None

    def trust_admin(self, h: Hostile) -> str | None:
        before = (TrustedCertificate.objects.count(), RevocationList.objects.count())
        for model in ("trustedcertificate", "revocationlist"):
            r = self.admin.post(
                f"/admin/signatures/{model}/add/",
                {"file": SimpleUploadedFile(h.filename, h.content())},
            )
            if r.status_code == 413:  # over the page's body limit: refused before it is read
                continue
            if r.status_code != 200 or "errorlist" not in r.content.decode():
                return f"admin {model}: {r.status_code} without a form error"
        if (TrustedCertificate.objects.count(), RevocationList.objects.count()) != before:
            return "the trust store changed"
        return None


def ask_supplement(officer: User, code: str) -> None:
    dossier_act(
        user=officer,
        code=code,
        action=Action.REQUEST_SUPPLEMENT,
        data=ActionInput(
            reason_code="BS-01",
            reason_text="Bổ sung danh sách.",
            items=[SupplementItem(description="Danh sách mới", component="worker_list")],
        ),
    )


@pytest.fixture
def paths(make_user: Callable[..., User], applicant: User) -> Iterator[Paths]:
    officer = make_user(Role.OFFICER, "000.00.46.H29")
    code = submit_sample(applicant).code
    ask_supplement(officer, code)
    admin_user = with_second_factor(make_user(Role.ADMIN))
    admin = Client()
    admin.post("/admin/login/", {"username": admin_user.username, "password": "secret-password-1"})
    assert admin.post("/xac-thuc/", {"token": otp_code()}).status_code == 302
    yield Paths(applicant, officer, admin, code)


PATH_NAMES = [
    "api_documents",
    "api_worker_list",
    "api_validate",
    "api_supplement",
    "page_supplement",
    "page_documents",
    "page_worker_list",
    "trust_command",
    "trust_admin",
]


@pytest.mark.parametrize("path", PATH_NAMES)
@pytest.mark.parametrize("family", FAMILIES)
def test_every_hostile_file_through_every_path(
    paths: Paths, family: str, path: str, tmp_path: Path
) -> None:
    send = getattr(paths, path)
    wrong = []
    for h in (h for h in everything() if h.family == family):
        h.content()  # generated before the measurement
        with peak_rise(f"{h.name} via {path}", family) as peak:
            answer = send(h, tmp_path) if path == "trust_command" else send(h)
        if answer is not None:
            wrong.append(f"{h.name}: {answer}")
        if peak.mb > MEMORY_BOUND_MB:
            wrong.append(f"{h.name}: {peak.mb:.0f} MB")
    assert paths.api.get("/catalog/policies").status_code == 200  # still serving
    assert not wrong, "\n".join(wrong)

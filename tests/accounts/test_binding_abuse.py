"""Answering a binding challenge is a full signature validation: it counts against the upload
limit on the API and the page, its PDF is checked as a whole before the validator reads it, and
its refusal says which code was missing. Found by an outside pass after finding 8 was closed:
70 answers in 1.9 s, no 429, and a title reading "{token}"."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from hotro.accounts import binding
from hotro.accounts.models import IdentityBinding, User
from tests import pki
from tests.api.test_rate_limits import assert_429, assert_page_429, rates
from tests.binding import answer, ask, problem
from tests.conftest import Api
from tests.factories import pdf_bytes

pytestmark = pytest.mark.django_db


def nonceless() -> bytes:
    """An Phát's genuinely signed PDF that carries no challenge code: what a stranger holds."""
    return pki.sign(pki.demo().employer, pdf_bytes("danh sach"))


def test_answers_count_against_the_upload_limit(
    settings: Any, applicant: User, applicant_api: Api
) -> None:
    rates(settings, upload={"user": "3/10m", "ip": "100/10m"})
    challenge, signed = ask(applicant_api), nonceless()
    for _ in range(3):
        problem(answer(applicant_api, challenge["id"], signed), 422, "binding_nonce_missing")
    assert_429(answer(applicant_api, challenge["id"], signed))
    assert not IdentityBinding.objects.filter(user=applicant).exists()


def test_the_page_counts_its_answers_too(
    settings: Any, client: Client, applicant: User, applicant_api: Api
) -> None:
    rates(settings, upload={"user": "2/10m", "ip": "100/10m"})
    challenge, signed = ask(applicant_api), nonceless()
    client.force_login(applicant)
    url = f"/tai-khoan/xac-minh/{challenge['id']}/"
    for _ in range(2):
        page = client.post(url, {"file": SimpleUploadedFile("ky.pdf", signed)})
        assert page.status_code == 200 and "mã xác minh" in page.content.decode()
    assert_page_429(client.post(url, {"file": SimpleUploadedFile("ky.pdf", signed)}))


def test_the_refusal_names_the_missing_code(applicant_api: Api) -> None:
    challenge = ask(applicant_api)
    data = problem(
        answer(applicant_api, challenge["id"], nonceless()), 422, "binding_nonce_missing"
    )
    assert challenge["token"] in data["title"] and "{" not in data["title"], data


def test_a_pdf_answer_is_checked_whole_before_any_validation(
    applicant: User, applicant_api: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    def validated(*_: object, **__: object) -> None:
        raise AssertionError("the validator read a file the upload checks refuse")

    monkeypatch.setattr(binding, "proof_check", validated)
    challenge = ask(applicant_api)
    polyglot = b"%PDF-1.7\n<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>"
    problem(
        answer(applicant_api, challenge["id"], polyglot, "ky.pdf"), 422, "upload_markup", "file"
    )
    assert not IdentityBinding.objects.filter(user=applicant).exists()

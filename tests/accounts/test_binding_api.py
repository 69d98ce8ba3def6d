"""Finding 8 through the API: a self-registered account that files as An Phát with An Phát's
really signed PDFs is flagged to the officer and its employer signature is not the right
party's, until the account is bound to An Phát's tax code by a challenge An Phát signs.
Every way of answering a challenge falsely is refused with problem+json and binds nothing."""

from __future__ import annotations

import base64
import datetime as dt
import io
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from cryptography.hazmat.primitives import serialization
from django.test import Client
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from weasyprint import HTML

from hotro.accounts.models import BindingChallenge, IdentityBinding, Role, User
from hotro.accounts.services import token_issue
from hotro.core import clock
from hotro.dossiers.models import Dossier
from hotro.signatures import testpki
from hotro.signatures.services import crl_add
from hotro.signatures.trust import _material
from tests import pki
from tests.binding import OTHER_TAX_CODE, answer, ask, bind, cms_over, problem
from tests.conftest import Api
from tests.factories import APPLICANT, pdf_bytes

pytestmark = pytest.mark.django_db
Q1 = "000.00.46.H29"
AN_PHAT = APPLICANT["tax_code"]


def file_as_an_phat(api: Api, body: dict[str, Any]) -> dict[str, Any]:
    """Upload An Phát's worker list signed by An Phát and the confirmation signed by Social
    Insurance, and file them as An Phát."""
    docs = []
    signed = {
        "worker_list": pki.sign(pki.demo().employer, pdf_bytes("danh sach an phat")),
        "social_insurance_confirmation": pki.sign(pki.demo().social_insurance, pdf_bytes("xn")),
    }
    for component, content in signed.items():
        r = api.upload("/documents", f"{component}.pdf", content)
        assert r.status_code == 201, r.content
        docs.append({"component": component, "upload_id": r.json()["id"]})
    r = api.post("/dossiers", {**body, "documents": docs})
    assert r.status_code == 201, r.content
    data: dict[str, Any] = r.json()
    return data


@pytest.fixture
def desk(make_user: Callable[..., User], api_for: Callable[..., Api]) -> dict[str, Api]:
    return {
        "q1": api_for(make_user(Role.OFFICER, Q1)),
        "bhxh": api_for(make_user(Role.OFFICER, "000.91.46.H29")),
    }


def ask_paper_of_the_worker_list(api: Api, code: str) -> Any:
    return api.post(
        f"/dossiers/{code}/actions/request_supplement",
        {
            "reason_code": "BS-01",
            "reason_text": "Đề nghị nộp bản giấy có đóng dấu.",
            "items": [{"component": "worker_list", "kind": "paper_copy", "description": "Bản"}],
        },
    )


def test_a_stranger_filing_as_an_phat_is_flagged_until_an_phat_signs_its_challenge(
    client: Client, submit_body: Callable[..., dict[str, Any]], desk: dict[str, Api]
) -> None:
    # A fresh account registers itself, typing An Phát's tax code.
    r = client.post(
        "/dang-ky/",
        {
            "username": "ke.mao.danh",
            "full_name": "Công ty TNHH May mặc An Phát",
            "tax_code": AN_PHAT,
            "password1": "mat-khau-rat-dai-1",
            "password2": "mat-khau-rat-dai-1",
        },
    )
    assert r.status_code == 302, r.content.decode()[:2000]
    stranger = User.objects.get(username="ke.mao.danh")
    api = Api(token_issue(user=stranger))
    dossier = file_as_an_phat(api, submit_body(api=api))
    parties = {d["component"]: d["signer_party"] for d in dossier["documents"]}
    # An Phát's valid signature does not make the stranger An Phát; Social Insurance's is
    # a third party's and counts whoever files.
    assert parties == {"worker_list": "unproven", "social_insurance_confirmation": "right"}
    assert dossier["applicant_verified"] is False and dossier["applicant_verified_by"] == ""
    code = dossier["code"]
    seen = desk["q1"].get(f"/dossiers/{code}").json()
    assert seen["applicant_verified"] is False
    listed = desk["q1"].get("/dossiers").json()["items"]
    assert [d["applicant_verified"] for d in listed if d["code"] == code] == [False]
    # R2 does not shield the worker list: the officer may ask for a paper copy.
    assert desk["q1"].post(f"/dossiers/{code}/actions/receive", {}).status_code == 200
    assert ask_paper_of_the_worker_list(desk["bhxh"], code).status_code == 200

    # An Phát binds the account: it signs the challenge with its own certificate.
    challenge = ask(api)
    assert challenge["token"] in challenge["text"] and stranger.username in challenge["text"]
    r = answer(api, challenge["id"], cms_over(pki.demo().employer, challenge["text"].encode()))
    assert r.status_code == 201, r.content
    assert (r.json()["identifier"], r.json()["method"]) == (AN_PHAT, "certificate")
    bound = api.get("/account/bindings").json()
    assert [(b["identifier"], b["active"]) for b in bound] == [(AN_PHAT, True)]
    assert bound[0]["signer"] == "CÔNG TY TNHH AN PHÁT" and len(bound[0]["document_sha256"]) == 64

    again = file_as_an_phat(api, submit_body(api=api))
    assert {d["component"]: d["signer_party"] for d in again["documents"]} == {
        "worker_list": "right",
        "social_insurance_confirmation": "right",
    }
    assert again["applicant_verified"] is True and again["applicant_verified_by"] == "certificate"
    assert desk["q1"].post(f"/dossiers/{again['code']}/actions/receive", {}).status_code == 200
    refused = ask_paper_of_the_worker_list(desk["bhxh"], again["code"])
    assert problem(refused, 422, "paper_for_signed_component")["rule"] == "R2"
    # the first dossier keeps the flag it was given when it was filed
    assert Dossier.objects.get(code=code).applicant_verified_by == ""


def test_a_bound_account_may_not_file_for_another_tax_code(
    applicant: User, applicant_api: Api, submit_body: Callable[..., dict[str, Any]]
) -> None:
    bind(applicant)
    body = submit_body()
    body["applicant"] = {**body["applicant"], "tax_code": OTHER_TAX_CODE}
    before = Dossier.objects.count()
    data = problem(
        applicant_api.post("/dossiers", body), 422, "validation_failed", "applicant.tax_code"
    )
    assert data["errors"][0]["code"] == "tax_code_not_bound"
    assert (
        AN_PHAT in data["errors"][0]["message"] and OTHER_TAX_CODE in data["errors"][0]["message"]
    )
    assert Dossier.objects.count() == before
    # its own tax code is still fine
    assert applicant_api.post("/dossiers", submit_body()).status_code == 201


@pytest.mark.parametrize("how", ["pdf", "cms-attached", "cms-detached", "cms-detached-crlf", "pem"])
def test_each_way_of_signing_the_challenge_binds(
    applicant: User, applicant_api: Api, how: str
) -> None:
    challenge = ask(applicant_api)
    text = challenge["text"].encode()
    employer = pki.demo().employer
    if how == "pdf":
        r = applicant_api.client.get(challenge["pdf_url"], headers=applicant_api.headers)
        assert r.status_code == 200 and r["Content-Type"] == "application/pdf"
        content = pki.sign(employer, r.content)
    elif how == "cms-attached":
        content = cms_over(employer, text)
    elif how == "cms-detached":
        served = applicant_api.client.get(challenge["text_url"], headers=applicant_api.headers)
        assert served.content == text
        content = cms_over(employer, served.content, detached=True)
    elif how == "cms-detached-crlf":  # a Windows tool that rewrote the line endings
        content = cms_over(employer, text.replace(b"\n", b"\r\n"), detached=True)
    else:
        der = cms_over(employer, text)
        content = b"-----BEGIN PKCS7-----\n" + base64.encodebytes(der) + b"-----END PKCS7-----\n"
    r = answer(applicant_api, challenge["id"], content)
    assert r.status_code == 201, r.content
    assert IdentityBinding.objects.get(user=applicant).identifier == AN_PHAT
    assert BindingChallenge.objects.get(id=challenge["id"]).used_at is not None


def test_several_accounts_of_one_enterprise_are_each_bound(
    make_user: Callable[..., User],
) -> None:
    director, accountant = make_user(Role.APPLICANT), make_user(Role.APPLICANT)
    bind(director)
    bind(accountant)
    rows = IdentityBinding.objects.filter(identifier=AN_PHAT).order_by("id")
    assert [b.user_id for b in rows] == [director.id, accountant.id]
    assert len({b.document_sha256 for b in rows}) == 2  # each with its own evidence


def nothing_bound(user: User) -> None:
    assert not IdentityBinding.objects.filter(user=user).exists()


def test_a_replayed_answer_is_refused(applicant: User, applicant_api: Api) -> None:
    challenge = ask(applicant_api)
    signed = cms_over(pki.demo().employer, challenge["text"].encode())
    assert answer(applicant_api, challenge["id"], signed).status_code == 201
    problem(
        answer(applicant_api, challenge["id"], signed), 422, "binding_challenge_used", "challenge"
    )
    # nor does it answer a new challenge: its nonce is the old one's
    fresh = ask(applicant_api)
    problem(answer(applicant_api, fresh["id"], signed), 422, "binding_nonce_missing", "file")
    assert IdentityBinding.objects.filter(user=applicant).count() == 1


def test_another_accounts_challenge_or_nonce_is_refused(
    applicant: User, applicant_api: Api, make_user: Callable[..., User], api_for: Callable[..., Api]
) -> None:
    other = api_for(make_user(Role.APPLICANT))
    theirs = ask(other)
    signed_theirs = cms_over(pki.demo().employer, theirs["text"].encode())
    # their challenge, named by me: not found for my account
    problem(
        answer(applicant_api, theirs["id"], signed_theirs),
        422,
        "binding_challenge_unknown",
        "challenge",
    )
    assert (
        applicant_api.client.get(theirs["pdf_url"], headers=applicant_api.headers).status_code
        == 404
    )
    # their signed nonce under my own challenge: not mine
    mine = ask(applicant_api)
    problem(answer(applicant_api, mine["id"], signed_theirs), 422, "binding_nonce_missing", "file")
    problem(answer(applicant_api, "not-a-uuid", signed_theirs), 422, "binding_challenge_unknown")
    nothing_bound(applicant)
    assert BindingChallenge.objects.get(id=mine["id"]).used_at is None


def test_an_expired_challenge_is_refused(
    applicant: User, applicant_api: Api, settings: Any
) -> None:
    challenge = ask(applicant_api)
    signed = cms_over(pki.demo().employer, challenge["text"].encode())
    later = clock.now() + dt.timedelta(hours=settings.HOTRO_BINDING_CHALLENGE_HOURS, seconds=1)
    with clock.frozen(later):
        data = problem(
            answer(applicant_api, challenge["id"], signed), 422, "binding_challenge_expired"
        )
    assert "14/10/2021 09:30" in data["errors"][0]["message"]
    nothing_bound(applicant)


def test_another_enterprises_certificate_is_refused(applicant: User, applicant_api: Api) -> None:
    other = testpki.signer(
        pki.demo().provider_a,
        testpki.name("CÔNG TY KHÁC", organisation="Công ty khác", uid=f"MST:{OTHER_TAX_CODE}"),
    )
    challenge = ask(applicant_api)
    data = problem(
        answer(applicant_api, challenge["id"], cms_over(other, challenge["text"].encode())),
        422,
        "binding_signer_mismatch",
        "file",
    )
    assert OTHER_TAX_CODE in data["errors"][0]["message"]
    nothing_bound(applicant)


def test_an_untrusted_certificate_is_refused(applicant: User, applicant_api: Api) -> None:
    rogue_root = testpki.root_ca("Root CA tự lập")
    rogue = testpki.signer(
        testpki.sub_ca(rogue_root, "CA giả", organisation="CA giả"),
        testpki.name(
            "CÔNG TY TNHH AN PHÁT", organisation="Công ty TNHH An Phát", uid=f"MST:{AN_PHAT}"
        ),
    )
    challenge = ask(applicant_api)
    problem(
        answer(applicant_api, challenge["id"], cms_over(rogue, challenge["text"].encode())),
        422,
        "binding_signature_untrusted",
        "file",
    )
    nothing_bound(applicant)


@pytest.fixture
def fresh_trust_cache() -> Iterator[None]:
    """The trust store's process cache is keyed on (count, latest addition): a CRL added in
    a transaction rolled back after the test, by this test or another one, leaves the same
    key with other contents. Forgotten before and after, so that neither sees the other's."""
    _material.cache_clear()
    yield
    _material.cache_clear()


@pytest.mark.usefixtures("fresh_trust_cache")
def test_a_revoked_certificate_is_refused(applicant: User, applicant_api: Api) -> None:
    ca = pki.demo().provider_a
    revoked = testpki.signer(
        ca, testpki.name("CÔNG TY TNHH AN PHÁT", organisation="An Phát", uid=f"MST:{AN_PHAT}")
    )
    crl = testpki.crl(
        ca,
        [(revoked.cert, dt.datetime(2021, 10, 5, tzinfo=dt.UTC))],
        this_update=dt.datetime(2021, 10, 6, tzinfo=dt.UTC),
        next_update=dt.datetime(2021, 11, 6, tzinfo=dt.UTC),
    )
    crl_add(data=crl.public_bytes(serialization.Encoding.DER), source="test")
    challenge = ask(applicant_api)
    problem(
        answer(applicant_api, challenge["id"], cms_over(revoked, challenge["text"].encode())),
        422,
        "binding_signature_revoked",
        "file",
    )
    nothing_bound(applicant)


def test_a_tampered_file_is_refused(applicant: User, applicant_api: Api) -> None:
    challenge = ask(applicant_api)
    pdf = applicant_api.client.get(challenge["pdf_url"], headers=applicant_api.headers).content
    signed = bytearray(pki.sign(pki.demo().employer, pdf))
    at = bytes(signed).index(b"/Producer")  # inside the signed revision's information
    signed[at + 1] = ord("Q")
    problem(
        answer(applicant_api, challenge["id"], bytes(signed)),
        422,
        "binding_signature_tampered",
        "file",
    )
    # a detached signature over another text than the challenge's
    other_text = challenge["text"].replace("Hết hạn", "Het han").encode()
    detached = cms_over(pki.demo().employer, other_text, detached=True)
    problem(
        answer(applicant_api, challenge["id"], detached), 422, "binding_signature_tampered", "file"
    )
    nothing_bound(applicant)
    assert BindingChallenge.objects.get(id=challenge["id"]).used_at is None


@pytest.mark.parametrize(
    ("content", "code"),
    [
        (b"", "upload_empty"),
        (b"\x30\x82\xff\xffgarbage", "binding_file_unreadable"),
        (b"hello, not a signature", "binding_file_unreadable"),
        (b"%PDF-1.7\n" + b"[" * 100_000, "pdf_malformed"),  # refused by the upload checks
        (b"\x30\x80" * 100_000, "binding_file_unreadable"),  # nested without end
        (pdf_bytes("khong ky"), "binding_unsigned"),
    ],
)
def test_an_unreadable_or_unsigned_file_is_refused(
    applicant: User, applicant_api: Api, content: bytes, code: str
) -> None:
    challenge = ask(applicant_api)
    problem(answer(applicant_api, challenge["id"], content), 422, code, "file")
    nothing_bound(applicant)


def test_a_pdf_signed_by_an_phat_without_the_nonce_is_refused(
    applicant: User, applicant_api: Api
) -> None:
    """An Phát's genuinely signed worker list is what a stranger holds: it carries no nonce."""
    challenge = ask(applicant_api)
    signed = pki.sign(pki.demo().employer, pdf_bytes("danh sach"))
    problem(answer(applicant_api, challenge["id"], signed), 422, "binding_nonce_missing", "file")
    nothing_bound(applicant)


@pytest.mark.parametrize("how", ["same-object", "new-object"])
def test_a_nonce_added_after_an_phat_signed_is_refused(
    applicant: User, applicant_api: Api, how: str
) -> None:
    """The stranger puts the nonce into the document information of An Phát's signed PDF by
    an incremental update (which pyHanko's difference analysis allows for metadata): it is
    outside the revision An Phát's signature covers."""
    challenge = ask(applicant_api)
    html = '<meta name="description" content="Danh sách"><meta name="keywords" content="DS">'
    signed = pki.sign(pki.demo().employer, HTML(string=html + "<p>Danh sách</p>").write_pdf())
    writer = IncrementalPdfFileWriter(io.BytesIO(signed))
    forged = {
        generic.NameObject(key): generic.TextStringObject(challenge["token"])
        for key in ("/Subject", "/Keywords")
    }
    if how == "same-object":
        info_ref = writer.trailer.raw_get("/Info")
        info_ref.get_object().update(forged)
        writer.mark_update(info_ref)
    else:
        writer.set_info(generic.DictionaryObject(forged))
    out = io.BytesIO()
    writer.write(out)
    latest = PdfFileReader(io.BytesIO(out.getvalue())).trailer_view["/Info"]
    assert str(latest["/Subject"]) == challenge["token"]  # the file as it stands has the nonce
    problem(answer(applicant_api, challenge["id"], out.getvalue()), 422, "binding_nonce_missing")
    nothing_bound(applicant)


def test_challenges_are_bounded_and_only_for_applicants(
    applicant_api: Api, make_user: Callable[..., User], api_for: Callable[..., Api]
) -> None:
    problem(
        applicant_api.post("/account/challenges", {"tax_code": "0100233489"}),
        422,
        "validation_failed",
        "tax_code",
    )
    for _ in range(5):
        ask(applicant_api)
    problem(
        applicant_api.post("/account/challenges", {"tax_code": AN_PHAT}),
        409,
        "binding_challenges_open",
    )
    officer = api_for(make_user(Role.OFFICER, Q1))
    problem(
        officer.post("/account/challenges", {"tax_code": AN_PHAT}), 403, "binding_applicants_only"
    )
    assert Api(None).get("/account/bindings").status_code == 401


def test_a_revoked_binding_no_longer_counts(
    applicant: User, applicant_api: Api, submit_body: Callable[..., dict[str, Any]]
) -> None:
    from hotro.accounts.binding import binding_revoke

    binding = bind(applicant)
    binding_revoke(binding=binding, reason="kế toán đã nghỉ việc")
    r = applicant_api.post("/dossiers", submit_body())
    assert r.status_code == 201, r.content
    assert r.json()["applicant_verified"] is False
    listed = applicant_api.get("/account/bindings").json()
    assert [(b["active"], b["revoked_at"] is not None) for b in listed] == [(False, True)]

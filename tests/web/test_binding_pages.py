"""Finding 8 through the pages: the applicant binds the account to An Phát's tax code from
"Hồ sơ của tôi" or from the apply flow, by downloading the challenge's PDF and uploading it
signed; every refusal reads in plain Vietnamese; the officer sees unproven filers flagged."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from hotro.accounts.models import BindingChallenge, IdentityBinding, Role, User
from hotro.core import clock
from hotro.signatures import testpki
from tests import pki
from tests.binding import OTHER_TAX_CODE, bind, cms_over
from tests.factories import APPLICANT, submit_sample
from tests.web.helpers import otp_code, with_second_factor

pytestmark = pytest.mark.django_db
POLICY = "QD23-TAM-HOAN-HDLD"


def ask_challenge(client: Client, tax_code: str = APPLICANT["tax_code"], query: str = "") -> str:
    """Ask for a challenge on the page: the address of the challenge's page."""
    r = client.post(f"/tai-khoan/xac-minh/{query}", {"tax_code": tax_code})
    assert r.status_code == 302, r.content.decode()[:2000]
    return str(r["Location"])


def upload(client: Client, page: str, content: bytes, name: str = "da-ky.pdf") -> Any:
    return client.post(page, {"file": SimpleUploadedFile(name, content)})


def pdf_link(html: str) -> str:
    found = re.search(r'href="(/tai-khoan/xac-minh/[0-9a-f-]+/van-ban\.pdf)"', html)
    assert found, html[:3000]
    return found.group(1)


def test_binding_from_my_dossiers_with_the_signed_pdf(client: Client, applicant: User) -> None:
    client.force_login(applicant)
    mine = client.get("/ho-so-cua-toi/").content.decode()
    assert 'href="/tai-khoan/xac-minh/"' in mine
    page = client.get("/tai-khoan/xac-minh/").content.decode()
    assert "Tài khoản chưa được xác minh cho mã số thuế nào." in page
    r = client.post("/tai-khoan/xac-minh/", {"tax_code": "0100233489"})
    assert r.status_code == 200 and "Mã số thuế sai chữ số kiểm tra." in r.content.decode()
    assert not BindingChallenge.objects.filter(user=applicant).exists()

    challenge_page = ask_challenge(client)
    html = client.get(challenge_page).content.decode()
    challenge = BindingChallenge.objects.get(user=applicant)
    assert f"HOTRO-XM-{challenge.nonce}" in html and "0100233488" in html
    document = client.get(pdf_link(html))
    assert document["Content-Type"] == "application/pdf"
    r = upload(client, challenge_page, pki.sign(pki.demo().employer, document.content))
    assert r.status_code == 302 and r["Location"] == "/tai-khoan/xac-minh/"
    page = client.get(r["Location"]).content.decode()
    assert "Đã xác minh: tài khoản được nộp hồ sơ cho mã số thuế 0100233488." in page
    assert "CÔNG TY TNHH AN PHÁT" in page and "Đang hiệu lực" in page
    assert IdentityBinding.objects.get(user=applicant).method == "certificate"


def test_refusals_read_in_plain_vietnamese_and_bind_nothing(
    client: Client, applicant: User
) -> None:
    client.force_login(applicant)
    page = ask_challenge(client)
    challenge = BindingChallenge.objects.get(user=applicant)
    other = testpki.signer(
        pki.demo().provider_a, testpki.name("CÔNG TY KHÁC", uid=f"MST:{OTHER_TAX_CODE}")
    )
    text = challenge.text.encode()
    cases = [
        (cms_over(other, text), "không được ký bằng chứng thư số của doanh nghiệp có mã số thuế"),
        (b"khong phai chu ky", "Tệp không phải văn bản PDF đã ký số"),
        (pki.sign(pki.demo().employer), "không chứa mã xác minh"),
    ]
    for content, message in cases:
        r = upload(client, page, content, "da-ky.p7s")
        html = r.content.decode()
        assert r.status_code == 200 and message in html, html[:3000]
        assert 'class="field invalid"' in html  # on the file's field
    assert not IdentityBinding.objects.filter(user=applicant).exists()
    # answered once, the challenge cannot be answered again
    assert upload(client, page, cms_over(pki.demo().employer, text)).status_code == 302
    r = upload(client, page, cms_over(pki.demo().employer, text))
    assert "Mã xác minh này đã được dùng." in r.content.decode()
    # an expired one says when it expired
    late = ask_challenge(client)
    fresh = BindingChallenge.objects.filter(user=applicant, used_at=None).get()
    with clock.frozen(fresh.expires_at + dt.timedelta(minutes=1)):
        r = upload(client, late, cms_over(pki.demo().employer, fresh.text.encode()))
    assert "Mã xác minh đã hết hạn lúc 14/10/2021" in r.content.decode()
    # another account's challenge is not found
    client.force_login(User.objects.create(username="nguoi.khac", role=Role.APPLICANT))
    assert client.get(late).status_code == 404


APPLICANT_FORM = {
    "agency_code": "000.00.46.H29",
    "nn-name": "Công ty TNHH May mặc An Phát",
    "nn-tax_code": APPLICANT["tax_code"],
    "nn-social_insurance_unit_code": "TZ0001A",
    "nn-address": "Số 12 đường Lê Lợi, phường Bến Nghé, Quận 1",
    "nn-representative": "Nguyễn Văn An",
    "nn-phone": "0903123456",
    "nn-email": "lienhe@anphat.vn",
}


def test_the_apply_flow_leads_to_binding_and_refuses_another_tax_code(
    client: Client, applicant: User
) -> None:
    client.force_login(applicant)
    base = f"/nop-ho-so/{POLICY}"
    assert client.post(f"{base}/thong-tin/", APPLICANT_FORM).status_code == 302
    review = client.get(f"{base}/xem-lai/").content.decode()
    assert "chưa được xác minh là của doanh nghiệp có mã số thuế 0100233488" in review
    link = f"/tai-khoan/xac-minh/?ho-so={POLICY}&amp;mst=0100233488"
    assert link in review
    # bind from there: back to the review of the application after
    page = client.get(link.replace("&amp;", "&")).content.decode()
    assert 'value="0100233488"' in page
    challenge_page = ask_challenge(client, query=f"?ho-so={POLICY}")
    assert challenge_page.endswith(f"?ho-so={POLICY}")
    challenge = BindingChallenge.objects.get(user=applicant)
    r = client.post(
        challenge_page,
        {
            "file": SimpleUploadedFile(
                "xm.p7s", cms_over(pki.demo().employer, challenge.text.encode())
            ),
            "ho-so": POLICY,
        },
    )
    assert r.status_code == 302 and r["Location"] == f"{base}/xem-lai/"
    review = client.get(r["Location"]).content.decode()
    assert "Tài khoản đã được xác minh cho mã số thuế 0100233488." in review
    # now bound to An Phát, the account may not apply for another tax code
    r = client.post(f"{base}/thong-tin/", {**APPLICANT_FORM, "nn-tax_code": OTHER_TAX_CODE})
    html = r.content.decode()
    assert r.status_code == 200
    assert "không được nộp hồ sơ cho mã số thuế 0319900005" in html
    assert 'id="id_nn-tax_code_error"' in html  # on the tax code's own field


def test_a_redirect_after_binding_goes_only_to_a_policy(client: Client, applicant: User) -> None:
    client.force_login(applicant)
    page = ask_challenge(client, query="?ho-so=//evil.example/x")
    assert "evil" not in page
    challenge = BindingChallenge.objects.get(user=applicant)
    r = client.post(
        page,
        {
            "file": SimpleUploadedFile(
                "xm.p7s", cms_over(pki.demo().employer, challenge.text.encode())
            ),
            "ho-so": "//evil.example/x",
        },
    )
    assert r["Location"] == "/tai-khoan/xac-minh/"


def test_the_officer_sees_an_unproven_filer_flagged(
    client: Client, make_user: Callable[..., User]
) -> None:
    officer = with_second_factor(make_user(Role.OFFICER, agency="000.00.46.H29"))
    stranger, employer = make_user(Role.APPLICANT), make_user(Role.APPLICANT)
    bind(employer)
    flagged = submit_sample(stranger, signed=("worker_list",)).code
    proven = submit_sample(employer, national_id="079190000456", salt="b").code
    client.post("/dang-nhap/", {"username": officer.username, "password": "secret-password-1"})
    client.post("/xac-thuc/", {"token": otp_code()})
    page = client.get(f"/can-bo/ho-so/{flagged}/").content.decode()
    assert "Người nộp chưa được xác minh." in page
    assert "Chữ ký của bên phải ký, nhưng người nộp chưa được xác minh" in page
    assert (
        "Người nộp chưa được xác minh."
        not in client.get(f"/can-bo/ho-so/{proven}/").content.decode()
    )
    queue = client.get("/can-bo/?hang=all").content.decode()
    rows = {
        code: queue[queue.index(code) : queue.index("</tr>", queue.index(code))]
        for code in (flagged, proven)
    }
    assert "Chưa xác minh người nộp" in rows[flagged]
    assert "Chưa xác minh người nộp" not in rows[proven]
    # and the applicant is told on the dossier's own page
    client.force_login(stranger)
    assert (
        "tài khoản chưa được xác minh" in client.get(f"/ho-so-cua-toi/{flagged}/").content.decode()
    )

"""The trust store in the administration: a CA certificate and a CRL added by uploading their
files, through the same checks as `hotro trust`; a leaf certificate is refused."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from cryptography.hazmat.primitives import serialization
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from hotro.accounts.models import Role, User
from hotro.signatures import testpki
from hotro.signatures.models import RevocationList, TrustedCertificate
from tests import pki
from tests.web.helpers import otp_code, with_second_factor

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(make_user: Callable[..., User]) -> Client:
    admin = with_second_factor(make_user(Role.ADMIN))
    client = Client()
    client.post("/admin/login/", {"username": admin.username, "password": "secret-password-1"})
    assert client.post("/xac-thuc/", {"token": otp_code()}).status_code == 302
    return client


def test_a_root_and_a_crl_uploaded_in_the_admin(admin_client: Client) -> None:
    root = testpki.root_ca("Gốc nạp qua trang quản trị")
    r = admin_client.post(
        "/admin/signatures/trustedcertificate/add/",
        {"file": SimpleUploadedFile("goc.pem", root.cert_pem())},
    )
    assert r.status_code == 302, r.content.decode()[:3000]
    assert (
        TrustedCertificate.objects.filter(subject__contains="Gốc nạp qua trang quản trị")
        .get()
        .is_root
    )
    crl = testpki.crl(root).public_bytes(serialization.Encoding.DER)
    r = admin_client.post(
        "/admin/signatures/revocationlist/add/", {"file": SimpleUploadedFile("goc.crl", crl)}
    )
    assert r.status_code == 302
    assert RevocationList.objects.filter(issuer__contains="Gốc nạp qua trang quản trị").exists()


def test_a_leaf_certificate_is_refused_in_the_admin(admin_client: Client) -> None:
    before = TrustedCertificate.objects.count()
    r = admin_client.post(
        "/admin/signatures/trustedcertificate/add/",
        {"file": SimpleUploadedFile("la.pem", pki.demo().employer.cert_pem())},
        follow=True,
    )
    assert "certificate_not_ca" in r.content.decode()
    assert TrustedCertificate.objects.count() == before

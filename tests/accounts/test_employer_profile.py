"""An employer's profile prefills its applications (issue 12, item 10): saved from the first
application, edited on the account page, and holding the tax code the account is bound to."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from django.test import Client

from hotro.accounts.models import EmployerProfile, Role, User
from hotro.accounts.profiles import employer_profile_save
from hotro.core.errors import ValidationFailed
from tests.binding import OTHER_TAX_CODE, bind
from tests.factories import APPLICANT, submit_sample

pytestmark = pytest.mark.django_db
STEP1 = "/nop-ho-so/QD23-TAM-HOAN-HDLD/thong-tin/"
PROFILE = "/tai-khoan/ho-so-don-vi/"


def _value(page: str, field: str) -> str:
    found = re.search(rf'<input[^>]*name="nn-{field}"[^>]*>', page)
    assert found, field
    value = re.search(r'value="([^"]*)"', found.group(0))
    return value.group(1) if value else ""


def test_the_first_application_becomes_the_profile_that_prefills_the_next(
    client: Client, applicant: User
) -> None:
    client.force_login(applicant)
    assert _value(client.get(STEP1).content.decode(), "name") == ""  # nothing to start from
    submit_sample(applicant)
    profile = EmployerProfile.objects.get(user=applicant)
    assert (profile.tax_code, profile.name) == (APPLICANT["tax_code"], APPLICANT["name"])
    page = client.get(STEP1).content.decode()
    assert "Thông tin được điền sẵn từ hồ sơ đơn vị" in page
    for key in ("name", "tax_code", "address", "phone", "email", "representative"):
        assert _value(page, key) == APPLICANT[key], key
    # A later application does not overwrite it: the account page edits it.
    submit_sample(applicant, national_id="079190000124", salt="2")
    assert EmployerProfile.objects.get(user=applicant).updated_at == profile.updated_at


def test_a_workers_own_application_is_not_prefilled(client: Client, applicant: User) -> None:
    submit_sample(applicant)
    client.force_login(applicant)
    page = client.get("/nop-ho-so/QD23-CHAM-DUT-HDLD/thong-tin/").content.decode()
    assert "điền sẵn từ hồ sơ đơn vị" not in page
    assert _value(page, "name") == ""


def test_the_account_page_edits_the_profile(client: Client, applicant: User) -> None:
    client.force_login(applicant)
    data = {
        "tax_code": "0100233488",
        "name": "Công ty TNHH An Phát",
        "address": "Số 1 Lê Lợi",
        "bank_account": "0071000123456",
        "bank_name": "Vietcombank",
    }
    r = client.post(PROFILE, {**data, "phone": "12345", "tax_code": "0100233489"})
    page = r.content.decode()
    assert r.status_code == 200
    assert "Mã số thuế sai chữ số kiểm tra." in page and "Số điện thoại không hợp lệ." in page
    assert not EmployerProfile.objects.filter(user=applicant).exists()
    assert client.post(PROFILE, data).status_code == 302
    page = client.get(STEP1).content.decode()
    assert _value(page, "name") == "Công ty TNHH An Phát"
    assert _value(page, "address") == "Số 1 Lê Lợi"


def test_the_bound_tax_code_is_the_one_used(client: Client, bound_applicant: User) -> None:
    # A profile left with another code (saved before the binding) starts the form with the
    # bound one, and the account page offers only the bound codes.
    EmployerProfile.objects.create(
        user=bound_applicant, tax_code=OTHER_TAX_CODE, name="Cũ", updated_at="2021-10-01T00:00Z"
    )
    client.force_login(bound_applicant)
    assert _value(client.get(STEP1).content.decode(), "tax_code") == APPLICANT["tax_code"]
    page = client.get(PROFILE).content.decode()
    assert f'<option value="{APPLICANT["tax_code"]}"' in page
    assert f'<option value="{OTHER_TAX_CODE}"' not in page
    with pytest.raises(ValidationFailed) as refused:
        employer_profile_save(user=bound_applicant, data={"name": "X", "tax_code": OTHER_TAX_CODE})
    assert refused.value.errors[0].code == "tax_code_not_bound"
    saved = employer_profile_save(user=bound_applicant, data={"name": "An Phát"})
    assert saved.tax_code == APPLICANT["tax_code"]  # the one it is bound to


def test_a_bound_account_with_no_profile_starts_from_its_tax_code(
    client: Client, make_user: Callable[..., User]
) -> None:
    user = make_user(Role.APPLICANT)
    bind(user)
    client.force_login(user)
    assert _value(client.get(STEP1).content.decode(), "tax_code") == APPLICANT["tax_code"]

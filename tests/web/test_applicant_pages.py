"""The applicant's pages through Django's test client: the application step by step, the
answer to a supplement request, and withdrawal."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from hotro.accounts.models import Role, User
from hotro.dossiers.models import Dossier
from tests.factories import pdf_bytes, submit_sample
from tests.web.helpers import with_second_factor, worker_list_xlsx

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(make_user: Callable[..., User]) -> User:
    return with_second_factor(
        make_user(Role.OFFICER, agency="000.00.46.H29", full_name="Trần Thị Mai")
    )


def test_an_applicant_applies_step_by_step(client: Client, applicant: User) -> None:
    client.force_login(applicant)
    base = "/nop-ho-so/QD23-TAM-HOAN-HDLD"
    r = client.post(
        f"{base}/thong-tin/",
        {
            "agency_code": "000.00.46.H29",
            "nn-name": "Công ty TNHH May mặc An Phát",
            "nn-tax_code": "0100233488",
            "nn-social_insurance_unit_code": "TZ0001A",
            "nn-address": "Số 12 đường Lê Lợi, phường Bến Nghé, Quận 1",
            "nn-representative": "Nguyễn Văn An",
            "nn-phone": "0903123456",
            "nn-email": "lienhe@anphat.vn",
        },
    )
    assert r.status_code == 302, r.content.decode()[:3000]
    assert r["Location"] == f"{base}/nguoi-huong/"
    bad = worker_list_xlsx(
        [
            {
                "full_name": "Người Sai",
                "national_id": "12345",
                "date_of_birth": "1990-01-01",
                "social_insurance_no": "7912345678",
                "suspension_start": "2021-07-01",
                "suspension_days": 30,
            }
        ]
    )
    r = client.post(f"{base}/nguoi-huong/", {"file": SimpleUploadedFile("ds.xlsx", bad)})
    assert "Số định danh phải gồm 12 chữ số" in r.content.decode()
    r = client.post(
        f"{base}/nguoi-huong/", {"file": SimpleUploadedFile("ds.xlsx", worker_list_xlsx())}
    )
    assert "Đã đọc 2 người" in r.content.decode()
    r = client.post(
        f"{base}/tai-lieu/",
        {
            "tep_worker_list": SimpleUploadedFile("ds.pdf", pdf_bytes("ds")),
            "tep_social_insurance_confirmation": SimpleUploadedFile("xn.pdf", pdf_bytes("xn")),
            "next": "1",
        },
    )
    # Both components must be signed and these files are not: warned once before moving on.
    assert r.status_code == 200
    assert r.content.decode().count("cần ký số nhưng tệp vừa tải lên không có chữ ký số") == 2
    r = client.post(f"{base}/tai-lieu/", {"next": "1"})
    assert r["Location"] == f"{base}/xem-lai/"
    review = client.get(f"{base}/xem-lai/").content.decode()
    assert "2 người" in review
    assert review.count("Thiếu chữ ký số bắt buộc") == 2
    r = client.post(f"{base}/xem-lai/", {"draft_key": "k1"})
    assert r.status_code == 302, r.content.decode()[:3000]
    dossier = Dossier.objects.get(applicant=applicant)
    assert r["Location"] == f"/ho-so-cua-toi/{dossier.code}/"
    page = client.get(r["Location"]).content.decode()
    assert dossier.code in page and "21/10/2021" in page  # the appointment date
    assert dossier.beneficiary_count == 2


def _asked_to_supplement(
    officer: User, applicant: User, *, description: str, component: str = ""
) -> str:
    """A dossier of `applicant`'s, which `officer` asked to supplement: its code."""
    from hotro.dossiers.actions import ActionInput, SupplementItem, dossier_act
    from hotro.dossiers.domain.lifecycle import Action

    code = submit_sample(applicant).code
    dossier_act(
        user=officer,
        code=code,
        action=Action.REQUEST_SUPPLEMENT,
        data=ActionInput(
            reason_code="BS-01",
            reason_text="Thiếu xác nhận của cơ quan BHXH.",
            items=[SupplementItem(description=description, component=component)],
        ),
    )
    return code


def test_the_applicant_answers_a_supplement_request(
    client: Client, officer: User, applicant: User
) -> None:
    code = _asked_to_supplement(officer, applicant, description="Bổ sung xác nhận của BHXH")
    client.force_login(applicant)
    page = client.get(f"/ho-so-cua-toi/{code}/").content.decode()
    assert "Bổ sung xác nhận của BHXH" in page
    r = client.post(f"/ho-so-cua-toi/{code}/bo-sung/", {"note": "Đã tải lên xác nhận."})
    assert r.status_code == 302
    assert Dossier.objects.get(code=code).status == "in_processing"


def test_a_supplement_answer_carries_the_file_asked_for(
    client: Client, officer: User, applicant: User
) -> None:
    from hotro.dossiers.models import Document

    code = _asked_to_supplement(
        officer,
        applicant,
        description="Xác nhận có chữ ký số của BHXH",
        component="social_insurance_confirmation",
    )
    client.force_login(applicant)
    page = client.get(f"/ho-so-cua-toi/{code}/").content.decode()
    assert 'name="tep_social_insurance_confirmation"' in page
    assert 'name="tep_worker_list"' not in page  # only what was asked
    # A file of a type the component does not take: said beside the field, nothing changes.
    bad = SimpleUploadedFile("xn.exe", b"MZ" + b"\x00" * 200)
    r = client.post(
        f"/ho-so-cua-toi/{code}/bo-sung/",
        {"note": "Gửi xác nhận.", "tep_social_insurance_confirmation": bad},
    )
    assert r.status_code == 200 and "form-errors" in r.content.decode()
    assert Dossier.objects.get(code=code).status == "awaiting_supplement"
    good = SimpleUploadedFile("xac-nhan.pdf", pdf_bytes("xac nhan moi"))
    r = client.post(
        f"/ho-so-cua-toi/{code}/bo-sung/",
        {"note": "Gửi xác nhận.", "tep_social_insurance_confirmation": good},
    )
    assert r.status_code == 302
    d = Dossier.objects.get(code=code)
    assert d.status == "in_processing"
    attached = Document.objects.get(dossier=d, filename="xac-nhan.pdf")
    assert attached.component == "social_insurance_confirmation"


def test_the_applicant_withdraws_with_a_reason(client: Client, applicant: User) -> None:
    from hotro.catalog.models import Reason

    code = submit_sample(applicant).code
    client.force_login(applicant)
    assert "Tôi muốn rút hồ sơ này" in client.get(f"/ho-so-cua-toi/{code}/").content.decode()
    r = client.post(f"/ho-so-cua-toi/{code}/rut/", {"rut-reason_code": ""})
    assert "Phải chọn lý do trong danh mục" in r.content.decode()
    reason = Reason.objects.filter(kind="withdraw").first()
    assert reason is not None
    r = client.post(
        f"/ho-so-cua-toi/{code}/rut/",
        {"rut-reason_code": reason.code, "rut-reason_text": "Doanh nghiệp đã hoạt động trở lại."},
    )
    assert r.status_code == 302
    assert Dossier.objects.get(code=code).status == "withdrawn"
    assert "Tôi muốn rút hồ sơ này" not in client.get(f"/ho-so-cua-toi/{code}/").content.decode()

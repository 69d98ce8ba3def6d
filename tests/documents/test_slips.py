"""The one-stop slips: made when the action happens, in Vietnamese, downloadable by those who
may see the dossier."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from hotro.accounts.models import Role, User
from hotro.documents.slips import vn_date
from hotro.dossiers.models import Document
from tests.conftest import Api

pytestmark = pytest.mark.django_db
ARTIFACTS = Path(__file__).parent.parent.parent / "test-artifacts"


def text_of(pdf: bytes, keep_as: str | None = None) -> str:
    if keep_as:  # kept for people to look at (CI artifacts)
        ARTIFACTS.mkdir(exist_ok=True)
        (ARTIFACTS / keep_as).write_bytes(pdf)
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) >= 1
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)  # A4 in points
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


@pytest.fixture
def officers(make_user: Callable[..., User], api_for: Callable[..., Api]) -> dict[str, Api]:
    return {
        "q1": api_for(make_user(Role.OFFICER, "000.00.46.H29", full_name="Trần Thị Mai")),
        "bhxh": api_for(make_user(Role.OFFICER, "000.91.46.H29", full_name="Lê Văn Hùng")),
    }


def slip(api: Api, code: str, component: str) -> bytes:
    doc = Document.objects.get(dossier__code=code, component=component)
    r = api.client.get(f"/api/v1/dossiers/{code}/documents/{doc.id}/file", headers=api.headers)
    assert r.status_code == 200
    assert r["Content-Type"] == "application/pdf" and r["X-Content-Type-Options"] == "nosniff"
    assert r["Content-Disposition"].startswith("attachment")
    return b"".join(r.streaming_content)


def test_receipt_slip_with_code_and_appointment(
    applicant_api: Api, submit_body: Callable[..., dict[str, Any]], officers: dict[str, Api]
) -> None:
    code = applicant_api.post("/dossiers", submit_body()).json()["code"]
    officers["q1"].post(f"/dossiers/{code}/actions/receive", {})
    text = text_of(slip(applicant_api, code, "phieu_tiep_nhan"), "phieu-tiep-nhan.pdf")
    for expected in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "ỦY BAN NHÂN DÂN QUẬN 1",
        "Quận 1, ngày 13 tháng 10 năm 2021",  # the place is where the issuer sits
        "PHIẾU TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ",
        code,
        "Công ty TNHH May mặc An Phát",
        "ngày 21/10/2021",
        "Trần Thị Mai",
    ):
        assert expected in text, expected


def test_refusal_supplement_and_apology_slips_carry_their_reasons(
    applicant_api: Api, submit_body: Callable[..., dict[str, Any]], officers: dict[str, Api]
) -> None:
    refused = applicant_api.post("/dossiers", submit_body()).json()["code"]
    officers["q1"].post(
        f"/dossiers/{refused}/actions/refuse",
        {"reason_code": "TC-01", "reason_text": "Hồ sơ nộp không đúng cơ quan có thẩm quyền."},
    )
    text = text_of(slip(applicant_api, refused, "phieu_tu_choi"), "phieu-tu-choi.pdf")
    assert "PHIẾU TỪ CHỐI" in text and "không đúng cơ quan có thẩm quyền" in text
    assert "TC-01" not in text  # the catalog's code is not the applicant's business

    code = applicant_api.post("/dossiers", submit_body()).json()["code"]
    officers["q1"].post(f"/dossiers/{code}/actions/receive", {})
    officers["bhxh"].post(
        f"/dossiers/{code}/actions/apologize",
        {
            "reason_code": "XL-01",
            "reason_text": "Số lượng hồ sơ tăng đột biến.",
            "new_due_date": "2021-10-28",
        },
    )
    text = text_of(slip(applicant_api, code, "phieu_xin_loi"), "phieu-xin-loi.pdf")
    assert (
        "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ" in text
        and "28/10/2021" in text
        and "21/10/2021" in text
    )
    officers["bhxh"].post(
        f"/dossiers/{code}/actions/request_supplement",
        {
            "reason_code": "BS-01",
            "reason_text": "Danh sách thiếu số định danh.",
            "items": [
                {"component": "worker_list", "description": "Bổ sung số CCCD của người lao động"}
            ],
        },
    )
    text = text_of(slip(applicant_api, code, "phieu_yeu_cau_bo_sung"), "phieu-yeu-cau-bo-sung.pdf")
    assert "Bổ sung số CCCD của người lao động" in text and "một lần" in text
    # the component by its name, never by its key
    assert "(Danh sách người lao động tạm hoãn" in text and "worker_list" not in text


def test_process_control_slip_and_who_may_download(
    applicant_api: Api,
    submit_body: Callable[..., dict[str, Any]],
    officers: dict[str, Api],
    make_user: Callable[..., User],
    api_for: Callable[..., Api],
) -> None:
    code = applicant_api.post("/dossiers", submit_body()).json()["code"]
    officers["q1"].post(f"/dossiers/{code}/actions/receive", {})
    r = officers["bhxh"].client.get(
        f"/api/v1/dossiers/{code}/slips/process-control", headers=officers["bhxh"].headers
    )
    text = text_of(r.content, "phieu-kiem-soat.pdf")
    assert "PHIẾU KIỂM SOÁT" in text and "Nộp hồ sơ" in text and "Tiếp nhận" in text
    # who acted, in Vietnamese: no role code such as "(applicant)" or "(officer)"
    assert "(người nộp hồ sơ)" in text and "Trần Thị Mai (cán bộ xử lý)" in text
    for word in ("applicant", "officer", "system"):
        assert word not in text, word
    stranger = api_for(make_user(Role.APPLICANT))
    doc = Document.objects.get(dossier__code=code, component="phieu_tiep_nhan")
    r = stranger.client.get(
        f"/api/v1/dossiers/{code}/documents/{doc.id}/file", headers=stranger.headers
    )
    assert r.status_code == 404 and r["Content-Type"].startswith("application/problem+json")


@pytest.mark.parametrize(
    ("day", "line"),
    [
        ("2021-10-13", "ngày 13 tháng 10 năm 2021"),
        ("2021-02-05", "ngày 05 tháng 02 năm 2021"),
        ("2021-03-09", "ngày 09 tháng 3 năm 2021"),
    ],
)
def test_decree_30_date_line(day: str, line: str) -> None:
    import datetime as dt

    assert vn_date(dt.date.fromisoformat(day)) == line

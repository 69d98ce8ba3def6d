"""The Excel worker list: the template downloads, a filled one reads back with row errors."""

from __future__ import annotations

import io
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook

from tests.conftest import Api

pytestmark = pytest.mark.django_db
URL = "/catalog/policies/QD23-TAM-HOAN-HDLD"
HEAD = [
    "full_name",
    "national_id",
    "date_of_birth",
    "social_insurance_no",
    "suspension_start",
    "suspension_days",
]


def xlsx(rows: list[list[Any]]) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_template_has_the_policys_columns(applicant_api: Api) -> None:
    r = applicant_api.get(f"{URL}/worker-list-template")
    assert r.status_code == 200
    assert r["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(r.content)).active
    assert sheet is not None
    labels = [c.value for c in sheet[1]]
    keys = [c.value for c in sheet[2]]
    assert "Họ và tên (*)" in labels
    assert {"national_id", "full_name", "suspension_days", "amount"} <= set(keys)


def test_filled_template_reads_back_and_submits(applicant_api: Api, submit_body: Any) -> None:
    template = load_workbook(io.BytesIO(applicant_api.get(f"{URL}/worker-list-template").content))
    sheet = template.active
    assert sheet is not None
    keys = [c.value for c in sheet[2]]
    values = {
        "full_name": "Phạm Thị Thu",
        "national_id": "079195000777",
        "date_of_birth": "15/03/1995",
        "social_insurance_no": "7900000777",
        "suspension_start": "2021-07-15",
        "suspension_days": 31,
    }
    for column, key in enumerate(keys, start=1):
        sheet.cell(row=3, column=column, value=values.get(str(key), 1 if key == "#" else None))
    out = io.BytesIO()
    template.save(out)
    r = applicant_api.upload(f"{URL}/worker-list", "danh-sach.xlsx", out.getvalue())
    assert r.status_code == 200, r.content
    parsed = r.json()
    assert parsed["errors"] == [] and parsed["rows"] == [3]
    assert parsed["beneficiaries"][0]["national_id"] == "079195000777"
    r = applicant_api.post("/dossiers", submit_body(beneficiaries=parsed["beneficiaries"]))
    assert r.status_code == 201, r.content
    assert r.json()["beneficiaries"][0]["amount"] == 3_710_000


def test_ids_typed_as_numbers_keep_their_leading_zero(applicant_api: Api) -> None:
    content = xlsx(
        [
            [*HEAD],
            ["Lê Thị Mai", 79190000123, "1990-01-02", "7900000123", "2021-07-01", 30],
        ]
    )
    rows = applicant_api.upload(f"{URL}/worker-list", "ds.xlsx", content).json()["beneficiaries"]
    assert rows[0]["national_id"] == "079190000123"


def test_row_errors_name_the_row_on_submit(applicant_api: Api, submit_body: Any) -> None:
    content = xlsx(
        [
            ["Họ và tên", *HEAD[1:]],
            ["Lê Thị Mai", "079190000123", "1990-01-02", "7900000123", "2021-07-01", 30],
            ["Ngô Văn Bình", "12ab", "1991-01-02", "7900000124", "2021-07-01", 10],
        ]
    )
    parsed = applicant_api.upload(f"{URL}/worker-list", "ds.xlsx", content).json()
    assert parsed["rows"] == [2, 3]
    r = applicant_api.post("/dossiers", submit_body(beneficiaries=parsed["beneficiaries"]))
    fields = {e["field"] for e in r.json()["errors"]}
    assert {"beneficiaries.1.national_id", "beneficiaries.1.suspension_days"} <= fields


def test_missing_columns_and_unreadable_files(applicant_api: Api) -> None:
    r = applicant_api.upload(f"{URL}/worker-list", "ds.xlsx", xlsx([["Họ và tên"], ["A"]]))
    assert r.status_code == 422 and r.json()["code"] == "worker_list_header"
    assert "CCCD" in r.json()["title"]
    r = applicant_api.upload(f"{URL}/worker-list", "ds.xlsx", b"PK\x03\x04 broken zip")
    assert r.status_code == 422
    r = applicant_api.upload(f"{URL}/worker-list", "ds.csv", b"a,b,c\n1,2,3\n")
    assert r.status_code == 415
    header_only = xlsx([HEAD])
    r = applicant_api.upload(f"{URL}/worker-list", "ds.xlsx", header_only)
    assert r.status_code == 422 and r.json()["code"] == "worker_list_empty"


def test_row_limit(applicant_api: Api, settings: Any) -> None:
    settings.HOTRO_WORKER_LIST_MAX_ROWS = 2
    rows: list[list[Any]] = [HEAD]
    rows += [
        [f"Người {i}", f"0791900001{i:02d}", "1990-01-02", f"79000001{i:02d}", "2021-07-01", 30]
        for i in range(5)
    ]
    parsed = applicant_api.upload(f"{URL}/worker-list", "ds.xlsx", xlsx(rows)).json()
    assert len(parsed["beneficiaries"]) == 2
    assert parsed["errors"][0]["code"] == "too_many_beneficiaries"


def test_leading_zeros_are_restored_per_kind_of_number(applicant_api: Api) -> None:
    content = xlsx([[*HEAD], ["Lê Thị Mai", 12345678, "1990-01-02", 112345678, "2021-07-01", 30]])
    row = applicant_api.upload(f"{URL}/worker-list", "ds.xlsx", content).json()["beneficiaries"][0]
    assert row["national_id"] == "012345678"  # a 9-digit CMND
    assert row["social_insurance_no"] == "0112345678"  # 10 digits

"""The Excel worker list: the template downloads, a filled one reads back with row errors."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from openpyxl import Workbook, load_workbook

from hotro.accounts.models import User
from tests.conftest import Api
from tests.hostile import archives, corpus
from tests.hostile.memory import peak_rise

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
    labels = [str(c.value) for c in sheet[1]]
    said = dict(zip(labels, [str(c.value) for c in sheet[2]], strict=True))
    assert "Họ và tên (*)" in labels and "Số tiền đề nghị (đồng)" in labels
    # The second row says what goes in each column, in Vietnamese, not the machine keys.
    assert not {"national_id", "full_name", "suspension_days", "amount"} & set(said.values())
    assert "12 chữ số (CCCD) hoặc 9 chữ số (CMND)" in said["Số định danh cá nhân (CCCD/CMND) (*)"]
    assert said["Ngày tháng năm sinh (*)"].startswith("Bắt buộc: ngày/tháng/năm")
    start = said["Ngày bắt đầu tạm hoãn hợp đồng lao động/nghỉ việc không hưởng lương (*)"]
    assert "từ 01/05/2021 đến 31/12/2021" in start
    assert "từ 15 đến 245" in said["Số ngày tạm hoãn/nghỉ việc không hưởng lương liên tục (*)"]
    assert said["Đang mang thai"].startswith("Không bắt buộc: ghi “Có”")
    assert "chỉ ghi số" in said["Số tiền đề nghị (đồng)"]


def test_filled_template_reads_back_and_submits(applicant_api: Api, submit_body: Any) -> None:
    template = load_workbook(io.BytesIO(applicant_api.get(f"{URL}/worker-list-template").content))
    sheet = template.active
    assert sheet is not None
    labels = [str(c.value).removesuffix(" (*)") for c in sheet[1]]
    values = {
        "Họ và tên": "Phạm Thị Thu",
        "Số định danh cá nhân (CCCD/CMND)": "079195000777",
        "Ngày tháng năm sinh": "15/03/1995",
        "Mã số bảo hiểm xã hội": "7900000777",
        "Ngày bắt đầu tạm hoãn hợp đồng lao động/nghỉ việc không hưởng lương": "2021-07-15",
        "Số ngày tạm hoãn/nghỉ việc không hưởng lương liên tục": 31,
    }
    for column, label in enumerate(labels, start=1):
        sheet.cell(row=3, column=column, value=values.get(label, 1 if label == "STT" else None))
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


# --- finding 1: a sheet that addresses a grid far larger than its bytes ------------------------

ATTACKS = {
    # the finding's own files: single quotes, spaces around "=", a sheet elsewhere
    "xlsx_single_quotes": "worker_list_extent",
    "xlsx_spaced_attribute": "worker_list_extent",
    "xlsx_sheet_elsewhere": "worker_list_extent",
    "xlsx_big_dimension": "worker_list_extent",
    "xlsx_sheet_upper_case": "worker_list_extent",
    "xlsx_prefixed_cells": "worker_list_extent",
    "xlsx_lower_case_references": "worker_list_extent",
    "xlsx_positional_columns": "worker_list_extent",
    "xlsx_positional_rows": "worker_list_extent",
    "xlsx_sheet_backslashes": "worker_list_unreadable",
    "zip_duplicate_names": "worker_list_unreadable",
    "xlsx_sheet_with_entities": "xml_unsafe",
    "xlsx_shared_strings_flood": "archive_bomb",
    # an outside tester's, after the fix: the strings' claimed count, reserved before reading
    "xlsx_shared_strings_claimed": "worker_list_extent",
    "xlsx_shared_strings_count_not_a_number": "worker_list_unreadable",
    "xlsx_200k_by_64": "archive_bomb",
}


def attack(name: str) -> bytes:
    return next(h for h in corpus.CORPUS if h.name == name).content()


@pytest.mark.parametrize(("name", "code"), ATTACKS.items())
def test_a_sheet_addressing_a_huge_grid_is_a_422(applicant_api: Api, name: str, code: str) -> None:
    content = attack(name)
    with peak_rise(name, "worker-list") as peak:
        r = applicant_api.upload(f"{URL}/worker-list", "ds.xlsx", content)
    assert r.status_code == 422 and r.json()["code"] == code, r.content
    assert r["Content-Type"].startswith("application/problem+json")
    assert peak.mb < 64, f"{peak.mb:.0f} MB"


@pytest.mark.parametrize(
    "name", ["xlsx_single_quotes", "xlsx_sheet_elsewhere", "xlsx_big_dimension"]
)
def test_the_applicants_page_says_so_beside_the_file(
    client: Client, applicant: User, name: str
) -> None:
    client.force_login(applicant)
    page = f"/nop-ho-so/{URL.rsplit('/', 1)[1]}/nguoi-huong/"
    r = client.post(page, {"file": SimpleUploadedFile("ds.xlsx", attack(name))})
    assert r.status_code == 200
    text = r.content.decode()
    assert "Bảng tính vượt quá kích thước cho phép" in text and "errorlist" in text
    assert "Đã đọc" not in text


def test_a_200000_by_64_sheet_is_refused_before_it_is_read(applicant_api: Api) -> None:
    content = archives.xlsx_200k_by_64()
    assert len(content) < 4_000_000  # 12.8 million cells in a few megabytes
    with peak_rise("200k x 64", "worker-list") as peak:
        r = applicant_api.upload(f"{URL}/worker-list", "ds.xlsx", content)
    assert r.status_code == 422 and r.json()["code"] == "archive_bomb"
    assert peak.mb < 32, f"{peak.mb:.0f} MB"  # it once peaked at 684 MB


READER = r"""
import json, re, resource, sys
resource.setrlimit(resource.RLIMIT_AS, (1536 << 20, resource.RLIM_INFINITY))
import django
django.setup()
from hotro.core.errors import AppError
from hotro.dossiers import worker_list

def status(field):
    text = open("/proc/self/status").read()
    return int(re.search(field + r":\s+(\d+)", text).group(1)) * 1024

answers = {}
for path in sys.argv[1:]:
    open("/proc/self/clear_refs", "w").write("5")
    before = status("VmRSS")
    try:
        worker_list.read_sheet(open(path, "rb").read(), max_rows=10_000, limit=20 << 20)
        code = "read"
    except AppError as exc:
        code = exc.code
    answers[path.rsplit("/", 1)[1]] = [code, (status("VmHWM") - before) >> 20]
print(json.dumps(answers))
"""


def test_the_reader_survives_every_attack_in_a_process_of_its_own(tmp_path: Path) -> None:
    """The reader itself, in a child process whose address space is limited to 1.5 GB: a
    regression that let a file through to the reader would abort the child (calamine's
    allocation fails), not the test worker, and this test would say which file."""
    files = []
    for name in ATTACKS:
        path = tmp_path / name
        path.write_bytes(attack(name))
        files.append(str(path))
    done = subprocess.run(  # noqa: S603 (our own interpreter and script)
        [sys.executable, "-c", READER, *files],
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "hotro.settings"},
    )
    assert done.returncode == 0, done.stderr[-3000:]
    answers = json.loads(done.stdout.strip().splitlines()[-1])
    assert {name: code for name, (code, _) in answers.items()} == ATTACKS
    assert max(mb for _, mb in answers.values()) < 64, answers


def test_row_numbers_count_from_the_sheets_first_used_row(applicant_api: Api) -> None:
    """The list starts at C4 (three empty rows, two empty columns before it): not padded,
    but every row still numbered as the spreadsheet shows it."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    rows = [
        HEAD,
        ["Lê Thị Mai", "079190000123", "1990-01-02", "7900000123", "2021-07-01", 30],
        ["Ngô Văn Bình", "12ab", "1991-01-02", "7900000124", "2021-07-01", 10],
    ]
    for i, row in enumerate(rows, start=4):
        for j, value in enumerate(row, start=3):
            sheet.cell(row=i, column=j, value=value)
    out = io.BytesIO()
    book.save(out)
    parsed = applicant_api.upload(f"{URL}/worker-list", "ds.xlsx", out.getvalue()).json()
    assert parsed["rows"] == [5, 6]
    assert parsed["beneficiaries"][1]["national_id"] == "12ab"

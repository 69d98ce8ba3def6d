"""GET /api/v1/stats and /api/v1/stats/overdue: who may see which scope, the figures against
direct counts over the dossiers, and the overdue list as JSON, CSV and xlsx."""

from __future__ import annotations

import datetime as dt
import io
import json
from collections.abc import Callable
from typing import Any

import pytest
from openpyxl import load_workbook

from hotro.accounts.models import Role, User
from hotro.core import clock
from hotro.dossiers.domain.lifecycle import Action
from hotro.dossiers.generator import generate
from hotro.dossiers.models import Dossier
from hotro.dossiers.sweep import overdue_sweep
from hotro.supervision.export import HEADINGS
from tests.conftest import Api
from tests.factories import submit_sample
from tests.supervision.helpers import act, move_to

pytestmark = pytest.mark.django_db
HCMC_OFFICE = "000.00.01.H29"
QNGAI_OFFICE = "000.00.01.H48"
GOVERNMENT_OFFICE = "000.00.00.G01"
Q1 = "000.00.46.H29"


@pytest.fixture
def apis(make_user: Callable[..., User], api_for: Callable[..., Api]) -> dict[str, Api]:
    return {
        "nation": api_for(make_user(Role.SUPERVISOR, GOVERNMENT_OFFICE)),
        "hcmc": api_for(make_user(Role.SUPERVISOR, HCMC_OFFICE)),
        "qngai": api_for(make_user(Role.SUPERVISOR, QNGAI_OFFICE)),
        "admin": api_for(make_user(Role.ADMIN)),
        "officer": api_for(make_user(Role.OFFICER, Q1)),
    }


def content(r: Any) -> bytes:
    return b"".join(r.streaming_content) if r.streaming else bytes(r.content)


def test_who_may_see_which_scope(apis: dict[str, Api], applicant_api: Api) -> None:
    for who in ("officer",):
        r = apis[who].get("/stats")
        assert r.status_code == 403 and r["Content-Type"].startswith("application/problem+json")
    assert applicant_api.get("/stats").status_code == 403
    assert Api(None).get("/stats").status_code == 401
    assert apis["hcmc"].get("/stats", province=51).status_code == 403
    assert apis["qngai"].get("/stats", agency=Q1).status_code == 403
    assert apis["qngai"].get("/stats/overdue", agency=Q1).status_code == 403
    own = apis["hcmc"].get("/stats").json()
    assert (own["scope"]["kind"], own["scope"]["code"]) == ("province", "79")
    assert apis["hcmc"].get("/stats", agency=Q1).json()["scope"]["kind"] == "agency"
    assert apis["nation"].get("/stats").json()["scope"]["kind"] == "nation"
    assert apis["admin"].get("/stats", province=51).status_code == 200


def test_bad_input_is_a_problem(apis: dict[str, Api]) -> None:
    r = apis["nation"].get("/stats", as_of="2021-10-13", date_to="2021-10-20")
    assert r.status_code == 422 and r["Content-Type"].startswith("application/problem+json")
    assert (
        apis["nation"].get("/stats", date_from="2021-10-13", date_to="2021-10-01").status_code
        == 422
    )
    assert apis["nation"].get("/stats", as_of="13/10/2021").status_code == 422
    future = apis["nation"].get("/stats", as_of="2030-01-01")
    assert future.status_code == 422 and "stats_as_of_future" in future.content.decode()
    assert apis["nation"].get("/stats", province=99).status_code == 404
    assert apis["nation"].get("/stats", policy="NO-SUCH").status_code == 404
    assert apis["nation"].get("/stats/overdue", format="pdf").status_code == 422


def test_the_seed_report_from_generated_dossiers(apis: dict[str, Api]) -> None:
    """Received, done, overdue in processing and rejected, as the Government Office counted
    them on 13 Oct 2021, equal direct counts; provinces add up to the nation."""
    with clock.frozen(clock.vietnam_datetime(2021, 10, 13, 18)):
        generate(count=300, seed=11, provinces=[79, 51], batch=100)
        body = apis["nation"].get("/stats").json()
        today = clock.today()
    f = body["figures"]
    running = Dossier.objects.filter(status__in=["submitted", "in_processing"])
    assert f["received"] == Dossier.objects.count() == 300
    assert f["done"] == Dossier.objects.filter(status__in=["approved", "paid", "done"]).count()
    assert f["in_processing_overdue"] == running.filter(due_date__lt=today).count() > 0
    assert (
        f["refused"] + f["rejected"]
        == Dossier.objects.filter(status__in=["refused", "rejected"]).count()
    )
    assert body["breakdown_level"] == "province"
    assert {p["code"] for p in body["breakdown"]} == {"79", "51"}
    for key in f:
        if key not in ("on_time_rate", "overdue_share"):
            assert sum(p["figures"][key] for p in body["breakdown"]) == f[key], key
    assert (
        body["top_reasons"] and body["top_reasons"][0]["count"] >= body["top_reasons"][-1]["count"]
    )
    hcmc = Dossier.objects.filter(agency__province_code=79)
    with clock.frozen(clock.vietnam_datetime(2021, 10, 13, 18)):
        province = apis["nation"].get("/stats", province=79).json()
    assert province["figures"]["received"] == hcmc.count()
    assert province["breakdown_level"] == "agency"
    by_agency = {p["code"]: p["figures"]["received"] for p in province["breakdown"]}
    assert sum(by_agency.values()) == hcmc.count()


def test_overdue_list_json_csv_and_xlsx(apis: dict[str, Api], applicant: User) -> None:
    late = submit_sample(applicant, national_id="079190000011", salt="x")
    act(late.code, Action.RECEIVE)
    Dossier.objects.filter(code=late.code).update(applicant_name='=HYPERLINK("http://x","y")')
    move_to(late.due_date + dt.timedelta(days=7))
    submit_sample(applicant, national_id="079190000012", salt="y")  # not overdue
    overdue_sweep()
    rows = json.loads(content(apis["hcmc"].get("/stats/overdue")))
    assert [r["code"] for r in rows] == [late.code]
    row = rows[0]
    assert row["working_days_overdue"] >= 4 and row["holder"] and row["officer"]
    assert row["current_step"] != "social_insurance_confirm"  # the step's name, not its key
    assert json.loads(content(apis["qngai"].get("/stats/overdue"))) == []
    csv_text = content(apis["hcmc"].get("/stats/overdue", format="csv")).decode("utf-8")
    assert csv_text.startswith("\ufeffMã hồ sơ,")
    assert "'=HYPERLINK" in csv_text and ',"=HYPERLINK' not in csv_text
    r = apis["hcmc"].get("/stats/overdue", format="xlsx", agency=Q1, view="received")
    assert r.status_code == 200 and "ho-so-qua-han" in r["Content-Disposition"]
    ws = load_workbook(io.BytesIO(content(r))).active
    assert ws is not None
    assert [c.value for c in ws[2]] == [name for name, _ in HEADINGS]
    assert ws.freeze_panes == "A3"
    name_cell = ws.cell(row=3, column=4)
    assert name_cell.data_type == "s" and str(name_cell.value).startswith("'=")
    assert ws.cell(row=3, column=1).value == late.code
    assert ws.max_row == 3


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1"])
def test_formula_starts_are_neutralised(text: str) -> None:
    from hotro.supervision.export import neutralise

    assert neutralise(text) == "'" + text
    assert neutralise("Công ty TNHH An Phát") == "Công ty TNHH An Phát"


def test_a_list_longer_than_a_sheet_goes_on_in_the_next(monkeypatch: pytest.MonkeyPatch) -> None:
    """Excel holds 1,048,576 rows a sheet; a national list at millions of dossiers is longer."""
    from hotro.supervision import export
    from hotro.supervision.overdue import OverdueRow

    monkeypatch.setattr(export, "SHEET_ROWS", 4)
    rows = [
        OverdueRow(
            code=f"NCOVI.000.00.46.H29-211013-{i:04d}",
            policy_code="QD23-TAM-HOAN-HDLD",
            policy_name="Hỗ trợ người lao động tạm hoãn hợp đồng lao động",
            applicant=f"Công ty {i}",
            received_on=dt.date(2021, 10, 1),
            due_date=dt.date(2021, 10, 8),
            working_days_overdue=3,
            current_step="Thẩm định",
            holder="Ủy ban nhân dân Quận 1",
            officer="",
        )
        for i in range(10)
    ]
    out = io.BytesIO()
    assert export.xlsx_write(rows, out, title="Danh sách") == 10
    book = load_workbook(io.BytesIO(out.getvalue()))
    assert book.sheetnames == ["Hồ sơ quá hạn", "Hồ sơ quá hạn (2)", "Hồ sơ quá hạn (3)"]
    codes = [c.value for ws in book.worksheets for (c, *_) in ws.iter_rows(min_row=3) if c.value]
    assert codes == [r.code for r in rows]
    assert all(ws["A2"].value == export.HEADINGS[0][0] for ws in book.worksheets)

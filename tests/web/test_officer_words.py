"""The officer's dossier page speaks Vietnamese only: signature verdicts, roles and components
by their labels (core.labels, the catalog), “ ” quotes, dates as dd/mm/yyyy in messages."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from django.test import Client

from hotro.accounts.models import Role, User
from hotro.core import labels
from hotro.core.messages import render
from hotro.dossiers.actions import ActionInput, SupplementItem, dossier_act
from hotro.dossiers.domain.lifecycle import Action
from tests.factories import submit_sample
from tests.web.helpers import with_second_factor
from tests.web.test_pages import login

pytestmark = pytest.mark.django_db
MACHINE = re.compile(
    r"TOTAL_PASSED|TOTAL_FAILED|INDETERMINATE|NO_CERTIFICATE_CHAIN_FOUND|\(applicant\)|"
    r"\(officer\)|social_insurance_confirmation(?!\.pdf)|worker_list(?!\.pdf)|«|»"
)


def visible(html: str) -> str:
    """The page's text and attribute values a person reads, without its links and names."""
    html = re.sub(r"<(script|style)\b.*?</\1>", "", html, flags=re.S)
    html = re.sub(r'\s(href|src|name|id|for|class|aria-[a-z]+|value)="[^"]*"', "", html)
    return html


def test_the_dossier_page_has_no_machine_words(
    make_user: Callable[..., User], applicant: User, client: Client
) -> None:
    dossier = submit_sample(applicant, signed=("worker_list", "social_insurance_confirmation"))
    officer = with_second_factor(make_user(Role.OFFICER, "000.00.46.H29", full_name="Trần Mai"))
    login(client, officer)
    page = client.get(f"/can-bo/ho-so/{dossier.code}/").content.decode()
    assert "Hợp lệ" in page  # the verdicts, in words
    found = MACHINE.search(visible(page))
    assert not found, visible(page)[found.start() - 300 : found.end() + 80]
    assert "Xác nhận “" in page  # the confirmation of an action quotes it the Vietnamese way

    r = client.post(f"/can-bo/ho-so/{dossier.code}/receive/", {})
    assert r.status_code == 302
    done = client.get(r["Location"]).content.decode()
    assert "Đã thực hiện “" in done and "«" not in done


def test_a_supplement_item_names_its_component(
    make_user: Callable[..., User], applicant: User, client: Client
) -> None:
    dossier = submit_sample(applicant)
    desk = make_user(Role.OFFICER, "000.00.46.H29", full_name="Trần Mai")
    dossier_act(user=desk, code=dossier.code, action=Action.RECEIVE, data=ActionInput())
    officer = with_second_factor(make_user(Role.OFFICER, "000.91.46.H29", full_name="Lê Hùng"))
    dossier_act(
        user=officer,
        code=dossier.code,
        action=Action.REQUEST_SUPPLEMENT,
        data=ActionInput(
            reason_code="BS-01",
            reason_text="Danh sách thiếu số định danh.",
            items=[SupplementItem("Bổ sung số CCCD", component="worker_list")],
        ),
    )
    login(client, officer)
    page = client.get(f"/can-bo/ho-so/{dossier.code}/").content.decode()
    assert "Bổ sung số CCCD (Danh sách người lao động tạm hoãn" in page
    found = MACHINE.search(visible(page))
    assert not found, visible(page)[found.start() - 300 : found.end() + 80]


def test_labels_never_show_the_code() -> None:
    assert labels.label("indication", "TOTAL_PASSED") == "Hợp lệ"
    assert labels.label("indication", "SOMETHING_NEW") == "Chưa xác định"
    assert labels.label("sub_indication", "SOMETHING_NEW") == ""
    assert labels.label("indication", "TOTAL_FAILED", "en") == "Not valid"
    assert labels.actor_vi("Trần Thị Mai (officer)") == "Trần Thị Mai (cán bộ xử lý)"
    assert labels.actor_vi("Công ty An Phát (applicant)") == "Công ty An Phát (người nộp hồ sơ)"
    assert labels.actor_vi("system") == "Hệ thống"


def test_dates_in_messages_read_dd_mm_yyyy() -> None:
    text = render("stats_as_of_future", "vi", {"today": "2021-10-13"})
    assert "(13/10/2021)" in text and "2021-10-13" not in text

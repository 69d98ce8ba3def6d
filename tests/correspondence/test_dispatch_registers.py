"""A dispatch is numbered in its issuer's outgoing register (yearly), registered with its own
số đến at every recipient, lands in their inbox, and can be passed on; only its issuer and
recipients can open its files."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from hotro.accounts.models import Role, User
from hotro.catalog.selectors import agency_get
from hotro.core import clock
from hotro.core.errors import Forbidden
from hotro.correspondence.models import IncomingDispatch
from hotro.correspondence.services import Attachment, dispatch_issue
from hotro.documents.dispatches import Letter
from hotro.dossiers.models import Notification
from tests.conftest import Api

pytestmark = pytest.mark.django_db
PROVINCE = "000.00.00.H29"
Q1 = "000.00.46.H29"
LABOUR = "000.00.03.H29"


def letter() -> Letter:
    return Letter(
        issuer=agency_get(code=PROVINCE),
        number=0,  # given by the register
        symbol="UBND-HCC",
        abstract="đôn đốc xử lý hồ sơ quá hạn",
        recipients=["Ủy ban nhân dân Quận 1", "Sở Lao động - Thương binh và Xã hội"],
        paragraphs=["Đề nghị các cơ quan tập trung xử lý hồ sơ quá hạn."],
        copies=["Như trên"],
        archive="Lưu: VT, HCC.",
        authority="KT. CHỦ TỊCH",
        title="PHÓ CHỦ TỊCH",
        signer="Phạm Quốc Tuấn",
    )


@pytest.fixture
def supervisor(make_user: Callable[..., User]) -> User:
    return make_user(Role.SUPERVISOR, PROVINCE)


def issue(user: User) -> int:
    dispatch = dispatch_issue(
        user=user,
        letter=letter(),
        kind="reminder",
        to=[agency_get(code=Q1), agency_get(code=LABOUR)],
        attachment=Attachment("danh-sach.xlsx", b"PK\x03\x04 not really"),
    )
    return dispatch.id


def test_numbers_follow_each_register_and_restart_each_year(supervisor: User) -> None:
    first, second = issue(supervisor), issue(supervisor)
    incoming = IncomingDispatch.objects.filter(agency__code=Q1).order_by("number")
    assert [i.number for i in incoming] == [1, 2]
    assert [i.dispatch_id for i in incoming] == [first, second]
    with clock.frozen(clock.vietnam_datetime(2022, 1, 4, 8)):
        third = dispatch_issue(
            user=supervisor, letter=letter(), kind="reminder", to=[agency_get(code=Q1)]
        )
    assert (third.year, third.number) == (2022, 1)
    assert IncomingDispatch.objects.get(dispatch=third).number == 1


def test_recipients_find_it_in_their_inbox_and_pass_it_on(
    supervisor: User, make_user: Callable[..., User], api_for: Callable[..., Api]
) -> None:
    officer = make_user(Role.OFFICER, Q1)
    dispatch_id = issue(supervisor)
    assert Notification.objects.filter(user=officer, kind="dispatch").count() == 1
    api = api_for(officer)
    (item,) = api.get("/dispatches/inbox").json()
    assert item["number"] == 1 and item["dispatch"]["number_symbol"] == "1/UBND-HCC"
    pdf = api.get(f"/dispatches/{dispatch_id}/pdf")
    assert pdf.status_code == 200 and pdf["X-Content-Type-Options"] == "nosniff"
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")
    r = api.post(f"/dispatches/inbox/{item['id']}/forward", {"to": "Phòng Lao động - TBXH"})
    assert r.status_code == 200 and r.json()["forwarded_to"] == "Phòng Lao động - TBXH"
    assert api.post(f"/dispatches/inbox/{item['id']}/forward", {"to": " "}).status_code == 422


def test_others_cannot_open_it(
    supervisor: User, make_user: Callable[..., User], api_for: Callable[..., Api]
) -> None:
    dispatch_id = issue(supervisor)
    stranger = api_for(make_user(Role.OFFICER, "000.00.80.H29"))  # Thủ Đức: not a recipient
    assert stranger.get(f"/dispatches/{dispatch_id}/pdf").status_code == 404
    assert stranger.get("/dispatches/inbox").json() == []
    issuer = api_for(supervisor)
    assert [d["id"] for d in issuer.get("/dispatches").json()] == [dispatch_id]
    assert issuer.get(f"/dispatches/{dispatch_id}/attachment").status_code == 200


def test_only_a_supervisor_of_the_issuing_agency_issues(make_user: Callable[..., User]) -> None:
    with pytest.raises(Forbidden):
        issue(make_user(Role.OFFICER, PROVINCE))
    with pytest.raises(Forbidden):
        issue(make_user(Role.SUPERVISOR, "000.00.01.H48"))


def test_a_failed_issue_leaves_no_number_behind(supervisor: User) -> None:
    from hotro.core.errors import ValidationFailed

    with pytest.raises(ValidationFailed):
        dispatch_issue(user=supervisor, letter=letter(), kind="reminder", to=[])
    assert issue(supervisor)  # the first real one is number 1
    from hotro.correspondence.models import OutgoingDispatch

    assert OutgoingDispatch.objects.get().number == 1

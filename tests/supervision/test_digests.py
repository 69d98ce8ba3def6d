"""Supervision's notifications: the weekly digest to the head of the agency holding overdue or
soon-due dossiers (its officers when it has no head), the daily note to supervisors when an agency's overdue count rises; neither sends
twice."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from hotro.accounts.models import Role, User
from hotro.core import clock
from hotro.dossiers.models import Notification
from hotro.supervision.digests import digest_daily, digest_weekly
from tests.factories import submit_sample

pytestmark = pytest.mark.django_db
Q1 = "000.00.46.H29"


def test_weekly_digest_lists_what_the_agency_holds_late(
    make_user: Callable[..., User], applicant: User
) -> None:
    officer = make_user(Role.OFFICER, Q1)
    elsewhere = make_user(Role.OFFICER, "000.00.80.H29")
    dossier = submit_sample(applicant)  # at Quận 1, due 21/10/2021
    later = clock.vietnam_datetime(2021, 10, 25, 8)  # a Monday, two working days late
    with clock.frozen(later):
        report = digest_weekly()
        again = digest_weekly()
    assert report.notifications == 1 and again.notifications == 0
    note = Notification.objects.get(user=officer, kind="digest_weekly")
    assert "1 hồ sơ quá hạn" in note.title and dossier.code in note.body
    assert not Notification.objects.filter(user=elsewhere).exists()


def test_weekly_digest_goes_to_the_agency_head_when_there_is_one(
    make_user: Callable[..., User], applicant: User
) -> None:
    officer = make_user(Role.OFFICER, Q1)
    head = make_user(Role.OFFICER, Q1, agency_head=True)
    dossier = submit_sample(applicant)
    with clock.frozen(clock.vietnam_datetime(2021, 10, 25, 8)):
        assert digest_weekly().notifications == 1
    note = Notification.objects.get(kind="digest_weekly")
    assert note.user == head and dossier.code in note.body
    assert not Notification.objects.filter(user=officer).exists()


def test_daily_note_when_an_agencys_overdue_count_rises(
    make_user: Callable[..., User], applicant: User
) -> None:
    hcmc = make_user(Role.SUPERVISOR, "000.00.01.H29")
    qngai = make_user(Role.SUPERVISOR, "000.00.01.H48")
    nation = make_user(Role.SUPERVISOR, "000.00.00.G01")
    submit_sample(applicant, national_id="079190000101", salt="1")
    with clock.frozen(clock.vietnam_datetime(2021, 10, 21, 8)):
        assert digest_daily().notifications == 0  # the first recorded day: nothing to compare
    submit_sample(applicant, national_id="079190000102", salt="2")  # both due 21/10/2021
    with clock.frozen(clock.vietnam_datetime(2021, 10, 22, 8)):
        report = digest_daily()
        assert digest_daily().notifications == 0  # once a day
    assert report.agencies == 1
    assert set(Notification.objects.filter(kind="digest_daily").values_list("user", flat=True)) == {
        hcmc.id,
        nation.id,
    }
    note = Notification.objects.get(user=hcmc, kind="digest_daily")
    assert "Ủy ban nhân dân Quận 1" in note.body and "0 → 2" in note.body
    assert not Notification.objects.filter(user=qngai).exists()

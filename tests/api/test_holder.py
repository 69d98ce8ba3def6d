"""Who holds a dossier, on every dossier and list row of the API (issue #12, item 18): the
agency whose officers act on it now, and the step it is at."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from hotro.accounts.models import Role, User
from hotro.catalog.models import PolicyStep
from hotro.dossiers import actions
from hotro.dossiers.domain.lifecycle import Action
from hotro.dossiers.models import Dossier
from tests.conftest import Api
from tests.factories import submit_sample
from tests.supervision.helpers import act

pytestmark = pytest.mark.django_db


def test_every_row_says_who_holds_it_and_at_which_step(
    applicant: User, make_user: Callable[..., User], api_for: Callable[..., Api]
) -> None:
    desk = submit_sample(applicant, national_id="079190000031", salt="a")
    city = submit_sample(applicant, national_id="079190000032", salt="b")
    refused = submit_sample(applicant, national_id="079190000033", salt="c")
    act(city.code, Action.RECEIVE)
    act(city.code, Action.FORWARD)
    act(city.code, Action.FORWARD)
    act(refused.code, Action.REFUSE)
    admin = api_for(make_user(Role.ADMIN))
    rows = {row["code"]: row for row in admin.get("/dossiers").json()["items"]}
    assert set(rows) == {desk.code, city.code, refused.code}
    for code in (desk.code, city.code):
        d = Dossier.objects.select_related("agency", "step_agency").get(code=code)
        holder = actions.acting_agency(d)
        one = admin.get(f"/dossiers/{code}").json()
        for body in (rows[code], one):
            assert body["holder"] == {"code": holder.code, "name": holder.name}
            assert body["current_step"] == d.current_step
    # Before receipt the receiving agency's desk holds it, though its first step is named.
    assert rows[desk.code]["holder"]["code"] == "000.00.46.H29"
    assert rows[desk.code]["current_step"] == "social_insurance_confirm"
    assert rows[city.code]["holder"]["code"] == "000.00.00.H29"
    step = PolicyStep.objects.get(policy__code=city.policy.code, key="province_decide")
    assert rows[city.code]["current_step"] == "province_decide"
    assert rows[city.code]["current_step_name"] == step.name
    assert rows[refused.code]["holder"] is None
    # The applicant reads the same on their own dossier.
    mine = api_for(applicant).get(f"/dossiers/{city.code}").json()
    assert mine["holder"]["name"] == "Ủy ban nhân dân thành phố Hồ Chí Minh"


def test_a_list_page_reads_the_holders_in_a_fixed_number_of_queries(
    applicant: User, make_user: Callable[..., User], api_for: Callable[..., Api]
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    admin = api_for(make_user(Role.ADMIN))
    submit_sample(applicant, national_id="079190000041", salt="a")
    with CaptureQueriesContext(connection) as one:
        admin.get("/dossiers")
    for i, nid in enumerate(("079190000042", "079190000043", "079190000044")):
        d = submit_sample(applicant, national_id=nid, salt=str(i))
        act(d.code, Action.RECEIVE)
    with CaptureQueriesContext(connection) as four:
        assert len(admin.get("/dossiers").json()["items"]) == 4

    def lookups(queries: CaptureQueriesContext) -> int:
        tables = ('FROM "catalog_agency"', 'FROM "catalog_policystep"')
        return sum(1 for q in queries if any(t in q["sql"] for t in tables))

    assert lookups(four) == lookups(one) == 2

"""Lists read the filtered dossiers as a union of parts, each walked along its own index
(`selectors.dossier_parts`). Whatever the queue, the user and the page size, walking every
page must give exactly the dossiers of the plain filter (R8 included), newest first."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

import pytest

from hotro.accounts.models import Role, User
from hotro.catalog.models import Agency
from hotro.core import clock
from hotro.dossiers import queues, selectors
from hotro.dossiers.domain.status import CLOCK_RUNNING
from hotro.dossiers.generator import generate
from hotro.dossiers.models import Dossier
from hotro.dossiers.selectors import DossierFilters

pytestmark = pytest.mark.django_db


def walk(user: User, filters: DossierFilters, limit: int) -> list[int]:
    ids: list[int] = []
    cursor = None
    while True:
        page = selectors.dossier_list(user=user, filters=filters, limit=limit, cursor=cursor)
        ids += [d.id for d in page.items]
        if page.next_cursor is None:
            return ids
        cursor = page.next_cursor


def plain(user: User, filters: DossierFilters) -> list[int]:
    qs = selectors.dossier_filtered(user=user, filters=filters)
    return list(qs.order_by("-id").values_list("id", flat=True))


def test_every_queue_pages_through_exactly_its_dossiers(
    make_user: Callable[..., User],
) -> None:
    with clock.frozen(clock.vietnam_datetime(2021, 10, 13, 18)):
        generate(count=400, seed=5, provinces=[79, 1], batch=200)
        # The desks that receive most, and the agencies that hold most at a step.
        receiving = Counter(Dossier.objects.values_list("agency_id", flat=True))
        stepping = Counter(
            Dossier.objects.exclude(step_agency=None).values_list("step_agency_id", flat=True)
        )
        agencies = {a for a, _ in receiving.most_common(2)} | {
            a for a, _ in stepping.most_common(2)
        }
        users = [make_user(Role.OFFICER, Agency.objects.get(id=a).code) for a in sorted(agencies)]
        users += [make_user(Role.SUPERVISOR, "000.00.00.H29"), make_user(Role.ADMIN)]
        checked = 0
        for user in users:
            for name in queues.QUEUES:
                filters = queues.queue_filters(user=user, queue=name)
                expected = plain(user, filters)
                for limit in (7, 50):
                    assert walk(user, filters, limit) == expected, (user.username, name, limit)
                assert selectors.dossier_count(user=user, filters=filters) == len(expected)
                checked += len(expected)
            # Other filters on an officer's whole list: a policy, a status, a search.
            for filters in (
                DossierFilters(policy_code="QD23-TAM-HOAN-HDLD"),
                DossierFilters(status="in_processing"),
                DossierFilters(overdue=True),
                DossierFilters(q="Công ty"),
            ):
                expected = plain(user, filters)
                assert walk(user, filters, 9) == expected, (user.username, filters)
                assert selectors.dossier_count(user=user, filters=filters) == len(expected)
        assert checked > 400  # the queues were not all empty
        # "Not overdue" is every visible dossier but the running ones past their due date.
        today = clock.today()
        for user in users:
            everything = plain(user, DossierFilters())
            late = {
                d.id
                for d in Dossier.objects.filter(id__in=everything)
                if d.status in CLOCK_RUNNING and d.due_date < today
            }
            assert late and plain(user, DossierFilters(overdue=False)) == [
                i for i in everything if i not in late
            ]

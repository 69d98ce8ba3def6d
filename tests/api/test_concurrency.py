"""Codes under concurrent submissions (R6): unique, consecutive, gap-free; one idempotency
key raced by many requests makes one dossier. Real threads, real connections."""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from django.db import connections

from hotro.accounts.models import Role
from hotro.accounts.services import token_issue, user_create
from hotro.catalog.models import Policy
from hotro.catalog.services import catalog_load
from hotro.dossiers import history
from hotro.dossiers.models import CodeCounter, Dossier
from hotro.dossiers.services import document_upload
from tests.conftest import APPLICANT, Api, is_postgres
from tests.factories import pdf_bytes

PARALLEL = 50


@pytest.fixture
def prepared(
    transactional_db: None, settings: Any
) -> Callable[[int], tuple[str, list[dict[str, Any]]]]:
    # One applicant races PARALLEL submissions: more than the pending-upload quota and the
    # submission rate allow one user (those are tested in tests/api/test_rate_limits.py).
    settings.HOTRO_PENDING_UPLOADS_MAX = 4 * PARALLEL
    settings.HOTRO_RATES = {**settings.HOTRO_RATES, "submit": {}}
    # Transactional tests empty the tables after them: bring the catalog back if needed.
    if not Policy.objects.exists():
        catalog_load(provinces={79})
    user = user_create(username="dn-song-song", role=Role.APPLICANT, password="secret-pass-1")
    token = token_issue(user=user)

    def bodies(n: int) -> tuple[str, list[dict[str, Any]]]:
        result = []
        for i in range(n):
            docs = [
                {
                    "component": c,
                    "upload_id": str(
                        document_upload(
                            user=user, filename=f"{c}.pdf", content=pdf_bytes(f"{c}{i}")
                        ).id
                    ),
                }
                for c in ("worker_list", "social_insurance_confirmation")
            ]
            result.append(
                {
                    "policy_code": "QD23-TAM-HOAN-HDLD",
                    "agency_code": "000.00.46.H29",
                    "applicant": {**APPLICANT, "name": f"Công ty số {i}"},
                    "beneficiaries": [
                        {
                            "full_name": "Trần Thị Lan",
                            "national_id": f"0791900{i:05d}",
                            "date_of_birth": "1990-04-12",
                            "social_insurance_no": "7912345678",
                            "suspension_start": "2021-07-01",
                            "suspension_days": 30,
                        }
                    ],
                    "documents": docs,
                }
            )
        return token, result

    return bodies


def _race(
    token: str, bodies: list[dict[str, Any]], headers: dict[str, str] | None = None
) -> list[Any]:
    barrier = threading.Barrier(len(bodies))

    def one(body: dict[str, Any]) -> Any:
        try:
            api = Api(token)
            barrier.wait(timeout=30)
            return api.post("/dossiers", body, headers)
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=len(bodies)) as pool:
        return list(pool.map(one, bodies))


def test_parallel_submissions_get_distinct_consecutive_serials(prepared: Any) -> None:
    token, bodies = prepared(PARALLEL)
    responses = _race(token, bodies)
    assert [r.status_code for r in responses] == [201] * PARALLEL, [
        r.content for r in responses if r.status_code != 201
    ][:2]
    serials = sorted(int(r.json()["code"][-4:]) for r in responses)
    assert serials == list(range(1, PARALLEL + 1))
    assert Dossier.objects.count() == PARALLEL
    assert CodeCounter.objects.get().last == PARALLEL


def test_one_idempotency_key_raced_makes_one_dossier(prepared: Any) -> None:
    token, bodies = prepared(1)
    responses = _race(token, bodies * 10, {"Idempotency-Key": "dua-nhau"})
    assert sorted(r.status_code for r in responses) == [200] * 9 + [201]
    assert len({r.json()["code"] for r in responses}) == 1
    assert Dossier.objects.count() == 1
    # And no number was lost to the losers: the next dossier is 0002.
    _, more = prepared(1)
    assert _race(token, more)[0].json()["code"].endswith("-0002")


def test_a_failure_after_the_serial_is_taken_gives_the_number_back(
    prepared: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    token, bodies = prepared(2)

    def broken(**_: Any) -> None:
        raise RuntimeError("disk full")

    with monkeypatch.context() as m:
        m.setattr(history, "event_append", broken)
        failed = Api(token).post("/dossiers", bodies[0])
    assert failed.status_code == 500
    assert failed["Content-Type"].startswith("application/problem+json")
    assert Dossier.objects.count() == 0
    assert Api(token).post("/dossiers", bodies[1]).json()["code"].endswith("-0001")


def test_two_conflicting_actions_at_once_one_wins(prepared: Any) -> None:
    token, bodies = prepared(1)
    code = Api(token).post("/dossiers", bodies[0]).json()["code"]
    from hotro.accounts.models import User
    from hotro.catalog.selectors import agency_get

    officers = [
        token_issue(
            user=user_create(
                username=f"canbo-{i}",
                role=Role.OFFICER,
                password="secret-pass-1",
                agency=agency_get(code="000.00.46.H29"),
            )
        )
        for i in range(2)
    ]
    moves = [
        ("receive", {}),
        (
            "refuse",
            {"reason_code": "TC-01", "reason_text": "Hồ sơ nộp không đúng cơ quan có thẩm quyền."},
        ),
    ]
    barrier = threading.Barrier(2)

    def one(i: int) -> Any:
        try:
            api = Api(officers[i])
            barrier.wait(timeout=30)
            return api.post(f"/dossiers/{code}/actions/{moves[i][0]}", moves[i][1])
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=2) as pool:
        responses = list(pool.map(one, range(2)))
    assert sorted(r.status_code for r in responses) == [200, 409], [r.content for r in responses]
    dossier = Dossier.objects.get(code=code)
    assert dossier.status in ("in_processing", "refused")
    assert [e.action for e in dossier.events.order_by("seq")][1:] in (["receive"], ["refuse"])
    assert User.objects.filter(role=Role.OFFICER).count() == 2


def _officer_token(username: str, agency: str) -> str:
    from hotro.catalog.selectors import agency_get

    return token_issue(
        user=user_create(
            username=username,
            role=Role.OFFICER,
            password="secret-pass-1",
            agency=agency_get(code=agency),
        )
    )


def _waiting_on_a_lock() -> bool:
    with connections["default"].cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity "
            "WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        return bool(cursor.fetchone()[0])


@pytest.mark.postgres
@pytest.mark.parametrize(
    ("action", "body"),
    [
        (
            "reject",
            {
                "reason_code": "KD-02",
                "reason_text": "Thời gian tạm hoãn của người lao động chưa đủ 15 ngày.",
            },
        ),
        (
            "request_supplement",
            {
                "reason_code": "BS-01",
                "reason_text": "Thiếu bảng lương tháng 6 của người lao động.",
                "items": [{"description": "Bảng lương tháng 6", "kind": "information"}],
            },
        ),
    ],
)
def test_an_action_waiting_on_a_forward_is_judged_on_the_step_the_forward_made(
    prepared: Any, monkeypatch: pytest.MonkeyPatch, action: str, body: dict[str, Any]
) -> None:
    """R8 under a race (the finding on NCOVI.000.00.47.H29-211013-0022): one district officer
    forwards the dossier to the province while another's reject (or supplement request) waits
    on the row lock. Once the forward commits, the dossier is the province's: the waiting
    action must be refused, not judged on the district step it queued behind."""
    if not is_postgres():
        pytest.skip("row locks that wait are PostgreSQL's; SQLite runs one writer at a time")
    token, bodies = prepared(1)
    code = Api(token).post("/dossiers", bodies[0]).json()["code"]
    q1 = [_officer_token(f"canbo-q1-{i}", "000.00.46.H29") for i in range(2)]
    bhxh = _officer_token("canbo-bhxh-q1", "000.91.46.H29")
    assert Api(q1[0]).post(f"/dossiers/{code}/actions/receive", {}).status_code == 200
    step = Api(bhxh).post(f"/dossiers/{code}/actions/forward", {}).json()["current_step"]
    assert step == "district_appraise"

    # The forward stops with its row lock held, after writing the new step, until the other
    # action is seen waiting on that lock.
    from hotro.dossiers import actions

    held, release = threading.Event(), threading.Event()
    real_append = actions.history.event_append

    def append_then_hold(**kw: Any) -> Any:
        event = real_append(**kw)
        if kw["action"] == "forward":
            held.set()
            assert release.wait(timeout=60)
        return event

    monkeypatch.setattr(actions.history, "event_append", append_then_hold)
    results: dict[str, Any] = {}

    def post(name: str, officer: str, what: str, payload: dict[str, Any]) -> None:
        try:
            results[name] = Api(officer).post(f"/dossiers/{code}/actions/{what}", payload)
        finally:
            connections.close_all()

    forward = threading.Thread(target=post, args=("forward", q1[0], "forward", {}))
    forward.start()
    assert held.wait(timeout=60)
    other = threading.Thread(target=post, args=("other", q1[1], action, body))
    other.start()
    for _ in range(6000):  # until the other request waits on the row lock (or has answered)
        if _waiting_on_a_lock() or not other.is_alive():
            break
        threading.Event().wait(0.01)
    release.set()
    forward.join(timeout=60)
    other.join(timeout=60)

    assert results["forward"].status_code == 200, results["forward"].content
    assert results["forward"].json()["current_step"] == "province_decide"
    refused = results["other"]
    assert refused.status_code == 403, refused.content
    assert refused.json()["code"] == "not_your_step" and refused.json()["rule"] == "R8"
    dossier = Dossier.objects.get(code=code)
    assert dossier.status == "in_processing" and dossier.current_step == "province_decide"
    assert [e.action for e in dossier.events.order_by("seq")] == [
        "submit",
        "receive",
        "forward",
        "forward",
    ]
    assert history.chain_first_broken(dossier) is None


@pytest.mark.postgres
def test_forwards_raced_by_rejects_on_many_dossiers_leave_one_winner_each(prepared: Any) -> None:
    """The outside tester's shape, smaller: district officers at once on overlapping dossiers,
    one forwarding and one rejecting each. Whoever wins, the other is refused (403 once the
    province holds it, 409 once it is rejected), and every history verifies with its holder."""
    if not is_postgres():
        pytest.skip("row locks that wait are PostgreSQL's; SQLite runs one writer at a time")
    n = 10
    token, bodies = prepared(n)
    codes = [Api(token).post("/dossiers", body).json()["code"] for body in bodies]
    q1 = [_officer_token(f"canbo-q1-{i}", "000.00.46.H29") for i in range(2 * n)]
    bhxh = _officer_token("canbo-bhxh-q1", "000.91.46.H29")
    for code in codes:
        assert Api(q1[0]).post(f"/dossiers/{code}/actions/receive", {}).status_code == 200
        assert Api(bhxh).post(f"/dossiers/{code}/actions/forward", {}).status_code == 200
    reject = {"reason_code": "KD-02", "reason_text": "Thời gian tạm hoãn chưa đủ 15 ngày liên tục."}
    moves = [(code, q1[2 * i], "forward", {}) for i, code in enumerate(codes)] + [
        (code, q1[2 * i + 1], "reject", reject) for i, code in enumerate(codes)
    ]
    barrier = threading.Barrier(len(moves))

    def one(move: tuple[str, str, str, dict[str, Any]]) -> tuple[str, str, int]:
        code, officer, action, body = move
        try:
            api = Api(officer)
            barrier.wait(timeout=60)
            return code, action, api.post(f"/dossiers/{code}/actions/{action}", body).status_code
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=len(moves)) as pool:
        outcomes = list(pool.map(one, moves))
    for code in codes:
        got = {action: status for c, action, status in outcomes if c == code}
        assert got in ({"forward": 200, "reject": 403}, {"forward": 409, "reject": 200}), (
            code,
            got,
        )
        dossier = Dossier.objects.get(code=code)
        assert history.chain_first_broken(dossier) is None
        assert dossier.status == ("in_processing" if got["forward"] == 200 else "rejected")

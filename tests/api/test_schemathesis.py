"""Schemathesis over the whole committed OpenAPI document (docs/openapi.json), through the
WSGI application, as each role: anonymous, an applicant, an officer of a receiving agency, a
Social Insurance officer, a province's supervisor, the national supervisor, an administrator.
Every phase runs (examples, coverage, fuzzing, and the stateful phase, which follows the
document's links from POST /dossiers to its actions, documents and events), with five
checks: no server error, and status code, content type, headers and body as documented.

Deterministic (a fixed seed, derandomised generation) and bounded (max_examples, default 5).
A longer run: HOTRO_SCHEMATHESIS_EXAMPLES=200 pytest tests/api/test_schemathesis.py -s
The figures (operations, cases, failures, seconds) are printed at the end of the pytest run.

The data is real: the catalog, generated dossiers in every status, a dossier submitted with
signed documents and received, a reminder dispatch in the agencies' inboxes, and for the
applicant valid submissions (signed uploads of their own) that the fuzzer draws among its own
bodies, so that POST /dossiers succeeds and the stateful phase walks from it."""

from __future__ import annotations

import copy
import json
import logging
import os
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from django.db import connections
from hypothesis import strategies as st
from schemathesis.engine import from_schema

from hotro.accounts.models import Role, User
from hotro.accounts.services import token_issue, user_create
from hotro.catalog.models import Policy
from hotro.catalog.selectors import agency_get
from hotro.catalog.services import catalog_load
from hotro.core.authz import restrict
from hotro.correspondence.models import IncomingDispatch, OutgoingDispatch
from hotro.dossiers import actions
from hotro.dossiers.domain.lifecycle import Action
from hotro.dossiers.generator import generate
from hotro.dossiers.models import Document, Dossier
from hotro.dossiers.services import document_upload
from hotro.supervision.reminders import Signer, reminder_compose, reminder_request
from tests import pki
from tests.api import st_report
from tests.conftest import TEST_PROVINCES
from tests.factories import APPLICANT, pdf_bytes, submit_sample

OPENAPI = Path(__file__).parent.parent.parent / "docs" / "openapi.json"
EXAMPLES = int(os.environ.get("HOTRO_SCHEMATHESIS_EXAMPLES", "5"))
SEED = 2021
CHECKS = (
    "not_a_server_error",
    "status_code_conformance",
    "content_type_conformance",
    "response_headers_conformance",
    "response_schema_conformance",
)
# Two groups of about the same cost, so that the two xdist workers share the run.
GROUPS = {
    "citizens-and-officers": ("anonymous", "applicant", "officer", "social_insurance"),
    "supervision": ("province", "national", "admin"),
}
# The coverage phase (every boundary and wrong type of every parameter, a few hundred
# cases per role, unbounded by max_examples) runs for the operations without login as
# anonymous and for the others as the administrator, who passes every role check and so
# reaches every validation; each role has the examples, fuzzing and stateful phases.
COVERAGE = {"anonymous": False, "admin": True}
SUBMIT = "POST /api/v1/dossiers"
ACT = "POST /api/v1/dossiers/{code}/actions/{action}"
REFUSE = {"reason_code": "TC-01", "reason_text": "Hồ sơ nộp không đúng cơ quan có thẩm quyền."}
WITHDRAW = {"reason_code": "RH-01", "reason_text": "Xin rút hồ sơ để bổ sung danh sách."}
VALID_SUBMISSIONS = 6


def _user(role: Role, agency: str | None, name: str, **kw: Any) -> User:
    return user_create(
        username=name,
        role=role,
        password="secret-password-1",
        agency=agency_get(code=agency) if agency else None,
        **kw,
    )


def _valid_bodies(user: User) -> list[dict[str, Any]]:
    """Submissions the API accepts, each with its own signed uploads (an upload is attached
    to one dossier only)."""
    demo = pki.demo()
    signers = {"worker_list": demo.employer, "social_insurance_confirmation": demo.social_insurance}
    bodies = []
    for i in range(VALID_SUBMISSIONS):
        documents = [
            {
                "component": component,
                "upload_id": str(
                    document_upload(
                        user=user,
                        filename=f"{component}-{i}.pdf",
                        content=pki.sign(signer, pdf_bytes(f"{component}{i}")),
                    ).id
                ),
            }
            for component, signer in signers.items()
        ]
        bodies.append(
            {
                "policy_code": "QD23-TAM-HOAN-HDLD",
                "agency_code": "000.00.46.H29",
                "applicant": dict(APPLICANT),
                "beneficiaries": [
                    {
                        "full_name": "Trần Thị Lan",
                        "national_id": f"07919000{i:04d}",
                        "date_of_birth": "1990-04-12",
                        "social_insurance_no": "7912345678",
                        "suspension_start": "2021-07-01",
                        "suspension_days": 30 + i,
                    }
                ],
                "documents": documents,
            }
        )
    return bodies


def _seen(user: User) -> dict[str, list[Any]]:
    """What the user may see, for its run to draw real codes from: the dossiers, their
    documents, the incoming dispatches of its agency."""
    visible = restrict(Dossier.objects.order_by("id"), user)
    return {
        "dossiers": list(visible.values_list("code", flat=True)),
        "documents": [
            str(i)
            for i in Document.objects.filter(dossier__in=visible)
            .order_by("dossier_id", "filename")
            .values_list("id", flat=True)
        ],
        "incoming": list(
            IncomingDispatch.objects.filter(agency=user.agency)
            .order_by("id")
            .values_list("id", flat=True)
        )
        if user.agency
        else [],
    }


def world() -> dict[str, Any]:
    """The data every role's run reads and acts on; the tokens of each role."""
    if not Policy.objects.exists():  # transactional tests empty the tables after them
        catalog_load(provinces=TEST_PROVINCES)
        pki.trust_load()
    generate(count=40, seed=11, provinces=[79], batch=40)
    applicant = _user(Role.APPLICANT, None, "st-applicant", full_name=APPLICANT["name"])
    officer = _user(Role.OFFICER, "000.00.46.H29", "st-officer")
    province = _user(Role.SUPERVISOR, "000.00.01.H29", "st-province")
    users = {
        "applicant": applicant,
        "officer": officer,
        "social_insurance": _user(Role.OFFICER, "000.91.46.H29", "st-bhxh"),
        "province": province,
        "national": _user(Role.SUPERVISOR, "000.00.00.G01", "st-national"),
        "admin": _user(Role.ADMIN, None, "st-admin"),
    }
    signed = ("worker_list", "social_insurance_confirmation")
    received = submit_sample(applicant, national_id="079190000001", signed=signed)
    actions.dossier_act(
        user=officer, code=received.code, action=Action.RECEIVE, data=actions.ActionInput()
    )
    fresh = [
        submit_sample(applicant, national_id=f"07919000000{i}", salt=f"new{i}").code
        for i in range(2, 6)
    ]
    asked = reminder_request(
        user=province, signer=Signer("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Phạm Quốc Tuấn", "UBND-KSTT")
    )
    reminder_compose(asked.id)  # the worker's part (idempotent, if on_commit already ran it)
    return {
        "tokens": {"anonymous": None} | {role: token_issue(user=u) for role, u in users.items()},
        "valid_bodies": _valid_bodies(applicant),
        "seen": {role: _seen(user) for role, user in users.items()},
        # Lifecycle moves the rules allow, drawn among the fuzzer's own requests
        "moves": {
            "applicant": [(fresh[3], "withdraw", WITHDRAW)],
            "officer": [
                (fresh[0], "receive", {}),
                (fresh[1], "receive", {}),
                (fresh[2], "refuse", REFUSE),
            ],
            "social_insurance": [(received.code, "forward", {})],
        },
        "dictionaries": {
            "dossiers": list(Dossier.objects.order_by("id").values_list("code", flat=True)),
            "documents": [
                str(i)
                for i in Document.objects.order_by("uploaded_at").values_list("id", flat=True)
            ],
            "dispatches": list(
                OutgoingDispatch.objects.order_by("id").values_list("id", flat=True)
            ),
            "incoming": list(IncomingDispatch.objects.order_by("id").values_list("id", flat=True)),
            "policies": list(Policy.objects.order_by("code").values_list("code", flat=True)),
            "agencies": ["000.00.46.H29", "000.91.46.H29", "000.00.01.H29", "000.00.00.G01"],
            "provinces": sorted(TEST_PROVINCES),
        },
    }


def _bind(path: str, parameter: str, dictionary: str, **more: str) -> dict[str, Any]:
    """Half of the values of a parameter (`path.code`, `query.province`, `body.agency`)
    drawn from what exists, half generated."""
    bound = {parameter: dictionary, **{k.replace("__", "."): v for k, v in more.items()}}
    return {
        "include-path": path,
        "parameters": {
            name if "." in name else f"path.{name}": {"dictionary": d, "probability": 0.5}
            for name, d in bound.items()
        },
    }


# Where a query or body names a scope, half the time one that exists.
_SCOPE = {"query__province": "provinces", "query__agency": "agencies", "query__policy": "policies"}


def config(
    token: str | None, dictionaries: dict[str, list[Any]], no_coverage: list[str]
) -> schemathesis.Config:
    data: dict[str, Any] = {
        "seed": SEED,
        "workers": 1,
        "generation": {"max-examples": EXAMPLES, "deterministic": True},
        "checks": {"enabled": False} | {name: {"enabled": True} for name in CHECKS},
        # the stateful phase's runs are cheap (a few seconds) and walk the links: more of them
        "phases": {"stateful": {"enabled": True, "generation": {"max-examples": 4 * EXAMPLES}}},
        "dictionaries": {
            name: {"values": values} for name, values in dictionaries.items() if values
        },
        "operations": [
            _bind(f"/api/v1/dossiers/{{code}}{tail}", "code", "dossiers")
            for tail in ("", "/actions/{action}", "/events", "/slips/process-control")
        ]
        + [
            _bind("/api/v1/public/dossiers/{code}", "code", "dossiers"),
            {
                "include-path": "/api/v1/dossiers/{code}/documents/{doc_id}/file",
                "parameters": {
                    "path.code": {"dictionary": "dossiers", "probability": 0.5},
                    "path.doc_id": {"dictionary": "documents", "probability": 0.5},
                },
            },
            _bind("/api/v1/dispatches/{dispatch_id}/{part}", "dispatch_id", "dispatches"),
            _bind("/api/v1/dispatches/inbox/{incoming_id}/forward", "incoming_id", "incoming"),
            _bind("/api/v1/catalog/policies/{code}", "code", "policies"),
            _bind("/api/v1/catalog/policies/{code}/worker-list", "code", "policies"),
            _bind("/api/v1/catalog/policies/{code}/worker-list-template", "code", "policies"),
            _bind("/api/v1/catalog/agencies/{code}", "code", "agencies"),
            _bind("/api/v1/stats", "query.province", "provinces", **_SCOPE),
            _bind("/api/v1/stats/overdue", "query.province", "provinces", **_SCOPE),
            _bind("/api/v1/dossiers", "query.agency", "agencies", query__policy="policies"),
            _bind("/api/v1/catalog/agencies", "query.province", "provinces"),
            _bind("/api/v1/stats/reminders", "body.province", "provinces", body__agency="agencies"),
        ]
        + (
            [{"include-operation-id": no_coverage, "phases": {"coverage": {"enabled": False}}}]
            if no_coverage
            else []
        ),
    }
    if token:
        data["headers"] = {"Authorization": f"Bearer {token}"}
    return schemathesis.Config.from_dict(data)


def _closing(app: Any) -> Any:
    """The WSGI application, each answer read whole and closed (Django's request_finished),
    then the thread's database connections closed: the engine calls the application from
    threads that end with their phase, which would otherwise leave their (persistent, on
    PostgreSQL) connections open."""

    def call(environ: dict[str, Any], start_response: Any) -> list[bytes]:
        answer = app(environ, start_response)
        try:
            return [b"".join(answer)]
        finally:
            try:
                answer.close()
            finally:
                connections.close_all()

    return call


def _move(case: Any, move: tuple[str, str, dict[str, Any]]) -> Any:
    code, action, body = move
    case.path_parameters = {"code": code, "action": action}
    case.body = copy.deepcopy(body)
    return case


def run_role(role: str, w: dict[str, Any]) -> st_report.RoleRun:
    document = json.loads(OPENAPI.read_text(encoding="utf-8"))
    operations = [op for item in document["paths"].values() for op in item.values()]
    public = [op["operationId"] for op in operations if not op.get("security")]
    secured = [op["operationId"] for op in operations if op.get("security")]
    # the role's own dossiers, documents and inbox where it has some
    seen = {k: v for k, v in w["seen"].get(role, {}).items() if v}
    dictionaries = w["dictionaries"] | seen
    no_coverage = {None: public + secured, False: secured, True: public}[COVERAGE.get(role)]
    schema = schemathesis.openapi.from_dict(
        document, config=config(w["tokens"][role], dictionaries, no_coverage)
    )
    schema.app = _closing(get_wsgi_application())
    if role != "anonymous":  # what needs no login is the anonymous run's
        schema = schema.exclude(operation_id=public)
    if role == "applicant":
        bodies = w["valid_bodies"]

        @schema.hook
        def flatmap_body(context: Any, body: Any) -> Any:
            if context.operation is not None and context.operation.label == SUBMIT:
                return st.one_of(st.just(body), st.sampled_from(bodies).map(copy.deepcopy))
            return st.just(body)

    moves = w["moves"].get(role)
    if moves:

        @schema.hook
        def flatmap_case(context: Any, case: Any) -> Any:
            if case.operation.label != ACT:
                return st.just(case)
            return st.one_of(st.just(case), st.sampled_from(moves).map(lambda m: _move(case, m)))

    result = st_report.RoleRun(role=role)
    started = time.monotonic()
    for event in from_schema(schema).execute():
        result.record(event)
    result.seconds = time.monotonic() - started
    return result


@pytest.fixture
def quiet() -> Iterator[None]:
    """The 4xx answers the fuzzer provokes are expected: not logged as warnings."""
    logger = logging.getLogger("django.request")
    level = logger.level
    logger.setLevel(logging.ERROR)  # a 500 is still logged, with its traceback
    yield
    logger.setLevel(level)


@pytest.mark.slow
@pytest.mark.parametrize("group", sorted(GROUPS))
def test_the_api_answers_as_documented_to_every_role(
    group: str, transactional_db: None, settings: Any, quiet: None, request: Any
) -> None:
    settings.ALLOWED_HOSTS = ["localhost"]  # schemathesis' WSGI client
    started = time.monotonic()
    w = world()
    setup = time.monotonic() - started
    runs = [run_role(role, w) for role in GROUPS[group]]
    st_report.publish(request.config, group, runs, setup)
    failures = [f for run in runs for f in run.failures]
    assert not failures, "\n".join(failures[:40])
    for run in runs:
        assert run.operations and run.cases, f"{run.role}: nothing was tested"


# --- what the runs rely on, checked in a second --------------------------------------


def _document() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(OPENAPI.read_text(encoding="utf-8"))
    return data


def test_every_link_names_an_operation_and_its_parameters() -> None:
    document = _document()
    operations = {
        op["operationId"]: op for item in document["paths"].values() for op in item.values()
    }
    links = [
        link
        for op in operations.values()
        for response in op["responses"].values()
        for link in response.get("links", {}).values()
    ]
    assert len(links) >= 10
    for link in links:
        target = operations[link["operationId"]]
        names = {p["name"] for p in target.get("parameters", []) if p["in"] == "path"}
        assert set(link["parameters"]) <= names, link


def test_every_error_is_problem_json_and_every_operation_declares_the_edge_statuses() -> None:
    for path, item in _document()["paths"].items():
        for method, op in item.items():
            responses = op["responses"]
            assert {"400", "422"} <= set(responses), (method, path)
            if "requestBody" in op:
                assert "413" in responses, (method, path)
            for status, response in responses.items():
                if int(status) >= 400:
                    assert list(response["content"]) == ["application/problem+json"], path


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "operation"),
    [
        (
            "/catalog/policies/QD23-TAM-HOAN-HDLD/worker-list-template",
            "/api/v1/catalog/policies/{code}/worker-list-template",
        ),
        ("/stats/overdue?format=xlsx", "/api/v1/stats/overdue"),
        ("/stats/overdue?format=csv", "/api/v1/stats/overdue"),
        ("/stats/overdue", "/api/v1/stats/overdue"),
    ],
)
def test_downloads_answer_a_media_type_the_document_declares(
    make_user: Any, api_for: Any, path: str, operation: str
) -> None:
    admin = api_for(make_user(Role.ADMIN))
    r = admin.client.get(f"/api/v1{path}", headers=admin.headers)
    assert r.status_code == 200
    declared = _document()["paths"][operation]["get"]["responses"]["200"]["content"]
    assert r["Content-Type"].split(";")[0] in declared


def test_the_catalog_reasons_and_the_statistics_reasons_are_two_schemas() -> None:
    # One name for both made GET /catalog/reasons answer against the statistics' schema,
    # which requires a `bucket` the catalog's reasons do not have.
    schemas = _document()["components"]["schemas"]
    assert "bucket" not in schemas["ReasonOut"]["properties"]
    assert "bucket" in schemas["TopReasonOut"]["properties"]

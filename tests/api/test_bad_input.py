"""Bad input gets a 4xx problem+json, never a 500, and changes nothing: characters no text
may hold through every content type, the query string and the headers; multipart bodies
without a boundary or with a broken one on every upload endpoint; numbers and dates that
fall off the working calendar; and every exception class of ours has its 4xx."""

from __future__ import annotations

import importlib
import json
import pkgutil
from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import (
    ImproperlyConfigured,
    MultipleObjectsReturned,
    ObjectDoesNotExist,
)
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory

import hotro
from hotro.accounts.models import Role, User
from hotro.api import api
from hotro.core import clock
from hotro.core.characters import TooDeep
from hotro.core.errormap import MAPPED, as_app_error
from hotro.core.errors import AppError
from hotro.core.messages import MESSAGES
from hotro.correspondence.models import IncomingDispatch, OutgoingDispatch
from hotro.dossiers.domain.deadlines import OutOfCalendar
from hotro.dossiers.domain.fields import Invalid
from hotro.dossiers.domain.lifecycle import NotAllowed
from hotro.dossiers.generator import generate
from hotro.dossiers.models import Dossier, Event
from hotro.signatures.pdf import UnreadableFile
from hotro.signatures.signing import SigningKeyMissing
from hotro.signatures.xmlsig import Uncovered
from hotro.web.middleware import PageErrorMiddleware
from tests.conftest import Api
from tests.factories import pdf_bytes, submit_sample

pytestmark = pytest.mark.django_db
Q1 = "000.00.46.H29"
REFUSE = {"reason_code": "TC-01", "reason_text": "Hồ sơ nộp không đúng cơ quan có thẩm quyền."}
# The characters no text may hold (XML 1.0's): NUL, the other C0 controls, a lone surrogate.
REFUSED = ["\x00", "\x01", "\x0b", "\x1f", "\ud800", "\uffff"]
UPLOADS = [
    "/documents",
    "/catalog/policies/QD23-TAM-HOAN-HDLD/worker-list",
    "/signatures/validate",
]


@pytest.fixture
def officer_api(make_user: Callable[..., User], api_for: Callable[..., Api]) -> Api:
    return api_for(make_user(Role.OFFICER, Q1))


def raw(api: Api, path: str, body: bytes | str, content_type: str, **headers: str) -> Any:
    """A body sent as is, with the Content-Type given."""
    return api.client.generic(
        "POST", f"/api/v1{path}", body, content_type=content_type, headers=api.headers | headers
    )


def json_body(data: dict[str, Any]) -> bytes:
    # json.dumps escapes every refused character (\\u0000, \\ud800): valid JSON, a bad text
    return json.dumps(data).encode()


def assert_problem(r: Any, status: int, field: str | None = None) -> dict[str, Any]:
    assert r.status_code == status, r.content
    assert r["Content-Type"].startswith("application/problem+json")
    problem: dict[str, Any] = r.json()
    if field is not None:
        assert [e["field"] for e in problem["errors"]] == [field], problem
    return problem


@pytest.mark.parametrize("char", REFUSED)
@pytest.mark.parametrize("content_type", ["application/json", "text/plain", ""])
def test_a_refusal_reason_with_a_control_character_is_refused_whatever_the_content_type(
    officer_api: Api, applicant: User, char: str, content_type: str
) -> None:
    code = submit_sample(applicant).code
    body = json_body({**REFUSE, "reason_text": f"Hồ sơ nộp không đúng{char} cơ quan."})
    r = raw(officer_api, f"/dossiers/{code}/actions/refuse", body, content_type)
    problem = assert_problem(r, 422, "reason_text")
    assert problem["errors"][0]["code"] == "control_character"
    assert f"U+{ord(char):04X}" in problem["errors"][0]["message"]
    assert Dossier.objects.get(code=code).status == "submitted"
    assert Event.objects.filter(dossier__code=code).count() == 1


def test_tab_and_line_breaks_are_text(officer_api: Api, applicant: User) -> None:
    code = submit_sample(applicant).code
    text = "Hồ sơ nộp không đúng cơ quan:\r\n\t- xem lại thẩm quyền."
    r = raw(
        officer_api,
        f"/dossiers/{code}/actions/refuse",
        json_body({**REFUSE, "reason_text": text}),
        "text/plain",
    )
    assert r.status_code == 200, r.content
    assert Dossier.objects.get(code=code).status == "refused"


def test_a_nested_field_and_a_key_are_named(officer_api: Api, applicant: User) -> None:
    code = submit_sample(applicant).code
    path = f"/dossiers/{code}/actions/request_supplement"
    items = [{"description": "Bản sao"}, {"description": "Xác\x00 nhận"}]
    r = raw(officer_api, path, json_body({**REFUSE, "items": items}), "application/json")
    assert_problem(r, 422, "items.1.description")
    r = raw(officer_api, path, json_body({"re\x01ason": "x"}), "application/json")
    assert_problem(r, 422, "re?ason")


def test_json_nested_without_end_is_refused_not_recursed(officer_api: Api, applicant: User) -> None:
    code = submit_sample(applicant).code
    deep = '{"note": ' + "[" * 100_000 + "]" * 100_000 + "}"
    r = raw(officer_api, f"/dossiers/{code}/actions/receive", deep, "application/json")
    assert r.status_code in (400, 422), r.content
    assert r["Content-Type"].startswith("application/problem+json")
    just_deep = '{"note": ' + "[" * 40 + "]" * 40 + "}"
    r = raw(officer_api, f"/dossiers/{code}/actions/receive", just_deep, "application/json")
    assert assert_problem(r, 422)["errors"][0]["code"] == "too_deep"
    assert Dossier.objects.get(code=code).status == "submitted"


@pytest.mark.parametrize("char", ["\x00", "\x01"])
def test_forward_to_with_a_control_character_is_refused(
    make_user: Callable[..., User], api_for: Callable[..., Api], char: str
) -> None:
    from tests.correspondence.test_dispatch_registers import issue

    issue(make_user(Role.SUPERVISOR, "000.00.00.H29"))
    officer = api_for(make_user(Role.OFFICER, Q1))
    (item,) = officer.get("/dispatches/inbox").json()
    body = json_body({"to": f"Phòng Lao động{char}"})
    r = raw(officer, f"/dispatches/inbox/{item['id']}/forward", body, "text/plain")
    assert_problem(r, 422, "to")
    assert IncomingDispatch.objects.get(id=item["id"]).forwarded_to == ""


@pytest.mark.parametrize("char", ["\x00", "\x01"])
def test_a_reminder_signed_by_a_control_character_is_refused_before_anything_is_issued(
    make_user: Callable[..., User], api_for: Callable[..., Api], char: str
) -> None:
    with clock.frozen(clock.vietnam_datetime(2021, 10, 13, 18)):
        generate(count=40, seed=5, provinces=[79], batch=40)  # some of them overdue
        supervisor = api_for(make_user(Role.SUPERVISOR, "000.00.01.H29"))
        body = {"symbol": "VP-KSTT", "title": "PHÓ CHÁNH VĂN PHÒNG", "signer": f"Hoàng{char} Khánh"}
        r = raw(supervisor, "/stats/reminders", json_body(body), "text/plain")
    assert_problem(r, 422, "signer")
    assert OutgoingDispatch.objects.count() == 0


def test_query_strings_form_bodies_and_multipart_fields_are_guarded(
    applicant_api: Api,
) -> None:
    r = applicant_api.get("/dossiers", q="An\x00 Phát")
    assert_problem(r, 422, "q")
    r = applicant_api.client.get("/api/v1/catalog/reasons?kind=%01", headers=applicant_api.headers)
    assert_problem(r, 422, "kind")
    r = raw(applicant_api, "/dossiers", "policy_code=a%00b", "application/x-www-form-urlencoded")
    assert_problem(r, 422, "policy_code")
    r = applicant_api.client.post(
        "/api/v1/documents",
        {"file": SimpleUploadedFile("ds.pdf", pdf_bytes()), "note": "a\x01b"},
        headers=applicant_api.headers,
    )
    assert_problem(r, 422, "note")
    # a file's name: Django's multipart parser drops its control characters itself
    r = applicant_api.upload("/documents", "danh\x01sach\x00.pdf", pdf_bytes())
    assert r.status_code == 201 and r.json()["filename"] == "danhsach.pdf"


def test_headers_we_read_are_guarded(applicant_api: Api, submit_body: Callable[..., Any]) -> None:
    r = applicant_api.post("/dossiers", submit_body(), headers={"Idempotency-Key": "k\x01"})
    assert_problem(r, 400, "Idempotency-Key")
    assert Dossier.objects.count() == 0


@pytest.mark.parametrize("path", UPLOADS)
@pytest.mark.parametrize(
    ("content_type", "body", "status"),
    [
        (
            "multipart/form-data",
            b"--x\r\nContent-Disposition: form-data; name=file\r\n\r\nA\r\n--x--",
            400,
        ),
        ("multipart/form-data; boundary=", b"--\r\n\r\n--", 400),
        ("multipart/form-data; boundary=" + "b" * 300, b"--x--", 400),
        ('multipart/form-data; boundary="ab "', b"--ab \r\n--ab --", 400),
        ("multipart/form-data; boundary=x", b"", 422),  # no file: the field is missing
        (
            "multipart/form-data; boundary=x",
            b'--x\r\nContent-Disposition: form-data; name="file"',
            422,
        ),
    ],
    ids=["no-boundary", "empty-boundary", "long-boundary", "bad-boundary", "empty", "cut"],
)
def test_a_multipart_body_that_cannot_be_read_is_a_4xx_on_every_upload_endpoint(
    officer_api: Api, path: str, content_type: str, body: bytes, status: int
) -> None:
    r = raw(officer_api, path, body, content_type)
    problem = assert_problem(r, status)
    if status == 400:
        assert problem["code"] == "malformed_multipart"


@pytest.mark.parametrize(
    "path",
    [
        "/dossiers",
        "/dossiers/NCOVI.000.00.46.H29-211013-0001/actions/withdraw",
        "/account/challenges",
        "/tokens",
        "/stats/reminders",
    ],
)
def test_a_form_sent_to_an_operation_that_takes_json_is_a_400(
    applicant_api: Api, path: str
) -> None:
    """An outside pass found a 500 here: the guard reads a multipart body as a stream, so the
    operation could no longer read it as JSON."""
    body = b'--abc\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--abc--\r\n'
    r = raw(applicant_api, path, body, "multipart/form-data; boundary=abc")
    # the body is read before the operation runs, so even one this role may not call says so
    assert assert_problem(r, 400)["code"] == "malformed_body"


def test_due_within_is_bounded_and_the_calendar_error_is_mapped(officer_api: Api) -> None:
    assert_problem(officer_api.get("/dossiers", due_within=100000), 422, "due_within")
    assert officer_api.get("/dossiers", due_within=250).status_code == 200
    assert officer_api.get("/dossiers", due_within=0).status_code == 200


@pytest.mark.parametrize(
    ("path", "params"),
    [
        ("/calendar/due-date", {"start": "1900-01-01", "days": 1}),
        ("/calendar/due-date", {"start": "9999-12-31", "days": 1}),
        ("/calendar/due-date", {"start": "2032-12-30", "days": 3650}),
        ("/calendar/days", {"year": 99999}),
        ("/calendar/days", {"year": -1}),
        ("/dossiers", {"received_from": "0001-01-01", "received_to": "9999-12-31"}),
        ("/dossiers", {"limit": 10**30}),
        ("/dossiers", {"limit": -5}),
        ("/dossiers", {"cursor": "not a cursor"}),
        (
            "/dossiers",
            {"cursor": "ZDo5OTk5OTk5OTk5OTk5OTk5OTk5OTk5OQ"},
        ),  # d:99999999999999999999999
        ("/catalog/agencies", {"cursor": "ZDrCsg"}),  # d:² (a digit, but not an int)
        ("/catalog/agencies", {"limit": 10**30}),
        ("/stats", {"as_of": "1900-01-01"}),
        ("/stats", {"as_of": "9999-12-31"}),
        ("/stats", {"date_from": "0001-01-01", "date_to": "9999-12-31"}),
        ("/stats", {"date_from": "2021-10-13", "date_to": "2021-01-01"}),
        ("/stats/overdue", {"province": 2**70}),
        ("/stats", {"province": 2**70}),
    ],
)
def test_far_dates_huge_numbers_and_bad_cursors_are_4xx_or_answered(
    make_user: Callable[..., User], api_for: Callable[..., Api], path: str, params: dict[str, Any]
) -> None:
    admin = api_for(make_user(Role.ADMIN))
    r = admin.get(path, **params)
    assert r.status_code < 500, r.content
    if r.status_code >= 400:
        assert r["Content-Type"].startswith("application/problem+json")


# --- one mapping for every exception of ours -------------------------------------------

SAMPLES: dict[type[Exception], Exception] = {
    TooDeep: TooDeep("applicant.a.b"),
    OutOfCalendar: OutOfCalendar("2100-01-01 is outside 2019-2032"),
    NotAllowed: NotAllowed("dossier_finished"),
    Invalid: Invalid("tax_code_checksum"),
    UnreadableFile: UnreadableFile("encrypted"),
    SigningKeyMissing: SigningKeyMissing("000.00.46.H29"),
    Uncovered: Uncovered("hai phần tử cùng mã định danh"),
}


def our_exception_classes() -> set[type[BaseException]]:
    """Every exception class defined under hotro (each module imported, migrations aside),
    but the DoesNotExist and MultipleObjectsReturned Django makes for each model."""
    for module in pkgutil.walk_packages(hotro.__path__, "hotro."):
        if ".migrations" not in module.name and not module.name.endswith(
            ("asgi", "wsgi", "celery")
        ):
            importlib.import_module(module.name)
    # Django's per-model errors, and the settings a process refuses to start with (raised
    # while the settings load, before any request)
    django_generated = (ObjectDoesNotExist, MultipleObjectsReturned, ImproperlyConfigured)
    found: set[type[BaseException]] = set()
    todo: list[type[BaseException]] = [BaseException]
    while todo:
        for sub in todo.pop().__subclasses__():
            todo.append(sub)
            if sub.__module__.startswith("hotro.") and not issubclass(sub, django_generated):
                found.add(sub)
    return found


def test_every_exception_of_ours_is_an_app_error_or_mapped_to_a_4xx() -> None:
    classes = our_exception_classes()
    assert AppError in classes and OutOfCalendar in classes  # the walk found them
    unmapped = {c for c in classes if not issubclass(c, AppError) and c not in MAPPED}
    assert not unmapped, (
        f"map these in core/errormap.py: {sorted(c.__qualname__ for c in unmapped)}"
    )
    assert set(MAPPED) == set(SAMPLES), "give each mapped class a sample here"
    for cls, sample in SAMPLES.items():
        error = as_app_error(sample)
        assert error is not None and 400 <= error.status < 500, cls
        assert error.code in MESSAGES and all(e.code in MESSAGES for e in error.errors), cls


@pytest.mark.parametrize("cls", sorted(SAMPLES, key=lambda c: c.__name__))
def test_an_escaped_exception_of_ours_is_its_4xx_on_the_api_and_the_pages(
    cls: type[Exception], rf: RequestFactory
) -> None:
    sample = SAMPLES[cls]
    request = rf.get("/api/v1/dossiers")
    r = api.on_exception(request, sample)
    assert 400 <= r.status_code < 500 and r["Content-Type"].startswith("application/problem+json")
    page = PageErrorMiddleware(lambda _: None).process_exception(rf.get("/can-bo/"), sample)  # type: ignore[arg-type,return-value]
    assert page is not None and page.status_code == r.status_code
    assert json.loads(r.content)["code"] == as_app_error(sample).code  # type: ignore[union-attr]


def test_a_calendar_error_escaping_a_real_endpoint_is_a_422(
    make_user: Callable[..., User], api_for: Callable[..., Api], applicant: User
) -> None:
    # The list computes each running dossier's working days left from today: on a today the
    # calendar does not hold (the system run past it), that is OutOfCalendar, not a 500.
    submit_sample(applicant)
    with clock.frozen(clock.vietnam_datetime(2033, 1, 3, 9)):
        # a token made that day: one made in 2021 would have expired long before
        r = api_for(make_user(Role.OFFICER, Q1)).get("/dossiers")
    assert assert_problem(r, 422)["code"] == "out_of_calendar"

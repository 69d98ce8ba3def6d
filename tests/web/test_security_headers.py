"""Finding 7, production settings: the security headers on every kind of answer (pages,
error pages, the API, its documentation, the administration, static files), no inline
script or style in any template, and what production turns on, checked in processes
started with HOTRO_ENV=production: the refusal of the embedded key, a clean
`check --deploy`, secure cookies, HSTS and the HTTPS redirect."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.test import Client

import hotro
from hotro.accounts.models import Role, User
from tests.web.helpers import with_second_factor

pytestmark = pytest.mark.django_db
PASSWORD = "secret-password-1"
ROOT = Path(__file__).resolve().parents[2]
HOTRO = Path(sys.executable).with_name("hotro")
# A key as an operator makes one: random, long, never the embedded default.
KEY = "k3y-f0r-the-t3sts-0nly-" + "x7Qp9LmZ2vR8sT4wY6uB1nC5dF0gH3jK"

REQUIRED_CSP = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'none'",
    "frame-ancestors": "'none'",
    "form-action": "'self'",
}


def csp_of(response: Any) -> dict[str, str]:
    header = response.headers.get("Content-Security-Policy", "")
    directives = (d.strip().split(None, 1) for d in header.split(";") if d.strip())
    return {d[0]: d[1] if len(d) > 1 else "" for d in directives}


def assert_secured(response: Any, what: str) -> None:
    policy = csp_of(response)
    for directive, value in REQUIRED_CSP.items():
        assert policy.get(directive) == value, (what, directive, policy)
    assert "'unsafe-inline'" not in response.headers["Content-Security-Policy"], what
    assert "'unsafe-eval'" not in response.headers["Content-Security-Policy"], what
    assert response.headers.get("X-Content-Type-Options") == "nosniff", what
    assert response.headers.get("Referrer-Policy") == "same-origin", what
    assert response.headers.get("Cross-Origin-Opener-Policy") == "same-origin", what
    assert response.headers.get("X-Frame-Options") == "DENY", what
    assert "camera=()" in response.headers.get("Permissions-Policy", ""), what
    assert response.headers.get("Cross-Origin-Resource-Policy") == "same-origin", what


def test_every_kind_of_answer_carries_the_policy_and_the_headers(
    client: Client, applicant: User, make_user: Callable[..., User]
) -> None:
    answers = {
        "home": client.get("/"),
        "login": client.get("/dang-nhap/"),
        "page not found": client.get("/khong-co-trang-nay/"),
        "bad request (NUL byte)": client.get("/tra-cuu/", {"code": "\x00"}),
        "API docs": client.get("/api/docs"),
        "OpenAPI": client.get("/api/openapi.json"),
        "API answer": client.get("/api/v1/catalog/policies"),
        "API problem": client.get("/api/v1/dossiers"),
        "API not found": client.get("/api/v1/khong-co"),
        "static file": client.get("/static/web/hotro.css"),
        "admin redirect": client.get("/admin/"),
        "admin login": client.get("/admin/login/"),
        "language switch": client.post("/i18n/setlang/", {"language": "en", "next": "/"}),
    }
    refused_form = Client(enforce_csrf_checks=True).post("/dang-nhap/", {"username": "x"})
    answers["refused form (CSRF)"] = refused_form
    signed_in = Client()
    signed_in.force_login(applicant)
    answers["forbidden page"] = signed_in.get("/can-bo/")
    admin = with_second_factor(make_user(Role.ADMIN))
    staff = Client()
    staff.post("/dang-nhap/", {"username": admin.username, "password": PASSWORD})
    from tests.web.helpers import otp_code

    staff.post("/xac-thuc/", {"token": otp_code()})
    answers["admin index"] = staff.get("/admin/")
    answers["admin change form"] = staff.get(f"/admin/accounts/user/{admin.pk}/change/")
    expected = {
        "page not found": 404,
        "bad request (NUL byte)": 400,
        "API problem": 401,
        "API not found": 404,
        "admin redirect": 302,
        "language switch": 302,
        "refused form (CSRF)": 403,
        "forbidden page": 403,
    }
    for what, response in answers.items():
        assert response.status_code == expected.get(what, 200), (what, response.status_code)
        assert_secured(response, what)
    # Django's own page for a refused form has an inline <style>: ours replaces it.
    assert b"<style" not in refused_form.content
    assert "Biểu mẫu đã cũ" in refused_form.content.decode()


@pytest.mark.urls("tests.web.crash_urls")
def test_a_server_error_carries_the_policy_too() -> None:
    # The policy's middleware comes first, so it wraps the answer Django makes of a crash.
    assert settings.MIDDLEWARE[0] == "csp.middleware.CSPMiddleware"
    response = Client(raise_request_exception=False).get("/hong/")
    assert response.status_code == 500
    assert_secured(response, "server error")


_INLINE = [
    (re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")", re.I), "script"),
    (re.compile(r"<style", re.I), "style element"),
    (re.compile(r"\sstyle\s*=", re.I), "style attribute"),
    (re.compile(r"\son[a-z]+\s*=", re.I), "event handler attribute"),
    (re.compile(r"javascript:", re.I), "javascript: address"),
    (re.compile(r"hx-on|hx-vars|js:", re.I), "htmx evaluation"),
]


def test_no_template_of_a_page_has_inline_script_style_or_handler() -> None:
    """What the policy would block, found before a browser does. The templates of
    documents/ and signatures/ are rendered into PDFs (WeasyPrint), never served."""
    web = Path(hotro.__file__).parent / "web" / "templates"
    templates = sorted(web.rglob("*.html"))
    assert len(templates) > 30
    found = [
        f"{path.relative_to(web)}: {what}: {m.group(0)!r}"
        for path in templates
        for pattern, what in _INLINE
        for m in pattern.finditer(path.read_text(encoding="utf-8"))
    ]
    assert found == []


def test_htmx_adds_no_style_and_evaluates_nothing(client: Client) -> None:
    page = client.get("/").content.decode()
    config = re.search(r"<meta name=\"htmx-config\" content='([^']*)'>", page)
    assert config is not None
    assert json.loads(config.group(1)) == {
        "includeIndicatorStyles": False,
        "allowEval": False,
        "allowScriptTags": False,
    }
    css = (Path(hotro.__file__).parent / "web/static/web/hotro.css").read_text()
    assert ".htmx-request .htmx-indicator" in css


# Processes with the production settings. No database is touched: the checks and the pages
# used here need none.


def _run(args: list[str], **environment: str) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith(("HOTRO_", "DJANGO_SETTINGS"))}
    base.pop("DATABASE_URL", None)
    return subprocess.run(  # noqa: S603 (our own command)
        args,
        env={**base, "HOTRO_DATA_DIR": str(ROOT / "var" / "production-test"), **environment},
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
        check=False,
    )


def test_production_refuses_the_embedded_or_a_short_secret_key() -> None:
    for environment in (
        {},  # HOTRO_ENV defaults to production
        {"HOTRO_ENV": "production"},
        {"HOTRO_SECRET_KEY": "embedded-default-insecure-key-change-me-in-production"},
        {"HOTRO_SECRET_KEY": "too-short-a-key"},
        {"HOTRO_SECRET_KEY": "a" * 80},  # long, but one character
    ):
        done = _run([str(HOTRO), "check"], **environment)
        assert done.returncode != 0, environment
        assert "HOTRO_SECRET_KEY" in done.stderr and "Traceback" not in done.stderr, done.stderr
    done = _run([str(HOTRO), "check"], HOTRO_SECRET_KEY=KEY, HOTRO_DEBUG="true")
    assert done.returncode != 0 and "HOTRO_DEBUG" in done.stderr, done.stderr
    done = _run([str(HOTRO), "check"], HOTRO_ENV="staging")
    assert done.returncode != 0 and "HOTRO_ENV" in done.stderr, done.stderr


def test_check_deploy_is_clean_with_the_production_settings() -> None:
    done = _run(
        [str(HOTRO), "check", "--deploy", "--fail-level", "DEBUG"],
        HOTRO_SECRET_KEY=KEY,
        HOTRO_ALLOWED_HOSTS="hotro.example.gov.vn",
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.strip() == "System check identified no issues (0 silenced).", done.stdout
    assert "WARNING" not in done.stderr, done.stderr


_PROBE = """
import json, sys, django
django.setup()
from django.conf import settings
from django.core.management import call_command
call_command("check")  # raises SystemCheckError on an error
from django.test import Client
host = "hotro.example.gov.vn"
c = Client(HTTP_HOST=host)
plain = c.get("/dang-nhap/")
secure = c.get("/dang-nhap/", secure=True)
proxied = c.get("/dang-nhap/", headers={"X-Forwarded-Proto": "https"})
lang = c.post("/i18n/setlang/", {"language": "en", "next": "/dang-nhap/"}, secure=True)
def cookies(r):
    return {k: {a: str(m[a]) for a in ("secure", "httponly", "samesite", "path", "domain")}
            for k, m in r.cookies.items()}
print(json.dumps({
    "plain": [plain.status_code, plain.headers.get("Location", "")],
    "proxied": [proxied.status_code, proxied.headers.get("Location", "")],
    "hsts": secure.headers.get("Strict-Transport-Security", ""),
    "csp": secure.headers.get("Content-Security-Policy", ""),
    "cookies": {**cookies(secure), **cookies(lang)},
    "session": [settings.SESSION_COOKIE_NAME, settings.SESSION_COOKIE_SECURE,
                settings.SESSION_COOKIE_HTTPONLY, settings.SESSION_COOKIE_SAMESITE],
}))
"""


def _probe(**environment: str) -> dict[str, Any]:
    done = _run(
        [sys.executable, "-c", _PROBE],
        DJANGO_SETTINGS_MODULE="hotro.settings",
        HOTRO_ALLOWED_HOSTS="hotro.example.gov.vn",
        **{"HOTRO_SECRET_KEY": KEY, **environment},
    )
    assert done.returncode == 0, done.stderr
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def test_production_sends_cookies_over_https_only_with_hsts() -> None:
    found = _probe()
    # plain HTTP is sent to HTTPS; a forwarded header is not believed without a proxy set up
    assert found["plain"] == [301, "https://hotro.example.gov.vn/dang-nhap/"]
    assert found["proxied"][0] == 301
    assert found["hsts"] == "max-age=31536000; includeSubDomains; preload"
    assert "frame-ancestors 'none'" in found["csp"]
    csrf = found["cookies"]["__Host-csrftoken"]
    language = found["cookies"]["django_language"]
    for cookie in (csrf, language):
        assert cookie["secure"] == "True" and cookie["httponly"] == "True", cookie
        assert cookie["samesite"] == "Lax" and cookie["path"] == "/", cookie
    assert csrf["domain"] == ""  # __Host-: this host only
    assert found["session"] == ["__Host-sessionid", True, True, "Lax"]


def test_behind_a_configured_proxy_its_header_says_https() -> None:
    found = _probe(
        HOTRO_PROXY_SSL_HEADER="X-Forwarded-Proto",
        HOTRO_HSTS_SECONDS="600",
        HOTRO_HSTS_PRELOAD="false",
    )
    assert found["proxied"] == [200, ""]
    assert found["plain"][0] == 301  # without the header it is still plain HTTP
    assert found["hsts"] == "max-age=600; includeSubDomains"


def test_the_demo_still_starts_with_the_embedded_key_over_plain_http() -> None:
    found = _probe(
        HOTRO_ENV="demo", HOTRO_SECRET_KEY="embedded-default-insecure-key-change-me-in-production"
    )
    assert found["plain"][0] == 200 and found["hsts"] == ""
    assert found["session"][:2] == ["sessionid", False]

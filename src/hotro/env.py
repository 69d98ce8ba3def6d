"""Every setting read from the environment, in one place, each with its embedded default.

`hotro settings` prints them with their help lines; `.env.example` lists them too.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured


@dataclass(frozen=True)
class Setting:
    name: str
    default: str
    help: str

    def get(self) -> str:
        return os.environ.get(self.name, self.default)


ENVIRONMENT = Setting(
    "HOTRO_ENV",
    "production",
    "production (the default): a real service; refuses to start without its own "
    "HOTRO_SECRET_KEY or with HOTRO_DEBUG, sends cookies over HTTPS only, with HSTS. demo: "
    "`make run`, development and the tests, over plain HTTP with the embedded key.",
)
DATA_DIR = Setting("HOTRO_DATA_DIR", "./var", "Where the embedded database and stored files live.")
DATABASE_URL = Setting(
    "DATABASE_URL",
    "",
    "postgres://user@host:5432/db for PostgreSQL; empty = SQLite in HOTRO_DATA_DIR.",
)
SECRET_KEY = Setting(
    "HOTRO_SECRET_KEY",
    "embedded-default-insecure-key-change-me-in-production",
    "Django's secret key: in production a random one of at least 50 characters "
    "(python3 -c 'import secrets; print(secrets.token_urlsafe(50))').",
)
DEBUG = Setting("HOTRO_DEBUG", "false", "true shows tracebacks; never in production.")
ALLOWED_HOSTS = Setting("HOTRO_ALLOWED_HOSTS", "127.0.0.1,localhost", "Comma-separated host names.")
CUTOFF_HOUR = Setting(
    "HOTRO_RECEIPT_CUTOFF_HOUR",
    "17",
    "An online submission after this hour (Vietnam time) counts as received the next working day.",
)
UPLOAD_MAX_BYTES = Setting(
    "HOTRO_UPLOAD_MAX_BYTES", str(20 * 1024 * 1024), "Largest document accepted, in bytes."
)
WORKER_LIST_MAX_ROWS = Setting(
    "HOTRO_WORKER_LIST_MAX_ROWS", "10000", "Most rows read from an uploaded worker list."
)
WORKER_MEMORY_MB = Setting(
    "HOTRO_WORKER_MEMORY_MB",
    "2048",
    "Address space each `hotro serve` worker may use, in MB (RLIMIT_AS, set after the fork); "
    "0 = no limit. See docs/operations.md.",
)
EMAIL_BACKEND = Setting(
    "HOTRO_EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend",
    "Django e-mail backend; the console by default.",
)
CELERY_BROKER_URL = Setting(
    "CELERY_BROKER_URL",
    "",
    "redis://127.0.0.1:6379/0 to run background tasks in `hotro worker`; empty = in-process.",
)
CLOCK_START = Setting(
    "HOTRO_CLOCK_START",
    "",
    "Run the clock from this Vietnam time (YYYY-MM-DDTHH:MM) at start-up, e.g. the seed's day "
    "2021-10-13 for the demo; empty = real time.",
)
SIGNATURE_FETCH = Setting(
    "HOTRO_SIGNATURE_FETCH",
    "false",
    "true lets signature validation fetch OCSP answers and CRLs from the network; false = only "
    "the CRLs loaded with `hotro trust crl`.",
)
SIGNATURE_REVOCATION_MODE = Setting(
    "HOTRO_SIGNATURE_REVOCATION_MODE",
    "soft-fail",
    "What a missing CRL does (docs/signing.md): soft-fail accepts the certificate, hard-fail "
    "leaves the signature INDETERMINATE/TRY_LATER when the certificate names a CRL or OCSP "
    "source, require does so for any certificate.",
)
SIGNATURE_SYNC_MAX_BYTES = Setting(
    "HOTRO_SIGNATURE_SYNC_MAX_BYTES",
    str(5 * 1024 * 1024),
    "Uploads up to this size are validated at once; larger ones by the background worker.",
)
SOCIAL_INSURANCE_ORGANISATIONS = Setting(
    "HOTRO_SOCIAL_INSURANCE_ORGANISATIONS",
    "Bảo hiểm xã hội Việt Nam",
    "Comma-separated organisation names (the certificate subject's O) of Social Insurance.",
)
SOCIAL_INSURANCE_ISSUERS = Setting(
    "HOTRO_SOCIAL_INSURANCE_ISSUERS",
    "",
    "Comma-separated common names of the CAs that issue Social Insurance's certificates; "
    "empty = any trusted CA.",
)
SIGNING_DIR = Setting(
    "HOTRO_SIGNING_DIR",
    "",
    "Folder of the agencies' signing keys, agency-<code>.p12; empty = HOTRO_DATA_DIR/signing.",
)
SIGNING_PASSPHRASE = Setting(
    "HOTRO_SIGNING_PASSPHRASE",
    "",
    "Passphrase of the agencies' PKCS#12 files; in production an empty one, the demo's, or an "
    "unencrypted key is refused.",
)
# web security (docs/operations.md)
PROXY_SSL_HEADER = Setting(
    "HOTRO_PROXY_SSL_HEADER",
    "",
    "Behind a reverse proxy that ends TLS: the header it sets to https on a secure request "
    "(e.g. X-Forwarded-Proto), and that it always overwrites; empty = no proxy is trusted.",
)
SSL_REDIRECT = Setting(
    "HOTRO_SSL_REDIRECT", "true", "In production: redirect plain HTTP requests to HTTPS."
)
HSTS_SECONDS = Setting(
    "HOTRO_HSTS_SECONDS",
    "31536000",
    "In production: how long browsers must use HTTPS only (Strict-Transport-Security), seconds.",
)
HSTS_INCLUDE_SUBDOMAINS = Setting(
    "HOTRO_HSTS_INCLUDE_SUBDOMAINS", "true", "In production: HSTS covers the subdomains too."
)
HSTS_PRELOAD = Setting(
    "HOTRO_HSTS_PRELOAD",
    "true",
    "In production: HSTS says preload (consent to browsers' built-in HTTPS-only lists).",
)
CSP_REPORT_URI = Setting(
    "HOTRO_CSP_REPORT_URI",
    "",
    "Where browsers report Content-Security-Policy violations; empty = no reports.",
)
TOKEN_DAYS = Setting(
    "HOTRO_TOKEN_DAYS",
    "90",
    "Default and longest lifetime of an applicant's API token, in days.",
)
STAFF_TOKEN_DAYS = Setting(
    "HOTRO_STAFF_TOKEN_DAYS",
    "30",
    "Default and longest lifetime of an officer's, supervisor's or administrator's API "
    "token made from a verified session, in days.",
)
TOKEN_MAX_DAYS = Setting(
    "HOTRO_TOKEN_MAX_DAYS",
    "730",
    "Longest lifetime an operator may give a token with `hotro token --days` (other "
    "systems), in days.",
)
LOGIN_FAILURE_LIMIT = Setting(
    "HOTRO_LOGIN_FAILURE_LIMIT", "5", "Failed logins in a row before an account is locked."
)
LOGIN_COOLOFF_MINUTES = Setting(
    "HOTRO_LOGIN_COOLOFF_MINUTES", "30", "How long a locked-out account stays locked, in minutes."
)
OIDC_ISSUER = Setting(
    "HOTRO_OIDC_ISSUER",
    "",
    "National single sign-on (OpenID Connect) issuer URL; empty = off (see docs/sso.md).",
)
OIDC_CLIENT_ID = Setting("HOTRO_OIDC_CLIENT_ID", "", "Client id registered with the issuer.")
OIDC_LOGIN_URL = Setting(
    "HOTRO_OIDC_LOGIN_URL", "", "Where the login page's national sign-on button leads."
)
OIDC_BACKEND = Setting(
    "HOTRO_OIDC_BACKEND",
    "",
    "Dotted path of the authentication backend that completes the sign-on (docs/sso.md).",
)
BINDING_CHALLENGE_HOURS = Setting(
    "HOTRO_BINDING_CHALLENGE_HOURS",
    "24",
    "How long a challenge to sign with an enterprise's certificate stays valid, in hours.",
)

# abuse: cache, rate limits, proxies, orphan uploads
CACHE_URL = Setting(
    "HOTRO_CACHE_URL",
    "",
    "redis://host:6379/1 for the cache that holds the rate limits (Redis in production); "
    "empty = files under HOTRO_DATA_DIR/cache, shared by the processes of one machine.",
)
TRUSTED_PROXY_COUNT = Setting(
    "HOTRO_TRUSTED_PROXY_COUNT",
    "0",
    "Reverse proxies in front of the application that each append to X-Forwarded-For; the "
    "client is the address that many places from its right. 0 = the connection's address.",
)
RATE_LOGIN_IP = Setting(
    "HOTRO_RATE_LOGIN_IP", "300/15m", "Login attempts per client address (count/period)."
)
RATE_LOGIN_FAILURES_IP = Setting(
    "HOTRO_RATE_LOGIN_FAILURES_IP",
    "60/15m",
    "Failed logins per client address, whatever the user names, before its attempts wait.",
)
RATE_LOGIN_FAILURES_USER = Setting(
    "HOTRO_RATE_LOGIN_FAILURES_USER",
    "10/1h",
    "Failed logins per user name from anywhere; past it, the addresses that failed wait (a "
    "slow-down, not a lock: a place or device that has not failed still logs in).",
)
RATE_REGISTER_IP = Setting(
    "HOTRO_RATE_REGISTER_IP", "60/1h", "Registration attempts per client address."
)
RATE_UPLOAD_USER = Setting("HOTRO_RATE_UPLOAD_USER", "60/10m", "File uploads per user.")
RATE_UPLOAD_IP = Setting("HOTRO_RATE_UPLOAD_IP", "600/10m", "File uploads per client address.")
RATE_SUBMIT_USER = Setting("HOTRO_RATE_SUBMIT_USER", "60/1h", "Dossier submissions per user.")
RATE_SUBMIT_IP = Setting(
    "HOTRO_RATE_SUBMIT_IP", "600/1h", "Dossier submissions per client address."
)
RATE_RENDER_USER = Setting(
    "HOTRO_RATE_RENDER_USER",
    "120/10m",
    "Documents made on request (the process-control slip, a challenge's PDF) per user.",
)
RATE_RENDER_IP = Setting(
    "HOTRO_RATE_RENDER_IP", "1200/10m", "Documents made on request per client address."
)
RATE_LOOKUP_USER = Setting(
    "HOTRO_RATE_LOOKUP_USER", "60/10m", "Public code lookups per signed-in user."
)
RATE_LOOKUP_IP = Setting(
    "HOTRO_RATE_LOOKUP_IP", "120/10m", "Public code lookups per client address."
)
ORPHAN_UPLOAD_HOURS = Setting(
    "HOTRO_ORPHAN_UPLOAD_HOURS",
    "24",
    "Uploads not attached to a dossier are deleted, with their files, after this many hours.",
)
PENDING_UPLOADS_MAX = Setting(
    "HOTRO_PENDING_UPLOADS_MAX", "50", "Most uploads a user may hold not yet attached to a dossier."
)
PENDING_UPLOAD_BYTES_MAX = Setting(
    "HOTRO_PENDING_UPLOAD_BYTES_MAX",
    str(200 * 1024 * 1024),
    "Most bytes of uploads a user may hold not yet attached to a dossier.",
)

ALL = [
    ENVIRONMENT,
    CLOCK_START,
    DATA_DIR,
    DATABASE_URL,
    SECRET_KEY,
    DEBUG,
    ALLOWED_HOSTS,
    CUTOFF_HOUR,
    UPLOAD_MAX_BYTES,
    WORKER_LIST_MAX_ROWS,
    WORKER_MEMORY_MB,
    EMAIL_BACKEND,
    CELERY_BROKER_URL,
    SIGNATURE_FETCH,
    SIGNATURE_REVOCATION_MODE,
    SIGNATURE_SYNC_MAX_BYTES,
    SOCIAL_INSURANCE_ORGANISATIONS,
    SOCIAL_INSURANCE_ISSUERS,
    SIGNING_DIR,
    SIGNING_PASSPHRASE,
    LOGIN_FAILURE_LIMIT,
    LOGIN_COOLOFF_MINUTES,
    OIDC_ISSUER,
    OIDC_CLIENT_ID,
    OIDC_LOGIN_URL,
    OIDC_BACKEND,
    PROXY_SSL_HEADER,
    SSL_REDIRECT,
    HSTS_SECONDS,
    HSTS_INCLUDE_SUBDOMAINS,
    HSTS_PRELOAD,
    CSP_REPORT_URI,
    TOKEN_DAYS,
    STAFF_TOKEN_DAYS,
    TOKEN_MAX_DAYS,
    CACHE_URL,
    TRUSTED_PROXY_COUNT,
    RATE_LOGIN_IP,
    RATE_LOGIN_FAILURES_IP,
    RATE_LOGIN_FAILURES_USER,
    RATE_REGISTER_IP,
    RATE_UPLOAD_USER,
    RATE_UPLOAD_IP,
    RATE_SUBMIT_USER,
    RATE_SUBMIT_IP,
    RATE_RENDER_USER,
    RATE_RENDER_IP,
    RATE_LOOKUP_USER,
    RATE_LOOKUP_IP,
    ORPHAN_UPLOAD_HOURS,
    PENDING_UPLOADS_MAX,
    PENDING_UPLOAD_BYTES_MAX,
    BINDING_CHALLENGE_HOURS,
]


PRODUCTION = "production"
ENVIRONMENTS = (PRODUCTION, "demo")


class Refused(ImproperlyConfigured):
    """Settings a process refuses to start with (`hotro` prints only the message)."""


def data_dir() -> Path:
    path = Path(DATA_DIR.get()).resolve()
    path.mkdir(parents=True, exist_ok=True)
    return path


def flag(setting: Setting) -> bool:
    return setting.get().strip().lower() in {"1", "true", "yes", "on"}


def csv(setting: Setting) -> list[str]:
    return [v.strip() for v in setting.get().split(",") if v.strip()]


_RATE = re.compile(r"^[1-9][0-9]*/([1-9][0-9]*)?[smhd]$")


def rate(setting: Setting) -> str | None:
    """A rate as django-ratelimit reads it ("120/10m": 120 per 10 minutes), or None for
    "off"; refused at start-up when it is neither."""
    text = setting.get().strip().lower()
    if text in ("", "off", "0"):
        return None
    if not _RATE.match(text):
        raise ValueError(f"{setting.name}: {text!r} is not a rate such as 120/10m or 30/1h")
    return text

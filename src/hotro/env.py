"""Every setting read from the environment, in one place, each with its embedded default.

`hotro settings` prints them with their help lines; `.env.example` lists them too.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Setting:
    name: str
    default: str
    help: str

    def get(self) -> str:
        return os.environ.get(self.name, self.default)


DATA_DIR = Setting("HOTRO_DATA_DIR", "./var", "Where the embedded database and stored files live.")
DATABASE_URL = Setting(
    "DATABASE_URL",
    "",
    "postgres://user@host:5432/db for PostgreSQL; empty = SQLite in HOTRO_DATA_DIR.",
)
SECRET_KEY = Setting(
    "HOTRO_SECRET_KEY",
    "embedded-default-insecure-key-change-me-in-production",
    "Django's secret key. Must be set in production.",
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
    "0 = no limit. See docs/production.md.",
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
    "pyhanko-certvalidator's revocation mode: soft-fail (revoked only if a CRL says so), "
    "hard-fail (revocation information required for every certificate) or require.",
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
    "HOTRO_SIGNING_PASSPHRASE", "", "Passphrase of the agencies' PKCS#12 files."
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

ALL = [
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
]


def data_dir() -> Path:
    path = Path(DATA_DIR.get()).resolve()
    path.mkdir(parents=True, exist_ok=True)
    return path


def flag(setting: Setting) -> bool:
    return setting.get().strip().lower() in {"1", "true", "yes", "on"}


def csv(setting: Setting) -> list[str]:
    return [v.strip() for v in setting.get().split(",") if v.strip()]

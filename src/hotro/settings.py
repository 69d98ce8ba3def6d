"""Django settings. Values come from `hotro.env`; nothing else reads the environment."""

from __future__ import annotations

from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from hotro import env
from hotro.core.messages import render

BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = env.data_dir()

# Production is the default: the demo, development and the tests say HOTRO_ENV=demo.
ENVIRONMENT = env.ENVIRONMENT.get().strip().lower()
PRODUCTION = ENVIRONMENT == env.PRODUCTION
SECRET_KEY = env.SECRET_KEY.get()
DEBUG = env.flag(env.DEBUG)


def _refuse(code: str, **params: str) -> env.Refused:
    return env.Refused(f"{render(code, 'en', params)}\n{render(code, 'vi', params)}")


if ENVIRONMENT not in env.ENVIRONMENTS:
    raise _refuse("environment_unknown", value=ENVIRONMENT)
# Django's own deploy check (security.W009) asks the same: 50 characters, 5 different ones.
if PRODUCTION and (
    env.SECRET_KEY.default == SECRET_KEY or len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5
):
    raise _refuse("secret_key_unsafe")
if PRODUCTION and DEBUG:
    raise _refuse("debug_in_production")

ALLOWED_HOSTS = [h.strip() for h in env.ALLOWED_HOSTS.get().split(",") if h.strip()]
if DEBUG:
    ALLOWED_HOSTS.append("testserver")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "ninja",  # serves Swagger UI from its own static files, not from a CDN
    "django_htmx",  # ships htmx's JavaScript: served from our static files, no CDN
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "csp",
    "hotro.core",
    "hotro.accounts",
    "hotro.catalog",
    "hotro.dossiers",
    "hotro.documents",
    "hotro.signatures",
    "hotro.correspondence",
    "hotro.supervision",
    "hotro.web",
]

MIDDLEWARE = [
    # First, so that every answer carries the policy: pages, static files, API, errors.
    "csp.middleware.CSPMiddleware",
    "hotro.web.headers.SecurityHeadersMiddleware",
    # Then a body over its path's limit is refused before anything reads it (the answer
    # still passes the two above).
    "hotro.core.bodylimit.BodyLimitMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "hotro.web.middleware.VietnameseFirstMiddleware",
    "django.middleware.common.CommonMiddleware",
    "hotro.core.middleware.InputGuardMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "hotro.web.middleware.PageErrorMiddleware",
    # Last, as its documentation asks: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

# Transport and browser security. What production turns on is in docs/operations.md.
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True  # our pages and Swagger UI take the token from the page
LANGUAGE_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = CSRF_COOKIE_SAMESITE = LANGUAGE_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if env.PROXY_SSL_HEADER.get().strip():
    # Trusted only when configured: a proxy that does not overwrite it lets anyone claim HTTPS.
    _header = env.PROXY_SSL_HEADER.get().strip().upper().replace("-", "_")
    SECURE_PROXY_SSL_HEADER = (f"HTTP_{_header}", "https")
if PRODUCTION:
    SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = LANGUAGE_COOKIE_SECURE = True
    # __Host-: the browser takes these cookies only from this host over HTTPS, never from a
    # sibling subdomain.
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"
    SECURE_SSL_REDIRECT = env.flag(env.SSL_REDIRECT)
    SECURE_HSTS_SECONDS = int(env.HSTS_SECONDS.get())
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env.flag(env.HSTS_INCLUDE_SUBDOMAINS)
    SECURE_HSTS_PRELOAD = env.flag(env.HSTS_PRELOAD)

# Content-Security-Policy on every answer (django-csp). No inline script, style or handler
# anywhere: our pages, Django's admin and Swagger UI load theirs from our static files.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],  # Swagger UI's and the admin's icons are data: URIs
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
        **({"report-uri": [env.CSP_REPORT_URI.get()]} if env.CSP_REPORT_URI.get() else {}),
    },
}
# Permissions-Policy: none of the browser's powerful features is used by any page.
HOTRO_PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"

ROOT_URLCONF = "hotro.urls"
WSGI_APPLICATION = "hotro.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "hotro.web.context.site",
            ],
        },
    },
]


def _database() -> dict[str, object]:
    url = env.DATABASE_URL.get()
    if url:
        return dict(dj_database_url.parse(url, conn_max_age=60))
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(DATA_DIR / "hotro.sqlite3"),
        "OPTIONS": {
            # Writers queue instead of failing: BEGIN IMMEDIATE takes the write lock at once,
            # so two submissions cannot both read the same code counter.
            "transaction_mode": "IMMEDIATE",
            "timeout": 30,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        },
        "TEST": {"NAME": str(DATA_DIR / "test-hotro.sqlite3")},
    }


DATABASES = {"default": _database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

# Logins: django-axes counts failures first (and refuses a locked-out user), then the
# password check; officers and supervisors then prove a second factor (TOTP, django-otp).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "web:login"
LOGIN_REDIRECT_URL = "web:home"
AXES_FAILURE_LIMIT = int(env.LOGIN_FAILURE_LIMIT.get())
AXES_COOLOFF_TIME = int(env.LOGIN_COOLOFF_MINUTES.get()) / 60  # hours
# A user name is locked at one client address only (never for everyone behind a proxy), and
# a browser that has logged in before is trusted: see hotro.core.logins and decision 0010.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]  # one person at one place
AXES_CLIENT_IP_CALLABLE = "hotro.core.clientip.client_ip"
AXES_WHITELIST_CALLABLE = "hotro.core.logins.axes_whitelisted"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "web/accounts/locked.html"
AXES_VERBOSE = False
OTP_TOTP_ISSUER = "Hỗ trợ"
HOTRO_TOKEN_DAYS = int(env.TOKEN_DAYS.get())
HOTRO_STAFF_TOKEN_DAYS = int(env.STAFF_TOKEN_DAYS.get())
HOTRO_TOKEN_MAX_DAYS = int(env.TOKEN_MAX_DAYS.get())

# National single sign-on (OpenID Connect): off unless an issuer is configured. The hook is
# documented in docs/sso.md: an authentication backend (dotted path) is appended here and
# the login page shows the national sign-on button.
HOTRO_OIDC_ISSUER = env.OIDC_ISSUER.get()
HOTRO_OIDC_CLIENT_ID = env.OIDC_CLIENT_ID.get()
HOTRO_OIDC_LOGIN_URL = env.OIDC_LOGIN_URL.get()
HOTRO_SSO_ENABLED = bool(HOTRO_OIDC_ISSUER and HOTRO_OIDC_LOGIN_URL)
if HOTRO_SSO_ENABLED and env.OIDC_BACKEND.get():
    AUTHENTICATION_BACKENDS.append(env.OIDC_BACKEND.get())
# Binding an account to a tax code by a challenge signed with the enterprise's certificate.
HOTRO_BINDING_CHALLENGE_HOURS = int(env.BINDING_CHALLENGE_HOURS.get())

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
MEDIA_ROOT = DATA_DIR / "files"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True

DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DEFAULT_CHARSET = "utf-8"

EMAIL_BACKEND = env.EMAIL_BACKEND.get()

HOTRO_RECEIPT_CUTOFF_HOUR = int(env.CUTOFF_HOUR.get())
HOTRO_UPLOAD_MAX_BYTES = int(env.UPLOAD_MAX_BYTES.get())
HOTRO_WORKER_LIST_MAX_ROWS = int(env.WORKER_LIST_MAX_ROWS.get())
HOTRO_SIGNATURE_FETCH = env.flag(env.SIGNATURE_FETCH)
HOTRO_SIGNATURE_REVOCATION_MODE = env.SIGNATURE_REVOCATION_MODE.get()
HOTRO_SIGNATURE_SYNC_MAX_BYTES = int(env.SIGNATURE_SYNC_MAX_BYTES.get())
HOTRO_SOCIAL_INSURANCE_ORGANISATIONS = env.csv(env.SOCIAL_INSURANCE_ORGANISATIONS)
HOTRO_SOCIAL_INSURANCE_ISSUERS = env.csv(env.SOCIAL_INSURANCE_ISSUERS)
HOTRO_SIGNING_DIR = env.SIGNING_DIR.get() or str(DATA_DIR / "signing")
HOTRO_SIGNING_PASSPHRASE = env.SIGNING_PASSPHRASE.get()

NINJA_PAGINATION_MAX_LIMIT = 200


# abuse: cache, rate limits, proxies, orphan uploads (docs/decisions/0012-rate-limits.md)
def cache_config() -> dict[str, object]:
    url = env.CACHE_URL.get().strip()
    if url.startswith(("redis://", "rediss://", "unix://")):
        return {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}
    if url:
        raise ImproperlyConfigured(f"{env.CACHE_URL.name}: only redis:// URLs are understood")
    # diskcache: SQLite files that every process of the machine shares, atomic `incr` that
    # keeps the entry's expiry, expired entries culled first (decision 0012)
    return {
        "BACKEND": "diskcache.DjangoCache",
        "LOCATION": str(DATA_DIR / "cache"),
        "SHARDS": 4,
        "DATABASE_TIMEOUT": 1.0,
        "OPTIONS": {"size_limit": 256 * 2**20},
    }


CACHES = {"default": cache_config()}
HOTRO_TRUSTED_PROXY_COUNT = int(env.TRUSTED_PROXY_COUNT.get())
RATELIMIT_USE_CACHE = "default"
RATELIMIT_FAIL_OPEN = True  # a cache outage must not close the service (decision 0010)
HOTRO_RATES = {
    scope: {by: env.rate(setting) for by, setting in limits.items()}
    for scope, limits in {
        "login": {"ip": env.RATE_LOGIN_IP},
        "login_failures": {"ip": env.RATE_LOGIN_FAILURES_IP, "user": env.RATE_LOGIN_FAILURES_USER},
        "register": {"ip": env.RATE_REGISTER_IP},
        "upload": {"ip": env.RATE_UPLOAD_IP, "user": env.RATE_UPLOAD_USER},
        "submit": {"ip": env.RATE_SUBMIT_IP, "user": env.RATE_SUBMIT_USER},
        "lookup": {"ip": env.RATE_LOOKUP_IP, "user": env.RATE_LOOKUP_USER},
        "render": {"ip": env.RATE_RENDER_IP, "user": env.RATE_RENDER_USER},
    }.items()
}
HOTRO_ORPHAN_UPLOAD_HOURS = int(env.ORPHAN_UPLOAD_HOURS.get())
HOTRO_PENDING_UPLOADS_MAX = int(env.PENDING_UPLOADS_MAX.get())
HOTRO_PENDING_UPLOAD_BYTES_MAX = int(env.PENDING_UPLOAD_BYTES_MAX.get())

# Background work. Without a broker, tasks run in-process (the embedded default).
CELERY_BROKER_URL = env.CELERY_BROKER_URL.get() or "memory://"
CELERY_RESULT_BACKEND = env.CELERY_BROKER_URL.get() or None
CELERY_TASK_ALWAYS_EAGER = not env.CELERY_BROKER_URL.get()
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = TIME_ZONE
# The beat's schedule, as crontab fields: hotro.celery makes Celery's crontabs from them (so
# that reading the settings does not import Celery, which every `hotro` command would pay).
HOTRO_BEAT_SCHEDULE = {
    # After midnight, Vietnam time: yesterday's due dates have passed.
    "overdue-sweep": {"task": "hotro.overdue_sweep", "cron": {"hour": 0, "minute": 30}},
    # Before the working day: supervisors hear which agencies' overdue counts rose overnight,
    # and on Mondays each agency gets its week's list.
    "digest-daily": {"task": "hotro.digest_daily", "cron": {"hour": 7, "minute": 0}},
    "digest-weekly": {
        "task": "hotro.digest_weekly",
        "cron": {"hour": 7, "minute": 15, "day_of_week": "mon"},
    },
    # Uploads never attached to a dossier, older than HOTRO_ORPHAN_UPLOAD_HOURS.
    "orphan-uploads-purge": {"task": "hotro.orphan_uploads_purge", "cron": {"minute": 10}},
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "INFO"},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        # pyHanko logs every rejected certificate with a traceback; the verdict is in the report
        "pyhanko": {"level": "ERROR"},
        "pyhanko_certvalidator": {"level": "ERROR"},
    },
}

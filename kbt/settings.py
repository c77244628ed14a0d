"""Settings for the Knowsley Better Together portal.

One module, driven by environment variables (django-environ). With nothing set it runs the
demo: a SQLite file, kombu's filesystem transport as an embedded Celery broker, and emails
printed to the console. Production sets DATABASE_URL, CELERY_BROKER_URL, EMAIL_URL,
SECRET_KEY, ALLOWED_HOSTS and SITE_URL (https://...), and runs collectstatic. DEBUG is off unless
DEBUG=true is set, in the demo too.
"""

from pathlib import Path
from urllib.parse import urlsplit

import environ
from csp.constants import NONE, SELF

from kbt.document_storage import document_storage
from kbt.sqlite import sqlite_options

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env")

# Off unless asked for, even in the demo: the public never sees Django's debug pages.
DEBUG = env.bool("DEBUG", default=False)
# bench/pages.py only: serve /bench/floor/ (kbt/bench_floor.py), the one-query page every page is measured
# against. Off by default; never on in production.
BENCH_FLOOR = env.bool("BENCH_FLOOR", default=False)
SECRET_KEY = env("SECRET_KEY", default="insecure-dev-key-set-SECRET_KEY-in-production")
# Old secret keys, still accepted while signed cookies and encrypted bank details move to the new one.
SECRET_KEY_FALLBACKS = env.list("SECRET_KEY_FALLBACKS", default=[])
# Bank details are encrypted at rest (django-fernet-encrypted-fields): the key is derived from SECRET_KEY
# and these salts, newest first. See "Bank details: encryption keys" in README.md before changing either.
SALT_KEY = env.list("FIELD_ENCRYPTION_SALTS", default=["insecure-dev-salt-set-FIELD_ENCRYPTION_SALTS"])
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000")
# Production is served over HTTPS (its SITE_URL says so): HSTS, the SSL redirect and secure cookies follow.
# The demo is plain http on 127.0.0.1.
SERVED_OVER_HTTPS = SITE_URL.startswith("https://")

INSTALLED_APPS = [
    "kbt.admin_site.KbtAdminConfig",  # django.contrib.admin with the site above
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "csp",
    "crispy_forms",
    "crispy_forms_gds",
    "simple_history",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_otp_webauthn",
    "kbt.accounts",
    "kbt.audit",
    "kbt.outbox",
    "kbt.pages",
    "kbt.privacy",
    "kbt.scanning",
    "kbt.reminders",
    "kbt.demo",
    "grants",
    "grants.open_data",
    "deals",
]

MIDDLEWARE = [
    # First: every later log line of a request carries its id (kbt/request_id.py).
    "kbt.request_id.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "kbt.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Staff and councillors: idle and absolute session limits, then the second-factor gate.
    "kbt.accounts.middleware.StaffSessionLimitsMiddleware",
    "kbt.accounts.middleware.SecondFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "kbt.urls"
WSGI_APPLICATION = "kbt.wsgi.application"
ASGI_APPLICATION = "kbt.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# How long a demo (SQLite) connection waits for another's write lock before giving up.
SQLITE_BUSY_TIMEOUT_MS = env.int("SQLITE_BUSY_TIMEOUT_MS", default=20_000)
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
# Persistent connections in production (a connection is reused for up to a minute, and checked
# before reuse); a new one per request in the demo and tests.
# Persistent connections (checked before each request) on PostgreSQL; the demo's SQLite file needs none.
_SQLITE = DATABASES["default"]["ENGINE"].endswith("sqlite3")
if _SQLITE:
    DATABASES["default"].setdefault("OPTIONS", {}).update(sqlite_options(busy_timeout_ms=SQLITE_BUSY_TIMEOUT_MS))
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0 if _SQLITE else 60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = env.bool("CONN_HEALTH_CHECKS", default=True)
# The public register's covering index (issue 15) carries extra columns on PostgreSQL; the demo's SQLite
# makes it a plain index, as it should, without a warning at every migrate.
SILENCED_SYSTEM_CHECKS = ["models.W040"] if _SQLITE else []
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # First, as django-axes asks, so locked-out sign-ins are refused before the password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "/accounts/sign-in/"
LOGIN_REDIRECT_URL = "/"

# Two-factor sign-in (django-otp). The issuer is the name an authenticator app shows.
OTP_TOTP_ISSUER = "Knowsley Better Together"
# Passkeys (django-otp-webauthn) as a second option for the second factor, never instead of the password.
# The relying party is SITE_URL's host name and a passkey works only on its origin. Browsers allow
# passkeys only over HTTPS or on http://localhost, so the demo's are for http://localhost:8000.
_SITE = urlsplit(SITE_URL)
OTP_WEBAUTHN_ALLOW_PASSWORDLESS_LOGIN = False
OTP_WEBAUTHN_RP_NAME = "Knowsley Better Together"
OTP_WEBAUTHN_RP_ID = _SITE.hostname if SERVED_OVER_HTTPS else "localhost"
OTP_WEBAUTHN_ALLOWED_ORIGINS = (
    [f"https://{_SITE.netloc}"] if SERVED_OVER_HTTPS else [f"http://localhost:{_SITE.port or 80}"]
)
# Sensitive actions ask again for the password and code at most this often.
REAUTH_MAX_AGE_SECONDS = env.int("REAUTH_MAX_AGE_SECONDS", default=15 * 60)
# Staff and councillors' sessions; applicants keep Django's default (SESSION_COOKIE_AGE).
STAFF_SESSION_IDLE_SECONDS = env.int("STAFF_SESSION_IDLE_SECONDS", default=30 * 60)
STAFF_SESSION_MAX_SECONDS = env.int("STAFF_SESSION_MAX_SECONDS", default=8 * 60 * 60)

# Sign-in throttle (kbt/accounts/throttle.py): an account locks after 5 failures from any address;
# an IP address locks after 20 failures across accounts. Addresses are trimmed and lower-cased first.
AXES_HANDLER = "kbt.accounts.throttle.SignInThrottle"
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_IP_FAILURE_LIMIT = env.int("AXES_IP_FAILURE_LIMIT", default=20)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=0.5)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_USERNAME_CALLABLE = "kbt.accounts.throttle.sign_in_username"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
# Django's sign-in forms (ours and the admin's) post the email address as "username"; axes would look for "email".
AXES_USERNAME_FORM_FIELD = "username"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
# Uploaded documents are private: never under STATIC or a public MEDIA_URL. They are served
# only by permission-checked views.
PRIVATE_STORAGE_ROOT = env.path("PRIVATE_STORAGE_ROOT", default=VAR_DIR / "private")
# Once collectstatic has run (production), WhiteNoise serves the hashed, compressed copies from
# STATIC_ROOT. Before that (the demo, the tests) it serves static/ as it is, with no build step.
STATIC_COLLECTED = env.bool("STATIC_COLLECTED", default=(Path(STATIC_ROOT) / "staticfiles.json").exists())
WHITENOISE_USE_FINDERS = not STATIC_COLLECTED
WHITENOISE_AUTOREFRESH = not STATIC_COLLECTED
STORAGES = {
    # A private folder, or a private S3-compatible bucket when AWS_STORAGE_BUCKET_NAME is set.
    "default": document_storage(env, private_root=str(PRIVATE_STORAGE_ROOT)),
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if STATIC_COLLECTED
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        ),
    },
}

# Virus scanning of uploaded documents with ClamAV's clamd (kbt.scanning). Production sets CLAMAV_SOCKET
# (a Unix socket) or CLAMAV_HOST (and CLAMAV_PORT); scanning is then on and a document waits as "being
# checked" until clamd clears it. With neither (`make run`), documents are marked "not scanned".
CLAMAV_SOCKET = env("CLAMAV_SOCKET", default="")
CLAMAV_HOST = env("CLAMAV_HOST", default="")
CLAMAV_PORT = env.int("CLAMAV_PORT", default=3310)
CLAMAV_TIMEOUT = env.float("CLAMAV_TIMEOUT", default=60)
SCAN_UPLOADS = env.bool("SCAN_UPLOADS", default=bool(CLAMAV_SOCKET or CLAMAV_HOST))
if SCAN_UPLOADS and not (CLAMAV_SOCKET or CLAMAV_HOST):
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("SCAN_UPLOADS is on: set CLAMAV_SOCKET or CLAMAV_HOST to reach clamd.")

CRISPY_ALLOWED_TEMPLATE_PACKS = ["gds"]
CRISPY_TEMPLATE_PACK = "gds"
CRISPY_GDS_FRONTEND_VERSION = "5.14.0"

# Email: SMTP in production (EMAIL_URL=smtp+tls://user:pass@host:587). With no EMAIL_URL (the demo), each
# email is logged as one line (to, subject), and kept in full in the outbox (admin, Emails).
if env("EMAIL_URL", default=""):
    vars().update(env.email_url("EMAIL_URL"))
else:
    EMAIL_BACKEND = "kbt.outbox.demo_backend.OneLineEmailBackend"
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Knowsley Better Together <grants@knowsley.gov.uk>")
REPLY_TO_EMAIL = env("REPLY_TO_EMAIL", default="grants@knowsley.gov.uk")
# Seconds before an SMTP connection gives up: a reminder holds its row lock while it sends.
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=30)
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Celery. With no CELERY_BROKER_URL the demo uses kombu's filesystem transport, an embedded
# broker that needs no server. Production and the tests use Redis.
# The host in "filesystem://localhost//" means nothing to the transport; without one, kombu logs "No
# hostname was supplied" every time it connects.
# The cache: each process its own by default; CACHE_URL (e.g. redis://host:6379/1) shares one between the
# web workers, so the deals list's figures (deals/figures.py) refresh everywhere as soon as a deal changes.
CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://")}
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="filesystem://localhost//")
BROKER_DIR = VAR_DIR / "broker"
CELERY_BROKER_TRANSPORT_OPTIONS = (
    {
        "data_folder_in": str(BROKER_DIR),
        "data_folder_out": str(BROKER_DIR),
        "processed_folder": str(BROKER_DIR / "processed"),
        # The exchange tables; kombu's default is "control" in the current directory.
        "control_folder": str(BROKER_DIR / "control"),
        # How often the worker looks for new messages. Ctrl-C stops an idle worker at once whatever
        # this is (kbt/celery_demo.py).
        "polling_interval": 0.5,
        "store_processed": False,
    }
    if CELERY_BROKER_URL.startswith("filesystem")
    else {}
)
# Remote control (celery inspect, broadcast) needs a broker with fanout; the demo's has none to offer,
# and its polling thread holds the worker up for seconds on Ctrl-C.
CELERY_WORKER_ENABLE_REMOTE_CONTROL = env.bool(
    "CELERY_WORKER_ENABLE_REMOTE_CONTROL", default=not CELERY_BROKER_URL.startswith("filesystem")
)
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")

SESSION_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=SERVED_OVER_HTTPS)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if SERVED_OVER_HTTPS else None
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Production: HTTPS only. The load balancer's health check may need SECURE_REDIRECT_EXEMPT.
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=SERVED_OVER_HTTPS)
SECURE_REDIRECT_EXEMPT = [r"^health/$"]
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000 if SERVED_OVER_HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=SERVED_OVER_HTTPS)
# Features no page here uses, switched off for every page (kbt.middleware.PermissionsPolicyMiddleware).
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"

# Content-Security-Policy (django-csp): no inline scripts or styles anywhere, nothing from other sites,
# no framing. CSP_REPORT_ONLY=true sends it as Content-Security-Policy-Report-Only, to try it first;
# CSP_REPORT_URI collects reports.
_CSP = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        # data: for the QR code an authenticator app scans (an SVG made on the server).
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        **({"report-uri": [env("CSP_REPORT_URI")]} if env("CSP_REPORT_URI", default="") else {}),
    }
}
if env.bool("CSP_REPORT_ONLY", default=False):
    CONTENT_SECURITY_POLICY_REPORT_ONLY = _CSP
    CONTENT_SECURITY_POLICY = None
else:
    CONTENT_SECURITY_POLICY = _CSP

# Data protection (issue 17). How long personal data is kept: the retention job applies these and the
# privacy notice shows them, so the two cannot disagree.
RETENTION_DRAFT_MONTHS = env.int("RETENTION_DRAFT_MONTHS", default=12)
RETENTION_WARNING_DAYS = env.int("RETENTION_WARNING_DAYS", default=30)
RETENTION_CLOSED_APPLICATION_YEARS = env.int("RETENTION_CLOSED_APPLICATION_YEARS", default=2)
RETENTION_GRANT_YEARS = env.int("RETENTION_GRANT_YEARS", default=6)
RETENTION_ACCOUNT_YEARS = env.int("RETENTION_ACCOUNT_YEARS", default=3)
# Who to contact, shown on the contact, privacy and accessibility pages.
FUND_TEAM_EMAIL = env("FUND_TEAM_EMAIL", default="grants@knowsley.gov.uk")
FUND_TEAM_PHONE = env("FUND_TEAM_PHONE", default="0151 489 6000")
FUND_TEAM_ADDRESS = env.list(
    "FUND_TEAM_ADDRESS",
    default=[
        "Knowsley Better Together fund team",
        "Knowsley Council",
        "Municipal Buildings",
        "Archway Road",
        "Huyton",
        "L36 9YU",
    ],
)
DATA_PROTECTION_OFFICER_EMAIL = env("DATA_PROTECTION_OFFICER_EMAIL", default="dataprotection@knowsley.gov.uk")

# Open data (issue 15). The council's 360Giving prefix is assigned by 360Giving: every grant's identifier in
# the files starts with it (360G-knowsley-KBT-ENV-00042), so it must never change once published.
OPEN_DATA_360G_PREFIX = env("OPEN_DATA_360G_PREFIX", default="360G-knowsley")
# The department the Transparency Code's list names as awarding the grants.
OPEN_DATA_DEPARTMENT = env("OPEN_DATA_DEPARTMENT", default="Knowsley Better Together fund team")

# Logs: one JSON object a line on stderr (python-json-logger), each with the request's id
# (kbt.request_id). LOG_FORMAT=text gives plain lines for reading in a terminal.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "kbt.request_id.RequestIdFilter"}},
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
        "text": {"format": "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": env("LOG_FORMAT", default="json"),
        }
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    # The demo (`make run`, embedded broker) keeps its console for what a person reads: each email's one
    # line and anything that goes wrong, not a line for every task every minute, which would scroll the
    # sign-ins away (issue 20).
    "loggers": {
        name: {"level": "WARNING"}
        for name in ("celery.app.trace", "celery.worker.strategy", "celery.beat", "kbt.outbox.services")
    }
    if CELERY_BROKER_URL.startswith("filesystem")
    else {},
}

# Error reporting to Sentry, only when SENTRY_DSN is set. Nothing personal is sent (no cookies, user
# details or request bodies); each event is tagged with the request id shown on the error page.
SENTRY_DSN = env("SENTRY_DSN", default="")
if SENTRY_DSN:
    import sentry_sdk
    from sentry_sdk.integrations.celery import CeleryIntegration
    from sentry_sdk.integrations.django import DjangoIntegration

    sentry_sdk.init(
        dsn=SENTRY_DSN,
        environment=env("SENTRY_ENVIRONMENT", default="production"),
        integrations=[DjangoIntegration(), CeleryIntegration()],
        send_default_pii=False,
        traces_sample_rate=env.float("SENTRY_TRACES_SAMPLE_RATE", default=0.0),
    )

"""Settings shared by every environment. Everything that differs between machines comes from
environment variables; nothing secret is written here."""

import os
from datetime import timedelta
from pathlib import Path
from typing import Any

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent  # the ipsgate package
PROJECT_DIR = BASE_DIR.parent
VAR_DIR = Path(os.environ.get("IPSGATE_VAR_DIR", PROJECT_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def database_from_env(default_sqlite_path: Path) -> dict[str, Any]:
    """DATABASE_URL selects PostgreSQL (or any backend); otherwise an SQLite file under var/.

    SQLite runs in WAL mode with a busy timeout, and every transaction starts IMMEDIATE so that two
    writers queue for the lock instead of failing half-way (the audit hash chain relies on this).
    """
    url = os.environ.get("DATABASE_URL")
    if url:
        config: dict[str, Any] = dict(dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True))
        if config["ENGINE"] == "django.db.backends.sqlite3":
            config["OPTIONS"] = sqlite_options()
        return config
    default_sqlite_path.parent.mkdir(parents=True, exist_ok=True)
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(default_sqlite_path),
        "OPTIONS": sqlite_options(),
    }


def sqlite_options() -> dict[str, Any]:
    return {
        "timeout": 20,  # seconds to wait for a lock (busy timeout)
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
    }


SECRET_KEY = os.environ.get("IPSGATE_SECRET_KEY", "")
DEBUG = False
ALLOWED_HOSTS = env_list("IPSGATE_ALLOWED_HOSTS", "127.0.0.1,localhost")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",  # lets project templates override form widget templates
    "django_tasks",
    "django_tasks_db",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "csp",
    "ipsgate.core",
    "ipsgate.people",
    "ipsgate.journey",
    "ipsgate.employers",
    "ipsgate.jobs",
    "ipsgate.advice",
    "ipsgate.mentoring",
    "ipsgate.fidelity",
    "ipsgate.outcomes",
    "ipsgate.privacy",
    "ipsgate.evaluation",
    "ipsgate.partners",
    "ipsgate.casework",
    # REST API (issue 7): DRF, service-account tokens, the OpenAPI schema and its offline documentation assets.
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "ipsgate.api",
]

# Background work (reminders) goes through django-tasks, stored in the database and run by `ipsgate db_worker`.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "ipsgate.core.middleware.RequestIdMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "ipsgate.core.middleware.SessionLifetimeMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "ipsgate.core.middleware.MfaRequiredMiddleware",
    # Records each participant read a page noted, once the page is sent (not when it is refused).
    "ipsgate.core.middleware.ReadAuditMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "ipsgate.core.middleware.SecurityHeadersMiddleware",
    # Last, as django-axes asks: it turns a lockout raised during sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

# Sign-in: django-axes checks for lockouts before the password is checked. The password backend refuses service
# accounts (systems with an API token), as it refuses disabled accounts.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "ipsgate.core.backends.StaffModelBackend",
]

# Lockout (ASVS 6.1.1, 6.3.1): 5 failures for one username from one address lock that pair for 15 minutes.
# Locking the pair, not the username, means an attacker elsewhere cannot lock a member of staff out, and the
# cool-off means no lock is permanent. Further failures during a lockout do not extend it.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_SENSITIVE_PARAMETERS = ["password", "token", "otp_token"]

# Multi-factor authentication (ASVS 6.3.2): every member of staff signs in with a password and then a code from an
# authenticator app (TOTP, django-otp) or a single-use recovery code. MfaRequiredMiddleware sends anyone not yet
# verified to set-up or verification before any other page.
OTP_TOTP_ISSUER = "ipsgate"
OTP_TOTP_THROTTLE_FACTOR = 1  # each wrong code doubles the wait before the next try (django-otp throttling)
IPSGATE_MFA_RECOVERY_CODES = 10
# Re-authentication before changing the password or the second factor (ASVS 7.5.1) lasts this long.
IPSGATE_REAUTH_SECONDS = 5 * 60
# Only the demo settings show the current code on the verification page; never production.
IPSGATE_DEMO_MFA_HINTS = False

# Content Security Policy (django-csp): only our own files; scripts also need the per-response nonce. Charts are
# SVG images in data: URLs, which an <img> cannot run scripts from.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
IPSGATE_PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"

FORM_RENDERER = "django.forms.renderers.TemplatesSetting"
ROOT_URLCONF = "ipsgate.urls"
WSGI_APPLICATION = "ipsgate.wsgi.application"

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
                "ipsgate.core.context_processors.navigation",
                "ipsgate.core.context_processors.capabilities",
            ],
        },
    },
]

DATABASES = {"default": database_from_env(VAR_DIR / "ipsgate.sqlite3")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "core.User"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Sessions: 30 minutes of inactivity ends a session (ASVS 7.3.1); the cookie is renewed on each request.
# Whatever the activity, a session lasts at most 12 hours from sign-in (ASVS 7.3.2, SessionLifetimeMiddleware).
# A disabled account's sessions end at its next request: the password backend refuses inactive users (and service
# accounts).
SESSION_COOKIE_AGE = 30 * 60
IPSGATE_SESSION_ABSOLUTE_SECONDS = 12 * 60 * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Password-reset emails. Production sets the SMTP relay through the environment; the demo prints them instead.
EMAIL_BACKEND = os.environ.get("IPSGATE_EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = os.environ.get("IPSGATE_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("IPSGATE_EMAIL_PORT", "25"))
EMAIL_USE_TLS = env_bool("IPSGATE_EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("IPSGATE_FROM_EMAIL", "ipsgate <no-reply@ipsgate.invalid>")
PASSWORD_RESET_TIMEOUT = 3 * 24 * 60 * 60

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True  # stored in UTC; shown in UK time

# Static files live under /assets/ because GOV.UK Frontend's compiled CSS points at /assets/fonts/...
STATIC_URL = "/assets/"
STATIC_ROOT = VAR_DIR / "static"
# GOV.UK Frontend's compiled CSS, JS, fonts and images come from npm (package.json), not from the repo.
NODE_MODULES_DIR = Path(os.environ.get("IPSGATE_NODE_MODULES", PROJECT_DIR / "node_modules"))
GOVUK_FRONTEND_DIST = NODE_MODULES_DIR / "govuk-frontend" / "dist" / "govuk"
STATICFILES_DIRS = [
    GOVUK_FRONTEND_DIST / "assets",  # fonts/ and images/, at the paths the CSS expects
    ("govuk", GOVUK_FRONTEND_DIST),
    BASE_DIR / "static",
]

# Health and offence details are encrypted at rest (ipsgate.core.fields) with these Fernet keys, newest first; older
# keys still decrypt. Set by each environment, never committed. Generate one with
#   python -c "from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())"
IPSGATE_FIELD_ENCRYPTION_KEYS: list[str] = env_list("IPSGATE_FIELD_ENCRYPTION_KEYS")


def require_field_encryption_keys(keys: list[str]) -> list[str]:
    from cryptography.fernet import Fernet

    if not keys:
        raise ImproperlyConfigured("Set IPSGATE_FIELD_ENCRYPTION_KEYS to one or more Fernet keys, newest first.")
    for key in keys:
        try:
            Fernet(key.encode())
        except ValueError as error:
            raise ImproperlyConfigured(
                "IPSGATE_FIELD_ENCRYPTION_KEYS holds a value that is not a Fernet key."
            ) from error
    return keys


# The IPS caseload standard: an employment specialist holds at most 20 people.
IPSGATE_CASELOAD_LIMIT = 20
IPSGATE_PAGE_SIZE = 25

# REST API: read-only, token (service accounts) or session authentication, paged, validated filters.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "ipsgate.api.authentication.ServiceAccountTokenAuthentication",
        "ipsgate.api.authentication.StaffSessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_PAGINATION_CLASS": "ipsgate.api.pagination.StrictPageNumberPagination",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "PAGE_SIZE": IPSGATE_PAGE_SIZE,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "ipsgate API",
    "DESCRIPTION": (
        "Read-only access to ipsgate's case records for signed-in staff (session) and service accounts (token: "
        "`Authorization: Token <key>`). Every endpoint applies the same scoping and field rules as the pages: "
        "records outside the caller's scope answer 404, and health and offence details appear only for roles "
        "that may see them. Every read of participant data is audited."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {"DbsLevelEnum": "ipsgate.employers.choices.DbsLevel"},
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {"ipsgate": {"handlers": ["console"], "level": "INFO", "propagate": False}},
}


def require_secret_key(value: str) -> str:
    if len(value) < 50:
        raise ImproperlyConfigured("Set IPSGATE_SECRET_KEY to a random value of at least 50 characters.")
    return value


# Retention (`ipsgate retention`): participant records are anonymised this many whole years after their last
# episode of support ended (or last referral was decided). Six years because it matches the Limitation Act 1980
# period for claims in contract or negligence that the person or the service might bring about the support
# given, and the retention commonly set for employment-support case files; records needed longer (a complaint,
# a claim, a safeguarding review or an inquiry) are put on legal hold instead of lengthening the period for all.
IPSGATE_RETENTION_YEARS = int(os.environ.get("IPSGATE_RETENTION_YEARS", "6"))

# Backups (`ipsgate backup`, docs/operations.md): where they are written and how many days each is kept. Each
# backup holds every record in full, so a record anonymised by `ipsgate retention` is gone from every backup once
# the last backup taken before its anonymisation has been deleted, at most this many days later.
IPSGATE_BACKUP_DIR = Path(os.environ.get("IPSGATE_BACKUP_DIR", VAR_DIR / "backups"))
IPSGATE_BACKUP_KEEP_DAYS = int(os.environ.get("IPSGATE_BACKUP_KEEP_DAYS", "35"))
# Where pg_dump and pg_restore are, when not on the PATH (Debian: /usr/lib/postgresql/<version>/bin).
IPSGATE_PG_BIN_DIR = os.environ.get("IPSGATE_PG_BIN_DIR", "")
# API tokens (docs/operations.md): a new token works for this many days; then the calling system needs a new one.
IPSGATE_API_TOKEN_DAYS = int(os.environ.get("IPSGATE_API_TOKEN_DAYS", "365"))
# The last-used date is written at most once in this many seconds per token, so reads stay reads.
IPSGATE_API_TOKEN_LAST_USED_SECONDS = 60

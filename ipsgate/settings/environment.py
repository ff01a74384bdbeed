"""Every environment variable ipsgate reads, in one table.

The table drives two things: the production settings' refusal to start while a required variable is missing
(`missing_required`), and the table in docs/deploy.md (`python -m ipsgate.settings.environment` prints it; a test
checks the guide holds exactly that text). Add a variable here, where it is read, and in the guide together.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class Variable:
    name: str
    required: bool  # under the production settings
    example: str
    purpose: str
    checked: bool = True  # False: needed before any settings are read, so the settings cannot check it


VARIABLES: tuple[Variable, ...] = (
    Variable(
        "DJANGO_SETTINGS_MODULE",
        True,
        "ipsgate.settings.production",
        "Which settings to use. `ipsgate` defaults to the demo settings (`ipsgate.settings.dev`): a server must "
        "set this.",
        checked=False,
    ),
    Variable(
        "IPSGATE_SECRET_KEY",
        True,
        "(50 or more random characters)",
        "Signs sessions, password-reset links and CSRF tokens. Generate with "
        "`python3 -c 'import secrets; print(secrets.token_urlsafe(64))'`; the same on every server.",
    ),
    Variable(
        "IPSGATE_FIELD_ENCRYPTION_KEYS",
        True,
        "(Fernet key),(older Fernet key)",
        "Encrypts health and offence details at rest, newest key first; older keys still decrypt. Generate with "
        "`python -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())'`. Losing it "
        "loses those details: keep it apart from the backups.",
    ),
    Variable(
        "IPSGATE_ALLOWED_HOSTS",
        True,
        "ipsgate.example.org",
        "The host names the service answers to, comma-separated.",
    ),
    Variable(
        "DATABASE_URL",
        True,
        "postgres://ipsgate:PASSWORD@127.0.0.1:5432/ipsgate",
        "The database. PostgreSQL for several servers; one server may use SQLite "
        "(`sqlite:////var/lib/ipsgate/ipsgate.sqlite3`, run in WAL mode).",
    ),
    Variable(
        "IPSGATE_CSRF_TRUSTED_ORIGINS",
        False,
        "https://ipsgate.example.org",
        "Extra origins allowed to post forms, comma-separated. Not needed when the proxy passes the Host header "
        "and X-Forwarded-Proto.",
    ),
    Variable(
        "IPSGATE_TRUSTED_PROXIES",
        False,
        "127.0.0.1,10.0.0.0/24",
        "Addresses (or networks) of the reverse proxies. Only a request arriving from one of them may name the "
        "client's address in IPSGATE_CLIENT_IP_HEADER; from anywhere else the header is ignored.",
    ),
    Variable(
        "IPSGATE_CLIENT_IP_HEADER",
        False,
        "X-Forwarded-For",
        "The header a trusted proxy puts the client's address in (X-Forwarded-For or X-Real-IP). Used for "
        "sign-in lockouts and the security log. Unset: the connecting address.",
    ),
    Variable(
        "IPSGATE_SSL_REDIRECT",
        False,
        "true",
        "Redirect plain HTTP to HTTPS (default true). The proxy must send X-Forwarded-Proto.",
    ),
    Variable(
        "IPSGATE_HSTS_PRELOAD",
        False,
        "true",
        "Ask browsers to preload HSTS for the domain (default true). Set false for a domain not on the list.",
    ),
    Variable(
        "IPSGATE_VAR_DIR",
        False,
        "/var/lib/ipsgate",
        "Where local data lives (default `var/` in the checkout): collected static files unless "
        "IPSGATE_STATIC_ROOT says otherwise.",
    ),
    Variable(
        "IPSGATE_STATIC_ROOT",
        False,
        "/var/lib/ipsgate/static",
        "Where `ipsgate collectstatic` puts the static files the application serves (default IPSGATE_VAR_DIR/static).",
    ),
    Variable(
        "IPSGATE_NODE_MODULES",
        False,
        "/opt/ipsgate/node_modules",
        "Where GOV.UK Frontend was installed by `npm ci` (default `node_modules/` in the checkout). Only "
        "`collectstatic` reads it.",
    ),
    Variable(
        "IPSGATE_EMAIL_HOST",
        False,
        "smtp.example.org",
        "SMTP relay for password-reset emails (default localhost).",
    ),
    Variable("IPSGATE_EMAIL_PORT", False, "587", "SMTP port (default 25)."),
    Variable("IPSGATE_EMAIL_USE_TLS", False, "true", "Use STARTTLS to the relay (default false)."),
    Variable(
        "IPSGATE_FROM_EMAIL",
        False,
        "ipsgate <no-reply@example.org>",
        "The sender of password-reset emails.",
    ),
    Variable(
        "IPSGATE_EMAIL_BACKEND",
        False,
        "django.core.mail.backends.smtp.EmailBackend",
        "How email is sent (default SMTP).",
    ),
    Variable(
        "IPSGATE_RETENTION_YEARS",
        False,
        "6",
        "Whole years after support ends before `ipsgate retention` anonymises a record (default 6).",
    ),
    Variable(
        "IPSGATE_LOG_FORMAT",
        False,
        "json",
        "`json`: one JSON object a line with the request id; anything else: plain text (default).",
    ),
    Variable("IPSGATE_LOG_LEVEL", False, "INFO", "Level for ipsgate's own log lines (default INFO)."),
    Variable(
        "IPSGATE_WORKER_HEARTBEAT_MAX_AGE",
        False,
        "120",
        "Seconds since the background worker's last heartbeat before /readyz answers 503 (default 120; the "
        "demo: 0). 0: /readyz does not ask about the worker.",
    ),
    Variable(
        "IPSGATE_BIND",
        False,
        "127.0.0.1:8000",
        "Where gunicorn listens (deploy/gunicorn.conf.py; default 127.0.0.1:8000).",
    ),
    Variable(
        "IPSGATE_WEB_WORKERS",
        False,
        "5",
        "gunicorn worker processes (deploy/gunicorn.conf.py; default two per CPU plus one).",
    ),
    Variable(
        "IPSGATE_FORWARDED_ALLOW_IPS",
        False,
        "127.0.0.1",
        "Addresses gunicorn takes X-Forwarded-Proto from (deploy/gunicorn.conf.py; default 127.0.0.1).",
    ),
    Variable(
        "IPSGATE_BACKUP_DIR",
        False,
        "/var/lib/ipsgate/backups",
        "Where `ipsgate backup` writes (default IPSGATE_VAR_DIR/backups). See docs/operations.md.",
    ),
    Variable(
        "IPSGATE_BACKUP_KEEP_DAYS",
        False,
        "35",
        "Backups taken more than this many days ago are deleted after each successful backup (default 35).",
    ),
    Variable(
        "IPSGATE_PG_BIN_DIR",
        False,
        "/usr/lib/postgresql/15/bin",
        "Where pg_dump and pg_restore are, when not on the PATH.",
    ),
    Variable("IPSGATE_API_TOKEN_DAYS", False, "365", "How many days a new API token works (default 365)."),
    Variable(
        "IPSGATE_DEBUG",
        False,
        "false",
        "Demo settings only: Django's debug pages. Never read by the production settings.",
    ),
)

REQUIRED = tuple(v for v in VARIABLES if v.required and v.checked)


def missing_required(environ: Mapping[str, str]) -> list[Variable]:
    return [v for v in REQUIRED if not environ.get(v.name, "").strip()]


def refusal(missing: list[Variable]) -> str:
    """The message the production settings stop with: each missing variable by name, with what it is for."""
    lines = [f"  {v.name}: {v.purpose} Example: {v.example}" for v in missing]
    return (
        "ipsgate will not start: these required environment variables are not set (docs/deploy.md lists them all):\n"
        + "\n".join(lines)
    )


def markdown_table() -> str:
    rows = ["| Variable | Required | Example | What it does |", "| --- | --- | --- | --- |"]
    for v in VARIABLES:
        example = v.example.replace("|", "\\|")
        rows.append(f"| `{v.name}` | {'Yes' if v.required else 'No'} | `{example}` | {v.purpose} |")
    return "\n".join(rows)


if __name__ == "__main__":
    print(markdown_table())  # noqa: T201 - prints the table for docs/deploy.md

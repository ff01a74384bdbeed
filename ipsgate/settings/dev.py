"""Local development and `make demo`: embedded SQLite under var/, DEBUG on, loopback only.

The secret key below is generated once per checkout into var/ and never committed."""

import secrets

from .base import *

# The synthetic service (`ipsgate demo`, `ipsgate generate`): never installed under the production settings.
INSTALLED_APPS = [*INSTALLED_APPS, "ipsgate.demo"]

DEBUG = env_bool("IPSGATE_DEBUG", True)


def _local_secret_key() -> str:
    path = VAR_DIR / "dev-secret-key"
    if not path.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(64))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = os.environ.get("IPSGATE_SECRET_KEY") or _local_secret_key()


def _local_field_key() -> list[str]:
    from cryptography.fernet import Fernet

    path = VAR_DIR / "dev-field-encryption-key"
    if not path.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(Fernet.generate_key().decode())
        path.chmod(0o600)
    return [path.read_text().strip()]


IPSGATE_FIELD_ENCRYPTION_KEYS = IPSGATE_FIELD_ENCRYPTION_KEYS or _local_field_key()

# The demo has no phone: the second-factor page shows the current code, and emails are printed to the terminal.
IPSGATE_DEMO_MFA_HINTS = True
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

# `ipsgate demo` runs no background worker, so /readyz leaves the worker out unless asked (`ipsgate worker` beats).
IPSGATE_WORKER_HEARTBEAT_MAX_AGE = int(os.environ.get("IPSGATE_WORKER_HEARTBEAT_MAX_AGE", "0"))

# `ipsgate demo` runs no background worker either, so background tasks (reminders, the import page's check and
# write) run in the request that queues them. Production queues them for `ipsgate worker` (base.TASKS).
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

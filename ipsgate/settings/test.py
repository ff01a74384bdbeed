"""Test settings: SQLite by default, PostgreSQL when DATABASE_URL is set (make test runs both)."""

from .base import *

# The synthetic service (`ipsgate demo`, `ipsgate generate`): never installed under the production settings.
INSTALLED_APPS = [*INSTALLED_APPS, "ipsgate.demo"]

DEBUG = False
SECRET_KEY = "test-only-key-not-used-anywhere-else-" + "x" * 30  # noqa: S105 - test settings only
IPSGATE_FIELD_ENCRYPTION_KEYS = ["dGVzdC1vbmx5LWZpZWxkLWtleS0wMDAwMDAwMDAwMDA="]  # noqa: S105 - test settings only
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast hashing in tests only
DATABASES = {"default": database_from_env(VAR_DIR / "test.sqlite3")}
# Tests don't need compiled GOV.UK assets; templates still reference them by URL.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Tasks run in-process when enqueued, so tests see their effects at once.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# No background worker runs under the tests, so /readyz leaves it out (tests/core/test_health.py sets a limit).
IPSGATE_WORKER_HEARTBEAT_MAX_AGE = 0

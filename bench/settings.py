"""Settings for benchmark runs: the development settings (local keys under IPSGATE_VAR_DIR) with DEBUG off, so
nothing is kept per query, and the database from DATABASE_URL (SQLite or PostgreSQL)."""

from ipsgate.settings.dev import *

DEBUG = False
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
DATABASES = {"default": database_from_env(VAR_DIR / "bench.sqlite3")}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # nobody signs in with a password here

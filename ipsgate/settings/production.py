"""Production: PostgreSQL via DATABASE_URL, TLS behind a proxy, secure cookies, HSTS.

Required environment: IPSGATE_SECRET_KEY, IPSGATE_FIELD_ENCRYPTION_KEYS, IPSGATE_ALLOWED_HOSTS, DATABASE_URL."""

from .base import *

DEBUG = False
SECRET_KEY = require_secret_key(os.environ.get("IPSGATE_SECRET_KEY", ""))
IPSGATE_FIELD_ENCRYPTION_KEYS = require_field_encryption_keys(IPSGATE_FIELD_ENCRYPTION_KEYS)
CSRF_TRUSTED_ORIGINS = env_list("IPSGATE_CSRF_TRUSTED_ORIGINS")

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("IPSGATE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = 31536000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
# gov.uk and justice.gov.uk hosts are on the browsers' HSTS preload list already; set to false for other domains.
SECURE_HSTS_PRELOAD = env_bool("IPSGATE_HSTS_PRELOAD", True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

"""Production: the database from DATABASE_URL, TLS behind a proxy, secure cookies, HSTS, static files by WhiteNoise.

Every variable is in `environment.VARIABLES` (and docs/deploy.md); the settings refuse to load while a required one
is missing, naming each."""

from .base import *
from .environment import missing_required, refusal

if _missing := missing_required(os.environ):
    raise ImproperlyConfigured(refusal(_missing))

DEBUG = False
SECRET_KEY = require_secret_key(os.environ.get("IPSGATE_SECRET_KEY", ""))
IPSGATE_FIELD_ENCRYPTION_KEYS = require_field_encryption_keys(env_list("IPSGATE_FIELD_ENCRYPTION_KEYS"))
ALLOWED_HOSTS = env_list("IPSGATE_ALLOWED_HOSTS")
DATABASES = {"default": database_from_env(VAR_DIR / "ipsgate.sqlite3")}  # DATABASE_URL is required: never the default
CSRF_TRUSTED_ORIGINS = env_list("IPSGATE_CSRF_TRUSTED_ORIGINS")

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("IPSGATE_SSL_REDIRECT", True)
# Load balancers and systemd ask over plain HTTP on the private side: health checks are never redirected.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
SECURE_HSTS_SECONDS = 31536000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
# gov.uk and justice.gov.uk hosts are on the browsers' HSTS preload list already; set to false for other domains.
SECURE_HSTS_PRELOAD = env_bool("IPSGATE_HSTS_PRELOAD", True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True

# Static files are served by the application itself (WhiteNoise), straight after the security middleware: gzip and
# Brotli copies and content-hashed names made by `ipsgate collectstatic`, sent with a far-future Cache-Control
# (a changed file gets a new name). No separate web server is needed for assets; the proxy only terminates TLS.
MIDDLEWARE = [*MIDDLEWARE]
MIDDLEWARE.insert(MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1, WHITENOISE_MIDDLEWARE)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

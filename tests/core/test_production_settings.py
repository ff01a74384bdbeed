"""The production settings, loaded as a deployment would (a fresh interpreter with its environment)."""

from __future__ import annotations

import json
import os
import runpy
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured

from ipsgate.settings import environment

PROJECT_DIR = Path(__file__).resolve().parents[2]


def production_environment(tmp_path: Path | None = None) -> dict[str, str]:
    """Every required variable set, as docs/deploy.md asks."""
    database = f"sqlite:///{tmp_path / 'ipsgate.sqlite3'}" if tmp_path else "sqlite:///:memory:"
    return {
        "DJANGO_SETTINGS_MODULE": "ipsgate.settings.production",
        "IPSGATE_SECRET_KEY": secrets.token_urlsafe(64),
        "IPSGATE_FIELD_ENCRYPTION_KEYS": Fernet.generate_key().decode(),
        "IPSGATE_ALLOWED_HOSTS": "ipsgate.example.org",
        "DATABASE_URL": database,
    }


def installed_apps(settings_module: str) -> list[str]:
    environment = {**os.environ, **production_environment(), "DJANGO_SETTINGS_MODULE": settings_module}
    code = "import json; from django.conf import settings; print(json.dumps(settings.INSTALLED_APPS))"
    result = subprocess.run(  # noqa: S603 - this interpreter, fixed code
        [sys.executable, "-c", code], env=environment, cwd=PROJECT_DIR, capture_output=True, text=True, check=True
    )
    return json.loads(result.stdout)


def test_production_does_not_install_the_demo_app():
    """The synthetic-data commands (`demo`, `generate`) fill a database with invented people: not in production."""
    assert "ipsgate.demo" not in installed_apps("ipsgate.settings.production")
    assert "ipsgate.demo" in installed_apps("ipsgate.settings.dev")
    assert "ipsgate.casework" in installed_apps("ipsgate.settings.production")


def load_production_settings(monkeypatch: pytest.MonkeyPatch, **environ: str) -> dict[str, object]:
    """Runs the production settings module afresh (not the cached one) with this environment."""
    for variable in environment.VARIABLES:
        monkeypatch.delenv(variable.name, raising=False)
    for name, value in environ.items():
        monkeypatch.setenv(name, value)
    return runpy.run_module("ipsgate.settings.production")


def test_production_settings_start_with_every_required_variable(monkeypatch):
    loaded = load_production_settings(monkeypatch, **production_environment())
    assert loaded["DEBUG"] is False
    assert loaded["ALLOWED_HOSTS"] == ["ipsgate.example.org"]
    assert loaded["DATABASES"]["default"]["ENGINE"] == "django.db.backends.sqlite3"  # type: ignore[index]


@pytest.mark.parametrize("missing", [v.name for v in environment.REQUIRED])
def test_production_settings_refuse_to_start_naming_the_missing_variable(monkeypatch, missing):
    environ = {k: v for k, v in production_environment().items() if k != missing}
    with pytest.raises(ImproperlyConfigured) as refused:
        load_production_settings(monkeypatch, **environ)
    message = str(refused.value)
    assert f"  {missing}: " in message
    others = [v.name for v in environment.REQUIRED if v.name != missing]
    assert not any(f"  {name}: " in message for name in others)


def test_a_blank_required_variable_counts_as_missing(monkeypatch):
    environ = {**production_environment(), "IPSGATE_ALLOWED_HOSTS": "  "}
    with pytest.raises(ImproperlyConfigured, match="IPSGATE_ALLOWED_HOSTS"):
        load_production_settings(monkeypatch, **environ)


def test_the_required_variables_are_the_ones_a_server_cannot_do_without():
    assert {v.name for v in environment.REQUIRED} == {
        "IPSGATE_SECRET_KEY",
        "IPSGATE_FIELD_ENCRYPTION_KEYS",
        "IPSGATE_ALLOWED_HOSTS",
        "DATABASE_URL",
    }


def test_the_deployment_guide_holds_the_environment_table_from_the_code():
    """One table in code drives the check and the guide: `python -m ipsgate.settings.environment` prints it."""
    guide = (PROJECT_DIR / "docs" / "deploy.md").read_text()
    assert environment.markdown_table() in guide


SERVE_ASSET = """
import sys
import django
from django.test import Client
from django.templatetags.static import static

django.setup()
url = static("govuk/govuk-frontend.min.css")
response = Client().get(url, secure=True, HTTP_HOST="ipsgate.example.org", HTTP_ACCEPT_ENCODING="gzip")
body = b"".join(response.streaming_content) if response.streaming else response.content
print(url)
print(response.status_code)
print(response.get("Cache-Control", ""))
print(response.get("Content-Encoding", ""))
print(len(body))
"""


def test_whitenoise_serves_a_hashed_govuk_frontend_asset_with_far_future_caching(tmp_path):
    """Under the production settings the application serves its own static files: collected with content-hashed
    names and gzip copies, sent with a Cache-Control a year long (a changed file gets a new name)."""
    env = {**os.environ, **production_environment(tmp_path), "IPSGATE_STATIC_ROOT": str(tmp_path / "static")}
    subprocess.run(  # noqa: S603 - this interpreter, fixed arguments
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
        env=env,
        cwd=PROJECT_DIR,
        check=True,
        capture_output=True,
    )
    result = subprocess.run(  # noqa: S603 - this interpreter, fixed code
        [sys.executable, "-c", SERVE_ASSET], env=env, cwd=PROJECT_DIR, capture_output=True, text=True, check=True
    )
    url, status, cache_control, encoding, length = result.stdout.split("\n")[:5]
    assert url.startswith("/assets/govuk/govuk-frontend.min.")
    assert url.endswith(".css") and url != "/assets/govuk/govuk-frontend.min.css"  # a content hash in the name
    assert status == "200"
    directives = {part.strip() for part in cache_control.split(",")}
    assert "public" in directives and "immutable" in directives
    max_age = next(int(d.split("=")[1]) for d in directives if d.startswith("max-age="))
    assert max_age >= 365 * 24 * 60 * 60
    assert encoding == "gzip"
    assert int(length) > 1000


def test_every_environment_variable_read_is_in_the_table():
    import re

    read = set()
    pattern = re.compile(r"""(?:environ(?:\.get)?\(?\[?|env_(?:bool|list)\()["']((?:IPSGATE_|DATABASE_)[A-Z_]+)["']""")
    for path in [*(PROJECT_DIR / "ipsgate").rglob("*.py"), *(PROJECT_DIR / "deploy").glob("*.py")]:
        read |= set(pattern.findall(path.read_text()))
    assert read, "the search found nothing"
    assert read <= {v.name for v in environment.VARIABLES}, read - {v.name for v in environment.VARIABLES}

"""The production settings, loaded as a deployment would (a fresh interpreter with its environment)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from cryptography.fernet import Fernet

PROJECT_DIR = Path(__file__).resolve().parents[2]


def installed_apps(settings_module: str) -> list[str]:
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": settings_module,
        "IPSGATE_SECRET_KEY": "k" * 60,
        "IPSGATE_FIELD_ENCRYPTION_KEYS": Fernet.generate_key().decode(),
        "IPSGATE_ALLOWED_HOSTS": "ipsgate.example.org",
    }
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

"""`ipsgate migrate` runs a pre-flight first (database reachable, `check --deploy`, the pending migrations, a backup
reminder) and migrates only when it passes; run as a deployment would (a fresh `python -m ipsgate` under the
production settings, on a new SQLite database)."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from tests.core.test_production_settings import production_environment

PROJECT_DIR = Path(__file__).resolve().parents[2]


def ipsgate(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - this interpreter, fixed arguments
        [sys.executable, "-m", "ipsgate", *args], env=env, cwd=PROJECT_DIR, capture_output=True, text=True
    )


def tables(database: Path) -> set[str]:
    with sqlite3.connect(database) as db:
        return {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}


def test_migrate_lists_what_it_will_apply_reminds_about_backups_then_migrates(tmp_path):
    env = {**os.environ, **production_environment(tmp_path)}
    first = ipsgate(env, "migrate", "--noinput")
    assert first.returncode == 0, first.stderr
    out = first.stdout
    assert "Pre-flight: the database (sqlite) answers." in out
    assert "Pre-flight: `check --deploy` found no problems." in out
    assert "  core.0001_initial" in out
    assert "Take a backup before migrating" in out
    assert out.index("Take a backup") < out.index("Running migrations:")
    assert "core_workerheartbeat" in tables(tmp_path / "ipsgate.sqlite3")

    again = ipsgate(env, "migrate", "--noinput")
    assert again.returncode == 0, again.stderr
    assert "every migration is applied already" in again.stdout
    assert "Take a backup" not in again.stdout


def test_migrate_refuses_before_any_change_when_the_deployment_checks_fail(tmp_path):
    env = {**os.environ, **production_environment(tmp_path), "IPSGATE_SSL_REDIRECT": "false"}  # security.W008
    refused = ipsgate(env, "migrate", "--noinput")
    assert refused.returncode == 1
    assert "Pre-flight: Django's deployment checks failed" in refused.stderr
    assert "security.W008" in refused.stderr + refused.stdout
    assert "Running migrations:" not in refused.stdout
    assert "django_migrations" not in tables(tmp_path / "ipsgate.sqlite3")


def test_migrate_refuses_when_the_database_cannot_be_reached(tmp_path):
    env = {
        **os.environ,
        **production_environment(tmp_path),
        "DATABASE_URL": "postgres://ipsgate@127.0.0.1:9/ipsgate?connect_timeout=2",
    }
    refused = ipsgate(env, "migrate", "--noinput")
    assert refused.returncode == 1
    assert "Pre-flight: cannot reach the database" in refused.stderr


def test_skip_preflight_migrates_without_it(tmp_path):
    env = {**os.environ, **production_environment(tmp_path), "IPSGATE_SSL_REDIRECT": "false"}
    done = ipsgate(env, "migrate", "--noinput", "--skip-preflight")
    assert done.returncode == 0, done.stderr
    assert "Pre-flight" not in done.stdout
    assert "core_workerheartbeat" in tables(tmp_path / "ipsgate.sqlite3")

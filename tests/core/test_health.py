"""/healthz and /readyz: no sign-in, nothing revealed but "ok" / "ready" / "not ready"; /readyz answers 503 when
the database is unreachable, when a migration is not applied, and when the worker's heartbeat is old."""

from __future__ import annotations

import datetime
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder
from django.test import Client
from django.utils import timezone

from ipsgate.core import health
from ipsgate.core.models import WorkerHeartbeat
from tests.core.test_production_settings import production_environment

PROJECT_DIR = Path(__file__).resolve().parents[2]


def test_healthz_answers_ok_without_sign_in_or_the_database():
    response = Client().get("/healthz")  # no django_db mark: any database access would fail the test
    assert response.status_code == 200
    assert response.content == b"ok\n"
    assert response["Content-Type"].startswith("text/plain")


@pytest.mark.django_db
def test_readyz_answers_ready_without_sign_in(settings):
    settings.IPSGATE_WORKER_HEARTBEAT_MAX_AGE = 120
    health.beat("worker-1")
    response = Client().get("/readyz")
    assert response.status_code == 200
    assert response.content == b"ready\n"


@pytest.mark.django_db
def test_readyz_is_not_ready_when_a_migration_is_not_applied(caplog):
    recorder = MigrationRecorder(connection)
    latest = recorder.migration_qs.filter(app="core").order_by("-name").first()
    assert latest is not None
    latest.delete()  # as if the code were newer than the database (rolled back with the test)
    response = Client().get("/readyz")
    assert response.status_code == 503
    assert response.content == b"not ready\n"  # the reason is logged, not shown
    assert "migrations not applied" in caplog.text


@pytest.mark.django_db
def test_readyz_is_not_ready_without_a_recent_worker_heartbeat(settings):
    settings.IPSGATE_WORKER_HEARTBEAT_MAX_AGE = 120
    assert Client().get("/readyz").status_code == 503  # no worker has ever beaten
    health.beat("worker-1")
    WorkerHeartbeat.objects.update(beat_at=timezone.now() - datetime.timedelta(seconds=121))
    assert Client().get("/readyz").status_code == 503
    health.beat("worker-1")
    assert Client().get("/readyz").status_code == 200
    settings.IPSGATE_WORKER_HEARTBEAT_MAX_AGE = 0  # a deployment that runs no worker
    WorkerHeartbeat.objects.all().delete()
    assert Client().get("/readyz").status_code == 200


@pytest.mark.django_db
def test_heartbeats_of_long_stopped_workers_are_removed():
    health.beat("old")
    WorkerHeartbeat.objects.filter(worker_id="old").update(beat_at=timezone.now() - datetime.timedelta(days=2))
    health.beat("new")
    assert list(WorkerHeartbeat.objects.values_list("worker_id", flat=True)) == ["new"]


@pytest.mark.django_db(transaction=True)
def test_the_worker_command_beats_while_it_runs(settings):
    from django.core.management import call_command

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}  # as deployed
    call_command("worker", "--batch", "--no-startup-delay", "--worker-id", "test-worker", verbosity=0)
    assert WorkerHeartbeat.objects.filter(worker_id="test-worker").exists()


READYZ = """
import django
from django.test import Client

django.setup()
response = Client().get("/readyz", HTTP_HOST="ipsgate.example.org")
print(response.status_code, response.content.decode().strip())
"""


def test_readyz_answers_503_when_the_database_is_unreachable(tmp_path):
    """The production settings against a PostgreSQL address where nothing listens (plain HTTP: health checks are
    not redirected to HTTPS)."""
    env = {
        **os.environ,
        **production_environment(tmp_path),
        "DATABASE_URL": "postgres://ipsgate@127.0.0.1:9/ipsgate?connect_timeout=2",
    }
    result = subprocess.run(  # noqa: S603 - this interpreter, fixed code
        [sys.executable, "-c", READYZ], env=env, cwd=PROJECT_DIR, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "503 not ready"
    assert "database unreachable" in result.stderr

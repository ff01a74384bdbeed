"""/healthz and /readyz for load balancers, systemd and monitoring: no sign-in, and nothing in the answer but
"ok", "ready" or "not ready" (the reason goes to the log, for whoever runs the service).

- /healthz: the process is up and answering (never touches the database).
- /readyz: the database answers, every migration is applied, and the background worker (`ipsgate worker`) has
  written a heartbeat within IPSGATE_WORKER_HEARTBEAT_MAX_AGE seconds (0 leaves the worker out).
"""

from __future__ import annotations

import logging
import socket
import threading
from datetime import timedelta
from functools import lru_cache

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db import DatabaseError, connection, connections
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.views.decorators.http import require_safe

from .models import WorkerHeartbeat

logger = logging.getLogger("ipsgate.health")

# How often `ipsgate worker` writes its heartbeat, and how long old rows (workers long stopped) are kept.
HEARTBEAT_SECONDS = 15
HEARTBEAT_KEPT = timedelta(days=1)


def _plain(text: str, status: int) -> HttpResponse:
    return HttpResponse(text + "\n", content_type="text/plain; charset=utf-8", status=status)


@login_not_required
@require_safe
def healthz(request: HttpRequest) -> HttpResponse:
    return _plain("ok", 200)


@lru_cache(maxsize=1)
def _migrations_on_disk() -> frozenset[tuple[str, str]]:
    """Every migration the code holds (read from disk once per process: the code does not change under it)."""
    loader = MigrationLoader(None, ignore_no_migrations=True)
    return frozenset(loader.graph.nodes)


def unapplied_migrations() -> list[tuple[str, str]]:
    applied = set(MigrationRecorder(connection).applied_migrations())
    return sorted(_migrations_on_disk() - applied)


def worker_heartbeat_problem() -> str:
    max_age = settings.IPSGATE_WORKER_HEARTBEAT_MAX_AGE
    if not max_age:
        return ""
    latest = WorkerHeartbeat.objects.order_by("-beat_at").values_list("beat_at", flat=True).first()
    if latest is None:
        return "no background worker has ever written a heartbeat (is `ipsgate worker` running?)"
    age = (timezone.now() - latest).total_seconds()
    if age > max_age:
        return f"the background worker's last heartbeat was {age:.0f} seconds ago (limit {max_age})"
    return ""


def readiness_problem() -> str:
    """Empty when ready; otherwise why not, for the log."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        pending = unapplied_migrations()
        if pending:
            return f"{len(pending)} migrations not applied, for example {pending[0][0]}.{pending[0][1]}"
        return worker_heartbeat_problem()
    except DatabaseError as error:
        return f"database unreachable: {type(error).__name__}"


@login_not_required
@require_safe
def readyz(request: HttpRequest) -> HttpResponse:
    problem = readiness_problem()
    if problem:
        logger.warning("not ready: %s", problem)
        return _plain("not ready", 503)
    return _plain("ready", 200)


def beat(worker_id: str) -> None:
    """One heartbeat for this worker; rows of workers silent for a day are removed."""
    now = timezone.now()
    WorkerHeartbeat.objects.update_or_create(
        worker_id=worker_id, defaults={"beat_at": now, "host": socket.gethostname()[:255]}
    )
    WorkerHeartbeat.objects.filter(beat_at__lt=now - HEARTBEAT_KEPT).delete()


def start_heartbeat(worker_id: str, every: float = HEARTBEAT_SECONDS) -> threading.Event:
    """Beats once now (a worker that cannot reach the database fails at start), then in a daemon thread with its
    own database connection until the returned event is set or the process ends. A failed beat is logged and
    retried at the next one: /readyz reports the silence."""
    beat(worker_id)
    stop = threading.Event()

    def run() -> None:
        try:
            while not stop.wait(every):
                try:
                    beat(worker_id)
                except DatabaseError:
                    logger.exception("worker heartbeat not written")
        finally:
            connections.close_all()

    threading.Thread(target=run, name="ipsgate-worker-heartbeat", daemon=True).start()
    return stop

"""`ipsgate worker`: django-tasks' database worker (`db_worker`, same options) that also writes a heartbeat every
few seconds, which /readyz checks. Run it under systemd (deploy/ipsgate-worker.service)."""

from __future__ import annotations

from typing import Any

from django_tasks_db.management.commands.db_worker import Command as DatabaseWorkerCommand

from ipsgate.core.health import start_heartbeat


class Command(DatabaseWorkerCommand):
    help = "Run the background worker (django-tasks database queue) with a heartbeat for /readyz."

    def handle(self, *args: Any, **options: Any) -> None:
        stop = start_heartbeat(options["worker_id"])
        try:
            super().handle(*args, **options)
        finally:
            stop.set()

"""Concurrent writers never fork the audit chain (the head row is locked for each append)."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from ipsgate.core.audit import AuditTarget, audit_record, audit_verify
from ipsgate.core.choices import AuditAction
from ipsgate.core.models import AuditEvent
from tests import factories

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs real concurrent connections; SQLite's in-memory test database serialises in one process",
    ),
]

WRITERS = 6
EVENTS_EACH = 20


def test_parallel_writers_keep_one_unbroken_chain():
    user = factories.SpecialistFactory.create()
    errors: list[BaseException] = []
    start = threading.Barrier(WRITERS)

    def write(worker: int) -> None:
        try:
            start.wait()
            for n in range(EVENTS_EACH):
                audit_record(
                    user=user, action=AuditAction.READ, target=AuditTarget("participant", f"{worker}-{n}", None)
                )
        except BaseException as error:  # noqa: BLE001 - reported to the main thread below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=write, args=(worker,)) for worker in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert AuditEvent.objects.count() == WRITERS * EVENTS_EACH
    result = audit_verify()
    assert result.ok, result.message
    assert result.message == f"ok, {WRITERS * EVENTS_EACH} events"

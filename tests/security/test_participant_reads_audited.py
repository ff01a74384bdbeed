"""Issue 15 §2: every read of a participant's record leaves an event in the audit trail.

Walks every participant-scoped route the URL resolver knows (the route matrix's enumeration and world), as every
role the declared policy lets open it, and asserts that each page sent (a GET answered 200) recorded at least one
audit event about that participant; and that each form shown again after an invalid POST (an empty one, answered
200) did too. The audit is structural: `people.access.participant_for` notes the read and
`core.middleware.ReadAuditMiddleware` records it once the page is sent, so a new page cannot forget it."""

from __future__ import annotations

import pytest
from django.db import transaction
from django.test import Client

from ipsgate.core.choices import Role
from ipsgate.core.models import AuditEvent

from . import policy
from .policy import Kind
from .test_authorization_matrix import OWN, ROUTES, build_path, build_world, kwargs_for

pytestmark = pytest.mark.django_db

PARTICIPANT_ROUTES = [
    (route, rule)
    for route in ROUTES
    if (rule := policy.rule_for(route.key)) is not None
    and rule.kind is Kind.PARTICIPANT
    and not route.route.startswith("api/")  # the API audits its own reads (tests/api/test_audit_and_queries.py)
]


def _events_after(sequence: int, participant_id: int) -> int:
    return AuditEvent.objects.filter(sequence__gt=sequence, participant_id=participant_id).count()


def _last_sequence() -> int:
    last = AuditEvent.objects.order_by("-sequence").values_list("sequence", flat=True).first()
    return last or 0


def test_the_walk_is_not_vacuous():
    assert len(PARTICIPANT_ROUTES) >= 30


def test_every_participant_page_sent_is_audited(make_client):
    world = build_world()
    participant = world.own["participant"]
    clients: dict[Role, Client] = {}
    unaudited, shown = [], 0
    for route, rule in PARTICIPANT_ROUTES:
        path = build_path(route.route, kwargs_for(route, world, OWN))
        for method in ("GET", "POST"):
            for role in sorted(rule.allow.get(method, ()), key=str):
                client = clients.setdefault(role, make_client(world.users[role]))
                with transaction.atomic():
                    before = _last_sequence()
                    response = client.get(path) if method == "GET" else client.post(path, {})
                    audited = _events_after(before, participant.pk)
                    transaction.set_rollback(True)
                if response.status_code != 200:
                    continue  # a refusal, or a redirect after a write (the service audits the write)
                shown += 1
                if not audited:
                    unaudited.append(f"{method} {path} as {role.value}")
    assert shown > 100, f"only {shown} pages were shown: the walk is not reaching the pages"
    assert not unaudited, "pages that showed a participant's record and left no audit event:\n  " + "\n  ".join(
        unaudited
    )

"""The read-only peer mentoring endpoints (issue 17 §7): `mentors` for the roles that keep mentor records,
`mentoring-sessions` scoped to the participants the caller may see, the note only for roles that read case notes,
every session read audited, and a constant number of queries."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from ipsgate.api.serializers import MentoringSessionSerializer, field_names
from ipsgate.core.choices import Role
from ipsgate.core.field_policy import FieldGroup
from ipsgate.core.models import AuditEvent
from ipsgate.mentoring.models import MentoringSession, MentorMatch
from tests import factories

pytestmark = pytest.mark.django_db


def session_for(participant, *, note="Talked about the first week", took_place=True):
    mentor = factories.MentorFactory.create()
    match = MentorMatch.objects.create(
        participant=participant,
        mentor=mentor,
        started_on=factories.days_ago(20),
        matched_by=factories.SpecialistFactory.create(),
    )
    return MentoringSession.objects.create(
        match=match,
        held_at=timezone.now() - datetime.timedelta(days=1),
        took_place=took_place,
        place="in_prison",
        topics=["confidence"],
        note=note,
        recorded_by=match.matched_by,
    )


@pytest.fixture
def own(prison, specialist):
    return session_for(factories.ParticipantFactory.create(current_site=prison, allocated_specialist=specialist))


@pytest.fixture
def other(other_prison):
    return session_for(factories.ParticipantFactory.create(current_site=other_prison))


def ids(response) -> set[int]:
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


def test_sessions_are_scoped_and_audited(make_client, specialist, own, other):
    client = make_client(specialist)
    before = AuditEvent.objects.count()
    assert ids(client.get(reverse("api:mentoring-session-list"))) == {own.pk}
    row = client.get(reverse("api:mentoring-session-detail", args=[own.pk])).json()
    assert row["participant"] == own.match.participant_id
    assert row["mentor"] == {"id": own.match.mentor_id, "name": own.match.mentor.name}
    assert row["note"] == "Talked about the first week" and row["topics"] == ["confidence"]
    events = list(AuditEvent.objects.order_by("sequence")[before:].values_list("action", "object_type", "object_id"))
    assert events == [("read", "mentoring_session", str(own.pk))] * 2
    response = client.get(reverse("api:mentoring-session-detail", args=[other.pk]))
    assert response.status_code == 404 and response.json() == {"detail": "No such record."}
    assert AuditEvent.objects.count() == before + 2  # the refused read writes no read event


def test_filters(make_client, specialist, own, prison):
    attempt = session_for(
        factories.ParticipantFactory.create(current_site=prison, allocated_specialist=specialist), took_place=False
    )
    client = make_client(specialist)
    url = reverse("api:mentoring-session-list")
    assert ids(client.get(url, {"took_place": "false"})) == {attempt.pk}
    assert ids(client.get(url, {"participant": str(own.match.participant_id)})) == {own.pk}
    assert ids(client.get(url, {"mentor": str(own.match.mentor_id)})) == {own.pk}
    response = client.get(url, {"held_from": "2026-02-01", "held_to": "2026-01-01"})
    assert response.status_code == 400 and "held_to" in response.json()


def test_the_note_is_only_for_roles_that_read_case_notes():
    assert "note" in field_names(MentoringSessionSerializer, {FieldGroup.CASE, FieldGroup.CASE_HISTORY})
    assert "note" not in field_names(MentoringSessionSerializer, {FieldGroup.CASE})


@pytest.mark.parametrize(
    ("role", "sessions", "mentors"),
    [
        (Role.SPECIALIST, 200, 403),
        (Role.TEAM_LEADER, 200, 200),
        (Role.SERVICE_MANAGER, 200, 200),
        (Role.CLINICIAN, 200, 403),
        (Role.PROBATION_PRACTITIONER, 403, 403),
        (Role.ANALYST, 403, 403),
        (Role.ADMINISTRATOR, 403, 403),
    ],
)
def test_role_by_endpoint(role, sessions, mentors, make_client, prison):
    client = make_client(factories.UserFactory.create(role=role, site=prison))
    assert client.get(reverse("api:mentoring-session-list")).status_code == sessions
    assert client.get(reverse("api:mentor-list")).status_code == mentors


def test_mentors_with_vetting_and_room(make_client, prison):
    leader = factories.TeamLeaderFactory.create(site=prison)
    lapsed = factories.MentorFactory.create(name="Lapsed", vetting_expires=factories.days_ago(1))
    lapsed.cleared_prisons.add(prison)
    busy = factories.MentorFactory.create(name="Busy")
    busy.sites.add(prison)
    MentorMatch.objects.create(
        participant=factories.ParticipantFactory.create(current_site=prison),
        mentor=busy,
        started_on=factories.days_ago(3),
        matched_by=factories.SpecialistFactory.create(),
    )
    client = make_client(leader)
    before = AuditEvent.objects.count()
    rows = {row["name"]: row for row in client.get(reverse("api:mentor-list")).json()["results"]}
    assert rows["Lapsed"]["vetting_state"] == "expired"
    assert rows["Lapsed"]["cleared_prisons"] == [{"id": prison.pk, "name": prison.name, "kind": prison.kind}]
    assert rows["Busy"]["current_mentees"] == 1 and rows["Busy"]["vetting_state"] == "valid"
    assert ids(client.get(reverse("api:mentor-list"), {"cleared_for": str(prison.pk)})) == {lapsed.pk}
    assert AuditEvent.objects.count() == before  # mentor records name no participant


def _count(client, url: str) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured), len(response.json()["results"])


@pytest.mark.parametrize("basename", ["mentor", "mentoring-session"])
def test_list_query_count_is_constant(basename, make_client, prison, specialist):
    leader = factories.TeamLeaderFactory.create(site=prison)
    factories.TeamFactory.create(leader=leader, sites=[prison])
    client = make_client(leader)
    url = reverse(f"api:{basename}-list")

    def grow():
        person = factories.ParticipantFactory.create(current_site=prison, allocated_specialist=specialist)
        session = session_for(person)
        session.match.mentor.sites.add(prison)
        session.match.mentor.cleared_prisons.add(prison)

    grow()
    small, small_rows = _count(client, url)
    for _ in range(5):
        grow()
    large, large_rows = _count(client, url)
    assert small_rows < large_rows
    assert small == large

"""Mentoring sessions (issue 17 §4): logged through the gate, refused when impossible, on the timeline."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from ipsgate.core.models import AuditEvent
from ipsgate.mentoring.models import MentoringSession, MentorMatch
from tests import factories
from tests.conftest import date_fields

pytestmark = pytest.mark.django_db


@pytest.fixture
def match(specialist, prison):
    person = factories.ParticipantFactory.create(
        current_site=prison, allocated_specialist=specialist, probation_practitioner=None
    )
    return MentorMatch.objects.create(
        participant=person,
        mentor=factories.MentorFactory.create(name="Sam Okafor"),
        started_on=timezone.localdate() - datetime.timedelta(days=10),
        matched_by=specialist,
    )


def url(match):
    return reverse("mentoring:session-add", args=[match.participant_id, match.pk])


def data(day, time="10:30", **changes):
    return {
        **date_fields("held_on", day),
        "time": time,
        "took_place": "yes",
        "place": "in_prison",
        "duration_minutes": "45",
        "topics": ["confidence", "first_weeks"],
        "note": "Talked about the first week out",
    } | changes


def test_a_specialist_logs_a_session_and_it_is_audited_and_on_the_timeline(specialist_client, match):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    assert specialist_client.post(url(match), data(yesterday)).status_code == 302
    session = MentoringSession.objects.get()
    assert (session.took_place, session.place, session.topics) == (True, "in_prison", ["confidence", "first_weeks"])
    assert AuditEvent.objects.filter(
        object_type="mentoring_session", participant_id=match.participant_id, action="create"
    ).exists()
    page = specialist_client.get(match.participant.get_absolute_url()).content.decode()
    assert "Mentoring session" in page and "with Sam Okafor, in prison" in page
    assert "Talked about the first week out" in page


def test_an_attempt_is_kept_as_an_attempt(specialist_client, match):
    assert specialist_client.post(url(match), data(timezone.localdate(), "00:00", took_place="no")).status_code == 302
    assert not MentoringSession.objects.get().took_place
    page = specialist_client.get(match.participant.get_absolute_url()).content.decode()
    assert "Attempted mentoring session that did not happen" in page


@pytest.mark.parametrize(
    ("day_offset", "time", "message"),
    [
        (1, "10:30", "The date of the session must be today or in the past"),
        (-11, "10:30", "The date of the session must be on or after the start of the match"),
        (0, "25:00", "Enter a real time, like 09:15 or 14:30"),
    ],
)
def test_impossible_sessions_are_refused_and_nothing_is_written(specialist_client, match, day_offset, time, message):
    day = timezone.localdate() + datetime.timedelta(days=day_offset)
    page = specialist_client.post(url(match), data(day, time)).content.decode()
    assert "govuk-error-summary" in page and message in page
    assert not MentoringSession.objects.exists()


def test_a_session_later_today_is_refused(specialist_client, match):
    now = timezone.localtime()
    if now.hour == 23 and now.minute >= 58:
        pytest.skip("no later time today")
    later = (now + datetime.timedelta(minutes=2)).strftime("%H:%M")
    page = specialist_client.post(url(match), data(now.date(), later)).content.decode()
    assert "The time cannot be in the future" in page
    assert not MentoringSession.objects.exists()


def test_the_timeline_hides_sessions_from_probations_limited_view(make_client, specialist, match, prison):
    MentoringSession.objects.create(
        match=match, held_at=timezone.now(), place="community", note="Private note", recorded_by=specialist
    )
    officer = factories.ProbationPractitionerFactory.create()
    match.participant.probation_practitioner = officer
    match.participant.save()
    page = make_client(officer).get(match.participant.get_absolute_url())
    assert page.status_code == 200
    assert "Private note" not in page.content.decode() and "Mentoring session" not in page.content.decode()


def test_an_ended_match_takes_no_sessions(specialist_client, match):
    match.ended_on, match.end_reason = timezone.localdate(), "goals_met"
    match.save()
    assert specialist_client.get(url(match)).status_code == 404

"""Peer mentoring through the gate on the specialist's To do (issue 17 §5): the tasks come from the current match
and its sessions (through the journey's task facts, following the relation), go when a session is logged, and an
attempt that did not happen never counts."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from ipsgate.mentoring.models import Mentor, MentoringSession, MentorMatch
from ipsgate.rules.reminders import TaskKind
from tests import factories

pytestmark = pytest.mark.django_db

TODO_URL = reverse("journey:todo")
FIRST = TaskKind.MENTOR_FIRST_MEETING.title
AFTER = TaskKind.MENTOR_AFTER_RELEASE.title


def supported(specialist, **fields):
    person = factories.ParticipantFactory.create(
        current_site=specialist.site, allocated_specialist=specialist, **fields
    )
    factories.EpisodeFactory.create(participant=person, referral__referral_date=factories.days_ago(40))
    factories.DataProtectionRecordFactory.create(participant=person)
    return person


def match(person, specialist, days_ago=20):
    return MentorMatch.objects.create(
        participant=person,
        mentor=factories.MentorFactory.create(name="Sam Peer"),
        started_on=factories.days_ago(days_ago),
        matched_by=specialist,
    )


def session(match, specialist, *, days_ago, took_place=True):
    held = timezone.make_aware(datetime.datetime.combine(factories.days_ago(days_ago), datetime.time(11)))
    return MentoringSession.objects.create(
        match=match, held_at=held, took_place=took_place, place="in_prison", recorded_by=specialist
    )


def test_first_meeting_before_release_until_a_session_happens(make_client, specialist):
    person = supported(specialist, custody_status="in_custody", expected_release_date=factories.days_ahead(10))
    client = make_client(specialist)
    assert FIRST not in client.get(TODO_URL).content.decode()  # no mentor, no mentoring task
    matched = match(person, specialist)
    page = client.get(TODO_URL).content.decode()
    assert FIRST in page and "Matched with Sam Peer" in page
    session(matched, specialist, days_ago=1, took_place=False)  # an attempt does not count
    assert FIRST in client.get(TODO_URL).content.decode()
    session(matched, specialist, days_ago=1)
    page = client.get(TODO_URL).content.decode()
    assert FIRST not in page


def test_a_session_within_a_week_after_release(make_client, specialist):
    person = supported(specialist, custody_status="released_on_licence", actual_release_date=factories.days_ago(2))
    matched = match(person, specialist, days_ago=30)
    session(matched, specialist, days_ago=5)  # in prison, before release: does not count after release
    client = make_client(specialist)
    assert AFTER in client.get(TODO_URL).content.decode()
    session(matched, specialist, days_ago=0)
    assert AFTER not in client.get(TODO_URL).content.decode()


def test_an_ended_match_asks_for_nothing(make_client, specialist):
    person = supported(specialist, custody_status="in_custody", expected_release_date=factories.days_ahead(10))
    matched = match(person, specialist)
    MentorMatch.objects.filter(pk=matched.pk).update(ended_on=factories.days_ago(1), end_reason="other")
    assert FIRST not in make_client(specialist).get(TODO_URL).content.decode()


def test_the_team_todo_counts_mentoring_tasks(make_client, specialist):
    person = supported(specialist, custody_status="in_custody", expected_release_date=factories.days_ahead(10))
    match(person, specialist)
    leader = factories.TeamLeaderFactory.create(site=specialist.site)
    team = factories.TeamFactory.create(leader=leader, sites=[specialist.site])
    specialist.team = team
    specialist.save()
    page = make_client(leader).get(reverse("people:team-todo") + "?kind=mentor-first-meeting").content.decode()
    assert "A mentoring session before release" in page
    assert person.display_name in page


# --- The mentor's own list (the same rule, the mentor's words) -----------------------------------------------------

MENTOR_FIRST = "Meet them in prison before they are released"
MENTOR_AFTER = "See them in the first week after release"


def mentor_account(matched):
    user = factories.MentorUserFactory.create()
    Mentor.objects.filter(pk=matched.mentor_id).update(user=user)
    return user


def test_the_mentor_sees_the_first_meeting_due_on_the_day_the_specialists_to_do_shows(make_client, specialist):
    person = supported(specialist, custody_status="in_custody", expected_release_date=factories.days_ahead(10))
    matched = match(person, specialist)
    mentor = make_client(mentor_account(matched))
    due = f"by {factories.days_ahead(9):%-d %b %Y}"  # the day before release, as the rule says
    mentees = mentor.get(reverse("mentoring:my-mentees")).content.decode()
    assert f"{MENTOR_FIRST}, {due}" in mentees
    mentee = mentor.get(reverse("mentoring:mentee", args=[person.pk])).content.decode()
    assert MENTOR_FIRST in mentee and f"{factories.days_ahead(9):%-d %B %Y}" in mentee
    assert FIRST in make_client(specialist).get(TODO_URL).content.decode()  # the specialist's To do: same task
    session(matched, specialist, days_ago=1)
    assert MENTOR_FIRST not in mentor.get(reverse("mentoring:my-mentees")).content.decode()


def test_the_mentor_is_asked_to_see_them_in_the_first_week_after_release(make_client, specialist):
    person = supported(specialist, custody_status="released_on_licence", actual_release_date=factories.days_ago(2))
    matched = match(person, specialist, days_ago=30)
    mentor = make_client(mentor_account(matched))
    page = mentor.get(reverse("mentoring:my-mentees")).content.decode()
    assert f"{MENTOR_AFTER}, by {factories.days_ahead(5):%-d %b %Y}" in page
    session(matched, specialist, days_ago=0)
    page = mentor.get(reverse("mentoring:my-mentees")).content.decode()
    assert MENTOR_AFTER not in page and "Nothing due" in page  # the next session is 14 days away

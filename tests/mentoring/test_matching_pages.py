"""Matching a person with a mentor (issue 17 §3): suggestions with reasons, refusals, one active match, audit."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from ipsgate.core.models import AuditEvent
from ipsgate.journey.models import VocationalProfile
from ipsgate.mentoring import services
from ipsgate.mentoring.models import MentorMatch
from tests import factories
from tests.conftest import date_fields

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


@pytest.fixture
def person(specialist, prison):
    person = factories.ParticipantFactory.create(
        current_site=prison, allocated_specialist=specialist, custody_status="in_custody"
    )
    VocationalProfile.objects.create(
        participant=person,
        started_at=datetime.datetime.now(datetime.UTC),
        postcode_district="LS9",
        job_sectors=["RETAIL"],
    )
    return person


def cleared(prison, **fields):
    mentor = factories.MentorFactory.create(**fields)
    mentor.cleared_prisons.add(prison)
    mentor.sites.add(prison)
    return mentor


def page_url(person):
    return reverse("mentoring:participant-mentoring", args=[person.pk])


def test_suggestions_are_ranked_with_reasons_and_exclude_who_cannot_be_matched(specialist_client, person, prison):
    best = cleared(prison, name="Best", postcode_districts="LS9", interests=["RETAIL"])
    cleared(prison, name="Plain")
    cleared(prison, name="Lapsed", vetting_expires=TODAY() - datetime.timedelta(days=1))
    full = cleared(prison, name="Full", capacity=1)
    MentorMatch.objects.create(
        participant=factories.ParticipantFactory.create(current_site=prison),
        mentor=full,
        started_on=TODAY(),
        matched_by=factories.SpecialistFactory.create(),
    )
    factories.MentorFactory.create(name="Not cleared")  # no prisons, no sites
    page = specialist_client.get(page_url(person)).content.decode()
    assert page.index("Best,") < page.index("Plain,")
    assert "Lapsed" not in page and "Full," not in page and "Not cleared" not in page
    assert "Covers the person&#x27;s prison; Covers the release area (LS9); 1 shared interest" in page
    assert AuditEvent.objects.filter(participant_id=person.pk, action="read").exists()
    assert best.pk


def test_matching_writes_one_audited_match_and_a_second_is_refused(specialist_client, person, prison):
    mentor = cleared(prison, name="Sam")
    response = specialist_client.post(
        page_url(person), {"mentor": str(mentor.pk), **date_fields("started_on", TODAY())}
    )
    assert response.status_code == 302
    match = MentorMatch.objects.get(participant=person)
    assert (match.mentor, match.ended_on) == (mentor, None)
    assert AuditEvent.objects.filter(object_type="mentor_match", participant_id=person.pk, action="create").exists()
    page = specialist_client.get(page_url(person)).content.decode()
    assert "Current mentor" in page and "Sam" in page
    other = cleared(prison, name="Other")
    response = specialist_client.post(page_url(person), {"mentor": str(other.pk), **date_fields("started_on", TODAY())})
    assert response.status_code == 200 and "govuk-error-summary" in response.content.decode()
    assert MentorMatch.objects.filter(participant=person).count() == 1


@pytest.mark.parametrize(
    ("mentor_fields", "message"),
    [
        ({"capacity": 1}, "At capacity: 1 of 1 mentees"),
        ({"vetting_expires": datetime.date(2020, 1, 1)}, "Vetting expired on 1 January 2020"),
    ],
)
def test_the_service_refuses_a_mentor_at_capacity_or_with_expired_vetting(
    specialist, person, prison, mentor_fields, message
):
    mentor = cleared(prison, **mentor_fields)
    if mentor_fields.get("capacity") == 1:
        MentorMatch.objects.create(
            participant=factories.ParticipantFactory.create(current_site=prison),
            mentor=mentor,
            started_on=TODAY(),
            matched_by=specialist,
        )
    with pytest.raises(services.ValidationError) as refused:
        services.match_start(actor=specialist, participant=person, mentor=mentor, started_on=TODAY(), today=TODAY())
    assert message in str(refused.value)
    assert not MentorMatch.objects.filter(participant=person).exists()


def test_a_start_in_the_future_and_an_unlisted_mentor_are_refused_on_the_form(specialist_client, person, prison):
    mentor = cleared(prison)
    lapsed = cleared(prison, vetting_expires=TODAY() - datetime.timedelta(days=3))
    tomorrow = TODAY() + datetime.timedelta(days=1)
    page = specialist_client.post(page_url(person), {"mentor": str(mentor.pk), **date_fields("started_on", tomorrow)})
    assert "Start date must be today or in the past" in page.content.decode()
    page = specialist_client.post(page_url(person), {"mentor": str(lapsed.pk), **date_fields("started_on", TODAY())})
    assert "Select one of the suggested mentors" in page.content.decode()
    assert not MentorMatch.objects.exists()


def test_ending_a_match_needs_a_date_after_the_start_and_a_reason(specialist_client, specialist, person, prison):
    match = MentorMatch.objects.create(
        participant=person,
        mentor=cleared(prison),
        started_on=TODAY() - datetime.timedelta(days=10),
        matched_by=specialist,
    )
    url = reverse("mentoring:match-end", args=[person.pk, match.pk])
    too_early = TODAY() - datetime.timedelta(days=11)
    page = specialist_client.post(
        url, {"end_reason": "goals_met", **date_fields("ended_on", too_early)}
    ).content.decode()
    assert "End date must be on or after the start of the match" in page
    page = specialist_client.post(url, date_fields("ended_on", TODAY())).content.decode()
    assert "Select why the match ended" in page
    assert (
        specialist_client.post(url, {"end_reason": "goals_met", **date_fields("ended_on", TODAY())}).status_code == 302
    )
    match.refresh_from_db()
    assert (match.ended_on, match.end_reason) == (TODAY(), "goals_met")
    assert specialist_client.get(url).status_code == 404  # an ended match cannot be ended again


def test_another_persons_match_is_not_found_under_this_person(specialist_client, specialist, person, prison):
    other = factories.ParticipantFactory.create(current_site=prison, allocated_specialist=specialist)
    match = MentorMatch.objects.create(
        participant=other, mentor=cleared(prison), started_on=TODAY(), matched_by=specialist
    )
    assert specialist_client.get(reverse("mentoring:match-end", args=[person.pk, match.pk])).status_code == 404


def test_the_page_costs_the_same_queries_for_1_and_15_mentors(
    specialist_client, person, prison, django_assert_max_num_queries
):
    cleared(prison)
    with django_assert_max_num_queries(20):
        assert specialist_client.get(page_url(person)).status_code == 200
    for _ in range(14):
        cleared(prison)
    with django_assert_max_num_queries(20):
        assert specialist_client.get(page_url(person)).status_code == 200


def test_the_participant_summary_links_to_mentoring_for_case_writers_only(
    make_client, specialist_client, person, prison
):
    assert page_url(person) in specialist_client.get(person.get_absolute_url()).content.decode()
    clinician = make_client(factories.ClinicianFactory.create(site=prison))
    assert page_url(person) not in clinician.get(person.get_absolute_url()).content.decode()

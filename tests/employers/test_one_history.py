"""One history (issue 16 item 8): employer contacts that discussed a person are on that person's timeline; in-work
support with a manager, recorded from a job, is in the employer's recent contacts; contacts show how long they
lasted and what was discussed."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from ipsgate.casework.selectors import timeline_for
from ipsgate.employers.services import employer_contact_record
from tests import factories
from tests.journey.conftest import contact_data, detail_url, make_supported, timeline_titles

pytestmark = pytest.mark.django_db


@pytest.fixture
def person(specialist):
    return make_supported(specialist, released=True, current_site=specialist.site)


def test_an_employer_contact_about_the_person_is_on_their_timeline(make_client, specialist, person):
    employer = factories.EmployerFactory.create(name="Aire Valley Logistics")
    employer_contact_record(
        actor=specialist,
        employer=employer,
        contact_date=factories.days_ago(3),
        face_to_face=True,
        purpose="introducing_participant",
        participants=[person],
        note="Manager keen to meet; trial shift offered",
    )
    page = make_client(specialist).get(detail_url(person)).content.decode()
    assert "Introducing a participant with Aire Valley Logistics" in timeline_titles(page)
    assert "Face to face." in page and "trial shift offered" in page


def test_a_note_about_several_people_stays_off_each_timeline(specialist, person):
    other = make_supported(specialist, current_site=specialist.site)
    employer_contact_record(
        actor=specialist,
        employer=factories.EmployerFactory.create(),
        contact_date=factories.days_ago(3),
        face_to_face=False,
        purpose="vacancy_discussion",
        participants=[person, other],
        note="Talked about both candidates' convictions",
    )
    [entry] = [e for e in timeline_for(person, viewer=specialist) if e.kind == "employer"]
    assert "convictions" not in entry.description
    assert "1 other person discussed too." in entry.description


def test_probation_does_not_see_employer_contacts_on_the_timeline(specialist, person):
    probation = factories.ProbationPractitionerFactory.create()
    person.probation_practitioner = probation
    person.save()
    employer_contact_record(
        actor=specialist,
        employer=factories.EmployerFactory.create(),
        contact_date=factories.days_ago(3),
        face_to_face=True,
        purpose="introducing_participant",
        participants=[person],
    )
    assert not [e for e in timeline_for(person, viewer=probation) if e.kind == "employer"]


def test_in_work_support_with_a_manager_is_in_the_employers_recent_contacts(make_client, specialist, person):
    job = factories.JobFactory.create(participant=person)
    client = make_client(specialist)
    response = client.post(
        reverse("journey:contact-add", args=[person.pk]),
        contact_data(contact_with="employer", mode="at_workplace", job=str(job.pk), topics=["in_work_support"]),
    )
    assert response.status_code == 302
    page = client.get(reverse("employers:employer-detail", args=[job.employer_id])).content.decode()
    recent = page.split("Recent contacts", 1)[1]
    assert "In-work support (face to face at the workplace)" in recent
    assert person.display_name in recent and "Face to face" in recent
    # Someone who may not see the person sees the contact but not who it was about.
    stranger = factories.SpecialistFactory.create()
    page = make_client(stranger).get(reverse("employers:employer-detail", args=[job.employer_id])).content.decode()
    assert "In-work support" in page and person.display_name not in page


def test_contacts_show_their_length_and_topics_on_the_timeline(make_client, specialist, person):
    factories.SupportContactFactory.create(
        participant=person,
        recorded_by=specialist,
        duration_minutes=50,
        topics=["job_search", "housing"],
        note="Looked at warehouse jobs",
        occurred_at=timezone.now() - datetime.timedelta(days=1),
    )
    page = make_client(specialist).get(detail_url(person)).content.decode()
    assert f"by {specialist.get_full_name()}, 50 minutes" in page
    assert "Topics: Job search and applications, Housing. Looked at warehouse jobs" in page

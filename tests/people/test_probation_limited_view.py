"""Probation practitioners get a limited, read-only view of the people they are named on: where the person is, their
phase, the dates and kinds of contacts, and whether they are in work, but no free-text case notes, no health details
and no offence details. The participant's own specialist sees all of it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from ipsgate.journey.choices import Pathway
from tests import factories

pytestmark = pytest.mark.django_db

CONTACT_NOTE = "Talked through the panic attacks at the job centre"
NEED_NOTE = "Housing officer says the flat falls through"
HEALTH_NEED_NOTE = "New antipsychotic from the CMHT"
CUSTODY_NOTE = "Recalled after missing two appointments"
CHECK_NOTE = "Manager worried about time off for clinic"


@pytest.fixture
def case(prison, specialist):
    probation = factories.ProbationPractitionerFactory.create()
    person = factories.ParticipantFactory.create(
        current_site=prison, allocated_specialist=specialist, probation_practitioner=probation
    )
    factories.EpisodeFactory.create(participant=person)
    factories.SupportContactFactory.create(participant=person, recorded_by=specialist, note=CONTACT_NOTE)
    factories.NeedUpdateFactory.create(
        need=factories.ResettlementNeedFactory.create(participant=person), note=NEED_NOTE
    )
    factories.NeedUpdateFactory.create(
        need=factories.ResettlementNeedFactory.create(participant=person, pathway=Pathway.HEALTH, title="Medication"),
        note=HEALTH_NEED_NOTE,
    )
    factories.CustodyEventFactory.create(participant=person, note=CUSTODY_NOTE)
    factories.MentalHealthCareFactory.create(participant=person)
    job = factories.JobFactory.create(participant=person)
    job.sustainment_checks.create(
        week=4, checked_on=job.start_date, still_in_work=True, note=CHECK_NOTE, recorded_by=specialist
    )
    return person, probation, job


def pages(person, job) -> list[str]:
    return [
        reverse("people:participant-detail", args=[person.pk]),
        reverse("journey:needs", args=[person.pk]),
        reverse("jobs:job-detail", args=[person.pk, job.pk]),
    ]


def test_probation_sees_the_limited_view_without_notes_health_or_offences(make_client, case):
    person, probation, job = case
    client = make_client(probation)
    seen = ""
    for url in pages(person, job)[:2]:
        response = client.get(url)
        assert response.status_code == 200, url
        seen += response.content.decode()
    assert person.family_name in seen
    assert "Medication" not in seen  # health-pathway needs are not listed at all
    for hidden in (CONTACT_NOTE, NEED_NOTE, HEALTH_NEED_NOTE, CUSTODY_NOTE, CHECK_NOTE, "Harehills Surgery"):
        assert hidden not in seen, hidden
    assert client.get(reverse("advice:disclosure", args=[person.pk])).status_code == 403
    assert client.get(pages(person, job)[2]).status_code == 403  # job pages are for the specialist's side


def test_the_specialist_sees_the_notes(make_client, case, specialist):
    person, _, job = case
    client = make_client(specialist)
    seen = "".join(client.get(url).content.decode() for url in pages(person, job))
    for shown in (CONTACT_NOTE, NEED_NOTE, HEALTH_NEED_NOTE, CUSTODY_NOTE, CHECK_NOTE):
        assert shown in seen, shown


def test_probation_sees_only_people_they_are_named_on(make_client, case, prison):
    _, probation, _ = case
    other = factories.ParticipantFactory.create(current_site=prison)
    assert make_client(probation).get(reverse("people:participant-detail", args=[other.pk])).status_code == 404


# Issue 15 §3: the page follows the declared policy (tests/security/policy.py CASE_HISTORY_READERS), as the API does:
# referrals, episodes and support contacts are the working record, not probation's limited view; drugs and alcohol
# is health information.


def test_probation_does_not_see_the_working_record_on_the_participant_page(make_client, case, specialist):
    person, probation, _ = case
    factories.ReferralFactory.create(participant=person, received_by=specialist, referrer_name="Dr Inreach")
    page = make_client(probation).get(reverse("people:participant-detail", args=[person.pk])).content.decode()
    assert person.family_name in page
    assert "Dr Inreach" not in page and "Referred" not in page  # the referrals table and its timeline entries
    assert "Episodes of support" not in page
    assert "with participant" not in page.lower()  # support contacts on the timeline
    specialist_page = make_client(specialist).get(reverse("people:participant-detail", args=[person.pk]))
    text = specialist_page.content.decode()
    assert "Dr Inreach" in text and "Episodes of support" in text


@pytest.mark.parametrize("role", ["probation", "manager"])
def test_drugs_and_alcohol_is_health_information(make_client, case, role):
    person, probation, _ = case
    factories.NeedUpdateFactory.create(
        need=factories.ResettlementNeedFactory.create(
            participant=person, pathway=Pathway.DRUGS_AND_ALCOHOL, title="Substitute prescribing"
        ),
    )
    viewer = probation if role == "probation" else factories.ServiceManagerFactory.create()
    client = make_client(viewer)
    seen = client.get(reverse("journey:needs", args=[person.pk])).content.decode()
    seen += client.get(reverse("people:participant-detail", args=[person.pk])).content.decode()
    assert "Substitute prescribing" not in seen
    assert "Drugs and alcohol" not in seen


def test_probation_does_not_see_the_profile_free_text(make_client, case, specialist):
    person, probation, _ = case
    factories.VocationalProfileFactory.create(
        participant=person, job_goal="Forklift work near my sister", strengths="Calm under pressure"
    )
    page = make_client(probation).get(reverse("journey:profile", args=[person.pk])).content.decode()
    assert "Forklift work near my sister" not in page and "Calm under pressure" not in page
    specialist_page = make_client(specialist).get(reverse("journey:profile", args=[person.pk])).content.decode()
    assert "Forklift work near my sister" in specialist_page

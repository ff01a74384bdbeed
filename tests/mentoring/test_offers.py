"""Offering mentoring (issue 17 §3): the offer, the answer with a reason, the person's preferences in the ranking,
and the refusals (dates out of order, a decline without a reason, matching someone who declined)."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from ipsgate.core.models import AuditEvent
from ipsgate.mentoring import services
from ipsgate.mentoring.models import MentoringOffer, MentorMatch
from tests import factories
from tests.conftest import date_fields

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


@pytest.fixture
def person(specialist, prison):
    return factories.ParticipantFactory.create(
        current_site=prison, allocated_specialist=specialist, custody_status="in_custody"
    )


def cleared(prison, **fields):
    mentor = factories.MentorFactory.create(**fields)
    mentor.cleared_prisons.add(prison)
    mentor.sites.add(prison)
    return mentor


def offer_data(**changes):
    data = {
        "offered_on": TODAY() - datetime.timedelta(days=2),
        "answer": "waiting",
        "answered_on": None,
        "decline_reason": "",
        "decline_detail": "",
        "gender_wanted": "",
        "lived_experience_wanted": False,
    }
    return data | changes


def form_post(**changes):
    fields = {"answer": "waiting", "gender_wanted": "any", "lived_experience_wanted": "no", "decline_detail": ""}
    fields |= date_fields("offered_on", TODAY() - datetime.timedelta(days=1))
    fields |= {"answered_on-day": "", "answered_on-month": "", "answered_on-year": ""}
    return fields | changes


def test_recording_an_offer_with_preferences_is_audited_and_shown(specialist_client, person):
    url = reverse("mentoring:offer-add", args=[person.pk])
    assert specialist_client.get(url).status_code == 200
    response = specialist_client.post(url, form_post(gender_wanted="woman", lived_experience_wanted="yes"))
    assert response.status_code == 302
    offer = MentoringOffer.objects.get(participant=person)
    assert (offer.answer, offer.gender_wanted, offer.lived_experience_wanted) == ("waiting", "woman", True)
    assert AuditEvent.objects.filter(object_type="mentoring_offer", participant_id=person.pk, action="create").exists()
    page = specialist_client.get(reverse("mentoring:participant-mentoring", args=[person.pk])).content.decode()
    assert "Not answered yet" in page and "A woman; lived experience of prison" in page


def test_a_decline_needs_a_reason_and_a_date_and_the_form_says_so(specialist_client, person):
    url = reverse("mentoring:offer-add", args=[person.pk])
    page = specialist_client.post(url, form_post(answer="declined")).content.decode()
    assert "Select why the person declined" in page and "Enter the date of the answer" in page
    assert not MentoringOffer.objects.exists()


def test_an_answer_before_the_offer_is_refused(specialist_client, person):
    url = reverse("mentoring:offer-add", args=[person.pk])
    post = form_post(answer="accepted") | date_fields("answered_on", TODAY() - datetime.timedelta(days=5))
    page = specialist_client.post(url, post).content.decode()
    assert "The date of the answer must be on or after the date of the offer" in page
    assert not MentoringOffer.objects.exists()


def test_the_stated_preferences_decide_who_is_suggested(specialist_client, person, prison, specialist):
    cleared(prison, name="Alex Woman", gender="woman", lived_experience="yes")
    cleared(prison, name="Bill Man", gender="man", lived_experience="yes")
    cleared(prison, name="Cass Woman", gender="woman", lived_experience="no")
    url = reverse("mentoring:participant-mentoring", args=[person.pk])
    page = specialist_client.get(url).content.decode()
    assert "Alex Woman" in page and "Bill Man" in page and "Cass Woman" in page
    services.offer_save(
        actor=specialist,
        participant=person,
        data=offer_data(gender_wanted="woman", lived_experience_wanted=True),
        today=TODAY(),
    )
    page = specialist_client.get(url).content.decode()
    assert "Alex Woman" in page and "Bill Man" not in page and "Cass Woman" not in page
    assert "The gender the person asked for" in page
    assert "Has lived experience of prison, as the person asked" in page


def test_someone_who_declined_is_not_matched_until_offered_again(specialist_client, person, prison, specialist):
    mentor = cleared(prison, name="Sam")
    declined = services.offer_save(
        actor=specialist,
        participant=person,
        data=offer_data(answer="declined", answered_on=TODAY(), decline_reason="not_now"),
        today=TODAY(),
    )
    url = reverse("mentoring:participant-mentoring", args=[person.pk])
    page = specialist_client.get(url).content.decode()
    assert "The person declined this offer" in page and "Suggested mentors" not in page
    with pytest.raises(ValidationError, match="declined the mentoring offered on .*record a new offer"):
        services.match_start(actor=specialist, participant=person, mentor=mentor, started_on=TODAY(), today=TODAY())
    response = specialist_client.post(url, {"mentor": str(mentor.pk), **date_fields("started_on", TODAY())})
    assert response.status_code == 200 and not MentorMatch.objects.exists()
    # The declined offer cannot be changed into an acceptance: a new offer is recorded, and the old answer stays.
    edit = reverse("mentoring:offer-edit", args=[person.pk, declined.pk])
    assert specialist_client.get(edit).status_code == 404
    with pytest.raises(ValidationError, match="record a new offer instead"):
        services.offer_save(
            actor=specialist, participant=person, data={"answer": "accepted"}, today=TODAY(), offer=declined
        )
    services.offer_save(
        actor=specialist,
        participant=person,
        data=offer_data(offered_on=TODAY(), answer="accepted", answered_on=TODAY()),
        today=TODAY(),
    )
    services.match_start(actor=specialist, participant=person, mentor=mentor, started_on=TODAY(), today=TODAY())
    assert MentoringOffer.objects.filter(participant=person, answer="declined").count() == 1


def test_changing_the_latest_offer_records_the_answer(specialist_client, person, specialist):
    offer = services.offer_save(actor=specialist, participant=person, data=offer_data(), today=TODAY())
    edit = reverse("mentoring:offer-edit", args=[person.pk, offer.pk])
    post = (
        form_post(answer="accepted") | date_fields("offered_on", offer.offered_on) | date_fields("answered_on", TODAY())
    )
    assert specialist_client.post(edit, post).status_code == 302
    offer.refresh_from_db()
    assert (offer.answer, offer.answered_on) == ("accepted", TODAY())
    assert MentoringOffer.objects.count() == 1
    assert AuditEvent.objects.filter(object_type="mentoring_offer", action="update").exists()


def test_a_new_offer_is_refused_while_the_person_has_a_mentor(person, prison, specialist):
    mentor = cleared(prison)
    services.match_start(actor=specialist, participant=person, mentor=mentor, started_on=TODAY(), today=TODAY())
    with pytest.raises(ValidationError, match="already has a mentor"):
        services.offer_save(actor=specialist, participant=person, data=offer_data(), today=TODAY())


def test_offers_are_scoped_and_need_a_case_writer(make_client, person, other_prison):
    other = factories.SpecialistFactory.create(site=other_prison)
    assert make_client(other).get(reverse("mentoring:offer-add", args=[person.pk])).status_code == 404
    clinician = factories.ClinicianFactory.create(site=person.current_site)
    with pytest.raises(ValidationError):
        services.offer_save(actor=clinician, participant=person, data=offer_data(), today=TODAY())

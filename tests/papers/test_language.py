"""The person's preferred language for their own papers (issue 19): English or Welsh, on the edit form; anything
else is refused with a clear message and nothing is written."""

from __future__ import annotations

import pytest
from django.urls import reverse

from ipsgate.people.choices import Language
from tests import factories


def _edit_data(participant, **overrides):
    data = {
        "given_name": participant.given_name,
        "family_name": participant.family_name,
        "preferred_name": participant.preferred_name,
        "date_of_birth_day": participant.date_of_birth.day,
        "date_of_birth_month": participant.date_of_birth.month,
        "date_of_birth_year": participant.date_of_birth.year,
        "prison_number": participant.prison_number,
        "current_site": participant.current_site_id,
        "custody_status": participant.custody_status,
        "expected_release_date_day": participant.expected_release_date.day,
        "expected_release_date_month": participant.expected_release_date.month,
        "expected_release_date_year": participant.expected_release_date.year,
        "allocated_specialist": participant.allocated_specialist_id,
        "sex": "",
        "preferred_language": "cy",
    }
    data.update(overrides)
    return data


@pytest.fixture
def person(specialist, prison):
    return factories.ParticipantFactory.create(allocated_specialist=specialist, current_site=prison)


def test_new_people_default_to_english(person):
    assert person.preferred_language == Language.ENGLISH


def test_welsh_is_saved_from_the_edit_form(specialist_client, person):
    response = specialist_client.post(reverse("people:participant-edit", args=[person.pk]), _edit_data(person))
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.preferred_language == "cy"
    page = specialist_client.get(person.get_absolute_url()).content.decode()
    assert "Welsh (Cymraeg)" in page


def test_an_unanswered_language_keeps_the_one_on_record(specialist_client, person):
    person.preferred_language = "cy"
    person.save()
    data = _edit_data(person)
    del data["preferred_language"]
    specialist_client.post(reverse("people:participant-edit", args=[person.pk]), data)
    person.refresh_from_db()
    assert person.preferred_language == "cy"


@pytest.mark.parametrize("language", ["fr", "en-gb", "<b>cy</b>", "Welsh"])
def test_another_language_is_refused_and_nothing_is_written(specialist_client, person, language):
    response = specialist_client.post(
        reverse("people:participant-edit", args=[person.pk]), _edit_data(person, preferred_language=language)
    )
    assert response.status_code == 200
    assert "Select English or Welsh for the person&#x27;s own papers" in response.content.decode()
    person.refresh_from_db()
    assert person.preferred_language == Language.ENGLISH

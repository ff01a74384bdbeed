"""A prison number already on record (issue 16 item 9; security finding 15 §6).

Entered on the referral form (or the details form), a number recorded for someone the user may see names that
person and offers a new referral for them; a number recorded for someone outside the user's scope gets a neutral
answer that neither names them nor plainly says the number is recorded, and the check is a security event."""

from __future__ import annotations

import pytest
from django.urls import reverse

from ipsgate.core.choices import AuditAction, SecurityEventKind
from ipsgate.core.models import AuditEvent, SecurityEvent
from ipsgate.people.models import Participant, Referral
from tests import factories
from tests.conftest import date_fields
from tests.people.test_referral_form import REFERRAL_URL, error_links

pytestmark = pytest.mark.django_db

NEUTRAL = "Check this prison number with your team leader"


@pytest.fixture
def referral_data(specialist):
    today = factories.today()
    return {
        "wants_paid_work": "yes",
        "given_name": "Alex",
        "family_name": "Example",
        **date_fields("date_of_birth", today.replace(year=today.year - 30)),
        "prison_number": "A1234BC",
        "current_site": str(specialist.site_id),
        "custody_status": "in_custody",
        **date_fields("expected_release_date", None),
        "source": "prison_mental_health",
        **date_fields("referral_date", today),
        "referrer_name": "Dr Ref",
        "allocated_specialist": str(specialist.pk),
        "evaluation_arm": "IPS",
        "mentoring": "no",
    }


def probes() -> list[SecurityEvent]:
    return list(SecurityEvent.objects.filter(kind=SecurityEventKind.PRISON_NUMBER_OUT_OF_SCOPE))


def test_a_number_outside_the_users_scope_gets_a_neutral_answer_and_is_logged(
    specialist_client, specialist, referral_data
):
    elsewhere = factories.ParticipantFactory.create(prison_number="A1234BC", given_name="Hidden", family_name="Person")
    response = specialist_client.post(REFERRAL_URL, referral_data)
    html = response.content.decode()
    assert response.status_code == 200
    assert error_links(html) == [("id_prison_number", NEUTRAL)]
    assert "already recorded" not in html and "Hidden" not in html and "Person" not in html
    assert reverse("people:participant-detail", args=[elsewhere.pk]) not in html
    [event] = probes()
    assert event.user == specialist and "did not say whose" in event.detail
    # Nothing about the hidden person is read, and no participant or referral is written.
    assert not AuditEvent.objects.filter(participant_id=elsewhere.pk).exists()
    assert Participant.objects.count() == 1 and not Referral.objects.exists()


def test_a_number_in_scope_names_the_person_and_offers_a_new_referral(specialist_client, specialist, referral_data):
    known = factories.ParticipantFactory.create(
        prison_number="A1234BC", given_name="Known", family_name="Person", current_site=specialist.site
    )
    factories.ClosedEpisodeFactory.create(participant=known)
    html = specialist_client.post(REFERRAL_URL, referral_data).content.decode()
    assert error_links(html) == [("id_prison_number", "A1234BC is already recorded for Known Person")]
    assert reverse("people:referral-repeat", args=[known.pk]) in html
    assert "make a new referral for this person" in html
    assert not probes()
    # Naming the person on the page is a read of their record.
    assert AuditEvent.objects.filter(participant_id=known.pk, action=AuditAction.READ).exists()


def test_the_details_form_answers_the_same_way(specialist_client, specialist):
    mine = factories.ParticipantFactory.create(current_site=specialist.site, allocated_specialist=specialist)
    factories.ParticipantFactory.create(prison_number="B2345CD")
    url = reverse("people:participant-edit", args=[mine.pk])
    page = specialist_client.get(url).content.decode()
    assert "Sex (optional)" in page
    data = {
        "given_name": mine.given_name,
        "family_name": mine.family_name,
        "preferred_name": "",
        **date_fields("date_of_birth", mine.date_of_birth),
        "prison_number": "B2345CD",
        "current_site": str(mine.current_site_id),
        "custody_status": mine.custody_status,
        **date_fields("expected_release_date", mine.expected_release_date),
        **date_fields("actual_release_date", None),
        "allocated_specialist": str(specialist.pk),
        "sex": "female",
    }
    html = specialist_client.post(url, data).content.decode()
    assert error_links(html) == [("id_prison_number", NEUTRAL)]
    assert len(probes()) == 1
    mine.refresh_from_db()
    assert mine.prison_number != "B2345CD" and mine.sex == ""


def test_sex_is_recorded_as_the_person_states_it(specialist_client, specialist, referral_data):
    referral_data["sex"] = "female"
    response = specialist_client.post(REFERRAL_URL, referral_data)
    assert response.status_code == 302
    person = Participant.objects.get(prison_number="A1234BC")
    assert person.sex == "female"
    page = specialist_client.get(reverse("people:participant-detail", args=[person.pk])).content.decode()
    assert "Female" in page
    referral_data.update(prison_number="C3456DE", sex="")
    specialist_client.post(REFERRAL_URL, referral_data)
    assert Participant.objects.get(prison_number="C3456DE").sex == ""  # optional

"""A new referral for someone already on record (issue 16 item 9): after a closed episode (a recall, a gap), the
person's record gets a new referral, and accepting it opens a new episode of support."""

from __future__ import annotations

import pytest
from django.urls import reverse

from ipsgate.people.models import Episode, Referral
from tests import factories
from tests.conftest import date_fields

pytestmark = pytest.mark.django_db


def repeat_url(person) -> str:
    return reverse("people:referral-repeat", args=[person.pk])


def data(**overrides) -> dict:
    return {
        "wants_paid_work": "yes",
        "source": "probation",
        **date_fields("referral_date", factories.today()),
        "referrer_name": "Claire Denholm",
        "referrer_organisation": "Leeds PDU",
        **overrides,
    }


@pytest.fixture
def returning(specialist):
    """Supported before; support ended (recalled for a long period)."""
    person = factories.ParticipantFactory.create(current_site=specialist.site, allocated_specialist=specialist)
    factories.ClosedEpisodeFactory.create(participant=person)
    return person


def test_a_new_referral_after_a_closed_episode_opens_a_new_episode_on_acceptance(specialist_client, returning):
    page = specialist_client.get(reverse("people:participant-detail", args=[returning.pk])).content.decode()
    assert repeat_url(returning) in page  # offered on their page
    assert specialist_client.get(repeat_url(returning)).status_code == 200
    response = specialist_client.post(repeat_url(returning), data())
    assert response.status_code == 302
    new = Referral.objects.filter(participant=returning, outcome="").get()
    assert new.source == "probation" and new.referral_date == factories.today()
    decide = reverse("people:referral-decision", args=[returning.pk, new.pk])
    specialist_client.post(decide, {"outcome": "accepted", **date_fields("outcome_date", factories.today())})
    episodes = list(Episode.objects.filter(participant=returning).order_by("start_date"))
    assert len(episodes) == 2 and episodes[-1].is_open and episodes[-1].referral == new


@pytest.mark.parametrize("state", ["open_episode", "pending_referral"])
def test_no_new_referral_while_supported_or_awaiting_a_decision(specialist_client, specialist, state):
    person = factories.ParticipantFactory.create(current_site=specialist.site, allocated_specialist=specialist)
    if state == "open_episode":
        factories.EpisodeFactory.create(participant=person)
    else:
        factories.ReferralFactory.create(participant=person)
    before = Referral.objects.count()
    page = specialist_client.get(reverse("people:participant-detail", args=[person.pk])).content.decode()
    assert repeat_url(person) not in page
    html = specialist_client.get(repeat_url(person)).content.decode()
    assert "already" in html and 'name="referrer_name"' not in html
    response = specialist_client.post(repeat_url(person), data())
    assert response.status_code == 200
    assert Referral.objects.count() == before


def test_not_wanting_paid_work_is_kept_as_declined(specialist_client, returning):
    specialist_client.post(repeat_url(returning), data(wants_paid_work="no"))
    new = Referral.objects.filter(participant=returning).order_by("-id").first()
    assert new is not None and new.outcome == "declined_by_person"


def test_the_referral_date_cannot_be_in_the_future(specialist_client, returning):
    html = specialist_client.post(
        repeat_url(returning), data(**date_fields("referral_date", factories.days_ahead(1)))
    ).content.decode()
    assert "Date of referral must be today or in the past" in html
    assert not Referral.objects.filter(participant=returning, outcome="").exists()

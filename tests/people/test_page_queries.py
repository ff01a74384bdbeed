"""The participant list and the participant page cost the same number of queries whatever the data size."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ipsgate.core.models import User
from ipsgate.people.models import Participant
from tests import factories
from tests.conftest import participant_ids_linked

pytestmark = pytest.mark.django_db

LIST_URL = reverse("people:participant-list")


def queries_for(client, url: str, **params) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(context.captured_queries), response.content.decode()


def busy_participant(specialist: User, *, history: int) -> Participant:
    """A participant with `history` referrals, closed episodes, jobs and contacts, plus one open episode."""
    participant = factories.ParticipantFactory.create(current_site=specialist.site, allocated_specialist=specialist)
    for _ in range(history):
        factories.ClosedEpisodeFactory.create(participant=participant)
        factories.JobFactory.create(participant=participant, ended=True)
        factories.SupportContactFactory.create(participant=participant, recorded_by=specialist)
    factories.EpisodeFactory.create(participant=participant)
    return participant


def test_participant_list_costs_the_same_for_3_and_30_people(make_client, prison):
    small_site_specialist = factories.SpecialistFactory.create(site=prison)
    other_prison = factories.SiteFactory.create()
    big_site_specialist = factories.SpecialistFactory.create(site=other_prison)
    for _ in range(3):
        busy_participant(small_site_specialist, history=1)
    for _ in range(30):
        busy_participant(big_site_specialist, history=1)

    small, small_html = queries_for(make_client(small_site_specialist), LIST_URL)
    large, large_html = queries_for(make_client(big_site_specialist), LIST_URL)
    assert len(participant_ids_linked(small_html)) == 3
    assert len(participant_ids_linked(large_html)) == 25
    assert small == large


def test_participant_page_costs_the_same_for_a_short_and_a_long_history(make_client, specialist):
    client = make_client(specialist)
    short = busy_participant(specialist, history=1)
    long = busy_participant(specialist, history=12)
    short_count, _ = queries_for(client, reverse("people:participant-detail", args=[short.pk]))
    long_count, html = queries_for(client, reverse("people:participant-detail", args=[long.pk]))
    assert short_count == long_count
    assert html.count("govuk-table__row") > 12  # the long history really is on the page


def test_participant_page_query_budget(make_client, specialist, django_assert_max_num_queries):
    participant = busy_participant(specialist, history=5)
    client = make_client(specialist)
    # session, user, participant, jobs; audit (savepoint, head, insert, move head, release); referrals, episodes;
    # timeline: custody events, contacts, needs updates, referrals to partners (issue 18); session save
    with django_assert_max_num_queries(19):
        client.get(reverse("people:participant-detail", args=[participant.pk]))

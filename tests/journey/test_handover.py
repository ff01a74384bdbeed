"""Prison to community handover (issue 16 item 11): recording a release offers the handover; a handover to a
community specialist moves the case with a note and gives the new specialist a task until they pick it up; or
the same specialist continues."""

from __future__ import annotations

import pytest
from django.urls import reverse

from ipsgate.journey.models import Handover
from ipsgate.rules.reminders import TaskKind
from tests import factories
from tests.conftest import date_fields
from tests.journey.conftest import custody_event_data, detail_url, error_summary, make_supported, timeline_titles

pytestmark = pytest.mark.django_db

TODO_URL = reverse("journey:todo")


@pytest.fixture
def team(specialist, community_site):
    """The prison specialist and a community specialist in one team."""
    team = factories.TeamFactory.create(sites=[specialist.site, community_site])
    specialist.team = team
    specialist.save()
    community = factories.SpecialistFactory.create(site=community_site, team=team)
    return community


@pytest.fixture
def person(specialist):
    return make_supported(specialist, expected_release_date=factories.days_ahead(1))


def release(client, person, community_site):
    return client.post(
        reverse("journey:custody-event-add", args=[person.pk]),
        custody_event_data(kind="released_on_licence", on=factories.today(), supported_at=str(community_site.pk)),
    )


def handover_data(**overrides) -> dict:
    return {
        "decision": "hand_over",
        "to_specialist": "",
        "note": "Wants warehouse work; first probation appointment Monday.",
        **date_fields("on", factories.today()),
        **overrides,
    }


def test_a_release_offers_the_handover_and_a_handover_moves_the_case(
    make_client, specialist, person, team, community_site
):
    community = team
    client = make_client(specialist)
    response = release(client, person, community_site)
    assert response.status_code == 302 and response["Location"] == reverse("journey:handover", args=[person.pk])
    page = client.get(response["Location"]).content.decode()
    assert "Who will support" in page and community.get_full_name() in page
    response = client.post(
        reverse("journey:handover", args=[person.pk]), handover_data(to_specialist=str(community.pk))
    )
    assert response.status_code == 302
    # The person is now at the community site with the community specialist: the prison specialist may no longer
    # see them, so they go back to their caseload.
    assert response["Location"] == reverse("people:my-caseload")
    person.refresh_from_db()
    handover = Handover.objects.get(participant=person)
    assert person.allocated_specialist == community
    assert (handover.from_specialist, handover.same_specialist, handover.picked_up_on) == (specialist, False, None)

    new = make_client(community)
    title = TaskKind.PICK_UP_HANDOVER.title
    assert title in new.get(TODO_URL).content.decode()
    page = new.get(detail_url(person)).content.decode()
    assert "Read the handover note and pick it up" in page
    assert any("Released on licence" in title_ for title_ in timeline_titles(page))
    assert "Handover note: Wants warehouse work" in page
    pick_up = reverse("journey:handover-pick-up", args=[person.pk, handover.pk])
    assert "first probation appointment Monday" in new.get(pick_up).content.decode()
    assert new.post(pick_up).status_code == 302
    handover.refresh_from_db()
    assert handover.picked_up_on == factories.today()
    assert title not in new.get(TODO_URL).content.decode()


def test_the_same_specialist_can_continue(make_client, specialist, person, community_site):
    client = make_client(specialist)
    release(client, person, community_site)
    response = client.post(reverse("journey:handover", args=[person.pk]), handover_data(decision="continues", note=""))
    assert response.status_code == 302
    handover = Handover.objects.get(participant=person)
    assert handover.same_specialist and handover.to_specialist == specialist
    assert TaskKind.PICK_UP_HANDOVER.title not in client.get(TODO_URL).content.decode()
    assert "continues as the person&#x27;s specialist" in client.get(detail_url(person)).content.decode()
    # Decided once per release.
    assert "There is no release waiting" in client.get(reverse("journey:handover", args=[person.pk])).content.decode()


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"to_specialist": ""}, "to_specialist", "Select the community specialist"),
        ({"note": ""}, "note", "Enter a handover note for the new specialist"),
        ({"decision": ""}, "decision", "Select whether the same specialist continues"),
    ],
)
def test_a_handover_needs_a_specialist_and_a_note(
    make_client, specialist, person, team, community_site, changes, field, message
):
    client = make_client(specialist)
    release(client, person, community_site)
    data = {**handover_data(to_specialist=str(team.pk)), **changes}
    html = client.post(reverse("journey:handover", args=[person.pk]), data).content.decode()
    assert any(anchor.startswith(f"id_{field}") and message in text for anchor, text in error_summary(html))
    assert not Handover.objects.exists()


def test_a_specialist_outside_the_team_cannot_be_chosen(make_client, specialist, person, team, community_site):
    stranger = factories.SpecialistFactory.create(site=community_site)
    client = make_client(specialist)
    release(client, person, community_site)
    html = client.post(
        reverse("journey:handover", args=[person.pk]), handover_data(to_specialist=str(stranger.pk))
    ).content.decode()
    assert any("Select a specialist from the list" in text for _, text in error_summary(html))
    assert not Handover.objects.exists()


def test_only_the_new_specialist_picks_up_the_handover(make_client, specialist):
    handover = factories.HandoverFactory.create(
        participant=make_supported(specialist, released=True), from_specialist=specialist
    )
    colleague = factories.SpecialistFactory.create(site=specialist.site)
    client = make_client(colleague)
    url = reverse("journey:handover-pick-up", args=[handover.participant_id, handover.pk])
    page = client.get(url).content.decode()
    assert "Only the specialist the person was handed over to" in page
    client.post(url)
    handover.refresh_from_db()
    assert handover.picked_up_on is None

"""`Participant.objects.visible_to` decides who sees whom; pages answer 404 (never 403) outside it."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.urls import reverse

from ipsgate.core.models import AuditEvent, User
from ipsgate.people.models import Participant
from tests import factories
from tests.conftest import participant_ids_linked

pytestmark = pytest.mark.django_db


@dataclass
class World:
    users: dict[str, User]
    participants: dict[str, Participant]


@pytest.fixture
def world() -> World:
    """Two teams over three sites, plus a prison nobody covers.

    team A covers prison A and community site C; team B covers prison B.
    """
    prison_a, prison_b, prison_d = (
        factories.SiteFactory.create(),
        factories.SiteFactory.create(),
        factories.SiteFactory.create(),
    )
    community_c = factories.CommunitySiteFactory.create()
    leader_a, leader_b = (
        factories.TeamLeaderFactory.create(site=prison_a),
        factories.TeamLeaderFactory.create(site=prison_b),
    )
    team_a = factories.TeamFactory.create(leader=leader_a, sites=[prison_a, community_c])
    team_b = factories.TeamFactory.create(leader=leader_b, sites=[prison_b])
    users = {
        "spec_a1": factories.SpecialistFactory.create(site=prison_a, team=team_a),
        "spec_a2": factories.SpecialistFactory.create(site=community_c, team=team_a),
        "spec_b": factories.SpecialistFactory.create(site=prison_b, team=team_b),
        "leader_a": leader_a,
        "leader_b": leader_b,
        "manager": factories.ServiceManagerFactory.create(),
        "clinician_a": factories.ClinicianFactory.create(site=prison_a),
        "clinician_c": factories.ClinicianFactory.create(site=community_c),
        "clinician_no_site": factories.ClinicianFactory.create(site=None),
        "probation": factories.ProbationPractitionerFactory.create(),
        "analyst": factories.AnalystFactory.create(),
        "admin": factories.AdministratorFactory.create(),
        "inactive_spec": factories.SpecialistFactory.create(site=prison_a, team=team_a, is_active=False),
        "inactive_manager": factories.ServiceManagerFactory.create(is_active=False),
    }
    participants = {
        "a_spec_a1": factories.ParticipantFactory.create(current_site=prison_a, allocated_specialist=users["spec_a1"]),
        "a_unallocated": factories.ParticipantFactory.create(current_site=prison_a),
        "b_spec_b": factories.ParticipantFactory.create(
            current_site=prison_b, allocated_specialist=users["spec_b"], probation_practitioner=users["probation"]
        ),
        "b_spec_a2": factories.ParticipantFactory.create(current_site=prison_b, allocated_specialist=users["spec_a2"]),
        "c_spec_a1": factories.ParticipantFactory.create(
            released=True, current_site=community_c, allocated_specialist=users["spec_a1"]
        ),
        "d_nobody": factories.ParticipantFactory.create(current_site=prison_d),
    }
    for participant in participants.values():  # everyone is active: a referral awaits a decision
        factories.ReferralFactory.create(participant=participant)
    return World(users, participants)


ALL = frozenset({"a_spec_a1", "a_unallocated", "b_spec_b", "b_spec_a2", "c_spec_a1", "d_nobody"})

VISIBLE = {
    # own caseload (wherever the person is now) plus everyone at the specialist's base site
    "spec_a1": {"a_spec_a1", "a_unallocated", "c_spec_a1"},
    "spec_a2": {"b_spec_a2", "c_spec_a1"},
    "spec_b": {"b_spec_b", "b_spec_a2"},
    # the teams' sites, plus anyone allocated to a member of the team
    "leader_a": {"a_spec_a1", "a_unallocated", "c_spec_a1", "b_spec_a2"},
    "leader_b": {"b_spec_b", "b_spec_a2"},
    "manager": set(ALL),
    "clinician_a": {"a_spec_a1", "a_unallocated"},
    "clinician_c": {"c_spec_a1"},
    "clinician_no_site": set(),
    "probation": {"b_spec_b"},
    "analyst": set(),
    "admin": set(),
    "inactive_spec": set(),
    "inactive_manager": set(),
}

WRITERS = {"spec_a1", "spec_a2", "spec_b", "leader_a", "leader_b", "manager"}
READ_ONLY_CASE_ROLES = {"clinician_a", "clinician_c", "clinician_no_site", "probation"}
NO_CASE_ACCESS = {"analyst", "admin"}
ACTIVE_USERS = sorted(set(VISIBLE) - {"inactive_spec", "inactive_manager"})


def keys_of(world: World, participants) -> set[str]:
    by_pk = {p.pk: key for key, p in world.participants.items()}
    return {by_pk[p.pk] for p in participants}


@pytest.mark.parametrize(("user_key", "expected"), sorted(VISIBLE.items()))
def test_participants_visible_to(world, user_key, expected):
    visible = Participant.objects.visible_to(world.users[user_key])
    assert keys_of(world, visible) == expected
    assert visible.count() == len(expected)  # no duplicates from the team-site joins


def test_anonymous_user_sees_nobody(world):
    from django.contrib.auth.models import AnonymousUser

    assert not Participant.objects.visible_to(AnonymousUser()).exists()  # type: ignore[arg-type]


@pytest.mark.parametrize("user_key", ACTIVE_USERS)
def test_participant_page_is_404_outside_scope(world, make_client, user_key):
    client = make_client(world.users[user_key])
    for key, participant in world.participants.items():
        response = client.get(reverse("people:participant-detail", args=[participant.pk]))
        expected = 200 if key in VISIBLE[user_key] else 404
        assert response.status_code == expected, (user_key, key)
        if expected == 404:
            assert participant.family_name not in response.content.decode()


@pytest.mark.parametrize("user_key", ACTIVE_USERS)
def test_edit_page_is_404_outside_scope_and_403_for_read_only_roles(world, make_client, user_key):
    client = make_client(world.users[user_key])
    for key, participant in world.participants.items():
        if key in VISIBLE[user_key] and user_key in WRITERS:
            continue  # see test_writer_can_open_edit_page_of_visible_participant
        response = client.get(reverse("people:participant-edit", args=[participant.pk]))
        expected = 404 if key not in VISIBLE[user_key] else 403
        assert response.status_code == expected, (user_key, key)


@pytest.mark.parametrize(
    "user_key",
    [
        "spec_a1",
        "spec_b",
        "leader_a",
        "leader_b",
        "manager",
    ],
)
def test_writer_can_open_edit_page_of_visible_participant(world, make_client, user_key):
    client = make_client(world.users[user_key])
    for key in sorted(VISIBLE[user_key]):
        response = client.get(reverse("people:participant-edit", args=[world.participants[key].pk]))
        assert response.status_code == 200, (user_key, key)


@pytest.mark.parametrize("user_key", ACTIVE_USERS)
def test_referral_decision_page_is_404_outside_scope(world, make_client, user_key):
    client = make_client(world.users[user_key])
    for key, participant in world.participants.items():
        referral = participant.referrals.get()
        url = reverse("people:referral-decision", args=[participant.pk, referral.pk])
        response = client.get(url)
        if key not in VISIBLE[user_key]:
            expected = 404
        elif user_key in WRITERS:
            expected = 200
        else:
            expected = 403
        assert response.status_code == expected, (user_key, key)


def test_specialist_gets_404_for_participant_at_another_prison_on_every_page(world, make_client):
    specialist = world.users["spec_a1"]
    participant = world.participants["b_spec_b"]
    referral = participant.referrals.get()
    episode = factories.EpisodeFactory.create(
        participant=factories.ParticipantFactory.create(
            current_site=participant.current_site, allocated_specialist=world.users["spec_b"]
        )
    )
    client = make_client(specialist)
    before = AuditEvent.objects.count()

    urls = [
        reverse("people:participant-detail", args=[participant.pk]),
        reverse("people:participant-edit", args=[participant.pk]),
        reverse("people:referral-decision", args=[participant.pk, referral.pk]),
        reverse("people:episode-close", args=[episode.participant_id, episode.pk]),
    ]
    for url in urls:
        assert client.get(url).status_code == 404, url
    # Writes are refused the same way, and change nothing.
    response = client.post(urls[1], {"given_name": "Changed"})
    assert response.status_code == 404
    response = client.post(urls[2], {"outcome": "accepted", "outcome_date_day": "1"})
    assert response.status_code == 404
    participant.refresh_from_db()
    referral.refresh_from_db()
    assert participant.given_name != "Changed"
    assert referral.outcome == ""
    assert AuditEvent.objects.count() == before  # nothing read, nothing written


def test_out_of_scope_404_looks_like_a_missing_record(world, make_client):
    client = make_client(world.users["spec_a1"])
    hidden = client.get(reverse("people:participant-detail", args=[world.participants["b_spec_b"].pk]))
    missing = client.get(reverse("people:participant-detail", args=[999_999]))
    assert hidden.status_code == missing.status_code == 404
    assert [t.name for t in hidden.templates][:1] == [t.name for t in missing.templates][:1] == ["404.html"]


def test_specialist_keeps_own_participant_after_move_to_community_site(world, make_client):
    specialist = world.users["spec_b"]  # based at prison B, whose team does not cover the community site
    participant = factories.ParticipantFactory.create(current_site=specialist.site, allocated_specialist=specialist)
    factories.EpisodeFactory.create(participant=participant)
    participant.current_site = factories.CommunitySiteFactory.create()
    participant.custody_status = "released_on_licence"
    participant.actual_release_date = factories.days_ago(3)
    participant.save()

    assert Participant.objects.visible_to(specialist).filter(pk=participant.pk).exists()
    client = make_client(specialist)
    assert client.get(reverse("people:participant-detail", args=[participant.pk])).status_code == 200
    caseload = client.get(reverse("people:my-caseload"))
    assert participant.pk in participant_ids_linked(caseload.content.decode())

    # ...but someone else's participant who moves away from the specialist's prison drops out of view.
    other = world.participants["b_spec_a2"]
    other.current_site = factories.CommunitySiteFactory.create()
    other.save()
    assert not Participant.objects.visible_to(specialist).filter(pk=other.pk).exists()
    assert client.get(reverse("people:participant-detail", args=[other.pk])).status_code == 404


def test_team_leader_sees_participants_of_new_team_member(world):
    leader = world.users["leader_b"]
    newcomer = world.participants["d_nobody"]
    assert not Participant.objects.visible_to(leader).filter(pk=newcomer.pk).exists()
    spec = world.users["spec_b"]
    newcomer.allocated_specialist = spec
    newcomer.save()
    assert Participant.objects.visible_to(leader).filter(pk=newcomer.pk).exists()


@pytest.mark.parametrize("user_key", sorted(set(ACTIVE_USERS) - NO_CASE_ACCESS))
def test_participant_list_shows_exactly_the_visible_participants(world, make_client, user_key):
    response = make_client(world.users[user_key]).get(reverse("people:participant-list"))
    assert response.status_code == 200
    shown = set(participant_ids_linked(response.content.decode()))
    assert shown == {world.participants[key].pk for key in VISIBLE[user_key]}


@pytest.mark.parametrize("user_key", sorted(NO_CASE_ACCESS))
def test_analyst_and_administrator_get_no_participant_list(world, make_client, user_key):
    client = make_client(world.users[user_key])
    for name in ("people:participant-list", "people:my-caseload"):
        response = client.get(reverse(name))
        assert response.status_code in (403, 200)
        if response.status_code == 200:
            assert participant_ids_linked(response.content.decode()) == []
    assert client.get(reverse("people:participant-list")).status_code == 403


def test_participant_list_specialist_filter_cannot_widen_scope(world, make_client):
    """?specialist= narrows the visible set; it never reveals another specialist's caseload."""
    client = make_client(world.users["spec_a1"])
    response = client.get(reverse("people:participant-list"), {"specialist": world.users["spec_b"].pk})
    assert response.status_code == 200
    assert participant_ids_linked(response.content.decode()) == []


@pytest.mark.parametrize("user_key", ["inactive_spec", "inactive_manager"])
def test_inactive_user_is_signed_out_and_sees_nothing(world, make_client, user_key):
    client = make_client(world.users[user_key])
    participant = world.participants["a_spec_a1"]
    response = client.get(reverse("people:participant-detail", args=[participant.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    response = client.get(reverse("people:participant-list"))
    assert response.status_code == 302


def test_user_deactivated_mid_session_loses_access(world, make_client):
    manager = world.users["manager"]
    client = make_client(manager)
    url = reverse("people:participant-detail", args=[world.participants["d_nobody"].pk])
    assert client.get(url).status_code == 200
    User.objects.filter(pk=manager.pk).update(is_active=False)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))

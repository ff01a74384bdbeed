"""Issue 16 item 10: the team's To do, and moving several people between specialists in one step.

A team leader sees the overdue and due-soon tasks of everyone on their team's caseloads, counted by specialist and
by kind (first contact, contact within 3 days of release, first employer contact within 30 days, sustainment
checks, and the rest), each count a link to the tasks behind it. They can move several people from one specialist
to another at once, with a reason that is recorded on each person's timeline and audited; nothing moves if any
part is refused.
"""

from __future__ import annotations

import datetime
import re

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ipsgate.core.models import AuditChainHead, AuditEvent, User
from ipsgate.people.models import Participant, Reallocation
from ipsgate.people.services import participants_reallocate
from ipsgate.rules.reminders import TaskKind
from tests import factories
from tests.conftest import participant_ids_linked
from tests.journey.conftest import error_summary

pytestmark = pytest.mark.django_db

TEAM_TODO = reverse("people:team-todo")
REALLOCATE = reverse("people:reallocate")


@pytest.fixture(autouse=True)
def audit_chain_started():
    AuditChainHead.objects.get_or_create(id=1)


def at(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(10), tzinfo=datetime.UTC)


def make_team(specialists: int = 2):
    prison = factories.SiteFactory.create()
    leader = factories.TeamLeaderFactory.create(site=prison)
    team = factories.TeamFactory.create(leader=leader, sites=[prison])
    members = [factories.SpecialistFactory.create(site=prison, team=team) for _ in range(specialists)]
    return leader, members


def new_referral(specialist: User, days_ago: int = 10) -> Participant:
    """Referred, never contacted: first contact due 7 days after the referral."""
    person = factories.ParticipantFactory.create(current_site=specialist.site, allocated_specialist=specialist)
    factories.ReferralFactory.create(participant=person, referral_date=factories.days_ago(days_ago))
    return person


def just_released(specialist: User) -> Participant:
    """Released 1 day ago, last met before release: contact within 3 days due in 2 days."""
    person = factories.ParticipantFactory.create(
        released=True, allocated_specialist=specialist, actual_release_date=factories.days_ago(1)
    )
    factories.EpisodeFactory.create(participant=person, referral__referral_date=factories.days_ago(60))
    factories.SupportContactFactory.create(
        participant=person, recorded_by=specialist, occurred_at=at(factories.days_ago(5))
    )
    factories.VocationalProfileFactory.create(participant=person, started_at=at(factories.days_ago(50)))
    factories.DataProtectionRecordFactory.create(participant=person)
    factories.SupportContactFactory.create(
        participant=person,
        recorded_by=specialist,
        contact_with="employer",
        mode="at_workplace",
        occurred_at=at(factories.days_ago(40)),
    )
    return person


def test_counts_by_specialist_and_by_kind_with_links(make_client):
    leader, (aisha, gareth) = make_team()
    late = [new_referral(aisha, days_ago=10), new_referral(aisha, days_ago=12)]  # first contact overdue
    soon = new_referral(gareth, days_ago=2)  # first contact due in 5 days
    out = just_released(gareth)  # contact after release due in 2 days
    outsider = new_referral(factories.SpecialistFactory.create(), days_ago=10)  # another team: not shown
    page = make_client(leader).get(TEAM_TODO).content.decode()

    by_specialist = page.split("By specialist", 1)[1].split("</table>", 1)[0]
    aisha_row = next(row for row in by_specialist.split("<tr")[1:] if aisha.get_full_name() in row)
    gareth_row = next(row for row in by_specialist.split("<tr")[1:] if gareth.get_full_name() in row)
    assert f'href="?specialist={aisha.pk}&amp;when=overdue">2<' in aisha_row
    assert f'href="?specialist={gareth.pk}&amp;when=due">2<' in gareth_row

    by_kind = page.split("By kind of task", 1)[1].split("</table>", 1)[0]
    first = next(row for row in by_kind.split("<tr")[1:] if TaskKind.FIRST_CONTACT.title in row)
    after = next(row for row in by_kind.split("<tr")[1:] if TaskKind.POST_RELEASE_CONTACT.title in row)
    assert 'href="?kind=first-contact&amp;when=overdue">2<' in first
    assert 'href="?kind=first-contact&amp;when=due">1<' in first
    assert 'href="?kind=post-release-contact&amp;when=due">1<' in after
    titles = re.findall(r'<th scope="row" class="govuk-table__header">(?:<a[^>]*>)?([^<]+)', by_kind)
    assert titles[:4] == [
        TaskKind.FIRST_CONTACT.title,
        TaskKind.POST_RELEASE_CONTACT.title,
        TaskKind.FIRST_EMPLOYER_CONTACT.title,
        TaskKind.SUSTAINMENT_CHECK.title,
    ]

    linked = participant_ids_linked(page)
    assert {p.pk for p in [*late, soon, out]} <= set(linked)
    assert outsider.pk not in linked


def test_the_links_show_the_tasks_behind_each_count(make_client):
    leader, (aisha, gareth) = make_team()
    late = new_referral(aisha, days_ago=10)
    soon = new_referral(gareth, days_ago=2)
    out = just_released(gareth)
    client = make_client(leader)

    overdue = client.get(TEAM_TODO, {"specialist": aisha.pk, "when": "overdue"}).content.decode()
    listed = overdue.split("Show all tasks", 1)[1]
    assert participant_ids_linked(listed) == [late.pk]
    assert f"Overdue tasks for {aisha.get_full_name()} (1)" in overdue

    after_release = client.get(TEAM_TODO, {"kind": "post-release-contact"}).content.decode()
    assert participant_ids_linked(after_release.split("Show all tasks", 1)[1]) == [out.pk]

    everyone = client.get(TEAM_TODO).content.decode().split("All tasks", 1)[1]
    assert set(participant_ids_linked(everyone)) == {late.pk, soon.pk, out.pk}


@pytest.mark.parametrize("query", [{"specialist": "999999"}, {"kind": "nonsense"}, {"when": "later"}])
def test_unknown_filters_show_everything(make_client, query):
    leader, (aisha, _) = make_team()
    new_referral(aisha)
    page = make_client(leader).get(TEAM_TODO, query)
    assert page.status_code == 200
    assert "All tasks (1)" in page.content.decode()


def test_service_as_usual_people_have_no_tasks_here(make_client):
    from ipsgate.evaluation.models import Allocation

    leader, (aisha, _) = make_team()
    person = new_referral(aisha)
    Allocation.objects.create(
        referral=person.referrals.get(), arm="SAU", mentoring=False, method="chosen", stratum_site=aisha.site,
        allocated_by=aisha,
    )  # fmt: skip
    page = make_client(leader).get(TEAM_TODO).content.decode()
    assert person.pk not in participant_ids_linked(page)


def count_queries(client, url, **params) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url, params).status_code == 200
    return len(context.captured_queries)


def test_query_count_does_not_grow_with_the_team(make_client, django_assert_max_num_queries):
    small_leader, (one, _) = make_team()
    new_referral(one)
    big_leader, members = make_team(specialists=5)
    for member in members:
        for _ in range(4):
            new_referral(member)
            just_released(member)
    small = count_queries(make_client(small_leader), TEAM_TODO)
    big_client = make_client(big_leader)
    assert count_queries(big_client, TEAM_TODO) == small
    # session, user, device, specialists, people, jobs; audit (savepoint, head, insert, move head, release);
    # session save
    with django_assert_max_num_queries(14):
        big_client.get(TEAM_TODO)


# --- Moving people between specialists ------------------------------------------------------------------------


def test_moving_several_people_in_one_step(make_client):
    leader, (aisha, gareth) = make_team()
    people = [new_referral(aisha) for _ in range(3)]
    client = make_client(leader)
    page = client.get(REALLOCATE, {"from": aisha.pk}).content.decode()
    assert all(person.display_name in page for person in people)

    response = client.post(
        f"{REALLOCATE}?from={aisha.pk}",
        {"participants": [people[0].pk, people[1].pk], "to_specialist": gareth.pk, "reason": "Aisha is on leave"},
    )
    assert response.status_code == 302, error_summary(response.content.decode())
    assert response["Location"] == f"{TEAM_TODO}?specialist={gareth.pk}"
    assert [p.allocated_specialist_id for p in Participant.objects.filter(pk__in=[p.pk for p in people])] == [
        gareth.pk,
        gareth.pk,
        aisha.pk,
    ]
    moves = Reallocation.objects.order_by("participant_id")
    assert [(m.participant_id, m.from_specialist_id, m.to_specialist_id, m.reason, m.moved_by_id) for m in moves] == [
        (people[0].pk, aisha.pk, gareth.pk, "Aisha is on leave", leader.pk),
        (people[1].pk, aisha.pk, gareth.pk, "Aisha is on leave", leader.pk),
    ]
    for person in people[:2]:
        actions = set(
            AuditEvent.objects.filter(participant_id=person.pk, user_id_at_event=leader.pk).values_list(
                "action", "object_type"
            )
        )
        assert {("create", "reallocation"), ("update", "participant")} <= actions
    timeline = client.get(reverse("people:participant-detail", args=[people[0].pk])).content.decode()
    assert f"Moved to {gareth.get_full_name()}" in timeline and "Aisha is on leave" in timeline


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"reason": ""}, "reason", "Enter why the people are moving to another specialist"),
        ({"participants": []}, "participants", "Select the people to move"),
        ({"to_specialist": ""}, "to_specialist", "Select the specialist to move them to"),
    ],
)
def test_a_move_without_an_answer_is_refused_and_moves_nobody(make_client, change, field, message):
    leader, (aisha, gareth) = make_team()
    person = new_referral(aisha)
    data = {"participants": [person.pk], "to_specialist": gareth.pk, "reason": "Balancing caseloads", **change}
    response = make_client(leader).post(f"{REALLOCATE}?from={aisha.pk}", data)
    assert response.status_code == 200
    assert message in [text for _, text in error_summary(response.content.decode())]
    assert Participant.objects.get(pk=person.pk).allocated_specialist_id == aisha.pk
    assert not Reallocation.objects.exists()


def test_a_specialist_outside_the_team_cannot_be_chosen(make_client):
    leader, (aisha, _) = make_team()
    stranger = factories.SpecialistFactory.create()
    person = new_referral(aisha)
    response = make_client(leader).post(
        f"{REALLOCATE}?from={aisha.pk}",
        {"participants": [person.pk], "to_specialist": stranger.pk, "reason": "Balancing caseloads"},
    )
    assert response.status_code == 200
    assert "Select a specialist from the list" in response.content.decode()
    assert Participant.objects.get(pk=person.pk).allocated_specialist_id == aisha.pk
    # A caseload outside the team is not offered at all.
    page = make_client(leader).get(REALLOCATE, {"from": stranger.pk}).content.decode()
    assert "Who is moving?" not in page


def test_the_service_moves_nobody_if_one_person_is_not_on_the_caseload():
    leader, (aisha, gareth) = make_team()
    mine = new_referral(aisha)
    theirs = new_referral(gareth)
    with pytest.raises(ValidationError) as refused:
        participants_reallocate(
            actor=leader, participant_ids=[mine.pk, theirs.pk], from_specialist=aisha, to_specialist=gareth,
            reason="Balancing caseloads",
        )  # fmt: skip
    assert "participants" in refused.value.message_dict
    assert Participant.objects.get(pk=mine.pk).allocated_specialist_id == aisha.pk
    assert not Reallocation.objects.exists()


def test_the_service_refuses_a_role_that_may_not_reallocate():
    _, (aisha, gareth) = make_team()
    person = new_referral(aisha)
    with pytest.raises(ValidationError):
        participants_reallocate(
            actor=aisha, participant_ids=[person.pk], from_specialist=aisha, to_specialist=gareth, reason="Mine",
        )  # fmt: skip
    assert Participant.objects.get(pk=person.pk).allocated_specialist_id == aisha.pk


def test_the_reason_is_bounded(make_client):
    leader, (aisha, gareth) = make_team()
    person = new_referral(aisha)
    response = make_client(leader).post(
        f"{REALLOCATE}?from={aisha.pk}",
        {"participants": [person.pk], "to_specialist": gareth.pk, "reason": "x" * 1001},
    )
    assert "The reason must be 1,000 characters or fewer" in [t for _, t in error_summary(response.content.decode())]

"""Caseload pages: constant query counts whatever the caseload size, pagination and attention flags."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ipsgate.core.models import AuditChainHead, User
from ipsgate.people.models import Participant
from tests import factories
from tests.conftest import participant_ids_linked

pytestmark = pytest.mark.django_db

CASELOAD_URL = reverse("people:my-caseload")
TEAM_URL = reverse("people:team-caseloads")


def make_participant(specialist: User, kind: int) -> Participant:
    """One active participant of a given flavour, so every annotation on the page has something to find."""
    kind %= 5
    if kind == 0:  # referred, awaiting a decision, due out soon, never seen
        participant = factories.ParticipantFactory.create(
            current_site=specialist.site, allocated_specialist=specialist, expected_release_date=factories.days_ahead(7)
        )
        factories.ReferralFactory.create(participant=participant)
    elif kind == 1:  # released, in work, seen
        participant = factories.ParticipantFactory.create(released=True, allocated_specialist=specialist)
        factories.EpisodeFactory.create(participant=participant)
        factories.SupportContactFactory.create(participant=participant, recorded_by=specialist)
        factories.JobFactory.create(participant=participant)
    elif kind == 2:  # in custody, supported, only a contact attempt that did not happen
        participant = factories.ParticipantFactory.create(current_site=specialist.site, allocated_specialist=specialist)
        factories.EpisodeFactory.create(participant=participant)
        factories.SupportContactFactory.create(participant=participant, recorded_by=specialist, took_place=False)
    elif kind == 3:  # a past episode and a new referral, an old job, no release date known
        participant = factories.ParticipantFactory.create(
            current_site=specialist.site, allocated_specialist=specialist, expected_release_date=None
        )
        factories.ClosedEpisodeFactory.create(participant=participant)
        factories.ReferralFactory.create(participant=participant, referral_date=factories.days_ago(2))
        factories.JobFactory.create(participant=participant, ended=True)
    else:  # just released, supported, seen twice
        participant = factories.ParticipantFactory.create(
            released=True, allocated_specialist=specialist, actual_release_date=factories.days_ago(3)
        )
        factories.EpisodeFactory.create(participant=participant, referral__referral_date=factories.days_ago(100))
        factories.SupportContactFactory.create_batch(2, participant=participant, recorded_by=specialist)
    return participant


def make_caseload(specialist: User, size: int) -> list[Participant]:
    return [make_participant(specialist, i) for i in range(size)]


def rows_by_participant(html: str) -> dict[int, str]:
    body = html.split('<tbody class="govuk-table__body">', 1)[1].split("</tbody>", 1)[0]
    rows = {}
    for row in body.split('<tr class="govuk-table__row')[1:]:
        ids = participant_ids_linked(row)
        if ids:
            rows[ids[0]] = row
    return rows


@pytest.fixture(autouse=True)
def audit_chain_started():
    """The very first audit write also creates the chain's head row; measure pages after that."""
    AuditChainHead.objects.get_or_create(id=1)


def count_queries(client, url: str, **params) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(context.captured_queries), response.content.decode()


# --- My caseload -------------------------------------------------------------------------------------


def test_my_caseload_query_count_does_not_grow_with_the_caseload(make_client):
    small, large = factories.SpecialistFactory.create(), factories.SpecialistFactory.create()
    make_caseload(small, 5)
    make_caseload(large, 50)

    small_queries, small_html = count_queries(make_client(small), CASELOAD_URL)
    large_queries, large_html = count_queries(make_client(large), CASELOAD_URL)

    assert len(participant_ids_linked(small_html)) == 5
    assert len(participant_ids_linked(large_html)) == 25
    assert small_queries == large_queries


def test_my_caseload_query_budget(make_client, django_assert_max_num_queries):
    specialist = factories.SpecialistFactory.create()
    make_caseload(specialist, 30)
    client = make_client(specialist)
    # session, user, count, page, audit (head, insert, move head), savepoints and the session save
    with django_assert_max_num_queries(16):
        response = client.get(CASELOAD_URL)
    assert response.status_code == 200


def test_my_caseload_page_two_costs_the_same(make_client):
    specialist = factories.SpecialistFactory.create()
    make_caseload(specialist, 30)
    client = make_client(specialist)
    first, _ = count_queries(client, CASELOAD_URL)
    second, html = count_queries(client, CASELOAD_URL, page=2)
    assert len(participant_ids_linked(html)) == 5
    assert first == second


def test_my_caseload_paginates_at_25(make_client):
    specialist = factories.SpecialistFactory.create()
    participants = make_caseload(specialist, 50)
    client = make_client(specialist)

    page_one = client.get(CASELOAD_URL).content.decode()
    page_two = client.get(CASELOAD_URL, {"page": 2}).content.decode()
    beyond = client.get(CASELOAD_URL, {"page": 99}).content.decode()

    first, second = participant_ids_linked(page_one), participant_ids_linked(page_two)
    assert len(first) == len(set(first)) == 25
    assert len(second) == 25
    assert set(first) | set(second) == {p.pk for p in participants}
    assert "Page 1 of 2 (50 in all)" in page_one
    assert 'rel="next"' in page_one and 'rel="prev"' not in page_one
    assert 'rel="prev"' in page_two and 'rel="next"' not in page_two
    assert participant_ids_linked(beyond) == second  # out of range shows the last page
    assert "50 people receiving support or awaiting a referral decision" in page_one
    assert "Your caseload is above 20" in page_one


def test_my_caseload_holds_only_my_active_participants_soonest_release_first(make_client):
    specialist = factories.SpecialistFactory.create()
    colleague = factories.SpecialistFactory.create(site=specialist.site)
    later = factories.ParticipantFactory.create(
        current_site=specialist.site, allocated_specialist=specialist, expected_release_date=factories.days_ahead(50)
    )
    sooner = factories.ParticipantFactory.create(
        current_site=specialist.site, allocated_specialist=specialist, expected_release_date=factories.days_ahead(5)
    )
    unknown = factories.ParticipantFactory.create(
        current_site=specialist.site, allocated_specialist=specialist, expected_release_date=None
    )
    for participant in (later, sooner, unknown):
        factories.EpisodeFactory.create(participant=participant)
    closed = factories.ParticipantFactory.create(current_site=specialist.site, allocated_specialist=specialist)
    factories.ClosedEpisodeFactory.create(participant=closed)
    declined = factories.ParticipantFactory.create(current_site=specialist.site, allocated_specialist=specialist)
    factories.ReferralFactory.create(participant=declined, declined=True)
    not_mine = factories.ParticipantFactory.create(current_site=specialist.site, allocated_specialist=colleague)
    factories.EpisodeFactory.create(participant=not_mine)

    html = make_client(specialist).get(CASELOAD_URL).content.decode()

    assert participant_ids_linked(html) == [sooner.pk, later.pk, unknown.pk]
    assert "3 people receiving support" in html
    assert "Your caseload is above" not in html


def test_my_caseload_flags(make_client):
    specialist = factories.SpecialistFactory.create()
    client = make_client(specialist)

    def supported(**kwargs) -> Participant:
        participant = factories.ParticipantFactory.create(
            current_site=specialist.site, allocated_specialist=specialist, **kwargs
        )
        factories.EpisodeFactory.create(participant=participant)
        return participant

    due_today = supported(expected_release_date=factories.today())
    due_in_28 = supported(expected_release_date=factories.days_ahead(28))
    due_in_29 = supported(expected_release_date=factories.days_ahead(29))
    overdue = supported(expected_release_date=factories.days_ago(1))
    released = supported(
        custody_status="released_on_licence",
        expected_release_date=factories.days_ahead(5),
        actual_release_date=factories.days_ago(1),
    )
    for participant in (due_today, due_in_28, due_in_29, overdue, released):
        factories.SupportContactFactory.create(participant=participant, recorded_by=specialist)
    never_seen = supported()
    only_attempted = supported()
    factories.SupportContactFactory.create(participant=only_attempted, recorded_by=specialist, took_place=False)
    seen_by_someone_else = supported()
    factories.SupportContactFactory.create(
        participant=seen_by_someone_else, recorded_by=factories.ClinicianFactory.create(site=specialist.site)
    )

    rows = rows_by_participant(client.get(CASELOAD_URL).content.decode())

    soon = {pk for pk, row in rows.items() if "Release within 28 days" in row}
    no_contact = {pk for pk, row in rows.items() if "No recorded contact yet" in row}
    assert soon == {due_today.pk, due_in_28.pk}
    assert no_contact == {never_seen.pk, only_attempted.pk}
    assert "Overdue by 1 day" in rows[overdue.pk]
    assert "Released 1 day ago" in rows[released.pk]
    assert "In 29 days" in rows[due_in_29.pk]


def test_pending_referral_flag(make_client):
    specialist = factories.SpecialistFactory.create()
    pending = factories.ReferralFactory.create(
        participant__current_site=specialist.site, participant__allocated_specialist=specialist
    ).participant
    rows = rows_by_participant(make_client(specialist).get(CASELOAD_URL).content.decode())
    assert "Referral awaiting decision" in rows[pending.pk]


# --- Team caseloads ----------------------------------------------------------------------------------


def make_team(size: int, per_specialist: int = 3) -> tuple[User, list[User]]:
    leader = factories.TeamLeaderFactory.create()
    team = factories.TeamFactory.create(leader=leader, sites=[leader.site])
    specialists = [factories.SpecialistFactory.create(site=leader.site, team=team) for _ in range(size)]
    for specialist in specialists:
        make_caseload(specialist, per_specialist)
    return leader, specialists


def specialist_rows(html: str) -> dict[str, str]:
    body = html.split('<tbody class="govuk-table__body">', 1)[1].split("</tbody>", 1)[0]
    rows = {}
    for row in body.split('<tr class="govuk-table__row">')[1:]:
        match = re.search(r"\?specialist=(\d+)", row)
        if match:
            rows[match.group(1)] = row
    return rows


def numeric_cells(row: str) -> list[str]:
    return [
        re.sub(r"<.*?>", "", cell).split()[0]
        for cell in re.findall(r'<td class="govuk-table__cell govuk-table__cell--numeric">(.*?)</td>', row, re.S)
    ]


def test_team_caseloads_query_count_does_not_grow_with_the_team(make_client):
    small_leader, _ = make_team(2)
    large_leader, _ = make_team(10)

    small_queries, small_html = count_queries(make_client(small_leader), TEAM_URL)
    large_queries, large_html = count_queries(make_client(large_leader), TEAM_URL)

    assert len(specialist_rows(small_html)) == 2
    assert len(specialist_rows(large_html)) == 10
    assert small_queries == large_queries


def test_team_caseloads_query_budget(make_client, django_assert_max_num_queries):
    leader, _ = make_team(6)
    client = make_client(leader)
    with django_assert_max_num_queries(9):
        response = client.get(TEAM_URL)
    assert response.status_code == 200


def test_team_caseloads_counts_and_limit(make_client):
    leader, (at_limit, above_limit, mixed) = make_team(3, per_specialist=0)

    def active(specialist: User, n: int, **kwargs) -> None:
        for _ in range(n):
            participant = factories.ParticipantFactory.create(
                current_site=leader.site, allocated_specialist=specialist, **kwargs
            )
            factories.EpisodeFactory.create(participant=participant)

    active(at_limit, 20)
    active(above_limit, 21)
    make_caseload(mixed, 5)  # kinds 0..4: custody at kinds 0, 2, 3; in work at kind 1
    inactive = factories.ParticipantFactory.create(current_site=leader.site, allocated_specialist=mixed)
    factories.ClosedEpisodeFactory.create(participant=inactive)
    factories.JobFactory.create(participant=inactive)

    rows = specialist_rows(make_client(leader).get(TEAM_URL).content.decode())

    assert "Above 20" not in rows[str(at_limit.pk)]
    assert "Above 20" in rows[str(above_limit.pk)]
    assert "Above 20" not in rows[str(mixed.pk)]
    # Active caseload, in custody, in work, and the service-as-usual group (counted apart)
    assert numeric_cells(rows[str(at_limit.pk)]) == ["20", "20", "0", "0"]
    assert numeric_cells(rows[str(above_limit.pk)]) == ["21", "21", "0", "0"]
    assert numeric_cells(rows[str(mixed.pk)]) == ["5", "3", "1", "0"]


def test_team_caseloads_shows_only_the_leaders_teams(make_client):
    leader, specialists = make_team(2, per_specialist=1)
    other_leader, others = make_team(2, per_specialist=1)
    factories.SpecialistFactory.create(site=leader.site, is_active=False, team=specialists[0].team)

    rows = specialist_rows(make_client(leader).get(TEAM_URL).content.decode())
    assert set(rows) == {str(s.pk) for s in specialists}

    manager_rows = specialist_rows(make_client(factories.ServiceManagerFactory.create()).get(TEAM_URL).content.decode())
    assert set(manager_rows) == {str(s.pk) for s in specialists + others}


@pytest.mark.parametrize(
    "factory",
    [
        factories.SpecialistFactory,
        factories.ClinicianFactory,
        factories.AnalystFactory,
        factories.ProbationPractitionerFactory,
    ],
)
def test_team_caseloads_is_for_leaders_and_managers_only(make_client, factory):
    assert make_client(factory()).get(TEAM_URL).status_code == 403

"""The To do page, the participant page (with its timeline), the needs and profile pages and the caseload
cost the same number of queries whatever the amount of history, with an absolute budget on each."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from ipsgate.core.models import User
from ipsgate.people.models import Participant
from tests import factories
from tests.conftest import participant_ids_linked
from tests.journey.conftest import detail_url, make_supported, timeline_titles

pytestmark = pytest.mark.django_db

TODO_URL = reverse("journey:todo")
CASELOAD_URL = reverse("people:my-caseload")


def queries(client, url: str, **params) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(context.captured_queries), response.content.decode()


def with_history(specialist: User, size: int) -> Participant:
    """A supported participant in custody, due out in 12 days, with `size` contacts (some attempts), needs
    updates, custody events, work history rows and qualifications, a profile, health care links, a job and
    unread reminders."""
    person = make_supported(specialist, expected_release_date=factories.days_ahead(12))
    start = timezone.now() - datetime.timedelta(days=size + 20)
    for i in range(size):
        factories.SupportContactFactory.create(
            participant=person, recorded_by=specialist, occurred_at=start + datetime.timedelta(days=i),
            took_place=i % 4 != 0, mode="phone" if i % 3 else "in_prison",
        )  # fmt: skip
    need = factories.ResettlementNeedFactory.create(participant=person, created_by=specialist)
    for i in range(size):
        factories.NeedUpdateFactory.create(need=need, recorded_at=start + datetime.timedelta(days=i, hours=1))
    for i in range(size):
        factories.CustodyEventFactory.create(
            participant=person, kind="transferred", event_date=(start + datetime.timedelta(days=i)).date(),
            prison=factories.SiteFactory.create() if i % 2 else specialist.site, note=f"Move {i}",
        )  # fmt: skip
    factories.WorkHistoryEntryFactory.create_batch(size, participant=person, recorded_by=specialist)
    factories.QualificationFactory.create_batch(size, participant=person, recorded_by=specialist)
    factories.VocationalProfileFactory.create(participant=person, started_at=start)
    factories.MentalHealthCareFactory.create(participant=person, updated_by=specialist)
    factories.JobFactory.create(participant=person, start_date=factories.days_ago(400), ended=True)
    for i in range(min(size, 10)):
        factories.ReminderNotificationFactory.create(
            participant=person, recipient=specialist, task_kind=f"kind-{i}", due_date=factories.days_ago(i)
        )
    return person


@pytest.fixture
def small_and_large():
    """Two specialists: one whose participant has 5 of everything, one with 100."""
    small_specialist, large_specialist = factories.SpecialistFactory.create(), factories.SpecialistFactory.create()
    small = with_history(small_specialist, 5)
    large = with_history(large_specialist, 100)
    return (small_specialist, small), (large_specialist, large)


def test_todo_page_costs_the_same_for_5_and_100_contacts(make_client, small_and_large):
    (small_specialist, small), (large_specialist, large) = small_and_large
    small_count, small_html = queries(make_client(small_specialist), TODO_URL)
    large_count, large_html = queries(make_client(large_specialist), TODO_URL)
    assert participant_ids_linked(small_html) and set(participant_ids_linked(small_html)) == {small.pk}
    assert set(participant_ids_linked(large_html)) == {large.pk}
    assert "Meet face to face before release" in small_html and "Meet face to face before release" in large_html
    assert small_count == large_count


def test_todo_page_costs_the_same_for_1_and_15_people(make_client):
    one, many = factories.SpecialistFactory.create(), factories.SpecialistFactory.create()
    with_history(one, 3)
    for _ in range(15):
        with_history(many, 3)
    one_count, _ = queries(make_client(one), TODO_URL)
    many_count, html = queries(make_client(many), TODO_URL)
    assert len(set(participant_ids_linked(html))) == 15
    assert one_count == many_count


def test_todo_page_query_budget(make_client, django_assert_max_num_queries):
    specialist = factories.SpecialistFactory.create()
    for _ in range(5):
        with_history(specialist, 20)
    client = make_client(specialist)
    # session, user, caseload with task facts, jobs; unread count and mark read; audit (savepoint, head, insert,
    # move head, release); session save
    with django_assert_max_num_queries(15):
        response = client.get(TODO_URL)
    assert response.status_code == 200


def test_participant_page_costs_the_same_for_5_and_100_of_everything(make_client, small_and_large):
    (small_specialist, small), (large_specialist, large) = small_and_large
    small_count, small_html = queries(make_client(small_specialist), detail_url(small))
    large_count, large_html = queries(make_client(large_specialist), detail_url(large))
    # referral + 5 of each of contacts, needs updates (+ the first) and custody events; 100 of each when large
    assert len(timeline_titles(small_html)) == 1 + 5 + 6 + 5
    assert len(timeline_titles(large_html)) == 1 + 100 + 101 + 100
    assert small_count == large_count


def test_participant_page_query_budget(make_client, django_assert_max_num_queries):
    specialist = factories.SpecialistFactory.create()
    person = with_history(specialist, 30)
    client = make_client(specialist)
    # session, user, participant with facts, jobs; audit (savepoint, head, insert, move head, release);
    # referrals, episodes; timeline: custody events, contacts, needs updates, referrals to partners (issue 18);
    # session save
    with django_assert_max_num_queries(19):
        response = client.get(detail_url(person))
    assert response.status_code == 200


@pytest.mark.parametrize("name", ["profile", "needs"])
def test_profile_and_needs_pages_cost_the_same_for_5_and_100(make_client, small_and_large, name):
    (small_specialist, small), (large_specialist, large) = small_and_large
    small_count, _ = queries(make_client(small_specialist), reverse(f"journey:{name}", args=[small.pk]))
    large_count, html = queries(make_client(large_specialist), reverse(f"journey:{name}", args=[large.pk]))
    assert small_count == large_count
    shown = {"profile": "Kitchen porter, Old employer", "needs": "Called the housing team"}[name]
    assert html.count(shown) == 100  # the long history really is on the page


@pytest.mark.parametrize("name", ["profile", "needs"])
def test_profile_and_needs_query_budget(make_client, django_assert_max_num_queries, name):
    specialist = factories.SpecialistFactory.create()
    person = with_history(specialist, 30)
    client = make_client(specialist)
    # session, user, participant, scoping check; audit (savepoint, head, insert, move head, release); the page's
    # own reads (profile, stamps, work history, qualifications / needs with updates and authors, referrals to
    # partners (issue 18), care); session
    with django_assert_max_num_queries(17 if name == "needs" else 16):
        response = client.get(reverse(f"journey:{name}", args=[person.pk]))
    assert response.status_code == 200


def caseload_of(specialist: User, size: int) -> list[Participant]:
    """People in every phase, each with journey history behind the task facts."""
    people = []
    for i in range(size):
        kind = i % 4
        if kind == 0:
            person = with_history(specialist, 3)  # through the gate, in custody
        elif kind == 1:
            person = make_supported(specialist, released=True, actual_release_date=factories.days_ago(2))
            factories.CustodyEventFactory.create(participant=person, kind="released_on_licence",
                                                 event_date=factories.days_ago(2))  # fmt: skip
        elif kind == 2:
            person = make_supported(specialist, expected_release_date=factories.days_ahead(200))
            factories.SupportContactFactory.create_batch(3, participant=person, recorded_by=specialist)
        else:
            person = make_supported(specialist, released=True)
            factories.JobFactory.create(participant=person)
            factories.VocationalProfileFactory.create(participant=person)
        people.append(person)
    return people


def test_caseload_costs_the_same_for_3_and_20_people(make_client):
    small, large = factories.SpecialistFactory.create(), factories.SpecialistFactory.create()
    caseload_of(small, 3)
    caseload_of(large, 20)
    small_count, small_html = queries(make_client(small), CASELOAD_URL)
    large_count, large_html = queries(make_client(large), CASELOAD_URL)
    assert len(participant_ids_linked(small_html)) == 3
    assert len(participant_ids_linked(large_html)) == 20
    assert small_count == large_count

    filtered_small, _ = queries(make_client(small), CASELOAD_URL, phase="through-the-gate")
    filtered_large, html = queries(make_client(large), CASELOAD_URL, phase="through-the-gate")
    assert len(participant_ids_linked(html)) == 10
    assert filtered_small == filtered_large


def test_caseload_query_budget(make_client, django_assert_max_num_queries):
    specialist = factories.SpecialistFactory.create()
    caseload_of(specialist, 20)
    client = make_client(specialist)
    # session, user, caseload with task facts, jobs; audit (savepoint, head, insert, move head, release); session
    with django_assert_max_num_queries(13):
        response = client.get(CASELOAD_URL)
    assert response.status_code == 200

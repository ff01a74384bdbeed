"""Planning ahead costs no query on the pages that already existed (issue 16): the participant page, My caseload,
To do and the needs page keep their budgets with appointments, interviews, contact details, the release checklist,
a handover and employer contacts on record; the new pages cost the same whatever the amount of history."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from ipsgate.employers.services import employer_contact_record
from ipsgate.journey.models import ReleaseChecklist
from tests import factories
from tests.journey.conftest import detail_url
from tests.journey.test_queries import CASELOAD_URL, TODO_URL, caseload_of, queries, with_history

pytestmark = pytest.mark.django_db


def planned(person, specialist, size: int) -> None:
    """`size` appointments (some past and missed), an interview and a start, contact details, a checklist, a
    handover waiting to be picked up, and `size` employer contacts about the person."""
    for i in range(size):
        factories.AppointmentFactory.create(
            participant=person,
            starts_at=timezone.now() + datetime.timedelta(days=i - size // 2),
            outcome="missed" if i % 3 == 0 and i < size // 2 else "",
            outcome_recorded_at=timezone.now() if i % 3 == 0 and i < size // 2 else None,
        )
    factories.ApplicationFactory.create(
        participant=person, status="interview", interview_at=timezone.now() + datetime.timedelta(days=2)
    )
    factories.ApplicationFactory.create(participant=person, status="accepted", expected_start_date=factories.today())
    factories.ContactDetailsFactory.create(participant=person)
    ReleaseChecklist.objects.create(
        participant=person, id_status="done", updated_by=specialist, updated_at=timezone.now()
    )
    factories.HandoverFactory.create(participant=person, to_specialist=specialist)
    employer = factories.EmployerFactory.create()
    for i in range(size):
        employer_contact_record(
            actor=specialist,
            employer=employer,
            contact_date=factories.days_ago(i + 1),
            face_to_face=True,
            purpose="introducing_participant",
            participants=[person],
        )


@pytest.fixture
def small_and_large():
    small_specialist, large_specialist = factories.SpecialistFactory.create(), factories.SpecialistFactory.create()
    small, large = with_history(small_specialist, 5), with_history(large_specialist, 5)
    planned(small, small_specialist, 3)
    planned(large, large_specialist, 40)
    return (small_specialist, small), (large_specialist, large)


def test_the_participant_page_keeps_its_budget_with_everything_planned(
    make_client, small_and_large, django_assert_max_num_queries
):
    (small_specialist, small), (large_specialist, large) = small_and_large
    small_count, small_html = queries(make_client(small_specialist), detail_url(small))
    large_count, large_html = queries(make_client(large_specialist), detail_url(large))
    assert small_count == large_count
    assert "Next appointment" in large_html and "Contact details" in large_html
    assert large_html.count("Introducing a participant with") == 40
    client = make_client(large_specialist)
    with django_assert_max_num_queries(19):  # the budget of tests/journey/test_queries.py (18, +1 partner referrals)
        client.get(detail_url(large))


def test_caseload_todo_and_needs_keep_their_budgets(make_client, django_assert_max_num_queries):
    specialist = factories.SpecialistFactory.create()
    people = caseload_of(specialist, 20)
    for person in people:
        planned(person, specialist, 3)
    client = make_client(specialist)
    client.get(CASELOAD_URL)
    with django_assert_max_num_queries(13):
        html = client.get(CASELOAD_URL).content.decode()
    assert "Next appointment" in html
    with django_assert_max_num_queries(15):
        client.get(TODO_URL)
    with django_assert_max_num_queries(17):  # 16, +1: each need's referrals to partners (issue 18)
        client.get(reverse("journey:needs", args=[people[0].pk]))


@pytest.mark.parametrize(
    "name", ["journey:appointments", "journey:appointment-add", "journey:handover", "journey:checklist-item"]
)
def test_the_new_pages_cost_the_same_for_3_and_40(make_client, small_and_large, name):
    (small_specialist, small), (large_specialist, large) = small_and_large

    def url(person) -> str:
        extra = ["id"] if name == "journey:checklist-item" else []
        return reverse(name, args=[person.pk, *extra])

    small_count, _ = queries(make_client(small_specialist), url(small))
    large_count, _ = queries(make_client(large_specialist), url(large))
    assert small_count == large_count


def test_the_employer_page_costs_the_same_with_in_work_support(make_client, specialist, django_assert_max_num_queries):
    employer = factories.EmployerFactory.create()

    def support(n: int) -> None:
        for _ in range(n):
            person = factories.ParticipantFactory.create(current_site=specialist.site, allocated_specialist=specialist)
            job = factories.JobFactory.create(participant=person, employer=employer)
            factories.SupportContactFactory.create(
                participant=person, recorded_by=specialist, contact_with="employer", employer=employer, job=job
            )

    client = make_client(specialist)
    url = reverse("employers:employer-detail", args=[employer.pk])
    support(2)
    small, _ = queries(client, url)
    support(15)
    large, html = queries(client, url)
    assert small == large and html.count("In-work support") >= 15

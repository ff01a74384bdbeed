"""Issue 16 item 6: warnings and tasks that outlive what they ask for.

- "The first meeting should already have happened" stayed on the person page after the pre-release meetings were
  recorded: the page now warns only while the pre-release meeting task is open, and says what the task says.
- "Start the vocational profile" stayed overdue for someone in work for months: once the person is in work the
  profile task is not raised (the rule's explanation says why).
"""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from ipsgate.core.models import AuditChainHead
from ipsgate.rules.reminders import TaskKind
from tests import factories
from tests.journey.conftest import detail_url, todo_section
from tests.people.test_caseload_queries import rows_by_participant

pytestmark = pytest.mark.django_db

STALE = "the first meeting should already have happened"


@pytest.fixture(autouse=True)
def audit_chain_started():
    AuditChainHead.objects.get_or_create(id=1)


def at(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(10), tzinfo=datetime.UTC)


def due_out_in_12_days(specialist):
    person = factories.ParticipantFactory.create(
        current_site=specialist.site, allocated_specialist=specialist, expected_release_date=factories.days_ahead(12)
    )
    factories.EpisodeFactory.create(participant=person, referral__referral_date=factories.days_ago(60))
    factories.SupportContactFactory.create(
        participant=person, recorded_by=specialist, mode="in_prison", occurred_at=at(factories.days_ago(50))
    )
    return person


def warning_text(page: str) -> str:
    return " ".join(part.split("</strong>", 1)[0] for part in page.split('class="govuk-warning-text__text"')[1:])


def test_no_stale_first_meeting_warning_once_met_before_release(make_client, specialist):
    person = due_out_in_12_days(specialist)
    factories.SupportContactFactory.create(
        participant=person, recorded_by=specialist, mode="in_prison", occurred_at=at(factories.days_ago(5))
    )
    page = make_client(specialist).get(detail_url(person)).content.decode()
    assert STALE not in page.lower()
    assert "face to face" not in warning_text(page).lower()
    assert TaskKind.PRE_RELEASE_MEETING.title not in todo_section(page)


def test_the_warning_shows_while_the_pre_release_meeting_is_due(make_client, specialist):
    person = due_out_in_12_days(specialist)
    page = make_client(specialist).get(detail_url(person)).content.decode()
    warning = warning_text(page)
    assert "Meet in prison by" in warning
    assert STALE not in page.lower()


def test_no_overdue_profile_task_for_someone_in_work(make_client, specialist):
    """First met 150 days ago, never started a profile, in work since 100 days ago."""
    person = factories.ParticipantFactory.create(released=True, allocated_specialist=specialist)
    factories.EpisodeFactory.create(participant=person, referral__referral_date=factories.days_ago(160))
    factories.SupportContactFactory.create(
        participant=person, recorded_by=specialist, mode="in_community", occurred_at=at(factories.days_ago(150))
    )
    factories.SupportContactFactory.create(
        participant=person, recorded_by=specialist, mode="in_community", occurred_at=at(factories.days_ago(2))
    )
    factories.JobFactory.create(participant=person, start_date=factories.days_ago(100))
    client = make_client(specialist)
    page = client.get(detail_url(person)).content.decode()
    assert TaskKind.START_PROFILE.title not in todo_section(page)
    row = rows_by_participant(client.get(reverse("people:my-caseload")).content.decode())[person.pk]
    assert TaskKind.START_PROFILE.title not in row

"""Tasks on the participant page, the To do page and the caseload, and how recording a contact or a release
changes them; the caseload's phase filter."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from ipsgate.core.models import User
from ipsgate.people.models import Participant
from ipsgate.rules.reminders import TaskKind
from tests import factories
from tests.conftest import participant_ids_linked
from tests.journey.conftest import (
    contact_data,
    custody_event_data,
    detail_url,
    error_summary,
    long_date,
    make_supported,
    todo_section,
)
from tests.people.test_caseload_queries import rows_by_participant

pytestmark = pytest.mark.django_db

TODO_URL = reverse("journey:todo")
CASELOAD_URL = reverse("people:my-caseload")
PRE_RELEASE = TaskKind.PRE_RELEASE_MEETING.title
POST_RELEASE = TaskKind.POST_RELEASE_CONTACT.title


def setup_due_soon(specialist: User) -> Participant:
    person = factories.ParticipantFactory.create(
        current_site=specialist.site, allocated_specialist=specialist, expected_release_date=factories.days_ahead(12)
    )
    factories.EpisodeFactory.create(participant=person, referral__referral_date=factories.days_ago(40))
    factories.SupportContactFactory.create(
        participant=person,
        recorded_by=specialist,
        mode="in_prison",
        occurred_at=datetime.datetime.combine(factories.days_ago(35), datetime.time(10), tzinfo=datetime.UTC),
    )
    factories.DataProtectionRecordFactory.create(participant=person)
    return person


def todo_rows(page: str) -> dict[int, list[str]]:
    """Participant id -> the task cells of their rows on the To do page."""
    rows: dict[int, list[str]] = {}
    for row in page.split('<tr class="govuk-table__row')[1:]:
        ids = participant_ids_linked(row)
        if ids:
            rows.setdefault(ids[0], []).append(row)
    return rows


def test_meet_before_release_shows_until_a_face_to_face_meeting_is_recorded(make_client, specialist):
    person = setup_due_soon(specialist)
    client = make_client(specialist)
    release = factories.days_ahead(12)

    detail = todo_section(client.get(detail_url(person)).content.decode())
    todo = client.get(TODO_URL).content.decode()
    reason = f"Release is expected on {long_date(release)}"
    assert PRE_RELEASE in detail and reason in detail
    assert f"Meet in prison by {long_date(release - datetime.timedelta(days=1))}" in detail
    assert f"The last face-to-face meeting was on {long_date(factories.days_ago(35))}, before that." in detail
    pre_release_rows = [row for row in todo_rows(todo)[person.pk] if PRE_RELEASE in row]
    assert len(pre_release_rows) == 1 and reason in pre_release_rows[0]

    response = client.post(reverse("journey:contact-add", args=[person.pk]), contact_data(mode="in_prison"))
    assert response.status_code == 302, error_summary(response.content.decode())
    assert response["Location"] == detail_url(person)

    detail = todo_section(client.get(detail_url(person)).content.decode())
    todo = client.get(TODO_URL).content.decode()
    assert PRE_RELEASE not in detail
    assert PRE_RELEASE not in todo
    # The contact also answers the overdue "get back in touch"; the profile is still to start.
    assert TaskKind.KEEP_IN_TOUCH.title not in detail
    assert TaskKind.START_PROFILE.title in detail
    assert TaskKind.START_PROFILE.title in todo


@pytest.mark.parametrize("mode", ["phone", "video"])
def test_a_call_does_not_count_as_meeting_before_release(make_client, specialist, mode):
    person = setup_due_soon(specialist)
    client = make_client(specialist)
    client.post(reverse("journey:contact-add", args=[person.pk]), contact_data(mode=mode))
    assert PRE_RELEASE in todo_section(client.get(detail_url(person)).content.decode())
    assert PRE_RELEASE in client.get(TODO_URL).content.decode()


def test_an_attempted_meeting_does_not_count_as_meeting_before_release(make_client, specialist):
    person = setup_due_soon(specialist)
    client = make_client(specialist)
    client.post(reverse("journey:contact-add", args=[person.pk]), contact_data(took_place="no"))
    assert PRE_RELEASE in todo_section(client.get(detail_url(person)).content.decode())


def test_make_contact_after_release_shows_until_a_contact_is_recorded(make_client, specialist):
    person = setup_due_soon(specialist)
    client = make_client(specialist)
    released = factories.days_ago(1)

    response = client.post(
        reverse("journey:custody-event-add", args=[person.pk]),
        custody_event_data(kind="released_on_licence", on=released),
    )
    assert response.status_code == 302, error_summary(response.content.decode())

    detail = todo_section(client.get(detail_url(person)).content.decode())
    todo = client.get(TODO_URL).content.decode()
    reason = f"Released on {long_date(released)}."
    assert POST_RELEASE in detail and reason in detail
    assert f"by {long_date(released + datetime.timedelta(days=3))}" in detail
    assert PRE_RELEASE not in detail  # out now: no meeting before release to ask for
    assert any(POST_RELEASE in row and reason in row for row in todo_rows(todo)[person.pk])

    client.post(reverse("journey:contact-add", args=[person.pk]), contact_data(mode="phone"))

    assert POST_RELEASE not in todo_section(client.get(detail_url(person)).content.decode())
    assert POST_RELEASE not in client.get(TODO_URL).content.decode()


def test_the_todo_page_lists_only_my_caseload_with_overdue_first(make_client, specialist):
    mine = setup_due_soon(specialist)
    colleague = factories.SpecialistFactory.create(site=specialist.site)
    theirs = setup_due_soon(colleague)
    page = make_client(specialist).get(TODO_URL).content.decode()
    assert mine.pk in participant_ids_linked(page)
    assert theirs.pk not in participant_ids_linked(page)
    overdue, due = page.split("To do now and due soon", 1)
    assert TaskKind.KEEP_IN_TOUCH.title in overdue  # last contact 35 days ago: due 21 days ago
    assert PRE_RELEASE in due and PRE_RELEASE not in overdue


def test_caseload_shows_overdue_tasks(make_client, specialist):
    late = setup_due_soon(specialist)
    fine = make_supported(specialist, expected_release_date=factories.days_ahead(100))
    factories.SupportContactFactory.create(participant=fine, recorded_by=specialist)
    factories.VocationalProfileFactory.create(participant=fine)
    factories.DataProtectionRecordFactory.create(participant=fine)
    rows = rows_by_participant(make_client(specialist).get(CASELOAD_URL).content.decode())
    assert f"Overdue: {TaskKind.KEEP_IN_TOUCH.title}" in rows[late.pk]
    assert f"Overdue: {TaskKind.START_PROFILE.title}" in rows[late.pk]
    assert f"Overdue: {PRE_RELEASE}" not in rows[late.pk]  # due in 11 days: not overdue yet
    assert "Overdue:" not in rows[fine.pk]


def test_caseload_phase_filter(make_client, specialist):
    far = make_supported(specialist, expected_release_date=factories.days_ahead(100))
    unknown = make_supported(specialist, expected_release_date=None)
    recalled = make_supported(
        specialist, custody_status="recalled", expected_release_date=factories.days_ahead(60),
        actual_release_date=factories.days_ago(90),
    )  # fmt: skip
    soon = make_supported(specialist, expected_release_date=factories.days_ahead(12))
    just_out = make_supported(
        specialist, custody_status="released_on_licence", current_site=factories.CommunitySiteFactory.create(),
        expected_release_date=factories.days_ago(5), actual_release_date=factories.days_ago(5),
    )  # fmt: skip
    long_out = make_supported(
        specialist, custody_status="in_community", current_site=factories.CommunitySiteFactory.create(),
        expected_release_date=factories.days_ago(200), actual_release_date=factories.days_ago(200),
    )  # fmt: skip
    in_work = make_supported(specialist, released=True)
    factories.JobFactory.create(participant=in_work, start_date=factories.days_ago(7))
    closed = factories.ParticipantFactory.create(current_site=specialist.site, allocated_specialist=specialist)
    factories.ClosedEpisodeFactory.create(participant=closed)
    client = make_client(specialist)

    def shown(phase: str) -> set[int]:
        return set(participant_ids_linked(client.get(CASELOAD_URL, {"phase": phase}).content.decode()))

    assert shown("pre-release") == {far.pk, unknown.pk, recalled.pk}
    assert shown("through-the-gate") == {soon.pk, just_out.pk}
    assert shown("community-job-search") == {long_out.pk}
    assert shown("in-work") == {in_work.pk}
    everyone = {far.pk, unknown.pk, recalled.pk, soon.pk, just_out.pk, long_out.pk, in_work.pk}
    assert shown("") == everyone
    assert shown("no-such-phase") == everyone
    page = client.get(CASELOAD_URL, {"phase": "pre-release"}).content.decode()
    assert '<strong aria-current="true">Pre-release (3)</strong>' in page
    assert 'href="?phase=through-the-gate">Through the gate (2)</a>' in page


def test_meeting_an_employer_face_to_face_ends_the_employer_task(make_client, specialist):
    person = make_supported(specialist, released=True, actual_release_date=factories.days_ago(60))
    factories.SupportContactFactory.create(participant=person, recorded_by=specialist, mode="in_community",
                                           occurred_at=timezone.now() - datetime.timedelta(days=6))  # fmt: skip
    factories.VocationalProfileFactory.create(
        participant=person, started_at=timezone.now() - datetime.timedelta(days=5)
    )
    client = make_client(specialist)
    employer_task = TaskKind.FIRST_EMPLOYER_CONTACT.title
    assert employer_task in todo_section(client.get(detail_url(person)).content.decode())

    response = client.post(
        reverse("journey:contact-add", args=[person.pk]),
        contact_data(contact_with="employer", mode="at_workplace", topics=["employer_liaison"]),
    )
    assert response.status_code == 302

    assert employer_task not in todo_section(client.get(detail_url(person)).content.decode())

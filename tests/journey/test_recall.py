"""Issue 16 item 1: a recall is reflected everywhere. Back in prison, the person is on the pre-release path (phase,
tasks, caseload), My caseload and the person page show one release date (the new expected one, not the old actual
release), and recording the recall asks what happened to a current job: ended ("Recalled to prison") or kept open
by the employer, with the reason, in the same transaction as the recall."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from ipsgate.jobs.models import Job
from ipsgate.journey.selectors import phase_of, tasks_of, with_task_facts
from ipsgate.people.choices import CustodyStatus
from ipsgate.people.models import Participant
from ipsgate.people.selectors import caseload_for
from ipsgate.rules.phase import Phase
from ipsgate.rules.reminders import TaskKind
from tests import factories
from tests.conftest import date_fields
from tests.journey.conftest import audit_rows, custody_event_data, db_state, detail_url, error_summary
from tests.people.test_caseload_queries import rows_by_participant

pytestmark = pytest.mark.django_db

CASELOAD_URL = reverse("people:my-caseload")


def released_worker(specialist, community_site, *, weeks_in_work: int = 6) -> tuple[Participant, Job]:
    """Released on licence 100 days ago, in work for some weeks, on the specialist's caseload."""
    person = factories.ParticipantFactory.create(
        released=True,
        current_site=community_site,
        allocated_specialist=specialist,
        expected_release_date=factories.days_ago(100),
        actual_release_date=factories.days_ago(100),
    )
    factories.EpisodeFactory.create(participant=person, referral__referral_date=factories.days_ago(150))
    factories.SupportContactFactory.create(participant=person, recorded_by=specialist)
    factories.VocationalProfileFactory.create(participant=person)
    job = factories.JobFactory.create(
        participant=person, start_date=factories.today() - datetime.timedelta(weeks=weeks_in_work)
    )
    return person, job


def recall_data(prison, *, new_release: datetime.date | None = None, **extra) -> dict:
    data = custody_event_data(kind="recalled", on=factories.today(), prison=prison)
    data.update(date_fields("expected_release_date", new_release or factories.days_ahead(60)))
    data.update(extra)
    return data


def fresh(person: Participant) -> Participant:
    specialist = person.allocated_specialist
    assert specialist is not None
    return with_task_facts(caseload_for(specialist)).get(pk=person.pk)


def test_a_recalled_person_with_a_current_job_is_back_on_the_pre_release_path(specialist, community_site, prison):
    """Recalled while the job is still recorded as current (e.g. recorded before this question existed): the
    person is in prison, not at work, so the phase is pre-release and no sustainment check is asked for."""
    person, job = released_worker(specialist, community_site)
    assert phase_of(fresh(person), today=factories.today()).phase is Phase.FOLLOW_ALONG
    Participant.objects.filter(pk=person.pk).update(
        custody_status=CustodyStatus.RECALLED, current_site=prison, expected_release_date=factories.days_ahead(60)
    )
    recalled = fresh(person)
    result = phase_of(recalled, today=factories.today())
    assert result.phase is Phase.PRE_RELEASE, result.explanation
    kinds = {task.kind for task in tasks_of(recalled, today=factories.today())}
    assert TaskKind.SUSTAINMENT_CHECK not in kinds


def test_caseload_shows_one_release_date_after_a_recall(make_client, specialist, community_site, prison):
    person, _ = released_worker(specialist, community_site)
    new_release = factories.days_ahead(60)
    old_release = person.actual_release_date
    Participant.objects.filter(pk=person.pk).update(
        custody_status=CustodyStatus.RECALLED, current_site=prison, expected_release_date=new_release
    )
    client = make_client(specialist)
    row = rows_by_participant(client.get(CASELOAD_URL).content.decode())[person.pk]
    assert f"{new_release:%-d %b %Y}" in row
    assert f"{old_release:%-d %b %Y}" not in row
    assert "In 60 days" in row
    assert Participant.objects.get(pk=person.pk).release_date == new_release

    page = client.get(detail_url(person)).content.decode()
    assert "Previous release" in page and f"{old_release:%-d %B %Y}" in page
    assert "Actual release date" not in page  # the old date is not shown as this sentence's release


def test_the_recall_form_asks_what_happened_to_a_current_job(make_client, specialist, community_site):
    person, job = released_worker(specialist, community_site)
    page = make_client(specialist).get(reverse("journey:custody-event-add", args=[person.pk])).content.decode()
    assert "what has happened to their job" in page
    assert job.job_title in page


def test_the_recall_form_does_not_ask_about_a_job_when_there_is_none(make_client, specialist, community_site):
    person, job = released_worker(specialist, community_site)
    Job.objects.filter(pk=job.pk).update(end_date=factories.days_ago(1), end_reason="resigned")
    page = make_client(specialist).get(reverse("journey:custody-event-add", args=[person.pk])).content.decode()
    assert "what has happened to their job" not in page


def test_a_recall_without_an_answer_about_the_job_is_refused_and_writes_nothing(
    make_client, specialist, community_site, prison
):
    person, _ = released_worker(specialist, community_site)
    before = db_state()
    response = make_client(specialist).post(reverse("journey:custody-event-add", args=[person.pk]), recall_data(prison))
    assert response.status_code == 200
    assert ("id_job_outcome_0", "Select what has happened to their job") in error_summary(response.content.decode())
    assert db_state() == before


def test_keeping_the_job_open_needs_a_reason(make_client, specialist, community_site, prison):
    person, _ = released_worker(specialist, community_site)
    before = db_state()
    response = make_client(specialist).post(
        reverse("journey:custody-event-add", args=[person.pk]), recall_data(prison, job_outcome="held")
    )
    assert response.status_code == 200
    messages = [message for _, message in error_summary(response.content.decode())]
    assert "Enter why the job is being kept open" in messages
    assert db_state() == before


def test_recall_ends_the_job_as_recalled_to_prison(make_client, specialist, community_site, prison):
    person, job = released_worker(specialist, community_site)
    client = make_client(specialist)
    response = client.post(
        reverse("journey:custody-event-add", args=[person.pk]), recall_data(prison, job_outcome="ended")
    )
    assert response.status_code == 302, error_summary(response.content.decode())
    job.refresh_from_db()
    assert job.end_date == factories.today()
    assert job.end_reason == "recalled"
    assert job.get_end_reason_display() == "Recalled to prison"
    assert ("update", "job") in audit_rows(person)
    recalled = fresh(person)
    assert phase_of(recalled, today=factories.today()).phase is Phase.PRE_RELEASE
    page = client.get(reverse("jobs:job-detail", args=[person.pk, job.pk])).content.decode()
    assert "Recalled to prison" in page


def test_recall_keeps_the_job_open_with_the_reason(make_client, specialist, community_site, prison):
    person, job = released_worker(specialist, community_site)
    client = make_client(specialist)
    response = client.post(
        reverse("journey:custody-event-add", args=[person.pk]),
        recall_data(prison, job_outcome="held", job_held_reason="The manager is holding the job for 8 weeks"),
    )
    assert response.status_code == 302, error_summary(response.content.decode())
    job.refresh_from_db()
    assert job.end_date is None
    assert job.held_from == factories.today()
    assert job.held_reason == "The manager is holding the job for 8 weeks"
    recalled = fresh(person)
    assert phase_of(recalled, today=factories.today()).phase is Phase.PRE_RELEASE
    assert recalled.custody_status == CustodyStatus.RECALLED
    page = client.get(reverse("jobs:job-detail", args=[person.pk, job.pk])).content.decode()
    assert "Kept open by the employer" in page and "The manager is holding the job for 8 weeks" in page


def test_re_release_after_a_held_job_puts_the_person_back_in_work(make_client, specialist, community_site, prison):
    person, job = released_worker(specialist, community_site, weeks_in_work=10)
    client = make_client(specialist)
    client.post(
        reverse("journey:custody-event-add", args=[person.pk]),
        recall_data(prison, job_outcome="held", job_held_reason="Employer holding the job"),
    )
    response = client.post(
        reverse("journey:custody-event-add", args=[person.pk]),
        custody_event_data(kind="re_released", on=factories.today()),
    )
    assert response.status_code == 302, error_summary(response.content.decode())
    assert phase_of(fresh(person), today=factories.today()).phase is Phase.FOLLOW_ALONG

"""Tasks that the employers-and-jobs pages clear: the first face-to-face employer contact (logged in the
job-development log) and sustainment checks; and in-work support contacts recorded against a job."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from ipsgate.journey.models import SupportContact
from ipsgate.rules.reminders import TaskKind
from tests import factories
from tests.conftest import date_fields
from tests.journey.conftest import contact_data, detail_url, make_supported, todo_section

pytestmark = pytest.mark.django_db

EMPLOYER_TASK = TaskKind.FIRST_EMPLOYER_CONTACT.title
CHECK_TASK = TaskKind.SUSTAINMENT_CHECK.title


def engaged(specialist):
    person = make_supported(specialist, released=True, actual_release_date=factories.days_ago(60))
    factories.SupportContactFactory.create(
        participant=person, recorded_by=specialist, mode="in_community",
        occurred_at=timezone.now() - datetime.timedelta(days=6),
    )  # fmt: skip
    factories.VocationalProfileFactory.create(
        participant=person, started_at=timezone.now() - datetime.timedelta(days=5)
    )
    return person


def log_employer_contact(client, employer, person, *, face_to_face: str):
    return client.post(
        reverse("employers:contact-add", args=[employer.pk]),
        {
            **date_fields("contact_date", factories.today()), "face_to_face": face_to_face,
            "purpose": "introducing_participant", "participants": [str(person.pk)], "note": "",
        },
    )  # fmt: skip


def test_a_face_to_face_employer_contact_in_the_log_ends_the_employer_task(make_client, specialist):
    person = engaged(specialist)
    employer = factories.EmployerFactory.create()
    client = make_client(specialist)
    assert EMPLOYER_TASK in todo_section(client.get(detail_url(person)).content.decode())

    assert log_employer_contact(client, employer, person, face_to_face="no").status_code == 302
    assert EMPLOYER_TASK in todo_section(client.get(detail_url(person)).content.decode())  # a call is not enough

    assert log_employer_contact(client, employer, person, face_to_face="yes").status_code == 302
    assert EMPLOYER_TASK not in todo_section(client.get(detail_url(person)).content.decode())


def test_recording_the_sustainment_check_moves_the_task_on(make_client, specialist):
    person = make_supported(specialist, released=True, actual_release_date=factories.days_ago(200))
    job = factories.JobFactory.create(participant=person, start_date=factories.days_ago(30))
    client = make_client(specialist)
    page = todo_section(client.get(detail_url(person)).content.decode())
    assert CHECK_TASK in page and "at 4 weeks" in page

    response = client.post(
        reverse("jobs:sustainment-add", args=[person.pk, job.pk]),
        {"week": "4", **date_fields("checked_on", factories.today()), "still_in_work": "yes", "note": ""},
    )
    assert response.status_code == 302
    page = todo_section(client.get(detail_url(person)).content.decode())
    assert "at 4 weeks" not in page
    assert "at 13 weeks" not in page  # the next check is weeks away: not on today's list


def test_in_work_support_contact_is_linked_to_the_job_and_its_employer(make_client, specialist):
    person = make_supported(specialist, released=True, actual_release_date=factories.days_ago(100))
    job = factories.JobFactory.create(participant=person, start_date=factories.days_ago(30))
    client = make_client(specialist)
    form = client.get(reverse("journey:contact-add", args=[person.pk]) + f"?job={job.pk}").content.decode()
    assert f'value="{job.pk}" selected' in form

    response = client.post(
        reverse("journey:contact-add", args=[person.pk]),
        contact_data(contact_with="employer", mode="at_workplace", job=str(job.pk), topics=["in_work_support"]),
    )
    assert response.status_code == 302
    contact = SupportContact.objects.get(participant=person, job=job)
    assert contact.employer == job.employer

    other_job = factories.JobFactory.create()  # someone else's job cannot be chosen
    before = SupportContact.objects.count()
    response = client.post(reverse("journey:contact-add", args=[person.pk]), contact_data(job=str(other_job.pk)))
    assert response.status_code == 200
    assert "Select one of the person&#x27;s jobs" in response.content.decode()
    assert SupportContact.objects.count() == before


def test_a_job_contact_must_be_with_the_person_or_their_employer(make_client, specialist):
    person = make_supported(specialist, released=True, actual_release_date=factories.days_ago(100))
    job = factories.JobFactory.create(participant=person, start_date=factories.days_ago(30))
    response = make_client(specialist).post(
        reverse("journey:contact-add", args=[person.pk]), contact_data(contact_with="family", job=str(job.pk))
    )
    assert response.status_code == 200
    assert "with the person or their employer or manager" in response.content.decode()
    assert not SupportContact.objects.filter(job=job).exists()

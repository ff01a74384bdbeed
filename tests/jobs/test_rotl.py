"""Issue 16 item 5: a job start for someone in custody must be paid work on release on temporary licence (ROTL).

The forms ask, the services refuse anything else with a message naming the question, and the job page says where
the person works from ("Working on release on temporary licence from HMP …") instead of "Released from" before
they are released."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from ipsgate.core.models import AuditChainHead
from ipsgate.jobs import services
from ipsgate.jobs.models import Job
from ipsgate.rules.applications import Status
from tests import factories
from tests.journey.conftest import error_summary

pytestmark = pytest.mark.django_db

NOT_ROTL = "Select yes if this is paid work on release on temporary licence (ROTL)"


@pytest.fixture(autouse=True)
def audit_chain_started():
    AuditChainHead.objects.get_or_create(id=1)


@pytest.fixture
def inside(specialist, prison):
    person = factories.ParticipantFactory.create(current_site=prison, allocated_specialist=specialist)
    factories.EpisodeFactory.create(participant=person)
    return person


def job_data(**extra) -> dict:
    return {
        "employer": factories.EmployerFactory.create(),
        "job_title": "Recycling sorter",
        "start_date": factories.days_ago(3),
        "hours_per_week": Decimal(20),
        "hourly_pay": Decimal("12.71"),
        **extra,
    }


def job_form(**extra) -> dict:
    today = factories.today()
    return {
        "employer_name": "Leeds Recycling",
        "job_title": "Recycling sorter",
        "start_date_day": today.day,
        "start_date_month": today.month,
        "start_date_year": today.year,
        "hours_per_week": "20",
        "hourly_pay": "12.71",
        "contract_type": "PERMANENT",
        "open_labour_market": "on",
        **extra,
    }


def test_a_job_in_custody_that_is_not_rotl_work_is_refused(specialist, inside):
    with pytest.raises(ValidationError) as refused:
        services.job_create(actor=specialist, participant=inside, data=job_data())
    assert refused.value.message_dict == {"rotl_paid_work": [services.NOT_ROTL_WORK]}
    with pytest.raises(ValidationError):
        services.job_create(actor=specialist, participant=inside, data=job_data(rotl_paid_work=False))
    assert not Job.objects.exists()


def test_a_job_in_custody_that_is_rotl_work_is_recorded(specialist, inside, prison):
    job = services.job_create(actor=specialist, participant=inside, data=job_data(rotl_paid_work=True))
    assert job.rotl_while_in_custody and job.released_from == prison


def test_the_rotl_answer_is_not_needed_out_of_custody(specialist, community_site):
    person = factories.ParticipantFactory.create(released=True, allocated_specialist=specialist)
    job = services.job_create(actor=specialist, participant=person, data=job_data())
    assert not job.rotl_while_in_custody


def test_the_job_form_asks_about_rotl_only_in_custody(make_client, specialist, inside):
    client = make_client(specialist)
    page = client.get(reverse("jobs:job-create", args=[inside.pk])).content.decode()
    assert "release on temporary licence" in page
    out = factories.ParticipantFactory.create(released=True, allocated_specialist=specialist)
    page = client.get(reverse("jobs:job-create", args=[out.pk])).content.decode()
    assert "rotl_paid_work" not in page


def test_the_job_form_refuses_a_job_in_custody_without_rotl(make_client, specialist, inside):
    client = make_client(specialist)
    response = client.post(reverse("jobs:job-create", args=[inside.pk]), job_form())
    assert response.status_code == 200
    assert NOT_ROTL in [message for _, message in error_summary(response.content.decode())]
    response = client.post(reverse("jobs:job-create", args=[inside.pk]), job_form(rotl_paid_work="no"))
    assert response.status_code == 200
    assert services.NOT_ROTL_WORK in [message for _, message in error_summary(response.content.decode())]
    assert not Job.objects.exists()
    response = client.post(reverse("jobs:job-create", args=[inside.pk]), job_form(rotl_paid_work="yes"))
    assert response.status_code == 302, error_summary(response.content.decode())


def test_starting_from_an_application_in_custody_asks_about_rotl(make_client, specialist, inside):
    application = factories.ApplicationFactory.create(participant=inside, status=Status.ACCEPTED.value)
    client = make_client(specialist)
    url = reverse("jobs:application-detail", args=[inside.pk, application.pk])
    today = factories.today()
    data = {"to_status": "started", "on_date_day": today.day, "on_date_month": today.month, "on_date_year": today.year}
    response = client.post(url, data)
    assert response.status_code == 200
    assert NOT_ROTL in [message for _, message in error_summary(response.content.decode())]
    assert not Job.objects.exists()
    response = client.post(url, {**data, "rotl_paid_work": "yes"})
    assert response.status_code == 302, error_summary(response.content.decode())
    assert Job.objects.get().rotl_while_in_custody


def test_the_job_page_does_not_say_released_before_release(make_client, specialist, inside, prison):
    job = services.job_create(actor=specialist, participant=inside, data=job_data(rotl_paid_work=True))
    page = make_client(specialist).get(reverse("jobs:job-detail", args=[inside.pk, job.pk])).content.decode()
    assert "Released from" not in page
    assert f"Working on release on temporary licence from {prison.name}" in page


def test_the_job_page_says_released_from_after_release(make_client, specialist, prison):
    person = factories.ParticipantFactory.create(released=True, allocated_specialist=specialist)
    job = factories.JobFactory.create(participant=person, released_from=prison)
    page = make_client(specialist).get(reverse("jobs:job-detail", args=[person.pk, job.pk])).content.decode()
    assert "Released from" in page and prison.name in page

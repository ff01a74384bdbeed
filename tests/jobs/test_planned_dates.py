"""Interview dates on applications and an expected start date on an accepted offer (issue 16 item 7): planned
ahead (future dates accepted), shown as the person's next appointment, and a task once the day has passed with the
application unchanged. Every "record what happened" form defaults its date to today."""

from __future__ import annotations

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from ipsgate.jobs.models import Application
from ipsgate.rules.reminders import TaskKind
from tests import factories
from tests.conftest import date_fields
from tests.journey.conftest import detail_url, error_summary, make_supported, todo_section

pytestmark = pytest.mark.django_db


@pytest.fixture
def person(specialist):
    return make_supported(specialist, released=True, current_site=specialist.site)


def detail(person, application) -> str:
    return reverse("jobs:application-detail", args=[person.pk, application.pk])


def advance(to_status: str, **extra) -> dict:
    return {
        "to_status": to_status,
        **date_fields("on_date", factories.today()),
        "reason": "",
        "hours_per_week": "",
        "hourly_pay": "",
        "note": "",
        **date_fields("interview_day", None),
        "interview_time": "",
        **date_fields("expected_start_date", None),
        **extra,
    }


def test_moving_to_interview_plans_its_date_and_time(make_client, specialist, person):
    application = factories.ApplicationFactory.create(participant=person, status="applied")
    client = make_client(specialist)
    day = factories.days_ahead(4)
    response = client.post(
        detail(person, application),
        advance("interview", **date_fields("interview_day", day), interview_time="09:45"),
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert timezone.localtime(application.interview_at) == timezone.make_aware(
        datetime.datetime.combine(day, datetime.time(9, 45))
    )
    assert "Interview" in client.get(detail(person, application)).content.decode()
    page = client.get(detail_url(person)).content.decode()
    assert f"Job interview ({application.job_title})" in page


def test_an_interview_date_needs_a_time_and_a_sensible_day(make_client, specialist, person):
    application = factories.ApplicationFactory.create(participant=person, status="applied")
    client = make_client(specialist)
    html = client.post(
        detail(person, application), advance("interview", **date_fields("interview_day", factories.days_ahead(3)))
    ).content.decode()
    assert ("id_interview_time", "Enter the time of the interview") in error_summary(html)
    html = client.post(
        detail(person, application),
        advance("interview", **date_fields("interview_day", factories.days_ahead(500)), interview_time="10:00"),
    ).content.decode()
    assert ("id_interview_day_day", "The interview date must be within the next year") in error_summary(html)
    application.refresh_from_db()
    assert application.status == "applied" and application.interview_at is None


def test_an_interview_that_has_passed_unrecorded_is_a_task_until_the_application_moves_on(
    make_client, specialist, person
):
    yesterday = timezone.make_aware(datetime.datetime.combine(factories.days_ago(1), datetime.time(11)))
    application = factories.ApplicationFactory.create(participant=person, status="interview", interview_at=yesterday)
    client = make_client(specialist)
    title = TaskKind.RECORD_INTERVIEW.title
    assert title in todo_section(client.get(detail_url(person)).content.decode())
    client.post(detail(person, application), advance("unsuccessful"))
    assert title not in todo_section(client.get(detail_url(person)).content.decode())


def test_accepting_an_offer_plans_the_start_and_a_passed_start_is_a_task(make_client, specialist, person):
    application = factories.ApplicationFactory.create(participant=person, status="offered")
    client = make_client(specialist)
    start = factories.days_ahead(10)
    response = client.post(
        detail(person, application), advance("accepted", **date_fields("expected_start_date", start))
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.expected_start_date == start
    assert "First day at work" in client.get(detail_url(person)).content.decode()
    # The start moved to yesterday and nobody recorded whether it happened: a task.
    response = client.post(
        detail(person, application),
        {"save_dates": "1", **date_fields("dates-expected_start_date", factories.days_ago(1))},
    )
    assert response.status_code == 302
    assert TaskKind.RECORD_JOB_START.title in todo_section(client.get(detail_url(person)).content.decode())


def test_dates_change_only_for_the_step_ahead(specialist, person):
    from django.core.exceptions import ValidationError

    from ipsgate.jobs import services

    application = factories.ApplicationFactory.create(participant=person, status="applied")
    with pytest.raises(ValidationError, match="Dates can be changed while"):
        services.application_dates_set(actor=specialist, application=application, interview_at=timezone.now())
    with pytest.raises(ValidationError):
        services.application_advance(
            actor=specialist,
            application=application,
            to_status=services.Status.WITHDRAWN,
            on_date=factories.today(),
            expected_start_date=factories.days_ahead(3),
        )
    assert Application.objects.get(pk=application.pk).status == "applied"


DATE_DAY = re.compile(r'name="(?P<name>\w+)_day" type="text" inputmode="numeric" value="(?P<day>\d+)"')


def defaults(html: str) -> dict[str, int]:
    return {match["name"]: int(match["day"]) for match in DATE_DAY.finditer(html)}


def test_record_what_happened_forms_default_their_date_to_today(make_client, specialist, person, prison):
    """Failing first: the job, sustainment check, custody event and employer contact forms had no date."""
    client = make_client(specialist)
    today = factories.today().day
    job = factories.JobFactory.create(participant=person, start_date=factories.days_ago(40))
    employer = factories.EmployerFactory.create()
    pages = {
        "start_date": reverse("jobs:job-create", args=[person.pk]),
        "checked_on": reverse("jobs:sustainment-add", args=[person.pk, job.pk]),
        "event_date": reverse("journey:custody-event-add", args=[person.pk]),
        "contact_date": reverse("employers:contact-add", args=[employer.pk]),
        "on_date": reverse("jobs:application-create", args=[person.pk]),
        "occurred_on": reverse("journey:contact-add", args=[person.pk]),
    }
    for field, url in pages.items():
        assert defaults(client.get(url).content.decode()).get(field) == today, field

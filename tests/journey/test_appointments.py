"""Planning ahead (issue 16 item 7): appointments with a date, time, place, who with and what to bring; the next
one on My caseload and the participant page; an unrecorded or missed appointment becomes a task (To do)."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from ipsgate.journey.models import Appointment
from ipsgate.rules.reminders import TaskKind
from tests import factories
from tests.conftest import date_fields
from tests.journey.conftest import contact_data, detail_url, error_summary, make_supported, todo_section

pytestmark = pytest.mark.django_db

TODO_URL = reverse("journey:todo")
CASELOAD_URL = reverse("people:my-caseload")


def plan(**overrides) -> dict:
    return {
        "kind": "interview",
        **date_fields("day", factories.days_ahead(5)),
        "time": "10:30",
        "place": "Aire Valley Logistics, LS10 1JB",
        "with_whom": "Pat Jones, shift manager",
        "what_to_bring": "Photo ID and the disclosure letter",
        **overrides,
    }


def at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 0)))


@pytest.fixture
def person(specialist):
    return make_supported(specialist, expected_release_date=factories.days_ahead(90))


def test_planning_an_appointment_ahead_shows_it_on_the_page_and_the_caseload(make_client, specialist, person):
    client = make_client(specialist)
    response = client.post(reverse("journey:appointment-add", args=[person.pk]), plan())
    assert response.status_code == 302, error_summary(response.content.decode())
    appointment = Appointment.objects.get(participant=person)
    assert timezone.localtime(appointment.starts_at).time() == datetime.time(10, 30)
    page = client.get(detail_url(person)).content.decode()
    assert "Next appointment" in page and "Job interview" in page
    assert "Pat Jones, shift manager" in page and "Photo ID and the disclosure letter" in page
    caseload = client.get(CASELOAD_URL).content.decode()
    day = factories.days_ahead(5)
    assert f"{day:%a} {day.day} {day:%b}, 10:30: Job interview" in caseload
    listing = client.get(reverse("journey:appointments", args=[person.pk])).content.decode()
    assert "Aire Valley Logistics, LS10 1JB" in listing


@pytest.mark.parametrize(
    ("day", "message"),
    [
        (400, "The appointment must be within the next year"),
        (-100, "The appointment must be within the last 3 months, or in the future"),
    ],
)
def test_planning_accepts_future_dates_within_a_year(make_client, specialist, person, day, message):
    html = (
        make_client(specialist)
        .post(
            reverse("journey:appointment-add", args=[person.pk]), plan(**date_fields("day", factories.days_ahead(day)))
        )
        .content.decode()
    )
    assert ("id_day_day", message) in error_summary(html)
    assert not Appointment.objects.exists()


def test_place_who_and_what_to_bring_are_encrypted_at_rest(specialist, person):
    appointment = factories.AppointmentFactory.create(participant=person, place="Visits hall, HMP Leeds")
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT place, with_whom FROM journey_appointment WHERE id = %s", [appointment.pk])
        place, with_whom = cursor.fetchone()
    assert "Visits hall" not in place and "Claire" not in with_whom


def test_an_appointment_whose_day_has_come_must_be_recorded(make_client, specialist, person):
    appointment = factories.AppointmentFactory.create(participant=person, starts_at=at(factories.days_ago(2)))
    client = make_client(specialist)
    title = TaskKind.RECORD_APPOINTMENT.title
    assert title in todo_section(client.get(detail_url(person)).content.decode())
    assert title in client.get(TODO_URL).content.decode()
    outcome_url = reverse("journey:appointment-outcome", args=[person.pk, appointment.pk])
    assert client.post(outcome_url, {"outcome": "attended", "note": ""}).status_code == 302
    assert title not in client.get(TODO_URL).content.decode()


def test_a_missed_appointment_becomes_a_follow_up_until_the_person_is_contacted(make_client, specialist, person):
    appointment = factories.AppointmentFactory.create(participant=person, starts_at=at(factories.today(), 0))
    client = make_client(specialist)
    outcome_url = reverse("journey:appointment-outcome", args=[person.pk, appointment.pk])
    response = client.post(outcome_url, {"outcome": "missed", "note": "Did not turn up"})
    assert response.status_code == 302
    follow_up = TaskKind.FOLLOW_UP_MISSED_APPOINTMENT.title
    assert follow_up in todo_section(client.get(detail_url(person)).content.decode())
    assert follow_up in client.get(TODO_URL).content.decode()
    client.post(reverse("journey:contact-add", args=[person.pk]), contact_data(mode="phone"))
    assert follow_up not in client.get(TODO_URL).content.decode()


def test_attendance_is_recorded_from_the_day_but_a_cancellation_any_time(make_client, specialist, person):
    appointment = factories.AppointmentFactory.create(participant=person)  # in 3 days
    client = make_client(specialist)
    url = reverse("journey:appointment-outcome", args=[person.pk, appointment.pk])
    html = client.post(url, {"outcome": "attended"}).content.decode()
    assert any("Record whether the person attended from that day" in message for _, message in error_summary(html))
    appointment.refresh_from_db()
    assert appointment.outcome == ""
    assert client.post(url, {"outcome": "cancelled", "note": "Moved by probation"}).status_code == 302
    appointment.refresh_from_db()
    assert appointment.outcome == "cancelled" and appointment.outcome_recorded_by == specialist
    # Recorded: neither outcome nor details can be changed again.
    assert client.get(url).status_code == 404
    assert client.get(reverse("journey:appointment-edit", args=[person.pk, appointment.pk])).status_code == 404


def test_changing_an_appointment_keeps_one_row(make_client, specialist, person):
    appointment = factories.AppointmentFactory.create(participant=person)
    url = reverse("journey:appointment-edit", args=[person.pk, appointment.pk])
    client = make_client(specialist)
    assert 'value="10:00"' in client.get(url).content.decode()
    client.post(url, plan(kind="probation", time="15:45", **date_fields("day", factories.days_ahead(7))))
    appointment.refresh_from_db()
    assert appointment.kind == "probation" and timezone.localtime(appointment.starts_at).hour == 15
    assert Appointment.objects.count() == 1


def test_probation_sees_no_appointments(make_client, specialist, person):
    probation = factories.ProbationPractitionerFactory.create()
    person.probation_practitioner = probation
    person.save()
    factories.AppointmentFactory.create(participant=person, place="Somewhere private")
    client = make_client(probation)
    assert "Somewhere private" not in client.get(detail_url(person)).content.decode()
    caseload = client.get(CASELOAD_URL).content.decode()
    assert "Next appointment" not in caseload
    assert client.get(reverse("journey:appointments", args=[person.pk])).status_code == 403


def test_the_next_appointment_is_the_soonest_of_appointments_interviews_and_start_days(make_client, specialist, person):
    factories.AppointmentFactory.create(participant=person, starts_at=at(factories.days_ahead(6)))
    factories.ApplicationFactory.create(
        participant=person, status="interview", interview_at=at(factories.days_ahead(2), 9)
    )
    page = make_client(specialist).get(detail_url(person)).content.decode()
    card = page.split("Next appointment", 1)[1].split("</dl>", 1)[0]
    assert "Job interview (" in card and "09:00" in card

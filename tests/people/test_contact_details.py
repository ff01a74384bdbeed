"""Reaching the person (issue 16 item 16): phone, email and address on release with the accommodation status, how
they prefer to be contacted and whether they agree to reminders; encrypted at rest, shown only to the roles that
may contact the person, in the subject-access export and anonymised by the retention policy."""

from __future__ import annotations

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from ipsgate.core.fields import field_fernet
from ipsgate.core.models import AuditEvent
from ipsgate.people.models import ContactDetails
from ipsgate.privacy.export import build_export
from tests import factories

pytestmark = pytest.mark.django_db


def details_url(person) -> str:
    return reverse("people:contact-details", args=[person.pk])


def valid(**overrides) -> dict:
    return {
        "mobile": "07700 900982",
        "email": "alex@example.test",
        "address": "Flat 2, 10 Example Street\nLeeds LS9 8AB",
        "accommodation_status": "approved_premises",
        "preferred_contact_method": "text",
        "reminders_by_text": "yes",
        "reminders_by_email": "no",
        **overrides,
    }


@pytest.fixture
def person(specialist):
    person = factories.ParticipantFactory.create(current_site=specialist.site, allocated_specialist=specialist)
    factories.EpisodeFactory.create(participant=person)
    return person


def raw(column: str, pk: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM people_contactdetails WHERE id = %s", [pk])  # noqa: S608
        return cursor.fetchone()[0]


def test_recording_contact_details_encrypts_them_audits_and_shows_them(specialist_client, specialist, person):
    page = specialist_client.get(reverse("people:participant-detail", args=[person.pk])).content.decode()
    assert "No phone number, email or address recorded yet." in page and details_url(person) in page
    response = specialist_client.post(details_url(person), valid())
    assert response.status_code == 302
    details = ContactDetails.objects.get(participant=person)
    assert (details.mobile, details.reminders_by_text, details.reminders_by_email) == ("07700 900982", True, False)
    for column, text in (("mobile", "07700"), ("email", "alex@"), ("address", "Example Street")):
        stored = raw(column, details.pk)
        assert text not in stored
        assert text in field_fernet().decrypt(stored.encode()).decode()
    assert AuditEvent.objects.filter(participant_id=person.pk, object_type="contact_details").exists()
    page = specialist_client.get(reverse("people:participant-detail", args=[person.pk])).content.decode()
    assert 'href="tel:07700900982"' in page and "Approved premises" in page and "By text" in page


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"mobile": "", "preferred_contact_method": ""}, "mobile", "Enter a mobile number for text reminders"),
        ({"mobile": "call me"}, "mobile", "Enter a phone number, like 07700 900 982"),
        ({"mobile": "0770"}, "mobile", "Enter a phone number, like 07700 900 982"),
        ({"email": "not-an-email"}, "email", "Enter an email address in the correct format"),
        ({"email": "", "reminders_by_email": "yes"}, "email", "Enter an email address for email reminders"),
        ({"preferred_contact_method": "letter", "address": ""}, "address", "Enter an address, as the person prefers"),
        ({"reminders_by_text": ""}, "reminders_by_text", "Select yes if the person agrees to reminders by text"),
        ({"address": "x" * 201}, "address", "The address must be 200 characters or fewer"),
    ],
)
def test_what_does_not_fit_is_refused_naming_the_field(specialist_client, person, changes, field, message):
    response = specialist_client.post(details_url(person), valid(**changes))
    html = response.content.decode()
    assert response.status_code == 200
    assert f'href="#id_{field}' in html and message in html
    assert not ContactDetails.objects.exists()


@pytest.mark.parametrize("factory", ["ClinicianFactory", "ProbationPractitionerFactory"])
def test_roles_that_do_not_contact_the_person_never_see_the_details(make_client, specialist, person, factory):
    factories.ContactDetailsFactory.create(participant=person, mobile="07700 900111")
    other = getattr(factories, factory).create(site=specialist.site)
    if factory == "ProbationPractitionerFactory":
        person.probation_practitioner = other
        person.save()
    client = make_client(other)
    page = client.get(reverse("people:participant-detail", args=[person.pk])).content.decode()
    assert "07700 900111" not in page and "Contact details" not in page and details_url(person) not in page
    assert client.get(details_url(person)).status_code == 403


def test_a_service_manager_may_see_them(make_client, person):
    factories.ContactDetailsFactory.create(participant=person, mobile="07700 900111")
    page = make_client(factories.ServiceManagerFactory.create()).get(
        reverse("people:participant-detail", args=[person.pk])
    )
    assert "07700 900111" in page.content.decode()


def test_in_the_subject_access_export(specialist, person):
    factories.ContactDetailsFactory.create(participant=person, mobile="07700 900123", email="me@example.test")
    export = build_export(participant_id=person.pk, generated_by=specialist, now=timezone.now()).as_json_data()
    [row] = export["records"]["people.ContactDetails"]["rows"]
    assert row["mobile"] == "07700 900123" and row["email"] == "me@example.test"
    assert row["accommodation_status"] == "Settled (their own tenancy or home, or long-term with family)"


def test_changing_them_keeps_one_record(specialist_client, person):
    specialist_client.post(details_url(person), valid())
    specialist_client.post(details_url(person), valid(mobile="+44 7700 900 983", reminders_by_text="no"))
    details = ContactDetails.objects.get(participant=person)
    assert details.mobile == "+44 7700 900 983" and details.reminders_by_text is False
    form = specialist_client.get(details_url(person)).content.decode()
    assert 'value="+44 7700 900 983"' in form

"""Ready for release (issue 16 item 17): the checklist beside the resettlement needs, each item with a status and
a date; what is outstanding is a task in the 4 weeks before release."""

from __future__ import annotations

import pytest
from django.urls import reverse

from ipsgate.core.models import AuditEvent
from ipsgate.journey.models import ReleaseChecklist
from ipsgate.rules.release_readiness import ITEMS
from ipsgate.rules.reminders import TaskKind
from tests import factories
from tests.conftest import date_fields
from tests.journey.conftest import detail_url, error_summary, make_supported, todo_section

pytestmark = pytest.mark.django_db


def item_url(person, code: str) -> str:
    return reverse("journey:checklist-item", args=[person.pk, code])


@pytest.fixture
def person(specialist):
    return make_supported(specialist, expected_release_date=factories.days_ahead(12))


def test_the_checklist_columns_match_the_items():
    names = {field.name for field in ReleaseChecklist._meta.get_fields()}
    for item in ITEMS:
        assert {f"{item.code}_status", f"{item.code}_on"} <= names


def test_the_needs_page_shows_the_checklist_and_an_item_can_be_recorded(make_client, specialist, person):
    client = make_client(specialist)
    needs = client.get(reverse("journey:needs", args=[person.pk])).content.decode()
    assert "Ready for release" in needs and "0 of 10 ready" in needs and item_url(person, "bank_account") in needs
    form = client.get(item_url(person, "id")).content.decode()
    today = factories.today()
    # Recording what happened: the date is today unless changed.
    assert f'name="on_day" type="text" inputmode="numeric" value="{today.day}"' in form
    response = client.post(
        item_url(person, "id"), {"status": "done", "id_document": "passport", **date_fields("on", today)}
    )
    assert response.status_code == 302
    checklist = ReleaseChecklist.objects.get(participant=person)
    assert (checklist.id_status, checklist.id_document, checklist.id_on) == ("done", "passport", today)
    assert AuditEvent.objects.filter(participant_id=person.pk, object_type="release_checklist").exists()
    needs = client.get(reverse("journey:needs", args=[person.pk])).content.decode()
    assert "1 of 10 ready" in needs and "Obtained: Passport" in needs


@pytest.mark.parametrize(
    ("code", "data", "field", "message"),
    [
        ("id", {"status": "in_progress", "id_document": ""}, "id_document", "Select which ID document"),
        ("cv", {"status": "done", **date_fields("on", None)}, "on", "Enter the date"),
        ("cv", {"status": "done", **date_fields("on", factories.days_ahead(1))}, "on", "must be today or in the past"),
        ("cv", {}, "status", "Select where this has got to"),
    ],
)
def test_answers_that_do_not_fit_are_refused(make_client, specialist, person, code, data, field, message):
    data = {**date_fields("on", factories.today()), **data}
    html = make_client(specialist).post(item_url(person, code), data).content.decode()
    assert any(anchor.startswith(f"id_{field}") and message in text for anchor, text in error_summary(html))
    assert not ReleaseChecklist.objects.exists()


def test_an_unknown_item_is_not_found(make_client, specialist, person):
    assert make_client(specialist).get(item_url(person, "passport-photo")).status_code == 404


def test_outstanding_items_are_a_task_before_release_until_settled(make_client, specialist, person):
    client = make_client(specialist)
    title = TaskKind.RELEASE_CHECKLIST.title
    section = todo_section(client.get(detail_url(person)).content.decode())
    assert title in section and "Photo ID, Bank account" in section
    for item in ITEMS:
        status = "not_needed" if item.code in ("debts", "debt_advice") else "done"
        data = {"status": status, **date_fields("on", factories.today())}
        if item.code == "id":
            data["id_document"] = "driving_licence"
        assert client.post(item_url(person, item.code), data).status_code == 302
    assert title not in todo_section(client.get(detail_url(person)).content.decode())


def test_no_task_while_release_is_more_than_4_weeks_away(make_client, specialist):
    far = make_supported(specialist, expected_release_date=factories.days_ahead(60))
    assert TaskKind.RELEASE_CHECKLIST.title not in make_client(specialist).get(detail_url(far)).content.decode()

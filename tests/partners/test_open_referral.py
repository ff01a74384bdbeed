"""The directory as Open Referral UK JSON (issue 18 §4): the ORUK page and service shape, one partner's fields, stable
ids, the filters, scoping and audit."""

from __future__ import annotations

import json
import uuid

import pytest
from django.urls import reverse
from django.utils import timezone

from ipsgate.core.models import AuditEvent
from ipsgate.partners.services import partner_save
from tests import factories

pytestmark = pytest.mark.django_db

PAGE_KEYS = {"total_items", "total_pages", "page_number", "size", "first_page", "last_page", "empty", "contents"}
SERVICE_KEYS = {
    "id", "organization_id", "name", "description", "url", "email", "status", "application_process",
    "eligibility_description", "minimum_age", "maximum_age", "last_modified", "organization", "phones", "contacts",
    "schedules", "service_areas", "service_at_locations", "attributes", "metadata",
}  # fmt: skip


@pytest.fixture
def leader(prison):
    return factories.TeamLeaderFactory.create(site=prison)


@pytest.fixture
def housing(leader, prison):
    return partner_save(
        actor=leader,
        data={
            "name": "Aire Valley Housing Trust",
            "kind": "housing",
            "areas": "LS9, Leeds",
            "eligibility": "Men and women over 18",
            "how_to_refer": "Phone the named contact.",
            "referral_form": "https://aire.example.org/refer",
            "contact_name": "Sam Rivers",
            "phone": "0113 496 0001",
            "email": "refer@aire.example.org",
            "website": "https://aire.example.org",
            "opening_hours": "Monday to Friday, 9am to 5pm",
            "closed_on": None,
        },
        pathways=["ACCOMMODATION", "FINANCE_AND_ID"],
        prisons=[prison],
    )


def export(client, **query):
    response = client.get(reverse("partners:export-oruk"), query)
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    return json.loads(response.content)


def is_uuid(value: str) -> bool:
    return str(uuid.UUID(value)) == value


def test_the_export_has_the_oruk_page_and_service_shape(specialist_client, housing, leader, other_prison):
    partner_save(actor=leader, data={"name": "Quiet", "kind": "other", "areas": "HU1", "closed_on": None},
                 pathways=["HEALTH"], prisons=[other_prison])  # fmt: skip
    page = export(specialist_client)
    assert page.keys() >= PAGE_KEYS
    assert (page["total_items"], page["size"], page["empty"]) == (2, 2, False)
    for service in page["contents"]:
        assert service.keys() == SERVICE_KEYS
        assert is_uuid(service["id"]) and is_uuid(service["organization_id"])
        assert service["organization"]["id"] == service["organization_id"]
        for nested in ("phones", "contacts", "schedules", "service_areas", "service_at_locations", "attributes"):
            assert isinstance(service[nested], list)
            assert all(is_uuid(item["id"]) for item in service[nested])


def test_one_partners_fields(specialist_client, housing, prison):
    [service] = export(specialist_client)["contents"]
    assert service["name"] == "Aire Valley Housing Trust"
    assert service["status"] == "active"
    assert service["url"] == "https://aire.example.org" and service["email"] == "refer@aire.example.org"
    assert service["eligibility_description"] == "Men and women over 18"
    assert service["application_process"] == "Phone the named contact. Referral form: https://aire.example.org/refer"
    assert service["organization"]["name"] == "Aire Valley Housing Trust"
    assert service["organization"]["description"] == "Housing provider"
    [contact] = service["contacts"]
    assert (contact["name"], contact["email"]) == ("Sam Rivers", "refer@aire.example.org")
    assert [phone["number"] for phone in contact["phones"]] == ["0113 496 0001"]
    assert [area["name"] for area in service["service_areas"]] == ["LS9", "Leeds"]
    [at] = service["service_at_locations"]
    assert at["location"]["name"] == prison.name and at["location"]["location_type"] == "physical"
    assert at["location"]["external_identifier"] == prison.prison_code
    assert [s["description"] for s in service["schedules"]] == ["Monday to Friday, 9am to 5pm"]
    assert {a["taxonomy_term"]["code"] for a in service["attributes"]} == {"ACCOMMODATION", "FINANCE_AND_ID"}


def test_ids_are_the_same_in_every_export(specialist_client, housing):
    assert export(specialist_client)["contents"][0]["id"] == export(specialist_client)["contents"][0]["id"]


def test_filters_and_closed_partners(specialist_client, housing, leader, prison):
    closed = {"name": "Gone", "kind": "other", "areas": "LS1", "closed_on": timezone.localdate()}
    partner_save(actor=leader, data=closed, pathways=["HEALTH"], prisons=[prison])
    assert [s["name"] for s in export(specialist_client)["contents"]] == ["Aire Valley Housing Trust"]
    everyone = export(specialist_client, closed="on")["contents"]
    assert {s["name"]: s["status"] for s in everyone} == {"Aire Valley Housing Trust": "active", "Gone": "inactive"}
    assert export(specialist_client, pathway="HEALTH")["empty"] is True


def test_the_export_is_audited_and_refused_to_roles_without_the_directory(specialist_client, make_client, housing):
    export(specialist_client)
    assert AuditEvent.objects.filter(action="export", object_type="partner_directory", object_id="oruk").exists()
    assert make_client(factories.AnalystFactory.create()).get(reverse("partners:export-oruk")).status_code == 403

"""`/api/v1/outcomes/`: the dashboard's tables as JSON, with the same scope, filters and small-number rule, audited
as an export. An analyst's export names no one."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from ipsgate.core.choices import AuditAction, Role
from ipsgate.core.models import AuditEvent
from tests import factories
from tests.outcomes import dataset
from tests.outcomes.dataset import Service

from .conftest import issue_key

URL = "/api/v1/outcomes/"
PERIOD = {"start": dataset.START.isoformat(), "end": dataset.END.isoformat()}


@pytest.fixture
def service(db) -> Service:
    return dataset.build()


def cell(body: dict, slug: str, label: str) -> str:
    table = next(t for t in body["tables"] if t["slug"] == slug)
    row = next(r for r in table["rows"] if r[0]["text"] == label)
    return row[1]["text"]


def test_a_service_manager_gets_every_table_with_the_dashboards_figures(service, make_client):
    response = make_client(service.manager).get(URL, PERIOD)
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["start"], body["end"], body["group_by"], body["small_numbers_hidden"]) == (
        "2025-01-01",
        "2025-06-30",
        "site",
        False,
    )
    page = make_client(service.manager).get("/outcomes/download/funnel.csv", {**dashboard_query(), "group_by": "site"})
    funnel_csv = page.content.decode().splitlines()
    referred_csv = next(line for line in funnel_csv if line.startswith("Referred,")).split(",")[1]
    assert cell(body, "funnel", "Referred") == referred_csv
    assert {t["slug"] for t in body["tables"]} >= {"headline", "funnel", "work", "sustainment"}


def dashboard_query() -> dict[str, str]:
    s, e = dataset.START, dataset.END
    return {
        "start_day": str(s.day),
        "start_month": str(s.month),
        "start_year": str(s.year),
        "end_day": str(e.day),
        "end_month": str(e.month),
        "end_year": str(e.year),
    }


def test_an_analysts_export_hides_small_numbers_and_names_no_one(service, make_client):
    response = make_client(service.analyst).get(URL, PERIOD)
    assert response.status_code == 200
    body = response.json()
    assert body["small_numbers_hidden"] is True
    assert cell(body, "headline", "Referrals") == "<5"  # 4 referrals in the hand-built service
    text = response.content.decode()
    for person in service.people.values():
        assert person.family_name not in text
        assert person.prison_number not in text
    assert AuditEvent.objects.filter(user_id_at_event=service.analyst.pk, action=AuditAction.EXPORT).count() == 1


def test_an_analyst_service_account_reads_it_with_a_token(service):
    account = factories.ServiceAccountFactory.create(role=Role.ANALYST)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {issue_key(account)}")
    response = client.get(URL, PERIOD)
    assert response.status_code == 200
    assert response.json()["small_numbers_hidden"] is True


@pytest.mark.parametrize("role_factory", [factories.SpecialistFactory, factories.ClinicianFactory])
def test_roles_without_outcome_figures_are_refused(service, make_client, role_factory):
    assert make_client(role_factory.create()).get(URL, PERIOD).status_code == 403


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"start": "2025-06-30", "end": "2025-01-01"}, "end"),
        ({"start": "2025-01-01", "end": "2999-01-01"}, "end"),
        ({"start": "not-a-date"}, "start"),
        ({"group_by": "astrology"}, "group_by"),
        ({"site": "0"}, "site"),
        ({"team": "٣"}, "team"),  # an id is ASCII digits only (issue 15 item 7)
        ({"specialist": "9" * 5000}, "specialist"),
    ],
)
def test_bad_parameters_are_a_400_naming_the_parameter(service, make_client, query, field):
    response = make_client(service.manager).get(URL, query)
    assert response.status_code == 400
    assert field in response.json()
    assert not AuditEvent.objects.filter(action=AuditAction.EXPORT).exists()


def test_a_team_leader_cannot_ask_for_another_teams_site(service, make_client):
    response = make_client(service.leader_a).get(URL, {**PERIOD, "site": str(service.site_b.pk)})
    assert response.status_code == 400
    assert "Select a site you oversee" in response.json()["site"][0]

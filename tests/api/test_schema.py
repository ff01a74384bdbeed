"""The OpenAPI schema is valid and describes the filters and optional fields; the documentation page works
offline (assets from our own static files) and under a CSP without inline scripts or styles."""

from __future__ import annotations

import re

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.validation import validate_schema

from tests import factories

from .conftest import token_client


@pytest.fixture(scope="module")
def schema() -> dict:
    return SchemaGenerator().get_schema(request=None, public=True)


def test_schema_is_valid_openapi_3(schema):
    validate_schema(schema)  # raises on any violation of the OpenAPI 3 JSON schema
    assert schema["openapi"].startswith("3.")


def test_every_endpoint_is_described(schema):
    expected = {
        f"/api/v1/{name}/{suffix}"
        for name in (
            "participants",
            "referrals",
            "support-contacts",
            "employers",
            "vacancies",
            "applications",
            "jobs",
            "partners",
            "partner-referrals",
            "mentors",
            "mentoring-sessions",
        )  # fmt: skip
        for suffix in ("", "{id}/")
    } | {"/api/v1/outcomes/"}
    assert set(schema["paths"]) == expected
    for path in expected:
        assert set(schema["paths"][path]) == {"get"}


def test_components_are_named_after_the_records(schema):
    names = set(schema["components"]["schemas"])
    assert {
        "Participant", "ParticipantHealth", "ParticipantOffence", "Referral", "SupportContact", "Employer",
        "Vacancy", "Application", "Job", "PaginatedParticipantList", "Error", "Partner", "PartnerReferral",
    } <= names  # fmt: skip
    assert set(schema["components"]["securitySchemes"]) == {"tokenAuth", "sessionAuth"}


def test_filters_and_pagination_are_documented(schema):
    params = {p["name"]: p for p in schema["paths"]["/api/v1/participants/"]["get"]["parameters"]}
    assert set(params) == {"q", "site", "custody_status", "specialist", "active", "page", "page_size"}
    assert params["page_size"]["schema"] == {"type": "integer", "minimum": 1, "maximum": 100}
    assert "released_on_licence" in params["custody_status"]["schema"]["enum"]
    assert params["q"]["description"].startswith("Words to find")
    responses = schema["paths"]["/api/v1/participants/"]["get"]["responses"]
    assert set(responses) == {"200", "400", "401", "403", "404"}


def test_role_dependent_fields_are_optional_and_say_so(schema):
    participant = schema["components"]["schemas"]["Participant"]
    optional = set(participant["properties"]) - set(participant["required"])
    assert optional == {"health", "offence", "probation_practitioner", "has_open_episode", "has_pending_referral"}
    assert "health data" in participant["properties"]["health"]["description"]
    assert "offence data" in participant["properties"]["offence"]["description"]


def test_schema_endpoint_needs_credentials_and_answers_to_a_token(client, db):
    assert client.get(reverse("api:schema")).status_code == 401
    response = token_client(factories.ServiceAccountFactory.create()).get(reverse("api:schema"), {"format": "json"})
    assert response.status_code == 200
    assert response.json()["info"]["title"] == "ipsgate API"


def test_docs_page_needs_sign_in(client, db):
    response = client.get(reverse("api:docs"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_docs_page_loads_only_our_own_scripts_and_styles(make_client, specialist):
    client = make_client(specialist)
    html = client.get(reverse("api:docs")).content.decode()
    assert "<style" not in html and "style=" not in html
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", html, flags=re.S)
    assert len(scripts) == 3
    assert all('src="' in attrs and body.strip() == "" for attrs, body in scripts)  # no inline script
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert not [s for s in sources if s.startswith(("http:", "https:", "//"))]  # nothing from the internet
    for url in sources:
        if url.startswith("/assets/"):
            assert finders.find(url.removeprefix("/assets/")), url  # shipped in our static files
    init_script = [s for s in sources if "script=" in s][0]
    response = client.get(init_script)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/javascript")
    assert "/api/schema/" in response.content.decode()

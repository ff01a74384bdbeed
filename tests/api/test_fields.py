"""Field rules by role: health details only where `may_see_health_data`, offence details only where
`may_see_offence_data`, and probation's limited view without the working record."""

from __future__ import annotations

import pytest
from django.urls import reverse

from ipsgate.api.serializers import ParticipantSerializer, field_names
from ipsgate.core.field_policy import FieldGroup, field_groups_for
from tests import factories

from .conftest import Case, make_case

CASE_HISTORY = {"probation_practitioner", "has_open_episode", "has_pending_referral"}


def detail(client, case: Case) -> dict:
    response = client.get(reverse("api:participant-detail", args=[case.participant.pk]))
    assert response.status_code == 200, response.content
    return response.json()


def test_specialist_gets_health_and_offence_details(make_client, specialist, own_case: Case):
    body = detail(make_client(specialist), own_case)
    assert body["health"]["adjustments"] == "Needs a quiet place to take breaks"
    assert body["health"]["adjustment_kinds"] == ["health"]
    assert body["health"]["mental_health_care"]["gp_practice"] == "Harehills Surgery"
    assert body["offence"]["convictions"] == [
        {
            "id": own_case.conviction.pk,
            "description": "Theft from a shop",
            "conviction_date": "2020-03-01",
            "disposal": "fine",
            "length_months": None,
            "offence_category": "",
        }
    ]
    assert body["offence"]["disclosure_plan"] == "Tell the manager after the interview"
    assert body["has_open_episode"] is True
    assert body["in_work"] is True


def test_clinician_gets_health_but_not_offence_details(make_client, prison, own_case: Case):
    body = detail(make_client(factories.ClinicianFactory.create(site=prison)), own_case)
    assert body["health"]["mental_health_care"]["care_coordinator"] == "Alex Coordinator"
    assert "offence" not in body
    assert "Theft" not in str(body) and "disclosure" not in str(body)


def test_clinician_list_has_the_same_field_rule(make_client, prison, own_case: Case):
    rows = make_client(factories.ClinicianFactory.create(site=prison)).get(reverse("api:participant-list")).json()
    assert [("health" in row, "offence" in row) for row in rows["results"]] == [(True, False)]


def test_service_manager_follows_the_page_rule_and_gets_neither(make_client, own_case: Case):
    # Issue 7 §2: health and offence details only for the participant's specialist and team leader (and clinicians
    # for health). Service managers oversee the service without them, on the pages and in the API alike.
    body = detail(make_client(factories.ServiceManagerFactory.create()), own_case)
    assert "health" not in body and "offence" not in body
    assert body["family_name"] == own_case.participant.family_name


def test_probation_gets_the_limited_view(make_client, prison, specialist):
    practitioner = factories.ProbationPractitionerFactory.create()
    case = make_case(prison, specialist, probation_practitioner=practitioner)
    body = detail(make_client(practitioner), case)
    assert set(body) == {
        "id", "display_name", "given_name", "family_name", "preferred_name", "date_of_birth", "prison_number",
        "current_site", "custody_status", "expected_release_date", "actual_release_date", "allocated_specialist",
        "in_work",
    }  # fmt: skip
    assert body["allocated_specialist"] == {"id": specialist.pk, "name": specialist.get_full_name()}


def test_without_a_profile_health_and_offence_fields_are_null_not_missing(make_client, prison, specialist):
    bare = factories.ParticipantFactory.create(current_site=prison, allocated_specialist=specialist)
    body = detail(make_client(specialist), Case(bare, None, None, None, None, None, None))  # type: ignore[arg-type]
    assert body["health"] == {"adjustment_kinds": None, "adjustments": None, "mental_health_care": None}
    assert body["offence"] == {
        "convictions": [],
        "disclosure_share": None,
        "disclosed_by": None,
        "disclosure_plan": None,
    }


@pytest.mark.parametrize(
    ("factory", "groups"),
    [
        (factories.SpecialistFactory, {"case", "case_history", "health", "offence"}),
        (factories.TeamLeaderFactory, {"case", "case_history", "health", "offence"}),
        (factories.ServiceManagerFactory, {"case", "case_history"}),
        (factories.ClinicianFactory, {"case", "case_history", "health"}),
        (factories.ProbationPractitionerFactory, {"case"}),
        (factories.AnalystFactory, set()),
        (factories.AdministratorFactory, set()),
    ],
)
def test_field_groups_by_role(db, factory, groups):
    assert {str(g) for g in field_groups_for(factory.create())} == groups


def test_a_disabled_account_has_no_field_groups(db):
    assert field_groups_for(factories.SpecialistFactory.create(is_active=False)) == frozenset()


def test_field_names_per_group():
    everything = field_names(ParticipantSerializer, FieldGroup)
    limited = field_names(ParticipantSerializer, {FieldGroup.CASE})
    assert everything - limited == CASE_HISTORY | {"health", "offence"}
    assert field_names(ParticipantSerializer, {FieldGroup.CASE, FieldGroup.HEALTH}) - limited == {"health"}

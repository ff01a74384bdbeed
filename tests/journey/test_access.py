"""Who may open and write each journey page: 404 outside scope (nothing disclosed, nothing written), 403 for
read-only roles on write pages, health details only for roles allowed to see them, and every read and write
audited against the participant."""

from __future__ import annotations

import pytest
from django.urls import reverse

from ipsgate.core.models import AuditEvent
from tests import factories
from tests.journey.conftest import (
    PAGES,
    READ_PAGES,
    WRITE_PAGES,
    Page,
    audit_rows,
    db_state,
    page_ids,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def outsider(other_prison):
    """A specialist based at another prison, with the participant not on their caseload."""
    return factories.SpecialistFactory.create(site=other_prison)


@pytest.fixture
def clinician(prison):
    return factories.ClinicianFactory.create(site=prison)


@pytest.fixture
def probation(participant):
    officer = factories.ProbationPractitionerFactory.create()
    participant.probation_practitioner = officer
    participant.save()
    return officer


# --- Out of scope: 404 everywhere, nothing written -----------------------------------------------------------


@pytest.mark.parametrize("page", PAGES, ids=page_ids(PAGES))
def test_out_of_scope_specialist_gets_404_on_get_and_post_and_nothing_is_written(make_client, outsider, records, page):
    client = make_client(outsider)
    url = page.url(records)
    before = db_state()

    response = client.get(url)
    assert response.status_code == 404
    assert records.participant.family_name not in response.content.decode()

    response = client.post(url, page.data(records))
    assert response.status_code == (404 if page.write else 405)  # read-only pages refuse POST outright
    assert db_state() == before  # no row, no audit event


def test_out_of_scope_pages_are_reached_with_the_same_data_by_an_in_scope_specialist(make_client, specialist, records):
    """The 404s above are about scope, not broken URLs or data: the participant's own specialist gets through."""
    client = make_client(specialist)
    for page in PAGES:
        assert client.get(page.url(records)).status_code == 200, page.name


@pytest.mark.parametrize(
    ("name", "kwarg"),
    [
        ("work-history-edit", "entry"),
        ("work-history-delete", "entry"),
        ("qualification-delete", "qualification"),
        ("need-update", "need"),
    ],
)
def test_a_row_of_another_participant_is_404_under_this_participants_url(make_client, specialist, records, name, kwarg):
    """Someone the specialist may see must not be a way into rows of someone else they may also see."""
    other = factories.ParticipantFactory.create(current_site=specialist.site, allocated_specialist=specialist)
    url = reverse(f"journey:{name}", args=[other.pk, getattr(records, kwarg).pk])
    client = make_client(specialist)
    before = db_state()
    assert client.get(url).status_code == 404
    page = next(p for p in PAGES if p.name == name)
    # Read-only pages refuse POST outright (405) before looking anyone up; form pages answer 404.
    assert client.post(url, page.data(records)).status_code == (404 if page.write else 405)
    assert db_state() == before


def test_unknown_profile_section_is_404(make_client, specialist, participant):
    url = reverse("journey:profile-section", args=[participant.pk, "convictions"])
    assert make_client(specialist).get(url).status_code == 404


# --- Read-only roles: 403 on write pages ---------------------------------------------------------------------


@pytest.mark.parametrize("role", ["clinician", "probation"])
@pytest.mark.parametrize("page", WRITE_PAGES, ids=page_ids(WRITE_PAGES))
def test_read_only_roles_get_403_on_write_pages_and_nothing_is_written(make_client, request, records, role, page):
    user = request.getfixturevalue(role)
    client = make_client(user)
    url = page.url(records)
    before = db_state()
    assert client.get(url).status_code == 403
    assert client.post(url, page.data(records)).status_code == 403
    assert db_state() == before


@pytest.mark.parametrize("role", ["clinician", "probation"])
@pytest.mark.parametrize("page", READ_PAGES, ids=page_ids(READ_PAGES))
def test_read_only_roles_can_read_profile_and_needs_without_change_links(make_client, request, records, role, page):
    user = request.getfixturevalue(role)
    response = make_client(user).get(page.url(records))
    assert response.status_code == 200
    body = response.content.decode()
    assert records.participant.display_name in body
    for write_page in WRITE_PAGES:
        assert f'href="{write_page.url(records)}"' not in body, write_page.name


def test_clinician_sees_health_details_and_probation_does_not(make_client, specialist, records, clinician, probation):
    participant = records.participant
    factories.VocationalProfileFactory.create(
        participant=participant,
        adjustment_kinds=["literacy"],
        adjustments="Quiet room for breaks",
        disclosure_share="mental_health_only",
        disclosed_by="letter",
        disclosure_plan="Letter at the offer stage",
    )
    factories.MentalHealthCareFactory.create(participant=participant, updated_by=specialist, gp_practice="Oak Surgery")
    profile_url = reverse("journey:profile", args=[participant.pk])
    needs_url = reverse("journey:needs", args=[participant.pk])

    clinician_client, probation_client = make_client(clinician), make_client(probation)
    clinician_profile = clinician_client.get(profile_url).content.decode()
    clinician_needs = clinician_client.get(needs_url).content.decode()
    probation_profile = probation_client.get(profile_url).content.decode()
    probation_needs = probation_client.get(needs_url).content.decode()

    assert "Adjustments that help at work" in clinician_profile
    assert "Quiet room for breaks" in clinician_profile
    assert "GP, mental health team and care coordinator" in clinician_needs
    assert "Oak Surgery" in clinician_needs
    assert "Alex Coordinator" in clinician_needs

    for health_text in ("Adjustments that help at work", "Quiet room for breaks", "Disclosure preferences",
                        "Letter at the offer stage", "Mental health only"):  # fmt: skip
        assert health_text not in probation_profile, health_text
    for health_text in ("GP, mental health team and care coordinator", "Oak Surgery", "Alex Coordinator"):
        assert health_text not in probation_needs, health_text
    # Both still see the non-health parts of the same pages.
    assert "Job goals" in probation_profile and "Job goals" in clinician_profile
    assert records.need.title in probation_needs and records.need.title in clinician_needs


@pytest.mark.parametrize(
    "factory",
    [factories.AnalystFactory, factories.AdministratorFactory, factories.ClinicianFactory,
     factories.ProbationPractitionerFactory],
)  # fmt: skip
def test_roles_without_a_caseload_get_403_on_todo(make_client, factory):
    assert make_client(factory.create()).get(reverse("journey:todo")).status_code == 403


@pytest.mark.parametrize("page", PAGES, ids=page_ids(PAGES))
def test_analyst_gets_404_on_every_journey_page(make_client, records, page):
    """Analysts see no participant records at all: not even their existence."""
    client = make_client(factories.AnalystFactory.create())
    before = db_state()
    assert client.get(page.url(records)).status_code == 404
    # Read-only pages refuse POST outright (405) before looking anyone up; form pages answer 404.
    assert client.post(page.url(records), page.data(records)).status_code == (404 if page.write else 405)
    assert db_state() == before


# --- Audit ---------------------------------------------------------------------------------------------------

CONFIRM_PAGES = {"work-history-delete", "qualification-delete"}


def _read_audit_params() -> list:
    return [pytest.param(page, id=page.name) for page in PAGES]


@pytest.mark.parametrize("page", _read_audit_params())
def test_every_get_of_a_journey_page_is_audited_as_a_read_of_the_participant(make_client, specialist, records, page):
    client = make_client(specialist)
    before = AuditEvent.objects.count()
    response = client.get(page.url(records))
    assert response.status_code == 200
    new = AuditEvent.objects.filter(sequence__gt=before, participant_id=records.participant.pk)
    assert list(new.values_list("action", "object_type", "username")) == [("read", "participant", specialist.username)]


@pytest.mark.parametrize("role", ["clinician", "probation"])
@pytest.mark.parametrize("page", READ_PAGES, ids=page_ids(READ_PAGES))
def test_reads_by_read_only_roles_are_audited(make_client, request, records, role, page):
    user = request.getfixturevalue(role)
    make_client(user).get(page.url(records))
    assert AuditEvent.objects.filter(
        participant_id=records.participant.pk, action="read", username=user.username
    ).exists()


WRITE_AUDIT = {
    "profile-section:goals": [("create", "vocational_profile")],
    "profile-section:travel": [("create", "vocational_profile")],
    "profile-section:strengths": [("create", "vocational_profile")],
    "profile-section:adjustments": [("create", "vocational_profile")],
    "profile-section:right-to-work": [("create", "vocational_profile")],
    "profile-section:disclosure": [("create", "vocational_profile")],
    # A work history or qualification row also starts the profile when there is none yet.
    "work-history-add": [("create", "vocational_profile"), ("create", "work_history")],
    "work-history-edit": [("create", "vocational_profile"), ("update", "work_history")],
    "work-history-delete": [("create", "vocational_profile"), ("delete", "work_history")],
    "qualification-add": [("create", "vocational_profile"), ("create", "qualification")],
    "qualification-delete": [("create", "vocational_profile"), ("delete", "qualification")],
    "need-add": [("create", "resettlement_need")],
    "need-update": [("update", "resettlement_need")],
    "health-care": [("create", "mental_health_care")],
    "contact-add": [("create", "support_contact")],
    "custody-event-add": [("create", "custody_event"), ("update", "participant")],
}


@pytest.mark.parametrize("page", WRITE_PAGES, ids=page_ids(WRITE_PAGES))
def test_every_write_is_audited_against_the_participant(make_client, specialist, records, page: Page):
    assert set(WRITE_AUDIT) == {p.name for p in WRITE_PAGES}
    client = make_client(specialist)
    before = AuditEvent.objects.count()
    response = client.post(page.url(records), page.data(records))
    assert response.status_code == 302, response.content.decode()[:2000]
    new = AuditEvent.objects.filter(sequence__gt=before).order_by("sequence")
    assert {event.participant_id for event in new} == {records.participant.pk}
    assert {event.username for event in new} == {specialist.username}
    assert list(new.values_list("action", "object_type")) == WRITE_AUDIT[page.name]
    assert audit_rows(records.participant, sequence__gt=before) == WRITE_AUDIT[page.name]

"""The data protection page, the lawful basis and consent form, and legal hold: scope, roles, validation."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ipsgate.core.choices import AuditAction
from ipsgate.core.models import AuditEvent
from ipsgate.privacy.choices import ChangeKind
from ipsgate.privacy.models import DataProtectionChange, DataProtectionRecord
from tests import factories
from tests.conftest import date_fields


@pytest.fixture
def setting(db):
    prison = factories.SiteFactory.create()
    leader = factories.TeamLeaderFactory.create(site=prison)
    factories.TeamFactory.create(leader=leader, sites=[prison])
    specialist = factories.SpecialistFactory.create(site=prison)
    person = factories.ParticipantFactory.create(
        current_site=prison, allocated_specialist=specialist, date_of_birth=datetime.date(1990, 5, 1)
    )
    return {"prison": prison, "leader": leader, "specialist": specialist, "person": person}


def valid_post(**overrides):
    data = {
        "lawful_basis": "6_1_e",
        "health_condition": "9_2_h",
        "offence_condition": "sch1_p6",
        **date_fields("service_consent_date", datetime.date(2025, 3, 4)),
        "service_consent_method": "written",
        "research_consent": "yes",
        **date_fields("research_consent_date", datetime.date(2025, 3, 4)),
        **date_fields("privacy_notice_date", datetime.date(2025, 3, 1)),
    }
    data.update(overrides)
    return data


def test_participant_page_links_to_data_protection(setting, make_client):
    person = setting["person"]
    html = make_client(setting["specialist"]).get(person.get_absolute_url()).content.decode()
    assert reverse("privacy:data-protection", args=[person.pk]) in html


def test_page_reads_are_audited_and_say_not_recorded(setting, make_client):
    person = setting["person"]
    response = make_client(setting["specialist"]).get(reverse("privacy:data-protection", args=[person.pk]))
    assert response.status_code == 200
    assert "Not recorded" in response.content.decode()
    event = AuditEvent.objects.get(action=AuditAction.READ, object_type="data_protection")
    assert event.participant_id == person.pk


def test_clinician_in_scope_reads_but_may_not_change(setting, make_client):
    person = setting["person"]
    client = make_client(factories.ClinicianFactory.create(site=setting["prison"]))
    assert client.get(reverse("privacy:data-protection", args=[person.pk])).status_code == 200
    url = reverse("privacy:basis-consent", args=[person.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, valid_post()).status_code == 403
    assert not DataProtectionRecord.objects.exists()


def test_out_of_scope_is_404_everywhere(setting, make_client):
    person = setting["person"]
    elsewhere = factories.SpecialistFactory.create()
    client = make_client(elsewhere)
    for route in ("privacy:data-protection", "privacy:basis-consent", "privacy:legal-hold"):
        assert client.get(reverse(route, args=[person.pk])).status_code == 404
    assert client.post(reverse("privacy:basis-consent", args=[person.pk]), valid_post()).status_code == 404


def test_specialist_records_basis_and_consent_with_history(setting, make_client):
    person = setting["person"]
    response = make_client(setting["specialist"]).post(reverse("privacy:basis-consent", args=[person.pk]), valid_post())
    assert response.status_code == 302
    record = DataProtectionRecord.objects.get(participant=person)
    assert (record.lawful_basis, record.health_condition, record.offence_condition) == ("6_1_e", "9_2_h", "sch1_p6")
    assert record.research_consent_date == datetime.date(2025, 3, 4)
    change = DataProtectionChange.objects.get(record=record)
    assert change.changed_by == setting["specialist"]
    assert change.changes["Lawful basis"] == ["Not recorded", "Public task – Article 6(1)(e)"]
    assert AuditEvent.objects.filter(action=AuditAction.UPDATE, participant_id=person.pk).count() == 1
    # A second change records before and after.
    make_client(setting["leader"]).post(
        reverse("privacy:basis-consent", args=[person.pk]), valid_post(research_consent="no")
    )
    latest = DataProtectionChange.objects.filter(record=record).first()
    assert latest is not None
    assert latest.changes == {"Research consent": ["Yes", "No"]}
    assert latest.changed_by == setting["leader"]


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"lawful_basis": ""}, "lawful_basis", "Select the lawful basis for processing"),
        (
            date_fields("research_consent_date", None),
            "research_consent_date",
            "Enter the date they answered about the evaluation",
        ),
        (
            {"research_consent": "not_asked"},
            "research_consent_date",
            "Leave the date empty if the person has not been asked yet",
        ),
        ({"service_consent_method": ""}, "service_consent_method", "Select how the person's agreement was recorded"),
        (
            {"lawful_basis": "6_1_a", "service_consent_method": "", **date_fields("service_consent_date", None)},
            "service_consent_date",
            "Enter the date the person agreed to take part, because the basis or a condition is consent",
        ),
        (
            date_fields("privacy_notice_date", datetime.date(2099, 1, 1)),
            "privacy_notice_date",
            "The date the privacy notice was given must be today or in the past",
        ),
        (
            date_fields("service_consent_date", datetime.date(1989, 1, 1)),
            "service_consent_date",
            "The date the person agreed to take part must be after the person's date of birth",
        ),
    ],
)
def test_invalid_form_writes_nothing(setting, make_client, overrides, field, message):
    person = setting["person"]
    before = AuditEvent.objects.exclude(action="read").count()  # a form shown again with errors records a read
    response = make_client(setting["specialist"]).post(
        reverse("privacy:basis-consent", args=[person.pk]), valid_post(**overrides)
    )
    assert response.status_code == 200
    assert message in response.context["form"].errors[field]
    assert "govuk-error-summary" in response.content.decode()
    assert not DataProtectionRecord.objects.exists()
    assert not DataProtectionChange.objects.exists()
    assert AuditEvent.objects.exclude(action="read").count() == before


def test_legal_hold_only_by_team_leaders_and_service_managers(setting, make_client):
    person = setting["person"]
    url = reverse("privacy:legal-hold", args=[person.pk])
    for user in (setting["specialist"], factories.ClinicianFactory.create(site=setting["prison"])):
        assert make_client(user).post(url, {"reason": "Complaint"}).status_code == 403
    assert not DataProtectionRecord.objects.filter(legal_hold=True).exists()
    # The team leader sets it; lifting needs a reason; the service manager lifts it.
    leader = make_client(setting["leader"])
    assert leader.post(url, {"reason": "  "}).context["form"].errors["reason"] == ["Enter why the record must be kept"]
    assert leader.post(url, {"reason": "Complaint to the ombudsman"}).status_code == 302
    record = DataProtectionRecord.objects.get(participant=person)
    assert (record.legal_hold, record.legal_hold_reason, record.legal_hold_set_by) == (
        True,
        "Complaint to the ombudsman",
        setting["leader"],
    )
    manager = make_client(factories.ServiceManagerFactory.create())
    response = manager.post(url, {"reason": ""})
    assert response.context["form"].errors["reason"] == ["Enter why the legal hold is no longer needed"]
    assert DataProtectionRecord.objects.get(participant=person).legal_hold is True
    assert manager.post(url, {"reason": "Complaint closed"}).status_code == 302
    record.refresh_from_db()
    assert record.legal_hold is False
    kinds = list(DataProtectionChange.objects.filter(record=record).values_list("kind", "reason"))
    assert kinds == [(ChangeKind.HOLD_LIFTED, "Complaint closed"), (ChangeKind.HOLD_SET, "Complaint to the ombudsman")]
    updates = AuditEvent.objects.filter(
        action=AuditAction.UPDATE, object_type="data_protection", participant_id=person.pk
    )
    assert updates.count() == 2


def test_page_shows_only_the_links_the_role_may_use(setting, make_client):
    person = setting["person"]
    url = reverse("privacy:data-protection", args=[person.pk])
    specialist_html = make_client(setting["specialist"]).get(url).content.decode()
    assert reverse("privacy:basis-consent", args=[person.pk]) in specialist_html
    assert reverse("privacy:legal-hold", args=[person.pk]) not in specialist_html
    assert reverse("privacy:subject-access", args=[person.pk]) not in specialist_html
    assert "Only team leaders and service managers responsible for this person may produce it" in specialist_html
    leader_html = make_client(setting["leader"]).get(url).content.decode()
    assert reverse("privacy:legal-hold", args=[person.pk]) in leader_html
    assert reverse("privacy:subject-access-json", args=[person.pk]) in leader_html


def test_page_queries_do_not_grow_with_history(setting, make_client, django_assert_max_num_queries):
    person = setting["person"]
    url = reverse("privacy:data-protection", args=[person.pk])
    leader = make_client(setting["leader"])
    hold = reverse("privacy:legal-hold", args=[person.pk])
    leader.post(hold, {"reason": "One"})
    leader.get(url)
    with CaptureQueriesContext(connection) as small:
        leader.get(url)
    small_count = len(small)  # read now: the next request clears the connection's query log
    assert small_count <= 14
    for n in range(4):
        leader.post(hold, {"reason": f"Lift {n}"})
        leader.post(hold, {"reason": f"Set {n}"})
    leader.get(url)  # shows the last message, as the page measured first did
    with django_assert_max_num_queries(small_count):
        leader.get(url)

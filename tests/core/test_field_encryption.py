"""Health and offence details are encrypted at rest: the database holds ciphertext, the ORM gives back the text,
empty values stay empty, an older key still decrypts after rotation, and the audit trail never holds the text."""

from __future__ import annotations

import datetime

import pytest
from cryptography.fernet import Fernet
from django.apps import apps
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from ipsgate.core.fields import ProtectedCharField, ProtectedTextField, field_fernet
from ipsgate.core.models import AuditEvent
from ipsgate.journey.models import MentalHealthCare, SupportContact
from tests import factories

pytestmark = pytest.mark.django_db

# The fields that must be protected: if one is turned back into a plain field, this list fails the test below.
EXPECTED_PROTECTED = {
    ("journey", "vocationalprofile", "adjustments"),
    ("journey", "vocationalprofile", "disclosure_plan"),
    ("journey", "mentalhealthcare", "gp_practice"),
    ("journey", "mentalhealthcare", "care_coordinator"),
    ("journey", "mentalhealthcare", "care_coordinator_contact"),
    ("journey", "needupdate", "note"),
    ("journey", "supportcontact", "note"),
    ("journey", "custodyevent", "note"),
    ("jobs", "job", "held_reason"),
    ("advice", "convictionrecord", "description"),
    ("advice", "licencecondition", "detail"),
    ("advice", "disclosurestatement", "what_happened"),
    ("advice", "disclosurestatement", "what_has_changed"),
    ("advice", "disclosurestatement", "why_this_job"),
    ("advice", "disclosurestatement", "letter"),
    # Issue 16: how to reach the person, where their appointments are, and a handover note (personal free text).
    ("people", "contactdetails", "mobile"),
    ("people", "contactdetails", "email"),
    ("people", "contactdetails", "address"),
    ("journey", "appointment", "place"),
    ("journey", "appointment", "with_whom"),
    ("journey", "appointment", "what_to_bring"),
    ("journey", "appointment", "outcome_note"),
    ("journey", "handover", "note"),
    # Issue 18: what a partner was asked, what the person agreed to share, and notes on the referral's progress
    # (a referral to a mental health or drugs service says why).
    ("partners", "referralout", "asked"),
    ("partners", "referralout", "shared"),
    ("partners", "referraloutupdate", "note"),
    # Issue 19: an issued paper may hold the disclosure statement, appointments and the person's own words; a next
    # step is in the person's words.
    ("papers", "nextstep", "text"),
    ("papers", "paperversion", "content_json"),
}


def raw_value(model, pk: int, field: str) -> str:
    column = model._meta.get_field(field).column
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {connection.ops.quote_name(column)} FROM {connection.ops.quote_name(model._meta.db_table)} "  # noqa: S608
            f"WHERE id = %s",
            [pk],
        )
        return cursor.fetchone()[0]


def test_every_health_and_offence_detail_field_is_protected():
    protected = {
        (model._meta.app_label, model._meta.model_name, field.name)
        for model in apps.get_models()
        for field in model._meta.get_fields()
        if isinstance(field, ProtectedCharField | ProtectedTextField)
    }
    assert protected == EXPECTED_PROTECTED


def test_the_database_holds_ciphertext_and_the_orm_gives_back_the_text():
    care = factories.MentalHealthCareFactory.create(gp_practice="Harehills Surgery", care_coordinator="Sam Patel")
    stored = raw_value(MentalHealthCare, care.pk, "gp_practice")
    assert "Harehills" not in stored
    assert field_fernet().decrypt(stored.encode()).decode() == "Harehills Surgery"
    care.refresh_from_db()
    assert (care.gp_practice, care.care_coordinator) == ("Harehills Surgery", "Sam Patel")
    assert MentalHealthCare.objects.values_list("care_coordinator", flat=True).get(pk=care.pk) == "Sam Patel"


def test_the_same_text_encrypts_differently_each_time():
    first = factories.MentalHealthCareFactory.create(gp_practice="Same Surgery")
    second = factories.MentalHealthCareFactory.create(gp_practice="Same Surgery")
    assert raw_value(MentalHealthCare, first.pk, "gp_practice") != raw_value(MentalHealthCare, second.pk, "gp_practice")


def test_empty_values_stay_empty():
    contact = factories.SupportContactFactory.create(note="")
    assert raw_value(SupportContact, contact.pk, "note") == ""
    contact.refresh_from_db()
    assert contact.note == ""


def test_an_older_key_still_decrypts_after_rotation(settings):
    old_key = settings.IPSGATE_FIELD_ENCRYPTION_KEYS[0]
    contact = factories.SupportContactFactory.create(note="Talked about his medication")
    settings.IPSGATE_FIELD_ENCRYPTION_KEYS = [Fernet.generate_key().decode(), old_key]
    contact.refresh_from_db()
    assert contact.note == "Talked about his medication"
    contact.save()  # re-saving encrypts with the newest key
    settings.IPSGATE_FIELD_ENCRYPTION_KEYS = settings.IPSGATE_FIELD_ENCRYPTION_KEYS[:1]
    contact.refresh_from_db()
    assert contact.note == "Talked about his medication"


def test_without_the_key_the_text_cannot_be_read(settings):
    contact = factories.SupportContactFactory.create(note="Hears voices at night")
    settings.IPSGATE_FIELD_ENCRYPTION_KEYS = [Fernet.generate_key().decode()]
    contact.refresh_from_db()
    assert "voices" not in contact.note


def test_the_audit_trail_never_holds_the_text(make_client, specialist):
    participant = factories.ParticipantFactory.create(current_site=specialist.site, allocated_specialist=specialist)
    factories.EpisodeFactory.create(participant=participant)
    client = make_client(specialist)
    secret = "Needs quiet breaks because of panic attacks"
    url = reverse("journey:profile-section", args=[participant.pk, "adjustments"])
    response = client.post(url, {"adjustment_kinds": ["health"], "adjustments": secret})
    assert response.status_code == 302
    assert participant.vocational_profile.adjustments == secret
    client.get(reverse("journey:profile", args=[participant.pk]))
    assert AuditEvent.objects.filter(participant_id=participant.pk).exists()
    for row in AuditEvent.objects.values():
        assert all(secret not in str(value) for value in row.values())


@pytest.mark.django_db(transaction=True)
def test_the_migration_encrypts_rows_written_before_it():
    # Core's later migrations are unapplied too, so the old User model matches the table.
    before = [("journey", "0003_contact_employer_job"), ("core", "0003_mfa_and_security_events")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    site = old.get_model("core", "Site").objects.create(name="HMP Old", kind="prison", prison_code="OLD")
    person = old.get_model("people", "Participant").objects.create(
        given_name="A",
        family_name="B",
        date_of_birth=datetime.date(1990, 1, 1),
        current_site=site,
        custody_status="released_on_licence",
    )
    staff = old.get_model("core", "User").objects.create(username="old-staff", role="specialist", site=site)
    care = old.get_model("journey", "MentalHealthCare").objects.create(
        participant=person,
        gp_practice="Old Surgery",
        updated_by=staff,
        updated_at=datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC),
    )
    assert raw_value(MentalHealthCare, care.pk, "gp_practice") == "Old Surgery"

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
    stored = raw_value(MentalHealthCare, care.pk, "gp_practice")
    assert stored != "Old Surgery"
    assert MentalHealthCare.objects.get(pk=care.pk).gp_practice == "Old Surgery"

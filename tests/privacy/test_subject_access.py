"""The subject-access export: every kind of record about the person, nobody else's, audited, scoped."""

from __future__ import annotations

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ipsgate.core.choices import AuditAction
from ipsgate.core.models import AuditEvent
from ipsgate.employers.models import EmployerContact
from ipsgate.privacy.discovery import related_models
from tests import factories

from .records import Dates, more_of_many_kinds


def _json(client, pk):
    response = client.get(reverse("privacy:subject-access-json", args=[pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="subject-access-{pk}.json"'
    return response, json.loads(response.content)


def test_every_discovered_kind_of_record_is_in_the_export_with_the_persons_rows(world, make_client):
    client = make_client(world.team_leader)
    _, data = _json(client, world.subject.pk)
    labels = [related.label for related in related_models()]
    assert len(labels) >= 20
    for label in labels:
        # A model added later with no test data in records.make_full_record fails here.
        assert data["records"][label]["rows"], f"{label}: no rows in the export (add test data for it)"
    assert data["person"]["given_name"] == "Alphonse"
    assert data["person"]["family_name"] == "Aardvark"
    text = json.dumps(data)
    assert "ALPHATAG offence description" in text
    assert "ALPHATAG need note" in text  # a child of a need
    assert "ALPHATAG status note" in text  # a child of an application
    assert "ALPHATAG sustainment note" in text  # a child of a job


def test_no_one_elses_data_appears(world, make_client):
    # An employer contact that discussed both people is shared: it appears, but names neither the other person
    # nor their notes.
    shared = EmployerContact.objects.create(
        employer=world.subject.jobs.get().employer,
        specialist=world.specialist,
        contact_date=Dates().job_start,
        face_to_face=False,
        purpose="follow_up",
        note="Talked about two candidates",
    )
    shared.participants_discussed.add(world.subject, world.other)
    client = make_client(world.team_leader)
    response, data = _json(client, world.subject.pk)
    page = client.get(reverse("privacy:subject-access", args=[world.subject.pk]))
    assert page["Cache-Control"] == "no-store"
    assert response["Cache-Control"] == "no-store"
    html = page.content.decode()
    for document in (response.content.decode(), html):
        assert "Alphonse" in document
        assert "Talked about two candidates" in document
        for foreign in ("BRAVOTAG", "Bartholomew", "Bramblewood", world.other.prison_number):
            assert foreign not in document
        assert "pbkdf2" not in document  # no password hash
    contacts = data["records"]["employers.EmployerContact"]["rows"]
    assert len(contacts) == 2
    assert data["records"]["employers.EmployerContact"]["shared_with_other_people"] is True


def test_staff_are_named_and_empty_fields_say_not_recorded(world, make_client):
    client = make_client(world.team_leader)
    html = client.get(reverse("privacy:subject-access", args=[world.subject.pk])).content.decode()
    assert "Sam Specialist" in html
    assert "Not recorded" in html  # e.g. the preferred name, never given
    _, data = _json(client, world.subject.pk)
    assert data["person"]["preferred_name"] is None
    assert data["person"]["allocated_specialist"] == "Sam Specialist"


def test_each_export_is_audited_as_an_export_and_listed_in_the_next(world, make_client):
    client = make_client(world.team_leader)
    before = AuditEvent.objects.count()
    client.get(reverse("privacy:subject-access", args=[world.subject.pk]))
    _json(client, world.subject.pk)
    events = list(AuditEvent.objects.filter(sequence__gt=before))
    assert [(e.action, e.object_type, e.participant_id) for e in events] == [
        (AuditAction.EXPORT, "subject_access_html", world.subject.pk),
        (AuditAction.EXPORT, "subject_access_json", world.subject.pk),
    ]
    _, data = _json(client, world.subject.pk)
    listed = [(e["who"], e["action"], e["what"]) for e in data["audit_events"]]
    assert ("Tess Leader", "Export", "subject access html") in listed
    assert ("Tess Leader", "Export", "subject access json") in listed


@pytest.mark.parametrize("route", ["privacy:subject-access", "privacy:subject-access-json"])
def test_only_team_leaders_and_service_managers_may_export(world, make_client, route):
    url = reverse(route, args=[world.subject.pk])
    clinician = factories.ClinicianFactory.create(site=world.prison)
    probation = factories.ProbationPractitionerFactory.create()
    world.subject.probation_practitioner = probation
    world.subject.save()
    before = AuditEvent.objects.filter(action=AuditAction.EXPORT).count()
    for user in (world.specialist, clinician, probation):
        assert make_client(user).get(url).status_code == 403
    for user in (factories.AnalystFactory.create(), factories.AdministratorFactory.create()):
        assert make_client(user).get(url).status_code == 404  # no participant records at all
    assert AuditEvent.objects.filter(action=AuditAction.EXPORT).count() == before
    assert make_client(factories.ServiceManagerFactory.create()).get(url).status_code == 200
    assert make_client(world.team_leader).get(url).status_code == 200


@pytest.mark.parametrize("route", ["privacy:subject-access", "privacy:subject-access-json"])
def test_out_of_scope_team_leader_gets_404(world, make_client, route):
    elsewhere = factories.TeamLeaderFactory.create(site=world.other_prison)
    factories.TeamFactory.create(leader=elsewhere, sites=[world.other_prison])
    assert make_client(elsewhere).get(reverse(route, args=[world.subject.pk])).status_code == 404


def _count_queries(client, pk) -> int:
    client.get(
        reverse("privacy:subject-access", args=[pk])
    )  # warm-up: both measured requests then start from the same session state
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("privacy:subject-access", args=[pk])).status_code == 200
    return len(queries)


def test_export_queries_do_not_grow_with_the_record(world, make_client, django_assert_max_num_queries):
    client = make_client(world.team_leader)
    small = _count_queries(client, world.subject.pk)
    more_of_many_kinds(world.subject, staff=world.specialist, released_from=world.prison, times=3)
    with django_assert_max_num_queries(small):
        client.get(reverse("privacy:subject-access", args=[world.subject.pk]))

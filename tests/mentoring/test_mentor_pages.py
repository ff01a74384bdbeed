"""Mentor records (issue 17 §1): kept by team leaders and service managers, validated, audited, vetting flagged."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from ipsgate.core.models import AuditEvent
from ipsgate.mentoring.models import Mentor
from tests import factories
from tests.conftest import date_fields

pytestmark = pytest.mark.django_db


@pytest.fixture
def leader(prison):
    return factories.TeamLeaderFactory.create(site=prison)


@pytest.fixture
def leader_client(make_client, leader):
    return make_client(leader)


def form_data(prison, **changes):
    today = timezone.localdate()
    data = {
        "name": "Sam Okafor",
        "organisation": "Second Chances Trust",
        "organisation_kind": "partner",
        "lived_experience": "yes",
        "training": "Peer-mentor course",
        "dbs_level": "enhanced",
        "cleared_prisons": [str(prison.pk)],
        "sites": [str(prison.pk)],
        "postcode_districts": "ls9, bd3 LS9",
        "capacity": "4",
        "gender": "man",
        "languages": "English, Polish",
        "interests": ["WAREHOUSING", "CONSTRUCTION"],
        "other_interests": "Football",
        "status": "active",
        **date_fields("trained_on", today - datetime.timedelta(days=100)),
        **date_fields("dbs_checked_on", today - datetime.timedelta(days=60)),
        **date_fields("vetting_expires", today + datetime.timedelta(days=300)),
        **date_fields("status_since", today),
    }
    return data | changes


def test_a_team_leader_adds_a_mentor_and_the_write_is_audited(leader_client, leader, prison):
    response = leader_client.post(reverse("mentoring:mentor-create"), form_data(prison))
    mentor = Mentor.objects.get()
    assert response.status_code == 302 and response["Location"] == mentor.get_absolute_url()
    assert mentor.postcode_districts == "LS9 BD3"
    assert mentor.interests == ["CONSTRUCTION", "WAREHOUSING"]
    assert list(mentor.cleared_prisons.all()) == [prison]
    event = AuditEvent.objects.get(object_type="mentor")
    assert (event.action, event.object_id, event.user_id_at_event, event.participant_id) == (
        "create",
        str(mentor.pk),
        leader.pk,
        None,
    )

    page = leader_client.get(mentor.get_absolute_url()).content.decode()
    assert "Sam Okafor" in page and "Vetting valid until" in page and prison.name in page


def test_changing_a_mentor_keeps_one_record_and_audits_the_update(leader_client, prison):
    mentor = factories.MentorFactory.create()
    form = leader_client.get(reverse("mentoring:mentor-edit", args=[mentor.pk])).content.decode()
    assert f'value="{mentor.name}"' in form
    response = leader_client.post(
        reverse("mentoring:mentor-edit", args=[mentor.pk]), form_data(prison, name="Sam O", status="paused")
    )
    assert response.status_code == 302
    mentor.refresh_from_db()
    assert (mentor.name, mentor.status, Mentor.objects.count()) == ("Sam O", "paused", 1)
    assert AuditEvent.objects.filter(object_type="mentor", action="update", object_id=str(mentor.pk)).exists()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"name": ""}, "Enter the mentor&#x27;s name"),
        ({"capacity": "0"}, "Most mentees at once must be 1 or more"),
        ({"capacity": "21"}, "Most mentees at once must be 20 or fewer"),
        ({"postcode_districts": "LS9 banana"}, "Enter postcode districts like LS9 or BD3 (BANANA is not one)"),
        (
            date_fields("status_since", timezone.localdate() + datetime.timedelta(days=1)),
            "Status since must be today or in the past",
        ),
        (
            date_fields("vetting_expires", timezone.localdate() - datetime.timedelta(days=90)),
            "Vetting expiry must be on or after the date of the DBS check",
        ),
        ({"other_interests": "x" * 201}, "Other interests must be 200 characters or fewer"),
        ({"cleared_prisons": ["999999"]}, "Select prisons from the list"),
    ],
)
def test_bad_input_is_refused_with_a_message_naming_the_field_and_nothing_is_written(
    leader_client, prison, changes, message
):
    response = leader_client.post(reverse("mentoring:mentor-create"), form_data(prison, **changes))
    page = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in page and message in page
    assert not Mentor.objects.exists()
    assert not AuditEvent.objects.filter(object_type="mentor").exists()


def test_the_list_flags_expired_and_missing_vetting(leader_client):
    today = timezone.localdate()
    factories.MentorFactory.create(name="In date")
    factories.MentorFactory.create(name="Expired", vetting_expires=today - datetime.timedelta(days=1))
    factories.MentorFactory.create(name="Never vetted", vetting_expires=None, dbs_checked_on=None)
    factories.MentorFactory.create(name="Soon", vetting_expires=today + datetime.timedelta(days=10))
    page = leader_client.get(reverse("mentoring:mentor-list")).content.decode()
    assert "2 active mentors on this page cannot be matched" in page
    assert page.count("govuk-tag--red") == 1 and page.count("govuk-tag--grey") == 1
    assert page.count("govuk-tag--yellow") == 1 and page.count("govuk-tag--green") == 1
    assert "Vetting expires in 10 days" in page


def test_the_list_costs_the_same_queries_for_1_and_15_mentors(leader_client, prison, django_assert_max_num_queries):
    factories.MentorFactory.create().cleared_prisons.add(prison)
    with django_assert_max_num_queries(12):
        assert leader_client.get(reverse("mentoring:mentor-list")).status_code == 200
    for _ in range(14):
        factories.MentorFactory.create().cleared_prisons.add(prison)
    with django_assert_max_num_queries(12):
        assert leader_client.get(reverse("mentoring:mentor-list")).status_code == 200


@pytest.mark.parametrize("factory", ["SpecialistFactory", "ClinicianFactory", "AnalystFactory", "AdministratorFactory"])
def test_roles_that_do_not_keep_mentor_records_are_refused(make_client, prison, factory):
    client = make_client(getattr(factories, factory).create(site=prison))
    mentor = factories.MentorFactory.create()
    assert client.get(reverse("mentoring:mentor-list")).status_code == 403
    assert client.get(mentor.get_absolute_url()).status_code == 403
    assert client.post(reverse("mentoring:mentor-edit", args=[mentor.pk]), {"name": "x"}).status_code == 403
    assert "/mentors/" not in client.get(reverse("home"), follow=True).content.decode()


def test_a_service_manager_sees_mentors_in_the_navigation(make_client, prison):
    page = make_client(factories.ServiceManagerFactory.create(site=prison)).get(reverse("home"), follow=True)
    assert reverse("mentoring:mentor-list") in page.content.decode()

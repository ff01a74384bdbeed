"""Referrals out from a person's record (issue 18 §2): suggested partners, bad input, the lifecycle, audit, the
timeline, the caseload flag and health-pathway protection."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from ipsgate.core.bank_holidays import england_and_wales
from ipsgate.core.models import AuditEvent
from ipsgate.partners.models import ReferralOut, ReferralOutUpdate
from ipsgate.partners.services import partner_save, referral_out_create, referral_out_update
from ipsgate.rules.referrals_out import chase_cutoff
from ipsgate.rules.reminders import TaskKind
from tests import factories
from tests.conftest import date_fields

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


@pytest.fixture
def leader(prison):
    return factories.TeamLeaderFactory.create(site=prison)


@pytest.fixture
def person(prison, specialist):
    return factories.ParticipantFactory.create(current_site=prison, allocated_specialist=specialist)


@pytest.fixture
def need(person, specialist):
    return factories.ResettlementNeedFactory.create(
        participant=person, created_by=specialist, title="Somewhere to live"
    )


def partner(leader, name, *, pathways=("ACCOMMODATION",), prisons=(), areas="LS9", closed_on=None):
    return partner_save(
        actor=leader,
        data={"name": name, "kind": "housing", "areas": areas, "closed_on": closed_on},
        pathways=list(pathways),
        prisons=list(prisons),
    )


def post_data(partner_pk, **overrides):
    data = {
        "partner": str(partner_pk),
        **date_fields("referred_on", TODAY()),
        "method": "phone",
        "asked": "A room for the night of release",
        "consent_to_share": "yes",
        "shared": "Name and release date",
    }
    data.update(overrides)
    return data


def refer(specialist, person, to, **overrides):
    values = {
        "actor": specialist,
        "participant": person,
        "partner": to,
        "pathway": "ACCOMMODATION",
        "referred_on": TODAY(),
        "method": "phone",
        "asked": "A room",
        "consent_to_share": True,
    }
    values.update(overrides)
    return referral_out_create(**values)


def test_specialist_refers_from_a_need_to_a_suggested_partner(
    specialist_client, specialist, leader, person, need, prison
):
    local = partner(leader, "At the prison", prisons=[prison], areas="")
    elsewhere = partner(leader, "Elsewhere", areas="BD1")
    partner(leader, "Closed", prisons=[prison], closed_on=TODAY())
    url = reverse("partners:referral-create", args=[person.pk]) + f"?need={need.pk}"
    page = specialist_client.get(url)
    choices = [value for value, _ in page.context["form"].fields["partner"].choices]
    assert choices == [str(local.pk), str(elsewhere.pk)]  # the prison's partner first; the closed one not offered
    response = specialist_client.post(url, post_data(local.pk))
    assert response.status_code == 302
    referral = ReferralOut.objects.get()
    assert (referral.partner, referral.need, referral.pathway, referral.status) == (
        local,
        need,
        "ACCOMMODATION",
        "sent",
    )
    event = AuditEvent.objects.get(object_type="referral_out")
    assert (event.action, event.participant_id, event.user_id_at_event) == ("create", person.pk, specialist.pk)
    listing = specialist_client.get(reverse("partners:referrals", args=[person.pk])).content.decode()
    assert "At the prison" in listing and "Somewhere to live" in listing
    summary = specialist_client.get(reverse("people:participant-detail", args=[person.pk])).content.decode()
    assert "Referral to At the prison: sent" in summary


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"consent_to_share": "no"}, "consent_to_share", "The person must agree to their details being shared"),
        ({"asked": ""}, "asked", "Enter what you asked the partner for"),
        ({"partner": "999999"}, "partner", "Select a partner from the list"),
        (date_fields("referred_on", None), "referred_on", "Enter the date of the referral"),
    ],
)
def test_bad_referral_gets_a_clear_message_and_writes_nothing(
    specialist_client, leader, person, need, overrides, field, message
):
    to = partner(leader, "Housing")
    url = reverse("partners:referral-create", args=[person.pk]) + f"?need={need.pk}"
    response = specialist_client.post(url, post_data(to.pk, **overrides))
    assert response.status_code == 200
    assert any(message in text for text in response.context["form"].errors[field])
    assert escape(message) in response.content.decode()
    assert not ReferralOut.objects.exists() and not AuditEvent.objects.filter(object_type="referral_out").exists()


def test_a_closed_partner_or_one_for_another_pathway_is_refused_by_the_service(specialist, leader, person):
    closed = partner(leader, "Closed", closed_on=TODAY() - datetime.timedelta(days=3))
    money = partner(leader, "Money", pathways=("BENEFITS_AND_DEBT",))
    with pytest.raises(ValidationError) as refused:
        refer(specialist, person, closed)
    assert "Closed closed on" in refused.value.message_dict["partner"][0]
    with pytest.raises(ValidationError) as refused:
        refer(specialist, person, money)
    assert refused.value.message_dict["partner"] == ["Money does not help with accommodation: choose another"]
    assert not ReferralOut.objects.exists()


def test_lifecycle_through_the_page_and_refusals(specialist_client, specialist, leader, person):
    referral = refer(specialist, person, partner(leader, "Housing"), referred_on=TODAY() - datetime.timedelta(days=5))
    url = reverse("partners:referral-update", args=[person.pk, referral.pk])

    def post(status, day, note=""):
        return specialist_client.post(url, {"status": status, **date_fields("happened_on", day), "note": note})

    # an acknowledgement dated before the referral
    response = post("acknowledged", TODAY() - datetime.timedelta(days=6))
    assert "The date must be on or after the referral" in response.content.decode()
    # a change that skips the lifecycle
    response = post("support_started", TODAY())
    assert escape("A referral that is sent cannot become support started") in response.content.decode()
    # declined without a reason
    response = post("declined", TODAY())
    assert "Enter the reason the partner gave for declining" in response.content.decode()
    assert ReferralOutUpdate.objects.count() == 1
    assert post("acknowledged", TODAY() - datetime.timedelta(days=2)).status_code == 302
    assert post("accepted", TODAY()).status_code == 302
    referral.refresh_from_db()
    assert (referral.status, referral.status_on) == ("accepted", TODAY())
    updates = AuditEvent.objects.filter(object_type="referral_out", action="update")
    assert list(updates.order_by("sequence").values_list("detail", flat=True)) == ["acknowledged", "accepted"]


def test_status_update_service_refuses_a_date_before_the_last_change(specialist, leader, person):
    referral = refer(specialist, person, partner(leader, "Housing"), referred_on=TODAY() - datetime.timedelta(days=9))
    referral_out_update(actor=specialist, referral=referral, status="acknowledged", happened_on=TODAY())
    with pytest.raises(ValidationError) as refused:
        referral_out_update(
            actor=specialist, referral=referral, status="accepted", happened_on=TODAY() - datetime.timedelta(days=1)
        )
    assert "on or after the last change" in refused.value.message_dict["happened_on"][0]


def test_an_unanswered_referral_is_flagged_to_chase_after_ten_working_days(
    specialist_client, specialist, leader, person
):
    factories.EpisodeFactory.create(participant=person)  # on the active caseload
    to = partner(leader, "Housing")
    cutoff = chase_cutoff(TODAY(), england_and_wales(TODAY()))
    refer(specialist, person, to, referred_on=cutoff + datetime.timedelta(days=1))
    assert "Partner referral to chase" not in specialist_client.get(reverse("people:my-caseload")).content.decode()
    refer(specialist, person, to, referred_on=cutoff)
    assert "Partner referral to chase" in specialist_client.get(reverse("people:my-caseload")).content.decode()


def test_an_unanswered_referral_is_a_chase_task_in_the_specialists_to_do(specialist_client, specialist, leader, person):
    factories.EpisodeFactory.create(participant=person)
    to = partner(leader, "Housing")
    cutoff = chase_cutoff(TODAY(), england_and_wales(TODAY()))
    answered = refer(specialist, person, to, referred_on=cutoff - datetime.timedelta(days=20))
    referral_out_update(actor=specialist, referral=answered, status="accepted", happened_on=TODAY())
    title = TaskKind.CHASE_PARTNER_REFERRAL.title
    assert title not in specialist_client.get(reverse("journey:todo")).content.decode()  # answered: nothing to chase
    refer(specialist, person, to, referred_on=cutoff)
    page = specialist_client.get(reverse("journey:todo")).content.decode()
    assert title in page
    assert f"sent on {cutoff:%-d %B %Y}" in page


def test_health_pathway_referrals_are_hidden_from_roles_without_health_access(
    make_client, specialist, leader, person, prison
):
    nhs = partner(leader, "Community mental health team", pathways=("HEALTH",))
    refer(specialist, person, nhs, pathway="HEALTH", asked="Care coordinator after release")
    manager = factories.ServiceManagerFactory.create()
    manager_client = make_client(manager)
    listing = manager_client.get(reverse("partners:referrals", args=[person.pk])).content.decode()
    assert "Community mental health team" not in listing
    summary = manager_client.get(reverse("people:participant-detail", args=[person.pk])).content.decode()
    assert "Community mental health team" not in summary
    assert manager_client.get(reverse("partners:referral-create", args=[person.pk]) + "?pathway=HEALTH").context[
        "pathways"
    ]  # shown the pathway choice again, without health
    with pytest.raises(Exception):  # noqa: B017 - PermissionDenied from the service
        refer(manager, person, nhs, pathway="HEALTH")


def test_out_of_scope_person_is_not_found(specialist_client, other_prison):
    stranger = factories.ParticipantFactory.create(current_site=other_prison)
    assert specialist_client.get(reverse("partners:referrals", args=[stranger.pk])).status_code == 404
    assert specialist_client.get(reverse("partners:referral-create", args=[stranger.pk])).status_code == 404


def test_the_referrals_page_costs_the_same_for_2_and_12_referrals(
    specialist_client, specialist, leader, person, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    to = partner(leader, "Housing")

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert specialist_client.get(reverse("partners:referrals", args=[person.pk])).status_code == 200
        return len(queries)

    for _ in range(2):
        referral_out_update(actor=specialist, referral=refer(specialist, person, to), status="acknowledged",
                            happened_on=TODAY())  # fmt: skip
    few = count()
    for _ in range(10):
        refer(specialist, person, to)
    assert count() == few

"""The partner directory and referrals out in the API (issue 18 §5): read-only, the pages' scoping (a referral only
when its participant is in scope; health-pathway referrals only for health roles), audit of every referral read,
filters, and a constant query count."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from ipsgate.core.models import AuditEvent
from ipsgate.partners.services import partner_save, referral_out_create, referral_out_update
from tests import factories

from .conftest import Case, make_case

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


@pytest.fixture
def leader(prison):
    return factories.TeamLeaderFactory.create(site=prison)


@pytest.fixture
def housing(leader, prison):
    return partner_save(
        actor=leader,
        data={"name": "Aire Housing", "kind": "housing", "areas": "LS9, Leeds", "closed_on": None,
              "eligibility": "Over 18", "phone": "0113 496 0001"},
        pathways=["ACCOMMODATION"], prisons=[prison],
    )  # fmt: skip


@pytest.fixture
def cmht(leader, prison):
    return partner_save(
        actor=leader,
        data={"name": "Aire CMHT", "kind": "nhs", "areas": "LS9", "closed_on": None,
              "community_mental_health_team": True},
        pathways=["HEALTH"], prisons=[prison],
    )  # fmt: skip


def refer(specialist, person, partner, pathway="ACCOMMODATION", days_ago=5):
    return referral_out_create(
        actor=specialist, participant=person, partner=partner, pathway=pathway,
        referred_on=TODAY() - datetime.timedelta(days=days_ago), method="phone", asked="A room",
        consent_to_share=True,
    )  # fmt: skip


def ids(response) -> list[int]:
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["results"]]


def test_partners_list_filters_and_one_partners_fields(make_client, specialist, housing, cmht, prison, leader):
    partner_save(actor=leader, data={"name": "Gone", "kind": "other", "areas": "LS1", "closed_on": TODAY()},
                 pathways=["ACCOMMODATION"], prisons=[prison])  # fmt: skip
    client = make_client(specialist)
    assert ids(client.get(reverse("api:partner-list"))) == [cmht.pk, housing.pk]  # open ones, by name
    assert len(ids(client.get(reverse("api:partner-list"), {"closed": "true"}))) == 3
    assert ids(client.get(reverse("api:partner-list"), {"pathway": "HEALTH"})) == [cmht.pk]
    assert ids(client.get(reverse("api:partner-list"), {"area": "leeds"})) == [housing.pk]
    assert ids(client.get(reverse("api:partner-list"), {"prison": prison.pk})) == [cmht.pk, housing.pk]
    row = client.get(reverse("api:partner-detail", args=[housing.pk])).json()
    assert row["pathways"] == ["ACCOMMODATION"] and row["areas"] == ["LS9", "Leeds"]
    assert row["prisons"] == [{"id": prison.pk, "name": prison.name, "kind": prison.kind}]
    assert (row["active"], row["phone"], row["eligibility"]) == (True, "0113 496 0001", "Over 18")
    assert client.get(reverse("api:partner-list"), {"prison": "x"}).status_code == 400
    assert not AuditEvent.objects.filter(object_type="partner", action="read").exists()  # no participant data


def test_partner_referrals_are_scoped_like_the_page(make_client, specialist, own_case: Case, other_case, housing):
    mine = refer(specialist, own_case.participant, housing)
    theirs = refer(other_case.participant.allocated_specialist, other_case.participant, housing)
    client = make_client(specialist)
    assert ids(client.get(reverse("api:partner-referral-list"))) == [mine.pk]
    assert client.get(reverse("api:partner-referral-detail", args=[theirs.pk])).status_code == 404
    assert make_client(factories.AnalystFactory.create()).get(reverse("api:partner-referral-list")).status_code == 403


def test_health_pathway_referrals_only_for_health_roles(make_client, specialist, own_case: Case, housing, cmht):
    housing_referral = refer(specialist, own_case.participant, housing)
    health_referral = refer(specialist, own_case.participant, cmht, pathway="HEALTH", days_ago=3)
    assert ids(make_client(specialist).get(reverse("api:partner-referral-list"))) == [
        health_referral.pk,
        housing_referral.pk,
    ]
    manager = make_client(factories.ServiceManagerFactory.create())  # the whole service, but no health access
    assert ids(manager.get(reverse("api:partner-referral-list"))) == [housing_referral.pk]
    assert manager.get(reverse("api:partner-referral-detail", args=[health_referral.pk])).status_code == 404


def test_every_referral_read_is_audited_with_its_status_changes(make_client, specialist, own_case: Case, housing):
    referral = refer(specialist, own_case.participant, housing, days_ago=6)
    referral_out_update(actor=specialist, referral=referral, status="acknowledged", happened_on=TODAY())
    client = make_client(specialist)
    before = AuditEvent.objects.count()
    row = client.get(reverse("api:partner-referral-detail", args=[referral.pk])).json()
    assert [(u["status"], u["happened_on"]) for u in row["updates"]] == [
        ("sent", (TODAY() - datetime.timedelta(days=6)).isoformat()),
        ("acknowledged", TODAY().isoformat()),
    ]
    assert row["partner"] == {"id": housing.pk, "name": "Aire Housing"} and row["status"] == "acknowledged"
    assert row["referred_from"]["id"] == own_case.participant.current_site_id
    new = list(AuditEvent.objects.order_by("sequence")[before:].values_list("action", "object_type", "object_id"))
    assert new == [("read", "referral_out", str(referral.pk))]
    client.get(reverse("api:partner-referral-list"))
    assert AuditEvent.objects.filter(action="read", object_type="referral_out").count() == 2


def test_partner_referral_filters(make_client, specialist, own_case: Case, housing, prison):
    old = refer(specialist, own_case.participant, housing, days_ago=30)
    new = refer(specialist, own_case.participant, housing, days_ago=2)
    referral_out_update(actor=specialist, referral=new, status="accepted", happened_on=TODAY())
    client = make_client(specialist)
    url = reverse("api:partner-referral-list")
    assert ids(client.get(url, {"status": "accepted"})) == [new.pk]
    assert ids(client.get(url, {"sent_to": (TODAY() - datetime.timedelta(days=10)).isoformat()})) == [old.pk]
    assert ids(client.get(url, {"participant": own_case.participant.pk, "partner": housing.pk})) == [new.pk, old.pk]
    bad = client.get(url, {"sent_from": TODAY().isoformat(), "sent_to": "2000-01-01"})
    assert bad.status_code == 400 and "sent_to" in bad.json()


def test_referral_list_costs_the_same_whatever_the_number(make_client, specialist, prison, housing):
    client = make_client(specialist)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("api:partner-referral-list")).status_code == 200
        return len(queries)

    refer(specialist, make_case(prison, specialist).participant, housing)
    few = count()
    for _ in range(4):
        refer(specialist, make_case(prison, specialist).participant, housing)
    assert count() == few

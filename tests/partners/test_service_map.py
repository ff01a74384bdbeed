"""The service map per prison (issue 18 §3): figures on a hand-built dataset, the gap rule, suppression, and a
query count that does not grow with the referrals."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from ipsgate.partners.models import ReferralOut, ReferralOutUpdate
from ipsgate.partners.selectors import service_map
from ipsgate.partners.services import partner_save
from ipsgate.rules.referrals_out import pathway_gap
from tests import factories

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


@pytest.mark.parametrize(
    ("partners", "referrals", "answered", "gap", "explanation"),
    [
        (0, 0, 0, True, "No active partner helps with this pathway at this prison."),
        (0, 10, 10, True, "No active partner helps with this pathway at this prison."),
        (1, 0, 0, False, "Partners are in place; no referrals in the period yet."),
        (2, 4, 2, False, "At least half of the referrals got an answer."),  # exactly half: not a gap
        (2, 5, 2, True, "Fewer than half of the referrals got any answer."),
        (1, 1, 0, True, "Fewer than half of the referrals got any answer."),
    ],
)
def test_gap_rule(partners, referrals, answered, gap, explanation):
    result = pathway_gap(active_partners=partners, referrals=referrals, answered=answered)
    assert (result.is_gap, result.explanation) == (gap, explanation)


@pytest.fixture
def leader(prison):
    return factories.TeamLeaderFactory.create(site=prison)


def _partner(leader, name, pathways, prisons, closed_on=None):
    return partner_save(
        actor=leader,
        data={"name": name, "kind": "voluntary", "areas": "", "closed_on": closed_on},
        pathways=pathways,
        prisons=prisons,
    )


def _referral(person, partner, pathway, specialist, steps, *, days_ago=20):
    sent = TODAY() - datetime.timedelta(days=days_ago)
    last = steps[-1] if steps else "sent"
    referral = ReferralOut.objects.create(
        participant=person, partner=partner, pathway=pathway, referred_from=person.current_site,
        referred_on=sent, method="phone", asked="x",
        consent_to_share=True, status=last, status_on=sent, created_by=specialist, created_at=timezone.now(),
    )  # fmt: skip
    for status in ["sent", *steps]:
        ReferralOutUpdate.objects.create(
            referral=referral, status=status, happened_on=sent, recorded_by=specialist, recorded_at=timezone.now()
        )
    return referral


@pytest.fixture
def world(prison, other_prison, specialist, leader):
    """Accommodation at the prison: 2 partners (one closed, not counted), 4 referrals: accepted then support
    started, declined, no response, sent. Finance: one partner, no referrals. Health: one partner, 2 referrals,
    neither answered. An accommodation referral for someone at another prison, and one older than a year."""
    housing = _partner(leader, "Housing", ["ACCOMMODATION"], [prison])
    _partner(leader, "Closed housing", ["ACCOMMODATION"], [prison], closed_on=TODAY())
    _partner(leader, "Money", ["FINANCE_AND_ID"], [prison])
    nhs = _partner(leader, "CMHT", ["HEALTH"], [prison, other_prison])
    here = factories.ParticipantFactory.create(current_site=prison, allocated_specialist=specialist)
    there = factories.ParticipantFactory.create(current_site=other_prison)
    _referral(here, housing, "ACCOMMODATION", specialist, ["accepted", "support_started"])
    _referral(here, housing, "ACCOMMODATION", specialist, ["acknowledged", "declined"])
    _referral(here, housing, "ACCOMMODATION", specialist, ["no_response"])
    _referral(here, housing, "ACCOMMODATION", specialist, [])
    _referral(there, housing, "ACCOMMODATION", specialist, ["accepted"])
    _referral(here, housing, "ACCOMMODATION", specialist, ["accepted"], days_ago=400)
    _referral(here, nhs, "HEALTH", specialist, ["no_response"])
    _referral(here, nhs, "HEALTH", specialist, [])
    return prison


def test_figures_worked_out_by_hand(world):
    rows = {row.pathway.value: row for row in service_map(world, start=TODAY() - datetime.timedelta(days=365),
                                                           end=TODAY())}  # fmt: skip
    housing = rows["ACCOMMODATION"]
    assert [p.name for p in housing.partners] == ["Housing"]
    # 4 referrals; answered: the accepted one and the declined one (2 of 4); accepted 1; no response 1
    assert (housing.referrals, housing.answered, housing.accepted, housing.no_response) == (4, 2, 1, 1)
    assert not housing.gap.is_gap
    health = rows["HEALTH"]
    assert (health.referrals, health.answered, health.no_response) == (2, 0, 1)
    assert health.gap.is_gap and health.gap.explanation.startswith("Fewer than half")
    assert not rows["FINANCE_AND_ID"].gap.is_gap and rows["FINANCE_AND_ID"].referrals == 0
    no_partner = [value for value, row in rows.items() if row.gap.explanation.startswith("No active partner")]
    assert sorted(no_partner) == [
        "BENEFITS_AND_DEBT",
        "CHILDREN_FAMILIES_AND_COMMUNITY",
        "DRUGS_AND_ALCOHOL",
        "EDUCATION_SKILLS_AND_WORK",
    ]


def test_page_suppresses_small_numbers_for_analysts(make_client, world, leader):
    analyst_page = make_client(factories.AnalystFactory.create()).get(reverse("partners:service-map", args=[world.pk]))
    leader_page = make_client(leader).get(reverse("partners:service-map", args=[world.pk]))
    assert analyst_page.status_code == leader_page.status_code == 200
    analyst, lead = analyst_page.content.decode(), leader_page.content.decode()
    assert "&lt;5" in analyst and "25%" not in analyst
    assert "&lt;5" not in lead and "25%" in lead  # accommodation: 1 of 4 accepted
    assert "5 gaps" in lead  # four pathways without a partner, and health (no answers)


def test_query_count_is_the_same_for_few_and_many_referrals(make_client, world, leader, specialist, prison):
    client = make_client(leader)
    url = reverse("partners:service-map", args=[world.pk])

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    few = count()
    person = factories.ParticipantFactory.create(current_site=prison, allocated_specialist=specialist)
    housing = (
        ReferralOut.objects.select_related("partner").get(pathway="ACCOMMODATION", status="support_started").partner
    )
    for n in range(60):
        _referral(person, housing, "ACCOMMODATION", specialist, ["accepted"] if n % 2 else [])
    assert count() == few

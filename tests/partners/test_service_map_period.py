"""The service map's period, median days to a response, referrals counted at the prison they were made from, the
CMHT referral count from one place, the CSV and XLSX exports and the printable list (issue 18 §2 and §3). Every
figure below was worked out by hand from the dataset in `world`."""

from __future__ import annotations

import csv
import datetime
import io

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from ipsgate.core.models import AuditEvent
from ipsgate.partners.models import ReferralOut, ReferralOutUpdate
from ipsgate.partners.selectors import cmht_referrals, service_map
from ipsgate.partners.services import partner_save, referral_out_create, referral_out_update
from ipsgate.rules.calendar import add_months
from tests import factories

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


def ago(days: int) -> datetime.date:
    return TODAY() - datetime.timedelta(days=days)


def twelve_months() -> tuple[datetime.date, datetime.date]:
    return add_months(TODAY(), -12) + datetime.timedelta(days=1), TODAY()


@pytest.fixture
def leader(prison):
    return factories.TeamLeaderFactory.create(site=prison)


def _partner(leader, name, pathways, prisons, **extra):
    return partner_save(
        actor=leader,
        data={"name": name, "kind": "voluntary", "areas": "", "closed_on": None, **extra},
        pathways=pathways,
        prisons=prisons,
    )


def _refer(specialist, person, partner, pathway, sent, *steps):
    """A referral out sent `sent` days ago, then each (status, days ago) in turn, through the services."""
    referral = referral_out_create(
        actor=specialist, participant=person, partner=partner, pathway=pathway, referred_on=ago(sent),
        method="phone", asked="Help on release", consent_to_share=True,
    )  # fmt: skip
    for status, days in steps:
        referral_out_update(
            actor=specialist, referral=referral, status=status, happened_on=ago(days),
            note="Not local" if status == "declined" else "",
        )  # fmt: skip
    return referral


@pytest.fixture
def world(prison, other_prison, specialist, leader):
    """Accommodation, referrals made from `prison`:
        1. sent 25 days ago, acknowledged 22 (3 days to an answer), accepted 15
        2. sent 25 days ago, declined 15 (10 days)
        3. sent 20 days ago for someone who has since moved to the other prison, accepted 19 (1 day)
        4. sent 20 days ago, no response recorded 5 days ago (no answer)
        5. sent 100 days ago, accepted 95 (5 days)
    and one from the other prison (sent 25 days ago, accepted 24), not counted here.
    Last 12 months: 5 referrals, 4 answered, 3 accepted (60%), 1 no response (20%), median of 1, 3, 5, 10 = 4 days.
    Last month: referrals 1 to 4: 3 answered, 2 accepted (50%), median of 1, 3, 10 = 3 days.

    Community mental health team referrals, last 12 months:
        - `here`: on the health-care page 40 days ago, accepted; also a referral out to the CMHT partner on the same
          day, accepted 33 days ago (7 days): the same referral, counted once;
        - `waiting`: on the health-care page 50 days ago, awaiting a decision;
        - `third`: a referral out to the CMHT partner 30 days ago, accepted 28 (2 days);
        - a referral out to a health partner that is not a CMHT (not counted as a CMHT referral).
    CMHT: 3 referred, 2 accepted. Health row: 3 referrals, all answered, median of 2, 7 and 2 = 2 days."""
    housing = _partner(leader, "Housing", ["ACCOMMODATION"], [prison, other_prison])
    cmht = _partner(leader, "Aire CMHT", ["HEALTH"], [prison], community_mental_health_team=True)
    gp = _partner(leader, "Wellbeing service", ["HEALTH"], [prison])
    here = factories.ParticipantFactory.create(current_site=prison, allocated_specialist=specialist)
    moved = factories.ParticipantFactory.create(current_site=prison, allocated_specialist=specialist)
    there = factories.ParticipantFactory.create(current_site=other_prison, allocated_specialist=specialist)
    _refer(specialist, here, housing, "ACCOMMODATION", 25, ("acknowledged", 22), ("accepted", 15))
    _refer(specialist, here, housing, "ACCOMMODATION", 25, ("declined", 15))
    _refer(specialist, moved, housing, "ACCOMMODATION", 20, ("accepted", 19))
    _refer(specialist, here, housing, "ACCOMMODATION", 20, ("no_response", 5))
    _refer(specialist, here, housing, "ACCOMMODATION", 100, ("accepted", 95))
    _refer(specialist, there, housing, "ACCOMMODATION", 25, ("accepted", 24))
    moved.current_site = other_prison
    moved.save(update_fields=["current_site"])

    waiting = factories.ParticipantFactory.create(current_site=prison, allocated_specialist=specialist)
    third = factories.ParticipantFactory.create(current_site=prison, allocated_specialist=specialist)
    factories.MentalHealthCareFactory.create(
        participant=here, cmht_referral_date=ago(40), cmht_referral_outcome="accepted"
    )
    factories.MentalHealthCareFactory.create(
        participant=waiting, cmht_referral_date=ago(50), cmht_referral_outcome="awaiting"
    )
    _refer(specialist, here, cmht, "HEALTH", 40, ("accepted", 33))
    _refer(specialist, third, cmht, "HEALTH", 30, ("accepted", 28))
    _refer(specialist, third, gp, "HEALTH", 30, ("acknowledged", 28))
    return prison


def test_figures_for_the_last_twelve_months_worked_out_by_hand(world):
    start, end = twelve_months()
    rows = {row.pathway.value: row for row in service_map(world, start=start, end=end)}
    housing = rows["ACCOMMODATION"]
    assert (housing.referrals, housing.answered, housing.accepted, housing.no_response) == (5, 4, 3, 1)
    assert housing.median_days_to_response == 4
    health = rows["HEALTH"]
    assert (health.referrals, health.answered, health.median_days_to_response) == (3, 3, 2)
    assert rows["FINANCE_AND_ID"].median_days_to_response is None


def test_a_referral_counts_at_the_prison_it_was_made_from(world, other_prison):
    start, end = twelve_months()
    elsewhere = {row.pathway.value: row for row in service_map(other_prison, start=start, end=end)}
    assert elsewhere["ACCOMMODATION"].referrals == 1  # the other prison's own, not the person who moved there


def test_cmht_referrals_are_counted_from_both_records_once_each(world, other_prison):
    start, end = twelve_months()
    assert cmht_referrals(start=start, end=end, prison=world) == cmht_referrals(start=start, end=end)
    counted = cmht_referrals(start=start, end=end, prison=world)
    assert (counted.referred, counted.accepted) == (3, 2)
    assert cmht_referrals(start=ago(35), end=end, prison=world).referred == 1  # only `third`'s referral out
    assert cmht_referrals(start=start, end=end, prison=other_prison).referred == 0


def test_the_page_shows_the_period_chosen(make_client, world, leader):
    client = make_client(leader)
    url = reverse("partners:service-map", args=[world.pk])
    year = client.get(url)
    assert year.status_code == 200 and year.context["months"] == 12
    page = year.content.decode()
    assert "60%" in page and "4 days" in page  # accommodation
    assert "<strong>3</strong> referred, <strong>2</strong> accepted" in page
    month = client.get(url, {"months": "1"}).content.decode()
    assert "50%" in month and "3 days" in month and "Last 1 month" in month


@pytest.mark.parametrize("months", ["0", "61", "twelve", "1.5", "-3"])
def test_a_period_that_is_not_a_whole_number_of_months_from_1_to_60_is_refused(make_client, world, leader, months):
    response = make_client(leader).get(reverse("partners:service-map", args=[world.pk]), {"months": months})
    assert response.status_code == 400
    assert "months" in response.content.decode()


def test_csv_export_has_the_page_figures_and_is_audited(make_client, world, leader):
    response = make_client(leader).get(reverse("partners:service-map-csv", args=[world.pk]), {"months": "12"})
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment;")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:5] == ["Pathway", "Active partners", "Referrals", "Share accepted", "Median days to a response"]
    housing = next(row for row in rows if row and row[0] == "Accommodation")
    assert housing[1:6] == ["Housing", "5", "60%", "4 days", "20%"]
    assert rows[-1][1] == "3" and rows[-1][3] == "2"  # CMHT referred and accepted
    assert AuditEvent.objects.filter(username=leader.username, action="export", object_type="service_map").exists()


def test_xlsx_export_guards_formulas_and_suppresses_small_numbers_for_analysts(make_client, world, leader):
    _partner(leader, '=HYPERLINK("http://x.invalid")', ["FINANCE_AND_ID"], [world])
    analyst = make_client(factories.AnalystFactory.create())
    response = analyst.get(reverse("partners:service-map-xlsx", args=[world.pk]))
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content))["Service map"]
    cells = {row[0]: row for row in sheet.iter_rows(values_only=True)}
    assert str(cells["Finance, ID and bank account"][1]).startswith("'=")  # the one guard: never a formula
    assert cells["Health and mental health"][2] == "<5"  # 3 referrals: suppressed for an analyst
    leader_book = openpyxl.load_workbook(
        io.BytesIO(make_client(leader).get(reverse("partners:service-map-xlsx", args=[world.pk])).content)
    )
    assert {row[0]: row for row in leader_book["Service map"].iter_rows(values_only=True)}["Accommodation"][2] == 5


def test_printable_list_has_the_open_partners_and_no_participant_data(make_client, world, leader, specialist):
    person = ReferralOut.objects.select_related("participant").earliest("pk").participant
    _partner(leader, "Closed advice", ["BENEFITS_AND_DEBT"], [world], closed_on=TODAY())
    response = make_client(specialist).get(reverse("partners:prison-services", args=[world.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert f"Services for people at {world.name}" in page
    assert "Housing" in page and "Aire CMHT" in page and "Closed advice" not in page
    assert person.given_name not in page and person.family_name not in page
    assert "govuk-service-navigation" not in page and "print.css" in page
    assert "No organisation is listed for this" in page  # e.g. drugs and alcohol


def _bulk_referrals(prison, specialist, partner, count):
    person = factories.ParticipantFactory.create(current_site=prison, allocated_specialist=specialist)
    now = timezone.now()
    made = ReferralOut.objects.bulk_create(
        ReferralOut(
            participant=person,
            partner=partner,
            pathway="ACCOMMODATION",
            referred_from=prison,
            referred_on=ago(10 + n % 50),
            method="phone",
            asked="x",
            consent_to_share=True,
            status="accepted" if n % 2 else "sent",
            status_on=ago(5),
            created_by=specialist,
            created_at=now,
        )  # fmt: skip
        for n in range(count)
    )
    ReferralOutUpdate.objects.bulk_create(
        ReferralOutUpdate(referral=r, status="accepted", happened_on=ago(5), recorded_by=specialist, recorded_at=now)
        for r in made
        if r.status == "accepted"
    )


@pytest.mark.parametrize("url_name", ["partners:service-map", "partners:service-map-csv", "partners:service-map-xlsx"])
def test_query_count_is_the_same_for_5_and_500_referrals(make_client, prison, specialist, leader, url_name):
    housing = _partner(leader, "Housing", ["ACCOMMODATION"], [prison])
    client = make_client(leader)
    url = reverse(url_name, args=[prison.pk])

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    _bulk_referrals(prison, specialist, housing, 5)
    few = count()
    _bulk_referrals(prison, specialist, housing, 495)
    assert count() == few

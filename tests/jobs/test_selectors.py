"""Offer-to-start conversion per site and the participant page's work section."""

import pytest
from django.urls import reverse

from ipsgate.jobs.selectors import offer_conversion_by_site, sustainment_checks_due
from tests import factories

pytestmark = pytest.mark.django_db


def test_offer_conversion_per_site_with_reasons(prison, other_prison):
    manager = factories.ServiceManagerFactory.create()
    at_prison = factories.ParticipantFactory.create(current_site=prison)
    elsewhere = factories.ParticipantFactory.create(current_site=other_prison)
    for status, reason in [
        ("started", ""),
        ("started", ""),
        ("offer_not_started", "housing"),
        ("offer_not_started", "housing"),
        ("offer_not_started", "recalled"),
        ("offered", ""),
        ("applied", ""),
        ("withdrawn", ""),
    ]:
        factories.ApplicationFactory.create(participant=at_prison, status=status, not_started_reason=reason)
    factories.ApplicationFactory.create(participant=elsewhere, status="offer_declined")
    rows = {row.site: row for row in offer_conversion_by_site(manager)}
    here = rows[prison]
    assert (here.offers, here.started, here.awaiting) == (6, 2, 1)
    assert here.not_started_reasons == [("Housing", 2), ("Recalled to prison", 1)]
    assert here.rate_text == "40%"  # 2 of the 5 decided offers
    assert (rows[other_prison].offers, rows[other_prison].started, rows[other_prison].rate_text) == (1, 0, "0%")


def test_team_leaders_see_only_their_teams_sites(prison, other_prison):
    leader = factories.TeamLeaderFactory.create(site=prison)
    factories.TeamFactory.create(leader=leader, sites=[prison])
    assert [row.site for row in offer_conversion_by_site(leader)] == [prison]
    assert offer_conversion_by_site(factories.SpecialistFactory.create(site=prison)) == []


def test_participant_page_shows_jobs_with_employers_and_links_to_work(specialist_client, specialist, prison):
    person = factories.ParticipantFactory.create(current_site=prison, allocated_specialist=specialist)
    factories.JobFactory.create(
        participant=person,
        employer=factories.EmployerFactory.create(name="Aire Foods"),
        hourly_pay="5.00",
        competitive=False,
    )
    html = specialist_client.get(reverse("people:participant-detail", args=[person.pk])).content.decode()
    assert "Aire Foods" in html and "(not competitive)" in html
    assert reverse("jobs:work", args=[person.pk]) in html


def test_sustainment_selector_asks_for_the_latest_missed_check():
    job = factories.JobFactory.create(start_date=factories.days_ago(95))
    assert [d.week for d in sustainment_checks_due(job, [], factories.today())] == [13]
    assert sustainment_checks_due(job, [4, 13], factories.today()) == []


def test_in_work_support_about_a_job_is_with_the_employee_or_manager(specialist_client, specialist, prison):
    from django.db import IntegrityError, transaction

    person = factories.ParticipantFactory.create(current_site=prison, allocated_specialist=specialist)
    job = factories.JobFactory.create(participant=person)
    factories.SupportContactFactory.create(
        participant=person, job=job, employer=job.employer, contact_with="employer", note="Checked in with the manager"
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        factories.SupportContactFactory.create(participant=person, job=job, contact_with="clinical_team")
    html = specialist_client.get(reverse("jobs:job-detail", args=[person.pk, job.pk])).content.decode()
    assert "Checked in with the manager" in html


# --- The SQL twin of rules.employment.job_being_worked ---------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("status", ["in_custody", "recalled", "released_on_licence", "in_community"])
@pytest.mark.parametrize("rotl", [False, True])
@pytest.mark.parametrize("held", [False, True])
def test_jobs_being_worked_agrees_with_the_rule(status, rotl, held):
    from ipsgate.jobs.selectors import jobs_being_worked
    from ipsgate.people.choices import IN_CUSTODY_STATUSES
    from ipsgate.rules.employment import job_being_worked

    person = factories.ParticipantFactory.create(custody_status=status)
    job = factories.JobFactory.create(
        participant=person,
        rotl_while_in_custody=rotl,
        held_from=factories.days_ago(3) if held else None,
    )
    expected = job_being_worked(in_custody=status in IN_CUSTODY_STATUSES, rotl_while_in_custody=rotl, held_open=held)
    assert jobs_being_worked(person).filter(pk=job.pk).exists() is expected
    factories.JobFactory.create(participant=person, ended=True)
    assert jobs_being_worked(person).count() == int(expected)

"""Issue 16 item 2: the service-as-usual (SAU) group does not get IPS.

Someone whose latest referral was allocated to service as usual is marked on every page they appear on (My caseload,
the participant list, their page), gets no IPS tasks, reminders or job matching, does not count in IPS caseload
sizes or fidelity indicators, and is still followed for outcomes (release, job starts, recalls).
"""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.management import call_command
from django.urls import reverse

from ipsgate.core.models import AuditChainHead, User
from ipsgate.evaluation.choices import AllocationMethod, Arm
from ipsgate.evaluation.models import Allocation
from ipsgate.journey.models import ReminderNotification
from ipsgate.journey.selectors import phase_of, tasks_of, todo_for, with_task_facts
from ipsgate.people.models import Participant
from ipsgate.people.selectors import caseload_for
from ipsgate.privacy.choices import LawfulBasis
from ipsgate.privacy.models import DataProtectionRecord
from ipsgate.rules.phase import Phase
from ipsgate.rules.reminders import TaskKind
from tests import factories
from tests.journey.conftest import custody_event_data, detail_url, error_summary
from tests.people.test_caseload_queries import rows_by_participant

pytestmark = pytest.mark.django_db

CASELOAD_URL = reverse("people:my-caseload")


@pytest.fixture(autouse=True)
def audit_chain_started():
    AuditChainHead.objects.get_or_create(id=1)


def allocate(person: Participant, arm: str) -> Allocation:
    referral = person.referrals.order_by("-referral_date", "-id").first()
    assert referral is not None
    return Allocation.objects.create(
        referral=referral,
        arm=arm,
        mentoring=False,
        method=AllocationMethod.CHOSEN,
        stratum_site=person.current_site,
        allocated_by=referral.received_by,
    )


def supported(specialist: User, arm: str | None, *, privacy_recorded: bool = True, **kwargs) -> Participant:
    """In custody at the specialist's prison, due out in 20 days, never met: IPS would ask for a first meeting.
    The lawful basis and privacy notice are recorded unless `privacy_recorded` is False."""
    kwargs.setdefault("expected_release_date", factories.days_ahead(20))
    person = factories.ParticipantFactory.create(
        current_site=specialist.site, allocated_specialist=specialist, **kwargs
    )
    factories.EpisodeFactory.create(participant=person, referral__referral_date=factories.days_ago(30))
    if arm:
        allocate(person, arm)
    if privacy_recorded:
        DataProtectionRecord.objects.create(
            participant=person, lawful_basis=LawfulBasis.PUBLIC_TASK, privacy_notice_date=factories.days_ago(29)
        )
    return person


def fresh(person: Participant) -> Participant:
    specialist = person.allocated_specialist
    assert specialist is not None
    return with_task_facts(caseload_for(specialist)).get(pk=person.pk)


def test_sau_person_gets_no_ips_tasks_and_the_sau_phase(specialist):
    ips = supported(specialist, Arm.IPS)
    sau = supported(specialist, Arm.SAU)
    today = factories.today()
    assert tasks_of(fresh(ips), today=today)
    assert [task.kind.value for task in tasks_of(fresh(sau), today=today)] == []
    result = phase_of(fresh(sau), today=today)
    assert result.phase is Phase.SERVICE_AS_USUAL
    assert "service-as-usual group" in result.explanation
    assert {row.participant.pk for row in todo_for(specialist, today=today)} == {ips.pk}


def test_sau_still_gets_the_data_protection_task(specialist):
    """Not an IPS task: the service holds their information for the evaluation, so it needs a lawful basis."""
    sau = supported(specialist, Arm.SAU, privacy_recorded=False)
    assert [task.kind for task in tasks_of(fresh(sau), today=factories.today())] == [TaskKind.RECORD_DATA_PROTECTION]


def test_the_latest_referral_decides(specialist):
    """An earlier SAU referral does not keep someone out of IPS after a new referral allocated to IPS."""
    person = supported(specialist, Arm.SAU)
    person.episodes.update(end_date=factories.days_ago(5), closure_reason="other")
    factories.EpisodeFactory.create(participant=person, referral__referral_date=factories.days_ago(3))
    allocate(person, Arm.IPS)
    assert phase_of(fresh(person), today=factories.today()).phase is not Phase.SERVICE_AS_USUAL


def test_no_reminders_for_sau(specialist):
    supported(specialist, Arm.SAU)
    call_command("reminders", verbosity=0)
    assert not ReminderNotification.objects.exists()


def test_my_caseload_marks_sau_and_leaves_them_out_of_the_caseload_size(make_client, specialist):
    ips = supported(specialist, Arm.IPS)
    sau = supported(specialist, Arm.SAU)
    page = make_client(specialist).get(CASELOAD_URL).content.decode()
    rows = rows_by_participant(page)
    assert "Service as usual" in rows[sau.pk]
    assert "Service as usual" not in rows[ips.pk]
    assert "Overdue" not in rows[sau.pk]
    assert "1 person receiving support or awaiting a referral decision" in page
    assert "Also 1 person in the service-as-usual group" in page


def test_participant_list_marks_sau(make_client, specialist):
    sau = supported(specialist, Arm.SAU)
    page = make_client(specialist).get(reverse("people:participant-list")).content.decode()
    assert "Service as usual" in rows_by_participant(page)[sau.pk]


def test_the_person_page_says_what_service_as_usual_means(make_client, specialist):
    sau = supported(specialist, Arm.SAU)
    page = make_client(specialist).get(detail_url(sau)).content.decode()
    assert "Service as usual" in page
    assert "does not receive IPS" in page
    assert "If they ask for help" in page
    assert '<h2 class="govuk-heading-m">To do</h2>' not in page


def test_the_person_page_of_an_ips_person_says_nothing_about_service_as_usual(make_client, specialist):
    ips = supported(specialist, Arm.IPS)
    page = make_client(specialist).get(detail_url(ips)).content.decode()
    assert "If they ask for help" not in page


def test_matching_page_says_why_there_is_no_matching(make_client, specialist):
    sau = supported(specialist, Arm.SAU)
    factories.VocationalProfileFactory.create(participant=sau)
    factories.VacancyFactory.create()
    page = make_client(specialist).get(reverse("employers:matching", args=[sau.pk])).content.decode()
    assert "service-as-usual group" in page
    assert "Suitable vacancies" not in page


def test_team_caseloads_count_only_ips(make_client, specialist):
    team = factories.TeamFactory.create()
    User.objects.filter(pk=specialist.pk).update(team=team)
    leader = factories.TeamLeaderFactory.create()
    team.leader = leader
    team.save()
    supported(specialist, Arm.IPS)
    supported(specialist, None)
    supported(specialist, Arm.SAU)
    page = make_client(leader).get(reverse("people:team-caseloads")).content.decode()
    row = next(r for r in page.split("<tr")[1:] if specialist.get_full_name() in r)
    cells = [c.split(">", 1)[1].split("<", 1)[0].strip() for c in row.split("<td")[1:]]
    assert "2" in cells and "3" not in cells


def test_sau_is_still_followed_for_outcomes(make_client, specialist, community_site):
    """Release, a job start and a recall can all be recorded for someone in the comparison group."""
    sau = supported(specialist, Arm.SAU)
    client = make_client(specialist)
    response = client.post(
        reverse("journey:custody-event-add", args=[sau.pk]),
        custody_event_data(kind="released_on_licence", on=factories.today(), supported_at=str(community_site.pk)),
    )
    assert response.status_code == 302, error_summary(response.content.decode())
    response = client.post(
        reverse("jobs:job-create", args=[sau.pk]),
        {
            "employer_name": "Leeds Bakery",
            "job_title": "Baker",
            "start_date_day": factories.today().day,
            "start_date_month": factories.today().month,
            "start_date_year": factories.today().year,
            "hours_per_week": "30",
            "hourly_pay": "12.71",
            "contract_type": "PERMANENT",
            "open_labour_market": "on",
        },
    )
    assert response.status_code == 302, error_summary(response.content.decode())
    assert sau.jobs.count() == 1
    assert phase_of(fresh(sau), today=factories.today() + datetime.timedelta(days=1)).phase is (Phase.SERVICE_AS_USUAL)


# --- Rule table: who counts in IPS caseload sizes ---------------------------------------------------------------

# Each person's referrals, oldest first, with the arm each was allocated (None: not in the evaluation), and whether
# they count in IPS caseloads.
CASELOAD_TABLE = [
    pytest.param([None], True, id="no-arm"),
    pytest.param([Arm.IPS], True, id="ips"),
    pytest.param([Arm.SAU], False, id="sau"),
    pytest.param([Arm.SAU, Arm.IPS], True, id="sau-then-ips"),
    pytest.param([Arm.IPS, Arm.SAU], False, id="ips-then-sau"),
    pytest.param([Arm.SAU, None], True, id="sau-then-not-in-the-evaluation"),
]


@pytest.mark.parametrize(("arms", "counts"), CASELOAD_TABLE)
def test_caseload_counts(make_client, specialist, arms, counts):
    from ipsgate.people.models import with_service_as_usual

    person = factories.ParticipantFactory.create(current_site=specialist.site, allocated_specialist=specialist)
    for n, arm in enumerate(arms):
        last = n == len(arms) - 1
        made = factories.ReferralFactory.create(
            participant=person,
            referral_date=factories.days_ago(100 - 30 * n),
            outcome="accepted",
            outcome_date=factories.days_ago(100 - 30 * n),
        )
        factories.EpisodeFactory.create(
            participant=person,
            referral=made,
            start_date=made.referral_date,
            end_date=None if last else made.referral_date + datetime.timedelta(days=10),
            closure_reason="" if last else "other",
        )
        if arm:
            Allocation.objects.create(
                referral=made,
                arm=arm,
                mentoring=False,
                method=AllocationMethod.CHOSEN,
                stratum_site=person.current_site,
                allocated_by=specialist,
            )
    assert Participant.objects.receiving_ips().filter(pk=person.pk).exists() is counts
    annotated: Any = with_service_as_usual(Participant.objects.filter(pk=person.pk)).get()
    assert annotated.service_as_usual is not counts
    page = make_client(specialist).get(CASELOAD_URL).content.decode()
    assert ("1 person receiving support" in page) is counts
    assert ("Also 1 person in the service-as-usual group" in page) is not counts


def test_service_overview_counts_only_ips_as_receiving_support():
    from ipsgate.casework.overview import site_overview

    prison = factories.SiteFactory.create()
    specialist = factories.SpecialistFactory.create(site=prison)
    supported(specialist, Arm.IPS)
    supported(specialist, None)
    supported(specialist, Arm.SAU)
    [row] = [row for row in site_overview(today=factories.today(), suppress_small=False) if row.site == prison.name]
    assert row.receiving_support == "2"

"""The evaluation report: who may see it, hand-worked figures, analysts' suppression, and its query count."""

from __future__ import annotations

import base64
import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from scipy.stats import fisher_exact
from statsmodels.stats.proportion import confint_proportions_2indep

from ipsgate.advice.models import ConvictionRecord
from ipsgate.core.models import Site, User
from ipsgate.evaluation.choices import AllocationMethod
from ipsgate.evaluation.models import Allocation
from ipsgate.evaluation.report import build_report
from ipsgate.evaluation.selectors import evaluation_rows
from ipsgate.people.choices import ClosureReason, CustodyStatus
from tests import factories

pytestmark = pytest.mark.django_db

URL = reverse("evaluation:report")
TODAY = factories.today()


def person(
    site: Site,
    arm: str,
    *,
    released_days_ago: int,
    job_after: int | None = None,
    support_ended_after: int | None = None,
    born: datetime.date = datetime.date(1990, 1, 1),
    prior_work: bool = False,
    offence: str = "",
    mental_health_team: bool = False,
    mentoring: bool = False,
) -> None:
    released = TODAY - datetime.timedelta(days=released_days_ago)
    participant = factories.ParticipantFactory.create(
        current_site=site,
        custody_status=CustodyStatus.RELEASED_ON_LICENCE,
        expected_release_date=released,
        actual_release_date=released,
        date_of_birth=born,
    )
    referral = factories.AcceptedReferralFactory.create(
        participant=participant, referral_date=released - datetime.timedelta(days=60)
    )
    end = None if support_ended_after is None else released + datetime.timedelta(days=support_ended_after)
    factories.EpisodeFactory.create(
        participant=participant,
        referral=referral,
        end_date=end,
        closure_reason=ClosureReason.MOVED_AWAY if end else "",
    )
    if job_after is not None:
        factories.JobFactory.create(participant=participant, start_date=released + datetime.timedelta(days=job_after))
    if prior_work:
        factories.WorkHistoryEntryFactory.create(participant=participant)
    if offence:
        ConvictionRecord.objects.create(
            participant=participant,
            description="Offence",
            conviction_date=datetime.date(2015, 1, 1),
            disposal="fine",
            offence_category=offence,
            recorded_by=referral.received_by,
        )
    if mental_health_team:
        factories.MentalHealthCareFactory.create(participant=participant)
    Allocation.objects.create(
        referral=referral,
        arm=arm,
        mentoring=mentoring,
        method=AllocationMethod.CHOSEN,
        stratum_site=site,
        allocated_by=referral.received_by,
    )


@pytest.fixture
def team_site() -> Site:
    return factories.SiteFactory.create()


@pytest.fixture
def team_leader(team_site) -> User:
    leader = factories.TeamLeaderFactory.create(site=team_site)
    factories.TeamFactory.create(leader=leader, sites=[team_site])
    return leader


@pytest.fixture
def dataset(team_site) -> None:
    """Worked by hand. Released 200+ days ago, so in the 6-month population:
    IPS: jobs on days 30, 100, 10 (within 183), one on day 190 (too late), one whose support ended on day 50,
    one never in work: 3 of 6 employed. SAU: a job on day 60, one on day 300, three never: 1 of 5.
    Also an IPS person released 100 days ago (job on day 20): in the time-to-job analysis, not the 6-month one.
    And one person at another site, outside a team leader's view."""
    person(team_site, "IPS", released_days_ago=300, job_after=30, prior_work=True, offence="VIOLENCE")
    person(team_site, "IPS", released_days_ago=250, job_after=100, mental_health_team=True)
    person(team_site, "IPS", released_days_ago=260, job_after=190)
    person(team_site, "IPS", released_days_ago=240, support_ended_after=50)
    person(team_site, "IPS", released_days_ago=220)
    person(team_site, "IPS", released_days_ago=210, job_after=10, born=datetime.date(2004, 1, 1), mentoring=True)
    person(team_site, "SAU", released_days_ago=400, job_after=60)
    person(team_site, "SAU", released_days_ago=350)
    person(team_site, "SAU", released_days_ago=300)
    person(team_site, "SAU", released_days_ago=200)
    person(team_site, "SAU", released_days_ago=380, job_after=300)
    person(team_site, "IPS", released_days_ago=100, job_after=20)
    person(factories.SiteFactory.create(), "SAU", released_days_ago=300, job_after=5)


def text(html: str) -> str:
    body = re.sub(r"<[^>]+>", " ", html)
    return re.sub(r"\s+", " ", body).replace("&lt;", "<").replace("&#x27;", "'")


@pytest.mark.parametrize(
    "factory",
    [
        factories.SpecialistFactory,
        factories.ClinicianFactory,
        factories.ProbationPractitionerFactory,
        factories.AdministratorFactory,
    ],
)
def test_roles_without_oversight_get_403(make_client, factory):
    assert make_client(factory.create()).get(URL).status_code == 403


def test_team_leader_sees_the_hand_worked_figures_for_their_sites(make_client, team_leader, dataset):
    html = make_client(team_leader).get(URL).content.decode()
    page = text(html)
    assert "People counted: 12." in page  # the person at the other site is left out
    assert "IPS (Individual Placement and Support) 6 3 50.0%" in page
    assert "Service as usual 5 1 20.0%" in page
    low, high = confint_proportions_2indep(3, 6, 1, 5, compare="diff", method="newcomb")
    assert f"+30.0 points ({low * 100:+.1f} to {high * 100:+.1f})" in page
    assert "2.50 (" in page  # risk ratio 0.5 / 0.2
    assert f"{fisher_exact([[3, 3], [1, 4]])[1]:.3f}" in page
    assert "released at least 183 days ago" in page
    assert page.count("Method:") >= 4  # under each result
    assert "Small" in page and "Warning" in page
    # The chart: a data-URI SVG image, followed by its data table.
    image = re.search(r'<img class="ipsgate-chart" src="data:image/svg\+xml;base64,([^"]+)" alt="[^"]+">', html)
    assert image
    assert base64.b64decode(image.group(1)).lstrip().startswith(b"<?xml")


def test_template_has_no_inline_script_or_style():
    from pathlib import Path

    import ipsgate

    source = (Path(ipsgate.__file__).parent / "templates" / "evaluation" / "report.html").read_text()
    assert "<script" not in source and "<style" not in source and "style=" not in source


def test_time_to_first_job_observations_are_censored_as_defined(team_leader, dataset):
    rows = evaluation_rows(team_leader, today=TODAY)
    report = build_report(rows, today=TODAY, suppress=False)
    got = sorted((o.group, o.days, o.event) for o in report.observations)
    assert got == sorted(
        [
            ("IPS", 30, True),
            ("IPS", 100, True),
            ("IPS", 190, True),
            ("IPS", 50, False),  # support ended on day 50
            ("IPS", 220, False),  # still supported: censored today
            ("IPS", 10, True),
            ("IPS", 20, True),
            ("SAU", 60, True),
            ("SAU", 350, False),
            ("SAU", 300, False),
            ("SAU", 200, False),
            ("SAU", 300, True),
        ]
    )
    assert report.survival is not None and report.survival.logrank_p is not None
    assert report.cox is not None and not report.cox.fitted  # 8 events: far fewer than 10 per covariate


def test_subgroups_use_offence_prior_work_age_and_mental_health(team_leader, dataset):
    report = build_report(evaluation_rows(team_leader, today=TODAY), today=TODAY, suppress=False)
    offence = {row.label: row for row in report.subgroups["Offence category (most recent recorded)"]}
    assert offence["Violence"].cells[0].n == "1" and offence["Violence"].cells[0].events == "1"
    prior = {row.label: row for row in report.subgroups["Prior employment"]}
    assert prior["Yes"].cells[0].n == "1"
    ages = {row.label: row for row in report.subgroups["Age at release"]}
    assert ages["16 to 24"].cells[0].n == "1"  # born 2004, released about 210 days ago
    assert all(row.small for rows in report.subgroups.values() for row in rows)


def test_analyst_sees_small_counts_as_less_than_5_and_no_comparison(make_client, dataset):
    html = make_client(factories.AnalystFactory.create()).get(URL).content.decode()
    page = text(html)
    assert "People counted: 13." in page  # the whole service
    # IPS: 6 people, of whom 1 aged 16 to 24 and 5 aged 35 to 49, so the 6 is not shown (6 - 5 = 1).
    assert "IPS (Individual Placement and Support) not shown <5" in page
    assert "Service as usual 6 <5" in page
    assert "The comparison is not shown because some counts are below 5." in page
    assert "50.0%" not in page
    assert not re.search(r"\b[1-4] / ", page)  # no subgroup count from 1 to 4
    assert "other figures not shown, so that no count under 5 can be worked out by subtraction" in page
    assert "The chart is not shown" in page  # every arm's job starts or people are hidden


def test_a_subgroup_under_five_cannot_be_recovered_from_everyone_minus_the_other_groups(dataset):
    """Issue 15, item 10: an analyst saw 6 IPS people in all and 5 aged 35 to 49, so the "<5" aged 16 to 24 was
    1; and each arm's people and job starts beside the people counted and the curve table's day 0."""
    report = build_report(evaluation_rows(factories.AnalystFactory.create(), today=TODAY), today=TODAY, suppress=True)
    assert report.six_month is not None
    for title, rows in report.subgroups.items():
        for arm, everyone in enumerate(report.six_month.cells):
            for part in ("n", "events"):
                figures = [getattr(everyone, part), *(getattr(row.cells[arm], part) for row in rows)]
                assert sum(not f.isdigit() for f in figures) != 1, (title, everyone.arm, part)
    people = [n for _, n, _, _ in report.survival_medians]
    assert sum(not n.isdigit() for n in [report.people, *people]) != 1
    assert [row.cells for row in report.curve_table if row.day == 0][0][0][0] == people[0]  # the same figure
    assert report.drawn_arms == [] and set(report.arm_people.values()) <= {"<5", "not shown"}


def test_service_manager_sees_everyone(make_client, dataset):
    page = text(make_client(factories.ServiceManagerFactory.create()).get(URL).content.decode())
    assert "People counted: 13." in page


@pytest.mark.parametrize("factory", [factories.ServiceManagerFactory, factories.AnalystFactory])
def test_empty_report_renders(make_client, factory):
    page = text(make_client(factory.create()).get(URL).content.decode())
    assert "Nobody with an arm was released 183 days ago or more yet." in page


def test_nav_link_for_overseeing_roles_only(make_client, team_leader):
    assert f'href="{URL}"' in make_client(team_leader).get(reverse("people:team-caseloads")).content.decode()
    specialist = factories.SpecialistFactory.create()
    assert f'href="{URL}"' not in make_client(specialist).get(reverse("people:my-caseload")).content.decode()


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured.captured_queries)


def test_query_count_does_not_grow_with_the_data(make_client, team_site, django_assert_max_num_queries):
    client = make_client(factories.ServiceManagerFactory.create())
    for n in range(4):
        person(team_site, "IPS" if n % 2 else "SAU", released_days_ago=200 + n, job_after=n * 20 or None)
    small = count_queries(client, URL)
    for n in range(20):
        person(
            team_site,
            "IPS" if n % 2 else "SAU",
            released_days_ago=190 + n * 7,
            job_after=(n * 11) if n % 3 else None,
            prior_work=n % 2 == 0,
            offence="VIOLENCE" if n % 4 == 0 else "",
            mental_health_team=n % 5 == 0,
        )
    large = count_queries(client, URL)
    assert small == large
    with django_assert_max_num_queries(small):
        client.get(URL)

"""The evaluation's mentoring factor (issue 17 §6): employed within 6 months, mentored against not mentored, with
the same statistics code as the arm comparison, and a plain statement that mentoring was not allocated at random."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from ipsgate.evaluation.report import build_report
from ipsgate.evaluation.selectors import EvaluationRow, evaluation_rows
from ipsgate.mentoring.models import MentoringSession, MentorMatch
from ipsgate.people.models import Participant
from ipsgate.rules import statistics
from ipsgate.rules.mentoring_value import MENTORED, NOT_MENTORED
from ipsgate.rules.statistics import GroupCount
from tests import factories

from .test_report import TODAY, person

URL = reverse("evaluation:report")


def row(*, mentored: bool, employed: bool, arm: str = "IPS") -> EvaluationRow:
    released = TODAY - datetime.timedelta(days=300)
    return EvaluationRow(
        arm=arm,
        mentoring=mentored,
        site="HMP Alpha",
        date_of_birth=datetime.date(1990, 1, 1),
        released=released,
        first_job_start=released + datetime.timedelta(days=40) if employed else None,
        episode_end=None,
        prior_employment=False,
        offence_category="",
        mental_health_team=False,
        mentored=mentored,
    )


def test_worked_by_hand_with_the_arm_comparisons_statistics() -> None:
    # Mentored: 6 people, 4 employed (66.7%). Not mentored: 6 people, 1 employed (16.7%).
    rows = [row(mentored=True, employed=n < 4) for n in range(6)]
    rows += [row(mentored=False, employed=n < 1, arm="SAU" if n % 2 else "IPS") for n in range(6)]
    report = build_report(rows, today=TODAY, suppress=False)
    view = report.mentoring
    assert view is not None and view.comparison is not None
    assert [(c.arm, c.n, c.events, c.risk) for c in view.cells] == [
        (MENTORED, "6", "4", "66.7%"),
        (NOT_MENTORED, "6", "1", "16.7%"),
    ]
    # Risk difference 4/6 - 1/6 = 0.5; risk ratio (4/6) / (1/6) = 4.
    # Fisher's exact test on [[4, 2], [1, 5]]: margins 6 and 6 by 5 and 7 of 12, so P(k mentored employed) =
    # C(5, k) C(7, 6 - k) / C(12, 6) = 7, 105, 350, 350, 105, 7 (k = 0..5) over 924. Two-sided: the tables no
    # more likely than the one seen (105): 7 + 105 + 105 + 7 = 224, and 224 / 924 = 0.242.
    assert view.difference.startswith("+50.0 points (")
    assert view.ratio.startswith("4.00 (")
    assert view.fisher == "0.242"
    same = statistics.compare_arms({MENTORED: GroupCount(6, 4), NOT_MENTORED: GroupCount(6, 1)}, NOT_MENTORED)
    assert view.comparison == same  # the arm comparison's code, not a copy
    assert "observational comparison: it cannot show that mentoring caused" in report.mentoring_statement


def test_analysts_get_the_comparison_hidden_when_a_group_is_small() -> None:
    rows = [row(mentored=True, employed=True) for _ in range(3)]
    rows += [row(mentored=False, employed=n < 3) for n in range(8)]
    report = build_report(rows, today=TODAY, suppress=True)
    assert report.mentoring is not None
    assert report.mentoring.hidden and report.mentoring.comparison is None
    assert report.mentoring.cells[0].n == "<5"
    assert report.mentoring.difference == ""


def _sessions(participant: Participant, held: int) -> None:
    match = MentorMatch.objects.create(
        participant=participant,
        mentor=factories.MentorFactory.create(),
        started_on=TODAY - datetime.timedelta(days=500),
        matched_by=factories.SpecialistFactory.create(),
    )
    for n in range(held + 1):  # and one attempt that did not happen, which never counts
        MentoringSession.objects.create(
            match=match,
            held_at=datetime.datetime(2024, 1, 1 + n, 12, tzinfo=datetime.UTC),
            took_place=n < held,
            place="in_prison",
            recorded_by=match.matched_by,
        )


@pytest.mark.django_db
def test_the_rows_say_who_was_mentored_and_the_page_says_it_is_observational(make_client) -> None:
    site = factories.SiteFactory.create()
    for _ in range(3):
        person(site, "IPS", released_days_ago=300, job_after=20)
    first, second, _third = Participant.objects.order_by("pk")
    _sessions(first, held=2)  # mentored
    _sessions(second, held=1)  # one session that took place: not mentored
    manager = factories.ServiceManagerFactory.create()
    rows = evaluation_rows(manager, today=TODAY)
    assert sorted(r.mentored for r in rows) == [False, False, True]
    page = make_client(manager).get(URL).content.decode()
    assert "Peer mentoring: mentored and not mentored" in page
    assert "Mentoring was not allocated at random" in page

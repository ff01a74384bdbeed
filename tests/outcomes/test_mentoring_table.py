"""The outcome dashboard's "Mentored and not mentored" table (issue 17 §6) on a dataset built and worked out by hand,
through the database: who counts as mentored, the three figures, small-number suppression for analysts."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from ipsgate.mentoring.models import MentoringSession, MentorMatch
from ipsgate.outcomes import mentoring as mentoring_figures
from ipsgate.outcomes.metrics import Period
from ipsgate.people.models import Participant
from ipsgate.rules.mentoring_value import MENTORED, NOT_MENTORED, GroupFigures
from tests import factories

pytestmark = pytest.mark.django_db

days_ago = factories.days_ago


def at(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))


def person(*, released: int | None = None, contact_after: int | None = None, episode_ended: int | None = None):
    fields: dict[str, object] = {"custody_status": "in_custody", "actual_release_date": None}
    if released is not None:
        fields = {"custody_status": "released_on_licence", "actual_release_date": days_ago(released)}
    someone = factories.ParticipantFactory.create(**fields)
    if episode_ended is None:
        factories.EpisodeFactory.create(participant=someone)
    else:
        factories.EpisodeFactory.create(
            participant=someone,
            start_date=days_ago(episode_ended + 100),
            end_date=days_ago(episode_ended),
            closure_reason="moved_away",
        )
    if released is not None and contact_after is not None:
        factories.SupportContactFactory.create(participant=someone, occurred_at=at(days_ago(released - contact_after)))
    return someone


def mentored(someone, held: int, attempts: int = 0) -> None:
    matched = MentorMatch.objects.create(
        participant=someone,
        mentor=factories.MentorFactory.create(),
        started_on=days_ago(300),
        matched_by=factories.SpecialistFactory.create(),
    )
    for n in range(held + attempts):
        MentoringSession.objects.create(
            match=matched,
            held_at=at(days_ago(200 - n)),
            took_place=n < held,
            place="in_prison",
            recorded_by=matched.matched_by,
        )


def job(someone, *, started: int, ended: int | None = None) -> None:
    factories.JobFactory.create(
        participant=someone,
        start_date=days_ago(started),
        end_date=days_ago(ended) if ended is not None else None,
        end_reason="resigned" if ended is not None else "",
        first_four_paid_hours_done=days_ago(started - 2),
    )


@pytest.fixture
def people() -> None:
    m1 = person(released=60, contact_after=3)  # mentored; contact 3 days after release: kept
    mentored(m1, held=2)
    job(m1, started=120)  # 13 weeks (91 days) passed, still going: in work
    m2 = person(released=40)  # mentored; no contact: not kept
    mentored(m2, held=2)
    m3 = person()  # mentored (3 held, 1 attempt); still in prison
    mentored(m3, held=3, attempts=1)
    job(m3, started=30)  # ROTL work 30 days ago: 13 weeks not passed, not followed
    n1 = person(released=50, contact_after=10)  # 1 held + 2 attempts: not mentored; contact on day 10: kept
    mentored(n1, held=1, attempts=2)
    job(n1, started=150, ended=120)  # ended after 30 days: not in work at 13 weeks
    person()  # n2: never matched, nothing else
    old = person(episode_ended=400)  # support ended before the period: not counted at all
    mentored(old, held=4)


def test_worked_by_hand(people) -> None:
    today = timezone.localdate()
    figures = mentoring_figures.figures_for(
        Participant.objects.all(), Period(today - datetime.timedelta(days=365), today), today=today
    )
    # Mentored: m1, m2, m3 = 3 people; started a job: m1, m3 = 2; released with 28 days passed: m1, m2 = 2, of
    # whom kept in contact: m1 = 1; job starts with 13 weeks passed: m1's = 1, in work: 1.
    assert figures[MENTORED] == GroupFigures(3, 2, 2, 1, 1, 1)
    # Not mentored: n1, n2 = 2 people; started: n1 = 1; released: n1 = 1, kept: 1; job starts followed: n1's = 1,
    # in work at 13 weeks: 0 (ended at 30 days).
    assert figures[NOT_MENTORED] == GroupFigures(2, 1, 1, 1, 1, 0)


def test_the_dashboard_shows_the_table_and_analysts_get_small_numbers_hidden(people, make_client) -> None:
    manager = make_client(factories.ServiceManagerFactory.create()).get("/outcomes/").content.decode()
    assert "Mentored and not mentored" in manager
    assert "observational comparison" in manager
    row = manager[manager.index('<th scope="row" class="govuk-table__header">Mentored</th>') :]
    assert ">3<" in row[: row.index("</tr>")]
    analyst = make_client(factories.AnalystFactory.create()).get("/outcomes/").content.decode()
    row = analyst[analyst.index('<th scope="row" class="govuk-table__header">Mentored</th>') :]
    assert "&lt;5" in row[: row.index("</tr>")] and ">3<" not in row[: row.index("</tr>")]


def test_the_table_downloads_as_csv_through_the_spreadsheet_guard(people, make_client) -> None:
    response = make_client(factories.ServiceManagerFactory.create()).get("/outcomes/download/mentoring.csv")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    lines = response.content.decode("utf-8").splitlines()
    assert lines[0].startswith("Group,People,Started a job,Job start rate")
    assert lines[1].startswith("Mentored,3,2,66.7%")
    assert lines[2].startswith("Not mentored,2,1,50%")

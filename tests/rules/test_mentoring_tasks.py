"""rules.reminders.mentoring_tasks: peer mentoring through the gate (issue 17 §5). Dates worked by hand, with the
edges of each window, then properties."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ipsgate.rules.reminders import (
    CaseFacts,
    MentoringFacts,
    TaskKind,
    mentoring_tasks,
    tasks_for,
)

TODAY = date(2026, 11, 25)
FIRST, AFTER, KEEP = TaskKind.MENTOR_FIRST_MEETING, TaskKind.MENTOR_AFTER_RELEASE, TaskKind.MENTOR_KEEP_IN_TOUCH


def matched(on: date, last: date | None = None) -> MentoringFacts:
    return MentoringFacts(matched_on=on, mentor_name="Sam Peer", last_session=last)


def in_prison(release: date | None, facts: MentoringFacts) -> list[tuple[TaskKind, date, date | None]]:
    tasks = mentoring_tasks(
        facts, in_custody=True, expected_release_date=release, actual_release_date=None, today=TODAY
    )
    return [(t.kind, t.due, t.opens) for t in tasks]


def released(on: date, facts: MentoringFacts) -> list[tuple[TaskKind, date, date | None]]:
    tasks = mentoring_tasks(facts, in_custody=False, expected_release_date=None, actual_release_date=on, today=TODAY)
    return [(t.kind, t.due, t.opens) for t in tasks]


@pytest.mark.parametrize(
    ("release", "facts", "expected"),
    [
        # Release in 28 days: the window opens today (25 Nov + 28 = 23 Dec). Due the day before release.
        (date(2026, 12, 23), matched(date(2026, 11, 1)), [(FIRST, date(2026, 12, 22), date(2026, 11, 25))]),
        # Release in 29 days: the window opens tomorrow, so the keep-in-touch task applies (1 Nov + 14 = 15 Nov,
        # opening a week before, on 8 Nov).
        (date(2026, 12, 24), matched(date(2026, 11, 1)), [(KEEP, date(2026, 11, 15), date(2026, 11, 8))]),
        # Matched after the window opened (window opened 19 Nov): the task opens on the day of the match.
        (date(2026, 12, 17), matched(date(2026, 11, 22)), [(FIRST, date(2026, 12, 16), date(2026, 11, 22))]),
        # A session already happened: no first-meeting task; keep in touch 14 days after it (20 Nov + 14 = 4 Dec).
        (
            date(2026, 12, 10),
            matched(date(2026, 11, 1), last=date(2026, 11, 20)),
            [(KEEP, date(2026, 12, 4), date(2026, 11, 27))],
        ),
        # Release date passed while still in custody (a delayed release): the first meeting is overdue.
        (date(2026, 11, 20), matched(date(2026, 11, 1)), [(FIRST, date(2026, 11, 19), date(2026, 11, 1))]),
        # No release date: keep in touch only.
        (None, matched(date(2026, 11, 20)), [(KEEP, date(2026, 12, 4), date(2026, 11, 27))]),
    ],
)
def test_in_prison(release: date | None, facts: MentoringFacts, expected: list[object]) -> None:
    assert in_prison(release, facts) == expected


@pytest.mark.parametrize(
    ("on", "facts", "expected"),
    [
        # Released 20 Nov, no session since: a session by 27 Nov (20 + 7), open from release day.
        (date(2026, 11, 20), matched(date(2026, 11, 1)), [(AFTER, date(2026, 11, 27), date(2026, 11, 20))]),
        # A session before release does not count for after release.
        (
            date(2026, 11, 20),
            matched(date(2026, 11, 1), last=date(2026, 11, 19)),
            [(AFTER, date(2026, 11, 27), date(2026, 11, 20))],
        ),
        # A session on release day (at the gate) counts: keep in touch from it (20 Nov + 14 = 4 Dec).
        (
            date(2026, 11, 20),
            matched(date(2026, 11, 1), last=date(2026, 11, 20)),
            [(KEEP, date(2026, 12, 4), date(2026, 11, 27))],
        ),
        # Released today: the task opens today, due in 7 days.
        (TODAY, matched(date(2026, 11, 1)), [(AFTER, date(2026, 12, 2), TODAY)]),
        # Matched 7 days after release (the last day it still applies): the after-release task, overdue at once.
        (date(2026, 11, 10), matched(date(2026, 11, 17)), [(AFTER, date(2026, 11, 17), date(2026, 11, 10))]),
        # Matched 8 days after release: the week after release was before the match, so keep in touch instead.
        (date(2026, 11, 9), matched(date(2026, 11, 17)), [(KEEP, date(2026, 12, 1), date(2026, 11, 24))]),
    ],
)
def test_after_release(on: date, facts: MentoringFacts, expected: list[object]) -> None:
    assert released(on, facts) == expected


def test_reasons_name_the_mentor_and_the_dates() -> None:
    (task,) = mentoring_tasks(
        matched(date(2026, 11, 1)),
        in_custody=True,
        expected_release_date=date(2026, 12, 10),
        actual_release_date=None,
        today=TODAY,
    )
    assert task.reason.startswith(
        "Matched with Sam Peer on 1 November 2026. Release is expected on 10 December 2026 and no mentoring session "
        "has happened yet. Arrange for the mentor to meet the person in prison before release, by 9 December 2026"
    )
    assert task.kind.title == "Arrange the first meeting with the mentor"


def facts(mentoring: MentoringFacts | None, *, service_as_usual: bool = False, episode_open: bool = True) -> CaseFacts:
    return CaseFacts(
        supported=True,
        episode_open=episode_open,
        referral_date=date(2026, 10, 1),
        first_contact_since_referral=date(2026, 10, 2),
        last_contact=TODAY,
        last_face_to_face_contact=TODAY,
        profile_started=date(2026, 10, 3),
        in_custody=True,
        expected_release_date=date(2026, 12, 10),
        actual_release_date=None,
        first_face_to_face_employer_contact_since_engagement=date(2026, 10, 4),
        data_protection_recorded=True,
        service_as_usual=service_as_usual,
        mentoring=mentoring,
    )


def test_the_specialists_tasks_include_mentoring_only_with_a_current_match_and_ips() -> None:
    kinds = {t.kind for t in tasks_for(facts(matched(date(2026, 11, 1))), today=TODAY)}
    assert FIRST in kinds
    assert not {FIRST, AFTER, KEEP} & {t.kind for t in tasks_for(facts(None), today=TODAY)}
    sau = tasks_for(facts(matched(date(2026, 11, 1)), service_as_usual=True), today=TODAY)
    assert not {FIRST, AFTER, KEEP} & {t.kind for t in sau}
    closed = tasks_for(facts(matched(date(2026, 11, 1)), episode_open=False), today=TODAY)
    assert not {FIRST, AFTER, KEEP} & {t.kind for t in closed}


days = st.integers(-120, 120).map(lambda n: TODAY + timedelta(days=n))


@given(days, st.none() | days, st.booleans(), st.none() | days)
def test_exactly_one_task_asks_for_the_next_session(
    matched_on: date, last: date | None, in_custody: bool, release: date | None
) -> None:
    """Whatever the dates, one task asks for the next mentoring session (never two for one missing session), and it
    never opens after it is due."""
    if last is not None and last < matched_on:
        last = matched_on
    if not in_custody and release is not None and release > TODAY:
        release = TODAY
    tasks = mentoring_tasks(
        matched(matched_on, last),
        in_custody=in_custody,
        expected_release_date=release if in_custody else None,
        actual_release_date=None if in_custody else release,
        today=TODAY,
    )
    assert len(tasks) == 1
    (task,) = tasks
    assert task.opens is None or task.opens <= task.due or task.kind is FIRST
    if task.kind is KEEP:
        assert task.due == (last or matched_on) + timedelta(days=14)

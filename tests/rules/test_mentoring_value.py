"""rules.mentoring_value: mentored against not mentored, on a dataset built and worked out by hand."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from ipsgate.rules.mentoring_value import (
    MENTORED,
    NOT_MENTORED,
    GroupFigures,
    JobRow,
    PersonRow,
    allocation_statement,
    is_mentored,
    mentoring_value,
)

TODAY = date(2026, 11, 25)


def ago(days: int) -> date:
    return TODAY - timedelta(days=days)


ROWS = [
    # --- Mentored (2 or more sessions that took place in one match) ---
    # A: 3 sessions; released 60 days ago, contact 2 days after release (kept); a job 120 days ago still going
    #    (13 weeks = 91 days have passed: in work).
    PersonRow(3, ago(60), ago(58), (JobRow(ago(120)),)),
    # B: exactly 2 sessions; released 40 days ago, first contact 30 days after release (day 30 > 28: not kept);
    #    a job 100 days ago that ended 50 days after it started (before 13 weeks: not in work).
    PersonRow(2, ago(40), ago(10), (JobRow(ago(100), ago(50)),)),
    # C: 2 sessions; released 10 days ago (28 days not yet passed: not followed); no job.
    PersonRow(2, ago(10), ago(9)),
    # D: 5 sessions; not released in the period; a job 30 days ago (13 weeks not passed: not followed).
    PersonRow(5, None, None, (JobRow(ago(30)),)),
    # --- Not mentored ---
    # E: 1 session only (not mentored); released 28 days ago exactly (followed), contact on day 28 (kept).
    PersonRow(1, ago(28), ago(0)),
    # F: never matched; released 50 days ago, no contact (not kept); two jobs: one 200 days ago ending exactly at
    #    13 weeks (in work: ended on the 13-week day), one 95 days ago ending after 10 weeks (not in work).
    PersonRow(0, ago(50), None, (JobRow(ago(200), ago(200) + timedelta(weeks=13)), JobRow(ago(95), ago(25)))),
    # G: never matched; nothing else.
    PersonRow(0),
]


def test_worked_by_hand() -> None:
    figures = mentoring_value(ROWS, today=TODAY)
    # Mentored: A, B, C, D = 4 people. Started a job: A, B, D = 3 (job start rate 3/4 = 75%).
    # Released and followed 28 days: A (60), B (40) = 2 (C released 10 days ago is not yet followed).
    # Contact kept: A (day 2) = 1; B's first contact on day 30 is too late. 1/2 = 50%.
    # Job starts followed 13 weeks (91 days): A (120 days ago), B (100) = 2 (D's 30 days is too recent).
    # In work at 13 weeks: A (still going) = 1; B ended after 50 days. 1/2 = 50%.
    assert figures[MENTORED] == GroupFigures(
        people=4, started_a_job=3, released_followed=2, contact_kept=1, starts_followed=2, in_work_at_13_weeks=1
    )
    # Not mentored: E, F, G = 3 people. Started a job: F = 1 (1/3 = 33.3%).
    # Released and followed: E (28 days: the 28th day has passed, it is today), F (50) = 2; kept: E = 1.
    # Job starts followed: F's two (200 and 95 days ago) = 2; in work at 13 weeks: the first (ended on the
    # 13-week day) = 1; the second ended at 70 days.
    assert figures[NOT_MENTORED] == GroupFigures(
        people=3, started_a_job=1, released_followed=2, contact_kept=1, starts_followed=2, in_work_at_13_weeks=1
    )
    assert list(figures) == [MENTORED, NOT_MENTORED]


def test_two_sessions_make_someone_mentored() -> None:
    assert [is_mentored(n) for n in (0, 1, 2, 3)] == [False, False, True, True]


def test_the_statement_says_whether_a_causal_claim_can_be_made() -> None:
    assert "observational comparison: it cannot show that mentoring caused" in allocation_statement(False)
    assert "allocated at random" in allocation_statement(True)


rows_strategy = st.lists(
    st.builds(
        PersonRow,
        most_sessions_in_a_match=st.integers(0, 4),
        released_on=st.none() | st.integers(0, 200).map(ago),
        first_contact_after_release=st.none() | st.integers(0, 200).map(ago),
        jobs_started=st.lists(
            st.builds(JobRow, start=st.integers(0, 300).map(ago), end=st.none() | st.integers(0, 300).map(ago)),
            max_size=2,
        ).map(tuple),
    ),
    max_size=20,
)


@given(rows_strategy)
def test_the_groups_add_up_and_each_share_is_of_its_own_denominator(rows: list[PersonRow]) -> None:
    figures = mentoring_value(rows, today=TODAY)
    assert sum(f.people for f in figures.values()) == len(rows)
    for f in figures.values():
        assert 0 <= f.started_a_job <= f.people
        assert 0 <= f.contact_kept <= f.released_followed <= f.people
        assert 0 <= f.in_work_at_13_weeks <= f.starts_followed

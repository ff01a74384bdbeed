"""The added value of peer mentoring, measured (issue 17 §6). Pure: no Django.

People with a mentor against people without one, from plain rows (one per person on the caseload in the period):

- **Mentored**: a match with a mentor that lasted at least `MENTORED_MIN_SESSIONS` sessions that took place (an
  attempt that did not happen is not a session). Everyone else, including people matched for fewer sessions, is
  "not mentored".
- **Job start rate**: people who started a job in the period, of the people in the group.
- **Contact kept after release**: of the people released in the period whose first `CONTACT_AFTER_RELEASE_DAYS`
  days outside have passed, those with a contact with the service that took place in those days (engagement
  through the gate). Mentoring sessions do not count, so the measure is the same for both groups.
- **In work 13 weeks after starting**: of the jobs started in the period whose 13-week point has passed, those not
  ended before it (the 13-week sustainment point of `rules.employment`).

This compares groups that chose (or were offered) mentoring, not groups made by chance: it describes, it does not
show that mentoring caused a difference. `statement` says so in words for the page.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from .employment import SUSTAINMENT_WEEKS

MENTORED_MIN_SESSIONS = 2
CONTACT_AFTER_RELEASE_DAYS = 28
IN_WORK_WEEKS = SUSTAINMENT_WEEKS[1]  # 13
MENTORED = "Mentored"
NOT_MENTORED = "Not mentored"
GROUPS = (MENTORED, NOT_MENTORED)


@dataclass(frozen=True)
class JobRow:
    start: date
    end: date | None = None


@dataclass(frozen=True)
class PersonRow:
    """One person on the caseload in the period, with no name or identifier."""

    most_sessions_in_a_match: int  # sessions that took place in the person's match with the most of them
    released_on: date | None = None  # released in the period (None: not released in it)
    first_contact_after_release: date | None = None  # the first contact that took place on or after release
    jobs_started: tuple[JobRow, ...] = ()  # jobs started in the period


@dataclass(frozen=True)
class GroupFigures:
    people: int
    started_a_job: int
    released_followed: int  # released in the period, with the 28 days after release passed
    contact_kept: int
    starts_followed: int  # jobs started in the period, with the 13-week point passed
    in_work_at_13_weeks: int


def is_mentored(most_sessions_in_a_match: int) -> bool:
    """A match that lasted at least two sessions that took place."""
    return most_sessions_in_a_match >= MENTORED_MIN_SESSIONS


def _contact_kept(row: PersonRow) -> bool:
    released, contact = row.released_on, row.first_contact_after_release
    return (
        released is not None
        and contact is not None
        and released <= contact <= released + timedelta(days=CONTACT_AFTER_RELEASE_DAYS)
    )


def _followed_after_release(row: PersonRow, today: date) -> bool:
    return row.released_on is not None and row.released_on + timedelta(days=CONTACT_AFTER_RELEASE_DAYS) <= today


def _in_work_at(job: JobRow) -> bool:
    return job.end is None or job.end >= job.start + timedelta(weeks=IN_WORK_WEEKS)


def mentoring_value(rows: Iterable[PersonRow], *, today: date) -> dict[str, GroupFigures]:
    """The figures for the mentored and the not mentored, in `GROUPS` order. Every person is in exactly one group,
    so the two groups' counts add up to everyone's."""
    groups: dict[str, list[PersonRow]] = {MENTORED: [], NOT_MENTORED: []}
    for row in rows:
        groups[MENTORED if is_mentored(row.most_sessions_in_a_match) else NOT_MENTORED].append(row)
    out: dict[str, GroupFigures] = {}
    for name in GROUPS:
        members = groups[name]
        followed = [r for r in members if _followed_after_release(r, today)]
        starts = [job for r in members for job in r.jobs_started if job.start + timedelta(weeks=IN_WORK_WEEKS) <= today]
        out[name] = GroupFigures(
            people=len(members),
            started_a_job=sum(1 for r in members if r.jobs_started),
            released_followed=len(followed),
            contact_kept=sum(1 for r in followed if _contact_kept(r)),
            starts_followed=len(starts),
            in_work_at_13_weeks=sum(1 for job in starts if _in_work_at(job)),
        )
    return out


def allocation_statement(randomised: bool) -> str:
    """Whether mentoring was allocated at random, and so what the comparison can say, in a sentence."""
    if randomised:
        return (
            "Mentoring was allocated at random, so a difference between the groups can be put down to mentoring, "
            "within the uncertainty shown."
        )
    return (
        "Mentoring was not allocated at random: people were offered it and chose to take it up, so the groups may "
        "differ in other ways. This is an observational comparison: it cannot show that mentoring caused any "
        "difference."
    )

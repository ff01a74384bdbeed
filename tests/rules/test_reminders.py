"""tasks_for: hand-built timelines with hand-worked due dates, plus properties.

Each case is written as a timeline (a referral, contacts, release, jobs) and turned into `CaseFacts` by
`timeline()`, which computes the aggregates exactly as the `CaseFacts` docstring defines them. Offsets are days
from TODAY (negative: in the past). Every expected due date was worked out by hand from the IPS standards:
first contact within 7 days of referral; profile within 14 days of first contact; a face-to-face meeting in the
28 days before release, by the day before it; contact within 3 days of release; contact at least every 14 days;
an employer met within 30 days of engagement; sustainment checks at 4, 13, 26 and 52 weeks.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ipsgate.rules.reminders import (
    CaseFacts,
    HandoverFacts,
    JobFacts,
    MentoringFacts,
    Planned,
    Task,
    TaskKind,
    tasks_for,
)

TODAY = date(2026, 11, 25)
K = TaskKind


def on(offset: int, today: date = TODAY) -> date:
    return today + timedelta(days=offset)


def long_date(day: date) -> str:
    """ "3 December 2026": the day without a leading zero, the month in full."""
    return f"{day.day} {day:%B} {day.year}"


# --- Timelines ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Contact:
    day: date
    with_participant: bool = True
    face_to_face: bool = True
    took_place: bool = True


def met(offset: int) -> Contact:
    """Met the person face to face."""
    return Contact(on(offset))


def phoned(offset: int) -> Contact:
    """Spoke to the person on the phone."""
    return Contact(on(offset), face_to_face=False)


def no_show(offset: int) -> Contact:
    """A face-to-face appointment the person did not attend."""
    return Contact(on(offset), took_place=False)


def no_answer(offset: int) -> Contact:
    """A call that did not get through."""
    return Contact(on(offset), face_to_face=False, took_place=False)


def about(offset: int) -> Contact:
    """A meeting about the person with someone else (probation officer, prison staff)."""
    return Contact(on(offset), with_participant=False)


def job(
    job_id: int,
    start: int,
    *,
    end: int | None = None,
    done: Sequence[int] = (),
    title: str = "Warehouse operative",
    rotl: bool = False,
    held: bool = False,
) -> JobFacts:
    """`rotl`: paid work on release on temporary licence (worked while in prison); `held`: kept open by the
    employer after a recall (not worked while in prison)."""
    return JobFacts(
        job_id=job_id,
        title=title,
        start_date=on(start),
        end_date=None if end is None else on(end),
        checks_done_weeks=frozenset(done),
        rotl_while_in_custody=rotl,
        held_open=held,
    )


@dataclass(frozen=True)
class Story:
    """One person's timeline, as recorded."""

    referral: date | None
    contacts: tuple[Contact, ...] = ()
    profile: date | None = None
    in_custody: bool = False
    expected_release: date | None = None
    released: date | None = None
    employer_contact: date | None = None
    jobs: tuple[JobFacts, ...] = ()
    supported: bool = True
    episode_open: bool = True

    def facts(self, *more_contacts: Contact) -> CaseFacts:
        """The aggregates as CaseFacts defines them: only contacts with the person that took place count;
        the first contact since the referral is the earliest on or after the referral date (none without one)."""
        contacts = [*self.contacts, *more_contacts]
        counted = [c.day for c in contacts if c.with_participant and c.took_place]
        face_to_face = [c.day for c in contacts if c.with_participant and c.took_place and c.face_to_face]
        since_referral = [day for day in counted if self.referral is not None and day >= self.referral]
        return CaseFacts(
            supported=self.supported,
            episode_open=self.episode_open,
            referral_date=self.referral,
            first_contact_since_referral=min(since_referral, default=None),
            last_contact=max(counted, default=None),
            last_face_to_face_contact=max(face_to_face, default=None),
            profile_started=self.profile,
            in_custody=self.in_custody,
            expected_release_date=self.expected_release,
            actual_release_date=None if self.in_custody else self.released,
            first_face_to_face_employer_contact_since_engagement=self.employer_contact,
            jobs=self.jobs,
        )


def maybe_on(offset: int | None) -> date | None:
    return None if offset is None else on(offset)


def timeline(
    *,
    referral: int | None,
    contacts: Sequence[Contact] = (),
    profile: int | None = None,
    in_custody: bool = False,
    expected_release: int | None = None,
    released: int | None = None,
    employer_contact: int | None = None,
    jobs: Sequence[JobFacts] = (),
    supported: bool = True,
    episode_open: bool = True,
) -> CaseFacts:
    """CaseFacts from a readable timeline of day offsets from TODAY."""
    return Story(
        referral=maybe_on(referral),
        contacts=tuple(contacts),
        profile=maybe_on(profile),
        in_custody=in_custody,
        expected_release=maybe_on(expected_release),
        released=maybe_on(released),
        employer_contact=maybe_on(employer_contact),
        jobs=tuple(jobs),
        supported=supported,
        episode_open=episode_open,
    ).facts()


def test_timeline_helper_computes_the_aggregates():
    facts = timeline(
        referral=-10,
        contacts=[met(-30), phoned(-8), no_show(-9), about(-2), met(-5), no_answer(-1), phoned(-3)],
    )
    assert facts.first_contact_since_referral == on(-8)
    assert facts.last_contact == on(-3)
    assert facts.last_face_to_face_contact == on(-5)


# --- Running and checking -------------------------------------------------------------------------------------


def run(facts: CaseFacts, today: date = TODAY) -> list[Task]:
    tasks = tasks_for(facts, today=today)
    check_reasons(tasks)
    return tasks


def check_reasons(tasks: Sequence[Task]) -> None:
    for task in tasks:
        assert task.reason.strip(), task
        assert long_date(task.due) in task.reason, task
        assert "None" not in task.reason, task
        assert task.reason.endswith("."), task


def summary(tasks: Sequence[Task]) -> list[tuple[TaskKind, int]]:
    """(kind, due as an offset from TODAY), in the order given."""
    return [(task.kind, (task.due - TODAY).days) for task in tasks]


def of_kind(tasks: Sequence[Task], kind: TaskKind) -> list[Task]:
    return [task for task in tasks if task.kind is kind]


def due_offsets(facts: CaseFacts, kind: TaskKind) -> list[int]:
    return [offset for k, offset in summary(run(facts)) if k is kind]


def engaged(
    *,
    contacts: Sequence[Contact] = (),
    in_custody: bool = False,
    expected_release: int | None = None,
    released: int | None = None,
) -> CaseFacts:
    """Referred on day -200, profile started day -190, an employer met on day -180: engaged long ago, so no
    first-contact, profile or employer task gets in the way of the one rule a case is about."""
    return timeline(
        referral=-200,
        profile=-190,
        employer_contact=-180,
        contacts=contacts,
        in_custody=in_custody,
        expected_release=expected_release,
        released=released,
    )


# --- First contact --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("facts", "expected"),
    [
        pytest.param(timeline(referral=-3), [(K.FIRST_CONTACT, 4)], id="referred-3-days-ago-no-contact"),
        pytest.param(timeline(referral=0), [(K.FIRST_CONTACT, 7)], id="referred-today"),
        pytest.param(timeline(referral=-10), [(K.FIRST_CONTACT, -3)], id="overdue"),
        pytest.param(
            timeline(referral=-3, contacts=[phoned(-3), phoned(-1)]),
            [(K.START_PROFILE, 11), (K.KEEP_IN_TOUCH, 13)],
            id="contact-on-referral-day-satisfies",
        ),
        pytest.param(
            timeline(referral=-3, contacts=[no_show(-2), no_answer(-1)]),
            [(K.FIRST_CONTACT, 4)],
            id="attempts-that-did-not-happen-do-not-count",
        ),
        pytest.param(
            timeline(referral=-3, contacts=[about(-2)]),
            [(K.FIRST_CONTACT, 4)],
            id="contact-with-someone-else-does-not-count",
        ),
        pytest.param(
            # A contact in an earlier episode: not a first contact for this referral, and one missing contact is
            # one task (no keep-in-touch, which would be overdue since day -26).
            timeline(referral=-3, contacts=[met(-40)], profile=-39, employer_contact=-35),
            [(K.FIRST_CONTACT, 4)],
            id="contact-before-referral-does-not-count",
        ),
        pytest.param(
            timeline(referral=-3, contacts=[met(-4)]),
            [(K.FIRST_CONTACT, 4)],
            id="contact-the-day-before-referral-does-not-count",
        ),
    ],
)
def test_first_contact(facts, expected):
    assert summary(run(facts)) == expected


def test_pending_referral_without_an_episode_gets_only_the_first_contact_task():
    def person(*, episode_open: bool) -> CaseFacts:
        return timeline(
            referral=-3,
            contacts=[met(-60)],
            profile=-100,
            in_custody=True,
            expected_release=10,
            jobs=[job(1, -40, rotl=True)],
            episode_open=episode_open,
        )

    assert summary(run(person(episode_open=False))) == [(K.FIRST_CONTACT, 4)]
    # The same person with an open episode has more to do: proof the rest were suppressed, not absent.
    assert summary(run(person(episode_open=True))) == [
        (K.SUSTAINMENT_CHECK, -12),
        (K.FIRST_CONTACT, 4),
        (K.PRE_RELEASE_MEETING, 9),
    ]


def test_pending_referral_already_contacted_has_nothing_to_do():
    facts = timeline(referral=-3, contacts=[phoned(-1)], in_custody=True, expected_release=10, episode_open=False)
    assert run(facts) == []


@pytest.mark.parametrize("episode_open", [False, True])
def test_not_supported_means_no_tasks(episode_open):
    facts = timeline(
        referral=-30,
        contacts=[phoned(-29)],
        profile=-28,
        in_custody=True,
        expected_release=5,
        jobs=[job(1, -40)],
        supported=False,
        episode_open=episode_open,
    )
    assert run(facts) == []


# --- Vocational profile ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("facts", "expected"),
    [
        pytest.param(
            timeline(referral=-6, contacts=[phoned(-5), phoned(-2)]),
            [(K.START_PROFILE, 9), (K.KEEP_IN_TOUCH, 12)],
            id="due-14-days-after-first-contact",
        ),
        pytest.param(
            timeline(referral=-30, contacts=[phoned(-20), phoned(-2)]),
            [(K.START_PROFILE, -6), (K.KEEP_IN_TOUCH, 12)],
            id="overdue",
        ),
        pytest.param(
            timeline(referral=-6, contacts=[phoned(-5), phoned(-2)], profile=-1),
            [(K.KEEP_IN_TOUCH, 12), (K.FIRST_EMPLOYER_CONTACT, 29)],
            id="gone-once-started",
        ),
        pytest.param(
            # The profile clock runs from the first contact since the referral, not an earlier episode's.
            timeline(referral=-6, contacts=[met(-90), phoned(-4)]),
            [(K.KEEP_IN_TOUCH, 10), (K.START_PROFILE, 10)],
            id="from-first-contact-since-referral",
        ),
    ],
)
def test_profile(facts, expected):
    assert summary(run(facts)) == expected


# --- Pre-release meeting --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("release", "contacts", "expected"),
    [
        pytest.param(60, [], [], id="release-in-60-no-task"),
        pytest.param(29, [], [], id="release-in-29-window-opens-tomorrow"),
        pytest.param(28, [], [27], id="release-in-28-window-opens-today"),
        pytest.param(10, [], [9], id="release-in-10"),
        pytest.param(1, [], [0], id="release-tomorrow-due-today"),
        pytest.param(0, [], [-1], id="release-today-overdue"),
        pytest.param(-5, [], [-6], id="release-date-passed-still-in-custody"),
        # Window for release in 10 days opened on day -18.
        pytest.param(10, [met(-18)], [], id="met-on-the-day-the-window-opened"),
        pytest.param(10, [met(-2)], [], id="met-inside-window"),
        pytest.param(10, [met(0)], [], id="met-today"),
        pytest.param(10, [met(-19)], [9], id="met-the-day-before-the-window-opened"),
        pytest.param(10, [met(-100)], [9], id="met-long-before"),
        pytest.param(10, [met(-30), phoned(-1)], [9], id="phone-call-in-window-does-not-count"),
        pytest.param(10, [met(-30), no_show(-1)], [9], id="missed-meeting-in-window-does-not-count"),
        pytest.param(10, [met(-30), about(-1)], [9], id="meeting-with-prison-staff-does-not-count"),
        pytest.param(28, [met(0)], [], id="met-on-opening-day-today"),
    ],
)
def test_pre_release_meeting(release, contacts, expected):
    facts = engaged(contacts=[phoned(-1), *contacts], in_custody=True, expected_release=release)
    tasks = of_kind(run(facts), K.PRE_RELEASE_MEETING)
    assert [(t.due - TODAY).days for t in tasks] == expected
    for task in tasks:
        assert long_date(on(release)) in task.reason  # names the release date
        assert long_date(on(release - 28)) in task.reason  # and the day the window opened


def test_pre_release_reason_names_the_last_meeting():
    facts = engaged(contacts=[met(-40), phoned(-1)], in_custody=True, expected_release=10)
    [task] = of_kind(run(facts), K.PRE_RELEASE_MEETING)
    assert long_date(on(-40)) in task.reason
    assert long_date(on(9)) in task.reason


def test_pre_release_meeting_is_not_asked_when_out_of_custody():
    facts = engaged(contacts=[phoned(-1)], in_custody=False, expected_release=10, released=None)
    assert of_kind(run(facts), K.PRE_RELEASE_MEETING) == []


def test_release_moved_earlier_opens_the_window_now():
    # Expected release in 60 days: the window is not open, no task.
    before = engaged(contacts=[met(-20), phoned(-1)], in_custody=True, expected_release=60)
    assert of_kind(run(before), K.PRE_RELEASE_MEETING) == []
    # Brought forward to 10 days away: the window opened on day -18, the meeting on day -20 was before it.
    moved = engaged(contacts=[met(-20), phoned(-1)], in_custody=True, expected_release=10)
    assert summary(of_kind(run(moved), K.PRE_RELEASE_MEETING)) == [(K.PRE_RELEASE_MEETING, 9)]
    # A meeting on day -15 is inside the new window: nothing to do.
    met_in_new_window = engaged(contacts=[met(-15), phoned(-1)], in_custody=True, expected_release=10)
    assert of_kind(run(met_in_new_window), K.PRE_RELEASE_MEETING) == []


def test_release_moved_later_a_meeting_in_the_old_window_no_longer_counts():
    # Expected in 10 days (window from day -18); met on day -10, inside that window: no task.
    before = engaged(contacts=[met(-10), phoned(-1)], in_custody=True, expected_release=10)
    assert of_kind(run(before), K.PRE_RELEASE_MEETING) == []
    # Postponed to 20 days away (window from day -8): the meeting on day -10 is now before the window.
    moved = engaged(contacts=[met(-10), phoned(-1)], in_custody=True, expected_release=20)
    assert summary(of_kind(run(moved), K.PRE_RELEASE_MEETING)) == [(K.PRE_RELEASE_MEETING, 19)]


def test_recall_brings_the_pre_release_meeting_back():
    # Met before the first release (day -130), released on day -100, kept in touch by phone, recalled since.
    history = [met(-130), phoned(-95), phoned(-60), phoned(-3)]
    out = engaged(contacts=history, in_custody=False, released=-100)
    assert of_kind(run(out), K.PRE_RELEASE_MEETING) == []
    recalled = engaged(contacts=history, in_custody=True, expected_release=15)
    tasks = run(recalled)
    assert summary(of_kind(tasks, K.PRE_RELEASE_MEETING)) == [(K.PRE_RELEASE_MEETING, 14)]
    assert of_kind(tasks, K.POST_RELEASE_CONTACT) == []
    # New release far off or not known yet: no meeting needed yet.
    far = engaged(contacts=history, in_custody=True, expected_release=60)
    assert of_kind(run(far), K.PRE_RELEASE_MEETING) == []
    unknown = engaged(contacts=history, in_custody=True, expected_release=None)
    assert of_kind(run(unknown), K.PRE_RELEASE_MEETING) == []


def test_recall_with_the_old_release_date_still_filled_in_asks_for_no_post_release_contact():
    facts = replace(
        engaged(contacts=[met(-130), phoned(-110)], in_custody=True, expected_release=15),
        actual_release_date=on(-100),
    )
    # No contact since the old release, but they are back inside: keep in touch (overdue), not "after release".
    assert summary(run(facts)) == [(K.KEEP_IN_TOUCH, -96), (K.PRE_RELEASE_MEETING, 14)]


def test_released_with_no_pre_release_meeting():
    # Last met on day -40, phoned on day -20, released yesterday with no meeting in the window and no contact since.
    facts = engaged(contacts=[met(-40), phoned(-20)], in_custody=False, expected_release=-1, released=-1)
    # Only the after-release contact (due release + 3): no pre-release task once out, and no keep-in-touch
    # (it would be overdue since day -6, but one missing contact is one task).
    assert summary(run(facts)) == [(K.POST_RELEASE_CONTACT, 2)]


# --- Contact after release ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("facts", "expected"),
    [
        pytest.param(
            engaged(contacts=[met(-10)], released=-1),
            [(K.POST_RELEASE_CONTACT, 2)],
            id="released-yesterday",
        ),
        pytest.param(
            engaged(contacts=[met(-10)], released=0),
            [(K.POST_RELEASE_CONTACT, 3)],
            id="released-today",
        ),
        pytest.param(
            engaged(contacts=[met(-10)], released=-5),
            [(K.POST_RELEASE_CONTACT, -2)],
            id="overdue",
        ),
        pytest.param(
            engaged(contacts=[met(-10), phoned(-1)], released=-1),
            [(K.KEEP_IN_TOUCH, 13)],
            id="phone-call-on-release-day-satisfies",
        ),
        pytest.param(
            engaged(contacts=[met(-10), phoned(-3)], released=-5),
            [(K.KEEP_IN_TOUCH, 11)],
            id="late-contact-still-satisfies",
        ),
        pytest.param(
            engaged(contacts=[met(0)], released=0),
            [(K.KEEP_IN_TOUCH, 14)],
            id="met-at-the-gate-today",
        ),
        pytest.param(
            # Out of custody with a release date still ahead (a data slip): nothing to contact "after" yet.
            engaged(contacts=[met(-10)], released=2),
            [(K.KEEP_IN_TOUCH, 4)],
            id="release-date-in-the-future-not-raised",
        ),
        pytest.param(
            engaged(contacts=[met(-2)], released=-1),
            [(K.POST_RELEASE_CONTACT, 2)],
            id="contact-the-day-before-release-does-not-count",
        ),
        pytest.param(
            engaged(contacts=[met(-10), no_answer(0), no_show(-1)], released=-1),
            [(K.POST_RELEASE_CONTACT, 2)],
            id="attempts-do-not-count",
        ),
        pytest.param(
            engaged(contacts=[met(-10), about(0)], released=-1),
            [(K.POST_RELEASE_CONTACT, 2)],
            id="contact-with-probation-does-not-count",
        ),
        pytest.param(
            # Released on day -30, referred from the community on day -10, not yet contacted.
            timeline(referral=-10, released=-30),
            [(K.FIRST_CONTACT, -3)],
            id="release-before-referral-not-raised",
        ),
        pytest.param(
            timeline(referral=-30, contacts=[phoned(-29)], profile=-20, employer_contact=-2, released=-30),
            [(K.KEEP_IN_TOUCH, -15)],
            id="released-on-referral-day-and-contacted",
        ),
        pytest.param(
            timeline(referral=-30, contacts=[phoned(-31)], profile=-40, employer_contact=-35, released=-30),
            [(K.FIRST_CONTACT, -23)],  # one missing contact is one task
            id="released-on-referral-day-not-contacted",
        ),
    ],
)
def test_post_release_contact(facts, expected):
    assert summary(run(facts)) == expected


def test_post_release_contact_suppresses_keep_in_touch_until_made():
    history = [met(-40), phoned(-20)]
    waiting = engaged(contacts=history, released=-2)
    assert summary(run(waiting)) == [(K.POST_RELEASE_CONTACT, 1)]
    contacted = engaged(contacts=[*history, phoned(0)], released=-2)
    assert summary(run(contacted)) == [(K.KEEP_IN_TOUCH, 14)]


# --- Keep in touch --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("contacts", "expected"),
    [
        pytest.param([phoned(-3)], [11], id="due-14-days-after-last-contact"),
        pytest.param([phoned(-14)], [0], id="due-today"),
        pytest.param([phoned(-20)], [-6], id="overdue"),
        pytest.param([met(-20), phoned(-3)], [11], id="latest-contact-counts"),
        pytest.param([phoned(-20), no_show(-1), no_answer(-2)], [-6], id="attempts-do-not-reset-the-clock"),
        pytest.param([phoned(-20), about(-1)], [-6], id="contact-with-someone-else-does-not-reset"),
        pytest.param([], [], id="never-contacted-nothing-to-keep"),
    ],
)
def test_keep_in_touch(contacts, expected):
    facts = engaged(contacts=contacts)
    assert due_offsets(facts, K.KEEP_IN_TOUCH) == expected


# --- First face-to-face employer contact ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("profile", "employer_contact", "jobs", "expected"),
    [
        pytest.param(None, None, [], [], id="not-engaged"),
        pytest.param(-10, None, [], [20], id="due-30-days-after-profile"),
        pytest.param(-40, None, [], [-10], id="overdue"),
        pytest.param(-10, -2, [], [], id="employer-met"),
        pytest.param(-10, -10, [], [], id="employer-met-on-engagement-day"),
        pytest.param(-10, None, [job(1, -5)], [], id="job-started-after-engagement"),
        pytest.param(-10, None, [job(1, -10)], [], id="job-started-on-engagement-day"),
        pytest.param(-10, None, [job(1, -20)], [20], id="job-started-before-engagement"),
    ],
)
def test_first_employer_contact(profile, employer_contact, jobs, expected):
    facts = timeline(
        referral=-60, contacts=[phoned(-59), phoned(-1)], profile=profile, employer_contact=employer_contact, jobs=jobs
    )
    assert due_offsets(facts, K.FIRST_EMPLOYER_CONTACT) == expected


# --- Sustainment checks ---------------------------------------------------------------------------------------
# A job started on day D is checked at D+28, D+91, D+182 and D+364 (4, 13, 26 and 52 weeks).


@pytest.mark.parametrize(
    ("start", "end", "done", "expected_due", "weeks"),
    [
        pytest.param(0, None, (), 28, 4, id="started-today-4-week-upcoming"),
        pytest.param(-10, None, (), 18, 4, id="week-2-4-week-upcoming"),
        pytest.param(-28, None, (), 0, 4, id="4-week-due-today"),
        pytest.param(-35, None, (), -7, 4, id="week-5-4-week-overdue"),
        pytest.param(-35, None, (4,), 56, 13, id="week-5-4-done-13-upcoming"),
        pytest.param(-98, None, (), -7, 13, id="week-14-none-done-only-latest-missed"),
        pytest.param(-98, None, (4,), -7, 13, id="week-14-4-done-13-overdue"),
        pytest.param(-98, None, (4, 13), 84, 26, id="week-14-4-13-done-26-upcoming"),
        pytest.param(-200, None, (4, 13), -18, 26, id="week-28-26-overdue"),
        pytest.param(-400, None, (), -36, 52, id="week-57-none-done-52-overdue"),
        pytest.param(-400, None, (4, 13, 26), -36, 52, id="week-57-52-overdue"),
        pytest.param(-60, 30, (), -32, 4, id="ends-in-future"),
    ],
)
def test_sustainment_check(start, end, done, expected_due, weeks):
    tasks = of_kind(run(timeline(referral=-500, jobs=[job(7, start, end=end, done=done)])), K.SUSTAINMENT_CHECK)
    assert [(t.due - TODAY).days for t in tasks] == [expected_due]
    [task] = tasks
    assert task.job_id == 7
    assert f"at {weeks} weeks" in task.reason
    assert "Warehouse operative" in task.reason
    assert long_date(on(start)) in task.reason
    assert task.overdue_on(TODAY) == (expected_due < 0)


@pytest.mark.parametrize(
    ("start", "end", "done"),
    [
        pytest.param(-400, None, (4, 13, 26, 52), id="all-done"),
        pytest.param(-10, None, (4, 13, 26, 52), id="all-done-early"),
        pytest.param(-60, -40, (), id="ended-before-4-weeks"),
        pytest.param(-60, -33, (), id="ended-the-day-before-the-4-week-date"),
        pytest.param(-200, -120, (4,), id="ended-before-13-weeks-4-done"),
        pytest.param(-400, -100, (4, 13, 26), id="ended-before-52-weeks"),
        # Once a job has ended its tenure is known from its dates: no check is asked for, missed or not.
        pytest.param(-400, -10, (4, 13, 26), id="ended-after-the-52-week-date"),
        pytest.param(-60, -32, (), id="ended-on-the-4-week-date"),
        pytest.param(5, None, (), id="starts-in-future"),
        pytest.param(1, None, (), id="starts-tomorrow"),
    ],
)
def test_no_sustainment_check(start, end, done):
    tasks = run(timeline(referral=-500, jobs=[job(7, start, end=end, done=done)]))
    assert of_kind(tasks, K.SUSTAINMENT_CHECK) == []


def test_missed_check_older_than_a_done_check_no_longer_matters():
    # Week 20 of a job started on day -140: the 13-week check was done, the 4-week one never recorded.
    # Doing a "4-week check" at week 20 is pointless; the 26-week check (day -140 + 182 = day 42) is next.
    tasks = of_kind(run(timeline(referral=-500, jobs=[job(7, -140, done=(13,))])), K.SUSTAINMENT_CHECK)
    assert summary(tasks) == [(K.SUSTAINMENT_CHECK, 42)]


def test_two_jobs_one_task_each():
    facts = timeline(referral=-500, jobs=[job(1, -10, title="Chef"), job(2, -35, title="Driver")])
    tasks = of_kind(run(facts), K.SUSTAINMENT_CHECK)
    assert [(t.job_id, (t.due - TODAY).days) for t in tasks] == [(2, -7), (1, 18)]
    assert "Driver" in tasks[0].reason
    assert "Chef" in tasks[1].reason
    assert len({t.key for t in tasks}) == 2


def test_two_jobs_started_the_same_day_have_distinct_keys_and_a_stable_order():
    facts = timeline(referral=-500, jobs=[job(9, -10), job(3, -10)])
    tasks = of_kind(run(facts), K.SUSTAINMENT_CHECK)
    assert [t.job_id for t in tasks] == [3, 9]
    assert tasks[0].due == tasks[1].due
    assert tasks[0].key != tasks[1].key


# --- Full timelines -------------------------------------------------------------------------------------------


def test_a_whole_journey_on_one_page():
    facts = timeline(
        referral=-50,
        contacts=[met(-48), phoned(-30), about(-5), no_show(-4)],
        profile=-40,
        jobs=[job(1, -35, done=()), job(2, 3)],
    )
    # first contact day -48: profile started on -40, within 14 days, nothing to do;
    # last contact -30: keep in touch due -16; employer: job 1 started day -35 >= profile day -40, none;
    # job 1 4-week check due -7; job 2 starts in the future: none.
    assert summary(run(facts)) == [(K.KEEP_IN_TOUCH, -16), (K.SUSTAINMENT_CHECK, -7)]


def test_through_the_gate_journey():
    # Referred in prison on day -40, met on day -38, profile started day -30; release expected in 20 days.
    facts = timeline(referral=-40, contacts=[met(-38), phoned(-12)], profile=-30, in_custody=True, expected_release=20)
    assert summary(run(facts)) == [
        (K.FIRST_EMPLOYER_CONTACT, 0),
        (K.KEEP_IN_TOUCH, 2),
        (K.PRE_RELEASE_MEETING, 19),
    ]


# --- Ordering, keys, overdue ----------------------------------------------------------------------------------


def test_tasks_are_sorted_by_due_date():
    facts = timeline(
        referral=-30,
        contacts=[phoned(-25)],
        in_custody=True,
        expected_release=5,
        jobs=[job(1, -35, rotl=True)],
        employer_contact=-20,
    )
    tasks = run(facts)
    # In paid ROTL work: no profile task (in work), but the first sustainment check.
    assert summary(tasks) == [
        (K.KEEP_IN_TOUCH, -11),
        (K.SUSTAINMENT_CHECK, -7),
        (K.PRE_RELEASE_MEETING, 4),
    ]


def test_same_due_date_is_ordered_by_kind():
    # First and last contact on day -3: profile and keep-in-touch both due on day 11.
    tasks = run(timeline(referral=-3, contacts=[phoned(-3)]))
    assert [t.due for t in tasks] == [on(11), on(11)]
    assert [t.kind.value for t in tasks] == sorted(t.kind.value for t in tasks)
    # And the order does not depend on anything but the facts.
    assert run(timeline(referral=-3, contacts=[phoned(-3)])) == tasks


def test_key_is_stable_from_day_to_day():
    facts = timeline(
        referral=-30,
        contacts=[phoned(-29), phoned(-3)],
        profile=-20,
        in_custody=True,
        expected_release=20,
        jobs=[job(4, -25, rotl=True)],  # 4-week check due on day 3: the key holds from upcoming to overdue
    )
    keys_by_day = [{t.key for t in run(facts, today=on(n))} for n in range(0, 8)]
    assert all(keys == keys_by_day[0] for keys in keys_by_day)
    assert len(keys_by_day[0]) == 4


def test_key_identifies_kind_due_date_and_job():
    day = on(8)
    base = Task(K.KEEP_IN_TOUCH, day, "one reason")
    assert base.key == Task(K.KEEP_IN_TOUCH, day, "another reason").key
    others = [
        Task(K.KEEP_IN_TOUCH, day + timedelta(days=1), "one reason"),
        Task(K.FIRST_CONTACT, day, "one reason"),
        Task(K.KEEP_IN_TOUCH, day, "one reason", job_id=1),
        Task(K.SUSTAINMENT_CHECK, day, "one reason", job_id=1),
        Task(K.SUSTAINMENT_CHECK, day, "one reason", job_id=2),
        Task(K.SUSTAINMENT_CHECK, day, "one reason", job_id=12),
    ]
    keys = [base.key, *(t.key for t in others)]
    assert len(set(keys)) == len(keys)
    assert all(k.isascii() and " " not in k for k in keys)


def test_key_changes_when_the_due_date_moves():
    def meeting(release: int) -> Task:
        [task] = of_kind(
            run(engaged(contacts=[phoned(-1)], in_custody=True, expected_release=release)), K.PRE_RELEASE_MEETING
        )
        return task

    assert meeting(10).key != meeting(12).key


@pytest.mark.parametrize(("due", "overdue"), [(-1, True), (-30, True), (0, False), (1, False)])
def test_overdue_on(due, overdue):
    assert Task(K.KEEP_IN_TOUCH, on(due), "r").overdue_on(TODAY) is overdue


# --- Reasons --------------------------------------------------------------------------------------------------


def test_reason_dates_have_no_leading_zero():
    # Last contact on day -6: next contact due on day 8, 3 December 2026.
    [task] = run(engaged(contacts=[phoned(-6)]))
    assert task.due == date(2026, 12, 3)
    assert "3 December 2026" in task.reason
    assert "03 December" not in task.reason


def test_every_kind_of_task_has_a_reason_with_its_due_date():
    facts = timeline(
        referral=-60,
        contacts=[met(-30)],
        profile=-100,
        in_custody=False,
        released=-1,
        jobs=[job(1, -40, title="Baker")],
    )
    kinds = {t.kind for t in run(facts)}
    facts = timeline(referral=-40, contacts=[phoned(-38)], in_custody=True, expected_release=5)
    kinds |= {t.kind for t in run(facts)}
    facts = timeline(referral=-40, contacts=[phoned(-38)], profile=-30)
    kinds |= {t.kind for t in run(facts)}
    kinds |= {t.kind for t in run(timeline(referral=-10))}
    # Planning ahead (issue 16): tests/rules/test_planning_tasks.py has the tables.
    planned = replace(
        engaged(contacts=[phoned(-9)], in_custody=True, expected_release=10),
        unrecorded_appointment=Planned(on(-1), "probation appointment", "10:00"),
        missed_appointment=Planned(on(-2), "prison visit"),
        interview=Planned(on(0), "interview for Baker", "09:30"),
        expected_start=Planned(on(-1), "Baker"),
        release_checklist_outstanding=("id", "cv"),
        handover=HandoverFacts(on(-1), "Aisha Rahman"),
        referral_out_waiting_since=on(-20),
    )
    kinds |= {t.kind for t in run(planned)}
    kinds |= {
        t.kind for t in run(replace(timeline(referral=-10, contacts=[phoned(-5)]), data_protection_recorded=False))
    }
    # Peer mentoring through the gate (issue 17 §5): tests/rules/test_mentoring_tasks.py has the tables.
    mentor = MentoringFacts(on(-20), "Sam Peer")
    kinds |= {
        t.kind
        for t in run(replace(engaged(contacts=[phoned(-5)], in_custody=True, expected_release=10), mentoring=mentor))
    }
    kinds |= {
        t.kind for t in run(replace(engaged(contacts=[phoned(-5)], in_custody=False, released=-2), mentoring=mentor))
    }
    kinds |= {t.kind for t in run(replace(engaged(contacts=[phoned(-5)]), mentoring=mentor))}
    assert kinds == set(TaskKind)  # run() checked every reason


@pytest.mark.parametrize("kind", list(TaskKind), ids=lambda k: k.value)
def test_every_kind_has_a_title(kind):
    assert kind.title.strip()
    assert kind.title[0].isupper()


# --- Properties -----------------------------------------------------------------------------------------------

TODAYS = st.dates(min_value=date(2020, 1, 1), max_value=date(2035, 12, 31))


@st.composite
def stories(draw: st.DrawFn) -> tuple[Story, date]:
    """A consistent timeline: everything recorded is on or before today; expected releases and jobs may be
    ahead. Contacts of every sort (attempts, with someone else, by phone) are mixed in."""
    today = draw(TODAYS)

    def days(lo: int, hi: int) -> st.SearchStrategy[date]:
        return st.integers(lo, hi).map(lambda n: today + timedelta(days=n))

    def past() -> st.SearchStrategy[date]:
        return days(-800, 0)

    supported = draw(st.booleans() | st.just(True))
    episode_open = supported and draw(st.booleans() | st.just(True))
    contacts = draw(
        st.lists(
            st.builds(
                Contact,
                day=past(),
                with_participant=st.booleans(),
                face_to_face=st.booleans(),
                took_place=st.booleans(),
            ),
            max_size=8,
        )
    )
    in_custody = draw(st.booleans())
    jobs = []
    for job_id, start in enumerate(draw(st.lists(days(-800, 60), max_size=3)), start=1):
        length = draw(st.none() | st.integers(0, 600))
        jobs.append(
            JobFacts(
                job_id=job_id,
                title=f"Job {job_id}",
                start_date=start,
                end_date=None if length is None else start + timedelta(days=length),
                checks_done_weeks=draw(st.frozensets(st.sampled_from((4, 13, 26, 52)))),
            )
        )
    story = Story(
        referral=draw(st.none() | past()),
        contacts=tuple(contacts),
        profile=draw(st.none() | past()),
        in_custody=in_custody,
        expected_release=draw(st.none() | days(-120, 400)),
        released=None if in_custody else draw(st.none() | past()),
        employer_contact=draw(st.none() | past()),
        jobs=tuple(jobs),
        supported=supported,
        episode_open=episode_open,
    )
    return story, today


@given(stories())
def test_never_raises_sorted_unique_and_explained(case: tuple[Story, date]) -> None:
    story, today = case
    facts = story.facts()
    tasks = tasks_for(facts, today=today)
    check_reasons(tasks)
    assert [t.due for t in tasks] == sorted(t.due for t in tasks)
    order = [(t.due, t.kind.value) for t in tasks]
    assert order == sorted(order)
    keys = [t.key for t in tasks]
    assert len(keys) == len(set(keys))
    assert tasks_for(facts, today=today) == tasks  # deterministic
    kinds = [t.kind for t in tasks]
    if not facts.supported:
        assert tasks == []
    if not facts.episode_open:
        assert set(kinds) <= {K.FIRST_CONTACT}
    for kind in set(TaskKind) - {K.SUSTAINMENT_CHECK}:
        assert kinds.count(kind) <= 1
    job_ids = [t.job_id for t in tasks if t.kind is K.SUSTAINMENT_CHECK]
    assert len(job_ids) == len(set(job_ids))
    assert set(job_ids) <= {j.job_id for j in facts.jobs if j.start_date <= today}
    assert all(t.job_id is None for t in tasks if t.kind is not K.SUSTAINMENT_CHECK)
    # One missing contact is one task.
    if K.KEEP_IN_TOUCH in kinds:
        assert K.FIRST_CONTACT not in kinds
        assert K.POST_RELEASE_CONTACT not in kinds
    if K.PRE_RELEASE_MEETING in kinds:
        assert facts.in_custody
    if K.POST_RELEASE_CONTACT in kinds:
        assert not facts.in_custody


@given(stories())
def test_meeting_the_person_today_only_ever_helps(case: tuple[Story, date]) -> None:
    story, today = case
    before = tasks_for(story.facts(), today=today)
    after = tasks_for(story.facts(Contact(today)), today=today)
    before_keys = {t.key for t in before}
    # Not literally "never adds a task": a first contact starts the 14-day profile clock, and once the
    # first-contact or after-release task is done the keep-in-touch clock (re)starts. Both are due in 14 days,
    # so nothing new is ever overdue.
    for task in after:
        if task.key not in before_keys:
            assert task.kind in (K.START_PROFILE, K.KEEP_IN_TOUCH), task
            assert task.due == today + timedelta(days=14), task
    assert len(after) <= len(before) + 2
    # Tasks that are not about contact with the person are untouched (a profile task already asked stays).
    for kind in (K.FIRST_EMPLOYER_CONTACT, K.SUSTAINMENT_CHECK):
        assert of_kind(after, kind) == of_kind(before, kind)
    if of_kind(before, K.START_PROFILE):
        assert of_kind(after, K.START_PROFILE) == of_kind(before, K.START_PROFILE)
    # Every first-contact, after-release and pre-release task here has a window that includes today (referrals
    # and releases are on or before today; a pre-release task exists only once its window has opened), so a
    # face-to-face contact today does them all.
    assert of_kind(after, K.FIRST_CONTACT) == []
    assert of_kind(after, K.POST_RELEASE_CONTACT) == []
    assert of_kind(after, K.PRE_RELEASE_MEETING) == []
    # Keep in touch, if asked, runs from today.
    assert all(t.due == today + timedelta(days=14) for t in of_kind(after, K.KEEP_IN_TOUCH))


@given(stories())
def test_a_phone_call_today_is_contact_but_not_a_pre_release_meeting(case: tuple[Story, date]) -> None:
    story, today = case
    before = tasks_for(story.facts(), today=today)
    after = tasks_for(story.facts(Contact(today, face_to_face=False)), today=today)
    assert of_kind(after, K.PRE_RELEASE_MEETING) == of_kind(before, K.PRE_RELEASE_MEETING)
    assert of_kind(after, K.FIRST_CONTACT) == []
    assert of_kind(after, K.POST_RELEASE_CONTACT) == []


@given(stories())
def test_attempts_and_contacts_with_others_change_nothing(case: tuple[Story, date]) -> None:
    story, today = case
    attempts = (
        Contact(today, took_place=False),
        Contact(today, face_to_face=False, took_place=False),
        Contact(today, with_participant=False),
    )
    assert tasks_for(story.facts(*attempts), today=today) == tasks_for(story.facts(), today=today)


def test_the_first_sustainment_check_is_live_from_the_job_start_and_later_ones_a_week_before():
    [first] = of_kind(run(timeline(referral=-500, jobs=[job(1, 0)])), K.SUSTAINMENT_CHECK)
    assert first.live_on(TODAY) and not first.overdue_on(TODAY)
    [later] = of_kind(run(timeline(referral=-500, jobs=[job(1, -60, done=(4,))])), K.SUSTAINMENT_CHECK)
    assert (later.due - TODAY).days == 31  # 13 weeks after day -60
    assert not later.live_on(TODAY)
    assert later.live_on(later.due - timedelta(days=7))


# --- Issue 16: service as usual, work, recall and data protection ----------------------------------------------


def sau(facts: CaseFacts, **changes: object) -> CaseFacts:
    return replace(facts, service_as_usual=True, **changes)  # type: ignore[arg-type]


# A person with one of each IPS task due: first contact (a new referral), pre-release meeting, sustainment check.
IPS_STORIES = {
    "new referral": timeline(referral=-10, episode_open=False),
    "met, no profile": timeline(referral=-40, contacts=[phoned(-38)]),
    "due out in 10 days": engaged(in_custody=True, expected_release=10, contacts=[phoned(-2)]),
    "released yesterday": engaged(released=-1, contacts=[met(-30)]),
    "out of touch": engaged(contacts=[phoned(-30)]),
    "engaged, no employer": timeline(referral=-40, contacts=[phoned(-38), phoned(-2)], profile=-35),
    "in work 6 weeks": replace(engaged(released=-100, contacts=[phoned(-2)]), jobs=(job(1, -42),)),
}


@pytest.mark.parametrize("story", list(IPS_STORIES), ids=list(IPS_STORIES))
def test_service_as_usual_gets_no_ips_tasks(story):
    """The rule table for tasks: every IPS story has a task; the same story in the SAU group has none."""
    facts = IPS_STORIES[story]
    assert run(facts), story
    assert run(sau(facts)) == []


@pytest.mark.parametrize("story", list(IPS_STORIES), ids=list(IPS_STORIES))
def test_service_as_usual_still_gets_the_data_protection_task(story):
    facts = sau(IPS_STORIES[story], data_protection_recorded=False)
    kinds = [task.kind for task in run(facts)]
    assert kinds == ([K.RECORD_DATA_PROTECTION] if facts.episode_open else [])


@pytest.mark.parametrize(
    ("recorded", "first_contact", "referral", "expected_due"),
    [
        pytest.param(True, -5, -10, None, id="recorded"),
        pytest.param(None, -5, -10, None, id="not-known"),
        pytest.param(False, -5, -10, -5, id="at-the-first-contact"),
        pytest.param(False, None, -10, 20, id="no-contact-a-month-after-referral"),
        pytest.param(False, -2, -60, -30, id="contact-after-the-month-the-month-decides"),
        pytest.param(False, None, None, 0, id="no-referral-today"),
    ],
)
def test_data_protection_task(recorded, first_contact, referral, expected_due):
    contacts = [phoned(first_contact)] if first_contact is not None else []
    facts = replace(timeline(referral=referral, contacts=contacts), data_protection_recorded=recorded)
    tasks = [task for task in run(facts) if task.kind is K.RECORD_DATA_PROTECTION]
    if expected_due is None:
        assert tasks == []
    else:
        [task] = tasks
        assert task.due == on(expected_due)
        assert "privacy notice" in task.reason


def test_no_data_protection_task_without_an_open_episode():
    facts = replace(timeline(referral=-10, episode_open=False), data_protection_recorded=False)
    assert K.RECORD_DATA_PROTECTION not in {task.kind for task in run(facts)}


@pytest.mark.parametrize(
    ("in_work", "expected"),
    [
        pytest.param(None, True, id="not-in-work"),
        pytest.param(-60, False, id="in-work-since-before-the-contact"),
        pytest.param(-5, False, id="in-work-since-5-days"),
        pytest.param(3, True, id="job-starts-in-3-days"),
    ],
)
def test_profile_task_only_while_not_in_work(in_work, expected):
    """Issue 16 item 6: met 100 days ago, no profile. In work, the profile is not overdue (see the rule's text)."""
    jobs = [job(1, in_work)] if in_work is not None else []
    facts = timeline(referral=-110, contacts=[phoned(-100), phoned(-2)], jobs=jobs)
    assert (K.START_PROFILE in {task.kind for task in run(facts)}) is expected


@pytest.mark.parametrize(
    ("in_custody", "rotl", "held", "asked"),
    [
        pytest.param(False, False, False, True, id="out-of-custody"),
        pytest.param(False, False, True, True, id="out-again-after-a-held-job"),
        pytest.param(True, False, False, False, id="recalled-job-still-recorded"),
        pytest.param(True, False, True, False, id="recalled-job-held"),
        pytest.param(True, True, False, True, id="rotl-work"),
        pytest.param(True, True, True, False, id="rotl-work-held"),
    ],
)
def test_sustainment_checks_only_for_a_job_being_worked(in_custody, rotl, held, asked):
    facts = replace(
        engaged(in_custody=in_custody, expected_release=90 if in_custody else None, contacts=[phoned(-2)]),
        jobs=(job(1, -30, rotl=rotl, held=held),),
    )
    assert (K.SUSTAINMENT_CHECK in {task.kind for task in run(facts)}) is asked


# --- Chasing a referral out to a partner (issue 18) --------------------------------------------------------------

CHRISTMAS_2026 = frozenset({date(2026, 12, 25), date(2026, 12, 26), date(2026, 12, 28), date(2027, 1, 1)})


@pytest.mark.parametrize(
    ("waiting_since", "holidays", "due"),
    [
        # sent Friday 18 December 2026: Christmas Day, the Boxing Day substitute day (Monday 28 December) and New
        # Year's Day are not working days, so the 10th working day is Wednesday 6 January 2027
        (date(2026, 12, 18), CHRISTMAS_2026, date(2027, 1, 6)),
        (date(2026, 12, 18), frozenset(), date(2027, 1, 1)),
        (date(2026, 11, 2), CHRISTMAS_2026, date(2026, 11, 16)),  # no holiday in between: two weeks
    ],
)
def test_a_referral_out_with_no_answer_is_chased_on_the_tenth_working_day(waiting_since, holidays, due):
    facts = replace(engaged(contacts=[met(-1)]), referral_out_waiting_since=waiting_since, holidays=holidays)
    chase = of_kind(run(facts, today=due), K.CHASE_PARTNER_REFERRAL)
    assert [task.due for task in chase] == [due]
    assert chase[0].live_on(due) and not chase[0].live_on(due - timedelta(days=1))
    assert f"{due:%-d %B %Y}" in chase[0].reason and "bank holidays" in chase[0].reason


def test_no_referral_out_waiting_means_no_chase():
    assert not of_kind(run(engaged(contacts=[met(-1)])), K.CHASE_PARTNER_REFERRAL)


def test_the_service_as_usual_group_is_chased_too():
    """Signposting is not IPS: the service-as-usual group gets no IPS task, but a referral out is still chased (the
    caseload flag shows for them too)."""
    facts = replace(
        engaged(contacts=[met(-1)]), service_as_usual=True, referral_out_waiting_since=on(-30), holidays=frozenset()
    )
    assert [task.kind for task in run(facts)] == [K.CHASE_PARTNER_REFERRAL]

"""Tasks a specialist must do, each with a due date and a reason they can read out. Pure: no Django.

One rule per IPS through-the-gate standard (DESIGN.md §1, domain-rules.md):
- first contact within 7 days of referral;
- vocational profile started within 14 days of the first contact, unless the person is already in work: the
  profile is where the job search starts (IPS: the search follows the person's own preferences), so it has a
  deadline only while they are looking for work. Someone who found work before it was started gets in-work
  support instead, and the profile can be filled in with them then, without a deadline;
- a face-to-face meeting before release once release is within 28 days, if none has happened in that window;
- a contact within 3 days (72 hours) after release;
- no contact for 14 days;
- the first face-to-face employer contact within 30 days of engagement (the profile being started);
- sustainment checks 4, 13, 26 and 52 weeks after each job start, for a job being worked
  (`employment.job_being_worked`: not while the person is back in prison and the employer keeps the job open);
- a lawful basis and privacy notice recorded for everyone in an open episode: the person is told how their
  information is used at the first contact, and within a month of the referral at the latest (UK GDPR Article 14).

The service-as-usual group of the evaluation does not get IPS: none of the IPS tasks above. The lawful basis and
privacy notice still apply, because the service holds their information for the evaluation.

Planning ahead (`planning_tasks`, issue 16 items 7, 11 and 17):
- an appointment whose day has come with no outcome recorded: record what happened, by the next day;
- a missed appointment: get back in touch within 2 days, unless a contact has happened since;
- an interview date or an expected start date that has passed with the application unchanged: record what happened;
- in custody with release within 28 days: work through what is outstanding on the ready-for-release checklist,
  a week before release;
- a handover to a new specialist: the new specialist confirms they have picked it up within 3 days.

A referral out to a partner with no answer is chased on the 10th working day after it was sent
(`referrals_out.chase_on`; weekends and the bank holidays passed in do not count), for everyone supported, the
service-as-usual group included (signposting is not IPS).

"Contact" means a contact with the person that took place; an attempt that did not happen never satisfies a
task. Facts are aggregates the database can compute in one query per page (`journey.selectors`).

Peer mentoring through the gate (`mentoring_tasks`, issue 17 §5), while the person has a mentor:
- the first mentoring meeting before release, once release is within 28 days and no session has happened yet;
- a mentoring session within 7 days after release;
- a mentoring session at least every 14 days while matched.
They are on the specialist's To do, and the mentor's own list reads the same function.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import date, timedelta

from .employment import SUSTAINMENT_WEEKS, job_being_worked
from .referrals_out import CHASE_AFTER_WORKING_DAYS, chase_on
from .release_readiness import ITEM_BY_CODE

FIRST_CONTACT_DAYS = 7
PROFILE_AFTER_FIRST_CONTACT_DAYS = 14
PRE_RELEASE_WINDOW_DAYS = 28
POST_RELEASE_CONTACT_DAYS = 3
CONTACT_GAP_DAYS = 14
EMPLOYER_CONTACT_AFTER_ENGAGEMENT_DAYS = 30
PRIVACY_NOTICE_AFTER_REFERRAL_DAYS = 30  # UK GDPR Article 14(3)(a): within a month of obtaining the data
REMIND_BEFORE_DAYS = 7  # recurring tasks (keep in touch, sustainment checks) open a week before they are due
RECORD_OUTCOME_DAYS = 1  # an appointment, interview or start day: record what happened by the next day
MISSED_FOLLOW_UP_DAYS = 2  # a missed appointment: get back in touch within 2 days
CHECKLIST_BEFORE_RELEASE_DAYS = 7  # the ready-for-release checklist: done a week before release
HANDOVER_PICK_UP_DAYS = 3  # a handover: picked up within 3 days (the 72 hours after release that matter most)
MENTOR_BEFORE_RELEASE_DAYS = 28  # the first mentoring meeting: before release, once release is this close
MENTOR_AFTER_RELEASE_DAYS = 7  # a mentoring session within a week after release
MENTOR_KEEP_IN_TOUCH_DAYS = 14  # a mentoring session at least every 14 days while matched


class TaskKind(enum.Enum):
    FIRST_CONTACT = "first-contact"
    START_PROFILE = "start-profile"
    PRE_RELEASE_MEETING = "pre-release-meeting"
    POST_RELEASE_CONTACT = "post-release-contact"
    KEEP_IN_TOUCH = "keep-in-touch"
    FIRST_EMPLOYER_CONTACT = "first-employer-contact"
    SUSTAINMENT_CHECK = "sustainment-check"
    RECORD_APPOINTMENT = "record-appointment"
    FOLLOW_UP_MISSED_APPOINTMENT = "follow-up-missed-appointment"
    RECORD_INTERVIEW = "record-interview"
    RECORD_JOB_START = "record-job-start"
    RELEASE_CHECKLIST = "release-checklist"
    PICK_UP_HANDOVER = "pick-up-handover"
    RECORD_DATA_PROTECTION = "data-protection"
    CHASE_PARTNER_REFERRAL = "chase-partner-referral"
    MENTOR_FIRST_MEETING = "mentor-first-meeting"
    MENTOR_AFTER_RELEASE = "mentor-after-release"
    MENTOR_KEEP_IN_TOUCH = "mentor-keep-in-touch"

    @property
    def title(self) -> str:
        return TASK_TITLES[self]


TASK_TITLES = {
    TaskKind.FIRST_CONTACT: "Make first contact",
    TaskKind.START_PROFILE: "Start the vocational profile",
    TaskKind.PRE_RELEASE_MEETING: "Meet face to face before release",
    TaskKind.POST_RELEASE_CONTACT: "Make contact after release",
    TaskKind.KEEP_IN_TOUCH: "Get back in touch",
    TaskKind.FIRST_EMPLOYER_CONTACT: "Meet an employer about this person",
    TaskKind.SUSTAINMENT_CHECK: "Check the job is going well",
    TaskKind.RECORD_APPOINTMENT: "Record what happened at the appointment",
    TaskKind.FOLLOW_UP_MISSED_APPOINTMENT: "Follow up a missed appointment",
    TaskKind.RECORD_INTERVIEW: "Record how the interview went",
    TaskKind.RECORD_JOB_START: "Record whether the job started",
    TaskKind.RELEASE_CHECKLIST: "Get ready for release",
    TaskKind.PICK_UP_HANDOVER: "Pick up the handover",
    TaskKind.RECORD_DATA_PROTECTION: "Record the lawful basis and privacy notice",
    TaskKind.CHASE_PARTNER_REFERRAL: "Chase a referral to a partner",
    TaskKind.MENTOR_FIRST_MEETING: "Arrange the first meeting with the mentor",
    TaskKind.MENTOR_AFTER_RELEASE: "Arrange a mentoring session after release",
    TaskKind.MENTOR_KEEP_IN_TOUCH: "Arrange the next mentoring session",
}


@dataclass(frozen=True)
class Planned:
    """Something planned for a day: an appointment, an interview, a first day at work. `what` reads in a
    sentence ("probation appointment", "interview for Warehouse operative"); `time` is "" or like "10:00"."""

    day: date
    what: str
    time: str = ""

    @property
    def when(self) -> str:
        return f"{_d(self.day)} at {self.time}" if self.time else _d(self.day)


@dataclass(frozen=True)
class HandoverFacts:
    """A handover to the person's new specialist that they have not yet confirmed."""

    on: date
    from_name: str


@dataclass(frozen=True)
class JobFacts:
    job_id: int
    title: str
    start_date: date
    end_date: date | None
    checks_done_weeks: frozenset[int] = frozenset()
    rotl_while_in_custody: bool = False
    held_open: bool = False  # the employer is keeping it open while the person is back in prison


@dataclass(frozen=True)
class MentoringFacts:
    """The person's current match with a peer mentor. Sessions are sessions of this match that took place (an
    attempt that did not happen never counts)."""

    matched_on: date
    mentor_name: str
    last_session: date | None = None


@dataclass(frozen=True)
class CaseFacts:
    """What the rules need about one person. Dates of contacts are of contacts with the person that took place."""

    supported: bool  # an open episode, or a referral awaiting a decision
    episode_open: bool
    referral_date: date | None  # the latest referral
    first_contact_since_referral: date | None
    last_contact: date | None
    last_face_to_face_contact: date | None
    profile_started: date | None
    in_custody: bool
    expected_release_date: date | None
    actual_release_date: date | None  # the latest release, when out of custody
    first_face_to_face_employer_contact_since_engagement: date | None = None
    jobs: tuple[JobFacts, ...] = field(default_factory=tuple)
    # Planning ahead (`planning_tasks`). Each defaults to "nothing to do", so facts built without them are unchanged.
    unrecorded_appointment: Planned | None = None  # the earliest appointment with no outcome recorded
    missed_appointment: Planned | None = None  # the latest appointment recorded as missed
    interview: Planned | None = None  # the earliest interview date of an application still at "interview"
    expected_start: Planned | None = None  # the earliest expected start of an accepted offer not yet started
    release_checklist_outstanding: tuple[str, ...] = ()  # item codes (`rules.release_readiness`) not yet settled
    handover: HandoverFacts | None = None
    service_as_usual: bool = False  # the latest referral is in the evaluation's service-as-usual group
    data_protection_recorded: bool | None = None  # lawful basis and privacy notice; None when not known
    referral_out_waiting_since: date | None = None  # the oldest referral out still sent or acknowledged
    holidays: frozenset[date] = frozenset()  # bank holidays, for deadlines counted in working days
    mentoring: MentoringFacts | None = None  # the current match with a peer mentor, if any

    def works_in(self, job: JobFacts, today: date) -> bool:
        """Whether the job has started by today, has not ended and is being worked."""
        return (
            job.start_date <= today
            and (job.end_date is None or job.end_date > today)
            and job_being_worked(
                in_custody=self.in_custody, rotl_while_in_custody=job.rotl_while_in_custody, held_open=job.held_open
            )
        )


@dataclass(frozen=True)
class Task:
    kind: TaskKind
    due: date
    reason: str
    job_id: int | None = None
    opens: date | None = None  # from when the task is live (to do now); None means on its due date

    def live_on(self, today: date) -> bool:
        """Whether the task belongs on today's To do list: it has opened, or it is due."""
        return (self.opens or self.due) <= today

    @property
    def key(self) -> str:
        """Stable identity for a notification: the same task on the same due date is one notification."""
        suffix = f":job{self.job_id}" if self.job_id is not None else ""
        return f"{self.kind.value}:{self.due.isoformat()}{suffix}"

    def overdue_on(self, today: date) -> bool:
        return self.due < today


def _d(day: date) -> str:
    return f"{day:%-d %B %Y}"


def tasks_for(facts: CaseFacts, *, today: date) -> list[Task]:
    """Every open task for one person, soonest due first. Future tasks are included; callers choose a horizon."""
    if not facts.supported:
        return []
    data_protection = _data_protection_task(facts, today)
    chase = _chase_task(facts)
    if facts.service_as_usual:
        return sorted((task for task in (data_protection, chase) if task), key=_order)
    tasks: list[Task] = [task for task in (data_protection, chase) if task]
    referred = facts.referral_date
    no_contact_since_referral = referred is not None and facts.first_contact_since_referral is None
    if referred is not None and no_contact_since_referral:
        due = referred + timedelta(days=FIRST_CONTACT_DAYS)
        tasks.append(
            Task(
                TaskKind.FIRST_CONTACT,
                due,
                f"Referred on {_d(referred)}. The first contact is due within {FIRST_CONTACT_DAYS} days, "
                f"by {_d(due)}, and none is recorded since the referral.",
                opens=referred,
            )
        )
    if not facts.episode_open:
        return sorted(tasks, key=_order)

    in_work = any(facts.works_in(job, today) for job in facts.jobs)
    if facts.profile_started is None and facts.first_contact_since_referral is not None and not in_work:
        due = facts.first_contact_since_referral + timedelta(days=PROFILE_AFTER_FIRST_CONTACT_DAYS)
        tasks.append(
            Task(
                TaskKind.START_PROFILE,
                due,
                f"First contact was on {_d(facts.first_contact_since_referral)}. Start the vocational profile within "
                f"{PROFILE_AFTER_FIRST_CONTACT_DAYS} days, by {_d(due)}: a started profile means the person "
                "is engaged.",
                opens=facts.first_contact_since_referral,
            )
        )

    release = facts.expected_release_date
    if facts.in_custody and release is not None:
        window_opens = release - timedelta(days=PRE_RELEASE_WINDOW_DAYS)
        met_in_window = facts.last_face_to_face_contact is not None and facts.last_face_to_face_contact >= window_opens
        if today >= window_opens and not met_in_window:
            due = release - timedelta(days=1)
            last = (
                f"The last face-to-face meeting was on {_d(facts.last_face_to_face_contact)}, before that."
                if facts.last_face_to_face_contact
                else "No face-to-face meeting is recorded."
            )
            tasks.append(
                Task(
                    TaskKind.PRE_RELEASE_MEETING,
                    due,
                    f"Release is expected on {_d(release)}, so the {PRE_RELEASE_WINDOW_DAYS}-day window before it "
                    f"opened on {_d(window_opens)}. {last} Meet in prison by {_d(due)}.",
                    opens=window_opens,
                )
            )

    released = facts.actual_release_date
    post_release_due = False
    # Never contacted since the referral: the first-contact task already asks for the contact.
    if not facts.in_custody and released is not None and released <= today and not no_contact_since_referral:
        after_referral = facts.referral_date is None or released >= facts.referral_date
        contacted_since = facts.last_contact is not None and facts.last_contact >= released
        if after_referral and not contacted_since:
            post_release_due = True
            due = released + timedelta(days=POST_RELEASE_CONTACT_DAYS)
            tasks.append(
                Task(
                    TaskKind.POST_RELEASE_CONTACT,
                    due,
                    f"Released on {_d(released)}. People most often lose touch in the first days outside: make "
                    f"contact within {POST_RELEASE_CONTACT_DAYS} days (72 hours), by {_d(due)}.",
                    opens=released,
                )
            )

    # One missing contact is one task: the first-contact and after-release tasks already ask for it.
    if facts.last_contact is not None and not no_contact_since_referral and not post_release_due:
        due = facts.last_contact + timedelta(days=CONTACT_GAP_DAYS)
        tasks.append(
            Task(
                TaskKind.KEEP_IN_TOUCH,
                due,
                f"The last contact was on {_d(facts.last_contact)}. Keep in touch at least every "
                f"{CONTACT_GAP_DAYS} days: the next contact is due by {_d(due)}.",
                opens=due - timedelta(days=REMIND_BEFORE_DAYS),
            )
        )

    started_since_engagement = any(
        facts.profile_started is not None and job.start_date >= facts.profile_started for job in facts.jobs
    )
    if (
        facts.profile_started is not None
        and facts.first_face_to_face_employer_contact_since_engagement is None
        and not started_since_engagement
    ):
        due = facts.profile_started + timedelta(days=EMPLOYER_CONTACT_AFTER_ENGAGEMENT_DAYS)
        tasks.append(
            Task(
                TaskKind.FIRST_EMPLOYER_CONTACT,
                due,
                f"Engaged on {_d(facts.profile_started)} (profile started). Rapid job search: meet an employer face "
                f"to face about this person within {EMPLOYER_CONTACT_AFTER_ENGAGEMENT_DAYS} days, by {_d(due)}.",
                opens=facts.profile_started,
            )
        )

    for job in facts.jobs:
        if not job_being_worked(
            in_custody=facts.in_custody, rotl_while_in_custody=job.rotl_while_in_custody, held_open=job.held_open
        ):
            continue
        check = next_sustainment_check(job, today)
        if check is None:
            continue
        weeks, due = check
        tasks.append(
            Task(
                TaskKind.SUSTAINMENT_CHECK,
                due,
                f"Started as {job.title} on {_d(job.start_date)}. Check how the job is going at {weeks} weeks, "
                f"on {_d(due)}, with the person and, if they agree, their manager.",
                job_id=job.job_id,
                # The first check is on the list from the start: the first weeks in a job need the most support.
                opens=job.start_date if weeks == SUSTAINMENT_WEEKS[0] else due - timedelta(days=REMIND_BEFORE_DAYS),
            )
        )
    tasks.extend(planning_tasks(facts, today=today))
    if facts.mentoring is not None:
        tasks.extend(
            mentoring_tasks(
                facts.mentoring,
                in_custody=facts.in_custody,
                expected_release_date=facts.expected_release_date,
                actual_release_date=facts.actual_release_date,
                today=today,
            )
        )
    return sorted(tasks, key=_order)


def _data_protection_task(facts: CaseFacts, today: date) -> Task | None:
    """Someone in an open episode with no lawful basis or privacy notice recorded. The notice is given at the first
    contact, or within a month of the referral if there is none by then (UK GDPR Article 14(3))."""
    if not facts.episode_open or facts.data_protection_recorded is not False:
        return None
    referred = facts.referral_date
    first = facts.first_contact_since_referral
    latest = referred + timedelta(days=PRIVACY_NOTICE_AFTER_REFERRAL_DAYS) if referred else today
    due = min(first, latest) if first else latest
    when = (
        f"The first contact was on {_d(first)}, so it was due then."
        if first and due == first
        else f"It is due at the first contact, and by {_d(due)} at the latest."
    )
    return Task(
        TaskKind.RECORD_DATA_PROTECTION,
        due,
        "No lawful basis or privacy notice is recorded. Tell the person how the service uses their information, "
        f"give them the privacy notice and record both on the data protection page. {when}",
        opens=min(referred or due, due),
    )


def next_sustainment_check(job: JobFacts, today: date) -> tuple[int, date] | None:
    """The one check to ask for: the latest missed check (an older missed one no longer matters, nor does one
    before a check already done), or else the next one coming. None for a job that has ended (its tenure is
    known) or not yet started, or once every check is done. A fixed end date ahead rules out checks after it."""
    if job.start_date > today or (job.end_date is not None and job.end_date <= today):
        return None
    latest_done = max(job.checks_done_weeks, default=0)
    open_checks = [
        (weeks, job.start_date + timedelta(weeks=weeks))
        for weeks in SUSTAINMENT_WEEKS
        if weeks > latest_done and (job.end_date is None or job.start_date + timedelta(weeks=weeks) <= job.end_date)
    ]
    missed = [check for check in open_checks if check[1] <= today]
    if missed:
        return missed[-1]
    return open_checks[0] if open_checks else None


def _order(task: Task) -> tuple[date, str, int]:
    return (task.due, task.kind.value, task.job_id or 0)


def planning_tasks(facts: CaseFacts, *, today: date) -> list[Task]:
    """Tasks from what was planned (appointments, interviews, start days, the release checklist, a handover) for a
    person in an open episode of support. An appointment or interview only becomes a task on its day: until then it
    is simply coming up."""
    tasks: list[Task] = []
    appointment = facts.unrecorded_appointment
    if appointment is not None and appointment.day <= today:
        due = appointment.day + timedelta(days=RECORD_OUTCOME_DAYS)
        tasks.append(
            Task(
                TaskKind.RECORD_APPOINTMENT,
                due,
                f"The {appointment.what} was on {appointment.when}. Record whether the person attended by "
                f"{_d(due)}, so that a missed appointment is followed up.",
                opens=appointment.day,
            )
        )
    missed = facts.missed_appointment
    if missed is not None and missed.day <= today and (facts.last_contact is None or facts.last_contact < missed.day):
        due = missed.day + timedelta(days=MISSED_FOLLOW_UP_DAYS)
        tasks.append(
            Task(
                TaskKind.FOLLOW_UP_MISSED_APPOINTMENT,
                due,
                f"The person missed the {missed.what} on {missed.when}, and no contact with them is recorded since. "
                f"Get in touch by {_d(due)} to find out what happened and help rebook it.",
                opens=missed.day,
            )
        )
    interview = facts.interview
    if interview is not None and interview.day <= today:
        due = interview.day + timedelta(days=RECORD_OUTCOME_DAYS)
        tasks.append(
            Task(
                TaskKind.RECORD_INTERVIEW,
                due,
                f"The {interview.what} was on {interview.when}. Record how it went (an offer, unsuccessful or "
                f"withdrawn) by {_d(due)}, or change the date if the interview moved.",
                opens=interview.day,
            )
        )
    start = facts.expected_start
    if start is not None and start.day <= today:
        due = start.day + timedelta(days=RECORD_OUTCOME_DAYS)
        tasks.append(
            Task(
                TaskKind.RECORD_JOB_START,
                due,
                f"The person was due to start as {start.what} on {start.when}. Record by {_d(due)} whether they "
                "started (the job start counts once recorded), or why not.",
                opens=start.day,
            )
        )
    release = facts.expected_release_date
    if facts.in_custody and release is not None and facts.release_checklist_outstanding:
        window_opens = release - timedelta(days=PRE_RELEASE_WINDOW_DAYS)
        if today >= window_opens:
            due = max(window_opens, release - timedelta(days=CHECKLIST_BEFORE_RELEASE_DAYS))
            labels = [ITEM_BY_CODE[code].label for code in facts.release_checklist_outstanding if code in ITEM_BY_CODE]
            tasks.append(
                Task(
                    TaskKind.RELEASE_CHECKLIST,
                    due,
                    f"Release is expected on {_d(release)}. Not ready yet on the ready-for-release checklist: "
                    f"{', '.join(labels)}. Sort these out, or mark them not needed, by {_d(due)}, a week before "
                    "release.",
                    opens=window_opens,
                )
            )
    handover = facts.handover
    if handover is not None:
        due = handover.on + timedelta(days=HANDOVER_PICK_UP_DAYS)
        tasks.append(
            Task(
                TaskKind.PICK_UP_HANDOVER,
                due,
                f"{handover.from_name} handed over the person's support on {_d(handover.on)}. Read the handover note "
                f"and confirm you have picked it up by {_d(due)}.",
                opens=handover.on,
            )
        )
    return tasks


def _chase_task(facts: CaseFacts) -> Task | None:
    """The oldest referral out to a partner still waiting for an answer is chased on its chase day
    (`referrals_out.chase_on`). For everyone supported, the service-as-usual group included: a referral out is
    signposting, not IPS, and the caseload flag ("Partner referral to chase") shows for them too."""
    waiting = facts.referral_out_waiting_since
    if waiting is None:
        return None
    due = chase_on(waiting, facts.holidays)
    return Task(
        TaskKind.CHASE_PARTNER_REFERRAL,
        due,
        f"A referral to a partner sent on {_d(waiting)} has had no answer. Chase it on {_d(due)}, "
        f"{CHASE_AFTER_WORKING_DAYS} working days after it was sent (weekends and bank holidays not counted), "
        "and record what they say on the person's referrals to partners.",
        opens=due,
    )


def mentoring_tasks(
    mentoring: MentoringFacts,
    *,
    in_custody: bool,
    expected_release_date: date | None,
    actual_release_date: date | None,
    today: date,
) -> list[Task]:
    """Peer mentoring through the gate (issue 17 §5): what is due for one person and their current mentor, soonest
    first. The one definition of these tasks: the specialist's To do gets them through `tasks_for`, and a mentor's
    own list can call this function with the same facts.

    - First meeting: in custody, release expected within 28 days and no session yet: meet before release day.
    - After release: released (on or after the match started, or within a week before it), and no session since
      release: a session within 7 days of release.
    - Keep in touch: a session every 14 days from the last one (or from the start of the match when there is none
      yet), unless one of the tasks above already asks for the next session (one missing session is one task).

    `actual_release_date` is the latest release when the person is out of custody (None in custody). Future tasks
    are included; callers choose a horizon."""
    tasks: list[Task] = []
    last = mentoring.last_session
    matched = f"Matched with {mentoring.mentor_name} on {_d(mentoring.matched_on)}."
    release = expected_release_date
    if in_custody and release is not None and last is None:
        window_opens = release - timedelta(days=MENTOR_BEFORE_RELEASE_DAYS)
        if today >= window_opens:
            due = release - timedelta(days=1)
            tasks.append(
                Task(
                    TaskKind.MENTOR_FIRST_MEETING,
                    due,
                    f"{matched} Release is expected on {_d(release)} and no mentoring session has happened yet. "
                    f"Arrange for the mentor to meet the person in prison before release, by {_d(due)}: knowing "
                    "their mentor before the gate helps most in the first days outside.",
                    opens=max(window_opens, mentoring.matched_on),
                )
            )
    released = actual_release_date
    if (
        not in_custody
        and released is not None
        and released <= today
        and mentoring.matched_on <= released + timedelta(days=MENTOR_AFTER_RELEASE_DAYS)
        and (last is None or last < released)
    ):
        due = released + timedelta(days=MENTOR_AFTER_RELEASE_DAYS)
        tasks.append(
            Task(
                TaskKind.MENTOR_AFTER_RELEASE,
                due,
                f"{matched} Released on {_d(released)}, and no mentoring session has happened since. Arrange a "
                f"session within {MENTOR_AFTER_RELEASE_DAYS} days of release, by {_d(due)}.",
                opens=released,
            )
        )
    if not tasks:
        since = last or mentoring.matched_on
        due = since + timedelta(days=MENTOR_KEEP_IN_TOUCH_DAYS)
        what = f"The last mentoring session was on {_d(last)}." if last else "No mentoring session has happened yet."
        tasks.append(
            Task(
                TaskKind.MENTOR_KEEP_IN_TOUCH,
                due,
                f"{matched} {what} The person and their mentor meet at least every {MENTOR_KEEP_IN_TOUCH_DAYS} "
                f"days: the next session is due by {_d(due)}.",
                opens=due - timedelta(days=REMIND_BEFORE_DAYS),
            )
        )
    return sorted(tasks, key=_order)

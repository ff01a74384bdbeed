"""Reads for the journey: phase and task facts as SQL annotations (one query per list, whatever its size).
The timeline entries the journey contributes are in `case_parts.py`; the To do list is a casework page."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import (
    CharField,
    DateField,
    Exists,
    Max,
    Min,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Cast, Concat, TruncDate
from django.shortcuts import get_object_or_404
from django.utils import timezone

from ipsgate.core.bank_holidays import england_and_wales
from ipsgate.core.models import User
from ipsgate.employers.models import EmployerContact
from ipsgate.jobs.models import Application, Job, SustainmentCheck
from ipsgate.people.models import Participant, Referral, with_service_as_usual
from ipsgate.people.selectors import caseload_for, with_referral_flags
from ipsgate.rules.applications import Status
from ipsgate.rules.phase import PhaseResult, participant_phase
from ipsgate.rules.referrals_out import WAITING
from ipsgate.rules.release_readiness import outstanding
from ipsgate.rules.reminders import (
    SUSTAINMENT_WEEKS,
    CaseFacts,
    HandoverFacts,
    JobFacts,
    MentoringFacts,
    Planned,
    Task,
    tasks_for,
)

from .choices import FACE_TO_FACE_MODES, AppointmentKind, AppointmentOutcome, ContactWith
from .models import Appointment, Handover, SupportContact

TODO_HORIZON_DAYS = 7


def _contact_dates() -> QuerySet[SupportContact]:
    """Contacts with the person that took place: the only ones that count for tasks."""
    return SupportContact.objects.filter(
        participant=OuterRef("pk"), took_place=True, contact_with=ContactWith.PARTICIPANT
    ).order_by()


def _aggregate(queryset: QuerySet[Any], expression: Any) -> Subquery:
    return Subquery(queryset.values("participant").annotate(value=expression).values("value")[:1])


def with_task_facts(participants: QuerySet[Participant]) -> QuerySet[Participant]:
    """Annotate what the phase and reminder rules need, as correlated subqueries, and prefetch current jobs."""
    latest_referral = Referral.objects.filter(participant=OuterRef("pk")).order_by("-referral_date", "-id")
    contact_day = TruncDate("occurred_at")
    participants = with_planning_facts(participants)
    # The data protection record is the privacy app's: followed through the reverse relation, not imported.
    data_protection = Participant.objects.filter(
        pk=OuterRef("pk"), data_protection__privacy_notice_date__isnull=False
    ).exclude(data_protection__lawful_basis="")
    return (
        with_service_as_usual(participants)
        .annotate(
            data_protection_recorded=Exists(data_protection),
            latest_referral_date=Subquery(latest_referral.values("referral_date")[:1]),
            first_contact_since_referral=_aggregate(
                _contact_dates().annotate(day=contact_day).filter(day__gte=OuterRef("latest_referral_date")),
                Min(contact_day),
            ),
            last_contact=_aggregate(_contact_dates(), Max(contact_day)),
            last_face_to_face_contact=_aggregate(
                _contact_dates().filter(mode__in=FACE_TO_FACE_MODES), Max(contact_day)
            ),
            profile_started=Cast(TruncDate("vocational_profile__started_at"), DateField()),
        )
        .annotate(
            first_employer_contact_since_engagement=_aggregate(
                SupportContact.objects.filter(
                    participant=OuterRef("pk"),
                    took_place=True,
                    contact_with=ContactWith.EMPLOYER,
                    mode__in=FACE_TO_FACE_MODES,
                )
                .order_by()
                .annotate(day=contact_day)
                .filter(day__gte=OuterRef("profile_started")),
                Min(contact_day),
            ),
            first_logged_employer_contact_since_engagement=_aggregate(
                EmployerContact.participants_discussed.through.objects.filter(
                    participant=OuterRef("pk"),
                    employercontact__face_to_face=True,
                    employercontact__contact_date__gte=OuterRef("profile_started"),
                ).order_by(),
                Min("employercontact__contact_date"),
            ),
        )
        .annotate(**_mentoring_facts())
        .prefetch_related(Prefetch("jobs", queryset=_jobs_with_checks(), to_attr="job_list"))
    )


def _mentoring_facts() -> dict[str, Subquery]:
    """The current match with a peer mentor (issue 17 §5): its start, the mentor's name and the last session that took
    place. The match is the mentoring app's: followed through the reverse relation `mentor_matches`, not imported.
    One active match per person, so the aggregates read that match."""
    active = Q(mentor_matches__ended_on__isnull=True)
    held = active & Q(mentor_matches__sessions__took_place=True)

    def of_person(expression: Any) -> Subquery:
        person = Participant.objects.filter(pk=OuterRef("pk")).order_by()
        return Subquery(person.annotate(value=expression).values("value")[:1])

    return {
        "mentoring_matched_on": of_person(Max("mentor_matches__started_on", filter=active)),
        "mentoring_mentor_name": of_person(Max("mentor_matches__mentor__name", filter=active)),
        "mentoring_last_session": of_person(
            Max(Cast(TruncDate("mentor_matches__sessions__held_at"), DateField()), filter=held)
        ),
    }


def _first(queryset: QuerySet[Any], field: str, *, output: Any = None) -> Subquery:
    """One column of the first row of a correlated queryset, as a subquery (no query of its own)."""
    return Subquery(queryset.values(field)[:1], output_field=output) if output else Subquery(queryset.values(field)[:1])


def with_planning_facts(participants: QuerySet[Participant]) -> QuerySet[Participant]:
    """What planning ahead needs for the lists, the summary and the tasks (issue 16 items 7, 11, 17), as correlated
    subqueries and one join: no query of its own, whatever the number of people or appointments.

    - the next appointment from the start of today with nothing recorded (`appointment_next_at`, `_kind`);
    - the earliest appointment with nothing recorded at all (`appointment_unrecorded_at`, `_kind`) and the latest
      missed one (`appointment_missed_at`, `_kind`), for the tasks;
    - the earliest interview of an application still at "interview" and the earliest expected start of an
      accepted offer (`interview_at`, `interview_title`, `expected_start_on`, `expected_start_title`);
    - a handover not yet picked up (`handover_open_on`, `handover_from_name`);
    - the oldest referral out to a partner still waiting for an answer (`referral_out_waiting_since`: the partners
      app's, followed through the reverse relation, not imported);
    - the ready-for-release checklist, joined (`release_checklist`)."""
    person = OuterRef("pk")
    start_of_today = timezone.make_aware(datetime.datetime.combine(timezone.localdate(), datetime.time.min))
    open_appointments = Appointment.objects.filter(participant=person, outcome="")
    upcoming = open_appointments.filter(starts_at__gte=start_of_today).order_by("starts_at", "id")
    unrecorded = open_appointments.order_by("starts_at", "id")
    missed = Appointment.objects.filter(participant=person, outcome=AppointmentOutcome.MISSED).order_by(
        "-starts_at", "-id"
    )
    interviews = Application.objects.filter(
        participant=person, status=Status.INTERVIEW.value, interview_at__isnull=False
    ).order_by("interview_at", "id")
    starts = Application.objects.filter(
        participant=person, status=Status.ACCEPTED.value, expected_start_date__isnull=False
    ).order_by("expected_start_date", "id")
    handovers = (
        Handover.objects.filter(participant=person, same_specialist=False, picked_up_on__isnull=True)
        .order_by("-handed_over_on", "-id")
        .annotate(
            from_name=Concat(
                "from_specialist__first_name", Value(" "), "from_specialist__last_name", output_field=CharField()
            )
        )
    )
    waiting_referrals_out = (
        Participant.objects.filter(pk=person, referrals_out__status__in=[status.value for status in WAITING])
        .order_by("referrals_out__referred_on")
        .values("referrals_out__referred_on")
    )
    return participants.select_related("release_checklist").annotate(
        referral_out_waiting_since=Subquery(waiting_referrals_out[:1]),
        appointment_next_at=_first(upcoming, "starts_at"),
        appointment_next_kind=_first(upcoming, "kind"),
        appointment_unrecorded_at=_first(unrecorded, "starts_at"),
        appointment_unrecorded_kind=_first(unrecorded, "kind"),
        appointment_missed_at=_first(missed, "starts_at"),
        appointment_missed_kind=_first(missed, "kind"),
        interview_at=_first(interviews, "interview_at"),
        interview_title=_first(interviews, "job_title"),
        expected_start_on=_first(starts, "expected_start_date"),
        expected_start_title=_first(starts, "job_title"),
        handover_open_id=_first(handovers, "pk"),
        handover_open_on=_first(handovers, "handed_over_on"),
        handover_from_name=_first(handovers, "from_name"),
    )


def with_next_appointment_details(participants: QuerySet[Participant]) -> QuerySet[Participant]:
    """Where, who with and what to bring for the next appointment, for the participant summary only (decrypted
    as they are read, like the fields themselves)."""
    start_of_today = timezone.make_aware(datetime.datetime.combine(timezone.localdate(), datetime.time.min))
    upcoming = Appointment.objects.filter(participant=OuterRef("pk"), outcome="", starts_at__gte=start_of_today)
    upcoming = upcoming.order_by("starts_at", "id")
    return participants.annotate(
        **{
            f"appointment_next_{name}": _first(upcoming, name, output=Appointment._meta.get_field(name))
            for name in ("place", "with_whom", "what_to_bring")
        }
    )


def _local(value: Any) -> datetime.datetime:
    return timezone.localtime(value)


def _kind_words(kind: str | None) -> str:
    return str(AppointmentKind(kind).label) if kind in AppointmentKind.values else "appointment"


@dataclass(frozen=True)
class NextAppointment:
    """The next thing planned for the person: an appointment, an interview or a first day at work."""

    day: datetime.date
    time: str  # "" for a day with no time (an expected start)
    what: str
    place: str = ""
    with_whom: str = ""
    what_to_bring: str = ""

    @property
    def short(self) -> str:
        """For a list: "Tue 8 Dec, 10:00: Probation appointment"."""
        when = f"{self.day:%a %-d %b}" + (f", {self.time}" if self.time else "")
        return f"{when}: {self.what}"


def next_appointment_of(participant: Participant, *, today: datetime.date) -> NextAppointment | None:
    """The soonest of the next appointment, interview and expected start (from `with_planning_facts`), today or
    later. No query."""
    p: Any = participant
    found: list[NextAppointment] = []
    if p.appointment_next_at is not None:
        at = _local(p.appointment_next_at)
        found.append(
            NextAppointment(
                at.date(),
                f"{at:%H:%M}",
                _kind_words(p.appointment_next_kind),
                getattr(p, "appointment_next_place", "") or "",
                getattr(p, "appointment_next_with_whom", "") or "",
                getattr(p, "appointment_next_what_to_bring", "") or "",
            )
        )
    if p.interview_at is not None and _local(p.interview_at).date() >= today:
        at = _local(p.interview_at)
        found.append(NextAppointment(at.date(), f"{at:%H:%M}", f"Job interview ({p.interview_title})"))
    if p.expected_start_on is not None and p.expected_start_on >= today:
        found.append(NextAppointment(p.expected_start_on, "", f"First day at work ({p.expected_start_title})"))
    return min(found, key=lambda a: (a.day, a.time or "99:99"), default=None)


def _planned(at: Any, what: str) -> Planned | None:
    if at is None:
        return None
    if isinstance(at, datetime.datetime):
        local = _local(at)
        return Planned(local.date(), what, f"{local:%H:%M}")
    return Planned(at, what)


def planning_facts_of(participant: Participant) -> dict[str, Any]:
    """The planning part of `CaseFacts` from `with_planning_facts`' annotations."""
    p: Any = participant
    try:
        checklist = p.release_checklist
    except ObjectDoesNotExist:
        checklist = None
    statuses = checklist.statuses() if checklist is not None else {}
    return {
        "unrecorded_appointment": _planned(
            p.appointment_unrecorded_at, _kind_words(p.appointment_unrecorded_kind).lower()
        ),
        "missed_appointment": _planned(p.appointment_missed_at, _kind_words(p.appointment_missed_kind).lower()),
        "interview": _planned(p.interview_at, f"interview for {p.interview_title}"),
        "expected_start": _planned(p.expected_start_on, str(p.expected_start_title)),
        "release_checklist_outstanding": tuple(item.code for item in outstanding(statuses)),
        "handover": HandoverFacts(p.handover_open_on, (p.handover_from_name or "").strip() or "The previous specialist")
        if p.handover_open_on is not None
        else None,
        "referral_out_waiting_since": getattr(p, "referral_out_waiting_since", None),
        "holidays": england_and_wales(timezone.localdate()),
    }


def participant_with_checklist(user: User, pk: int) -> Participant:
    """One participant the user may see, with their ready-for-release checklist joined (the needs page), or 404."""
    participants = with_referral_flags(Participant.objects.visible_to(user)).select_related(
        "release_checklist__updated_by"
    )
    return get_object_or_404(participants, pk=pk)


def _jobs_with_checks() -> QuerySet[Job]:
    """Jobs with their employer and, as EXISTS columns, which sustainment checks are done: no extra query."""
    done = {
        f"check_{weeks}_done": Exists(SustainmentCheck.objects.filter(job=OuterRef("pk"), week=weeks))
        for weeks in SUSTAINMENT_WEEKS
    }
    return Job.objects.select_related("employer").annotate(**done).order_by("start_date", "id")


def _supported(participant: Participant) -> bool:
    return bool(participant.has_open_episode or participant.has_pending_referral)  # type: ignore[attr-defined]


def phase_of(participant: Participant, *, today: datetime.date) -> PhaseResult:
    """Phase for a participant annotated by `people.selectors.with_referral_flags` and `with_task_facts`."""
    facts = case_facts_of(participant)
    current_starts = [job.start_date for job in facts.jobs if job.end_date is None and facts.works_in(job, today)]
    return participant_phase(
        supported=facts.supported,
        in_custody=facts.in_custody,
        release_date=participant.expected_release_date if facts.in_custody else participant.actual_release_date,
        earliest_current_job_start=min(current_starts, default=None),
        today=today,
        service_as_usual=facts.service_as_usual,
    )


def case_facts_of(participant: Participant) -> CaseFacts:
    in_custody = participant.in_custody
    p: Any = participant  # annotated
    return CaseFacts(
        supported=_supported(participant),
        episode_open=bool(p.has_open_episode),
        referral_date=p.latest_referral_date,
        first_contact_since_referral=p.first_contact_since_referral,
        last_contact=p.last_contact,
        last_face_to_face_contact=p.last_face_to_face_contact,
        profile_started=p.profile_started,
        in_custody=in_custody,
        expected_release_date=participant.expected_release_date,
        actual_release_date=None if in_custody else participant.actual_release_date,
        first_face_to_face_employer_contact_since_engagement=min(
            (
                day
                for day in (p.first_employer_contact_since_engagement, p.first_logged_employer_contact_since_engagement)
                if day is not None
            ),
            default=None,
        ),
        jobs=tuple(
            JobFacts(
                job_id=job.pk,
                title=job.job_title,
                start_date=job.start_date,
                end_date=job.end_date,
                checks_done_weeks=frozenset(w for w in SUSTAINMENT_WEEKS if getattr(job, f"check_{w}_done", False)),
                rotl_while_in_custody=job.rotl_while_in_custody,
                held_open=job.held_from is not None,
            )
            for job in p.job_list
        ),
        **planning_facts_of(participant),
        service_as_usual=bool(p.service_as_usual),
        data_protection_recorded=bool(p.data_protection_recorded),
        mentoring=MentoringFacts(p.mentoring_matched_on, p.mentoring_mentor_name or "", p.mentoring_last_session)
        if getattr(p, "mentoring_matched_on", None) is not None
        else None,
    )


def tasks_of(participant: Participant, *, today: datetime.date) -> list[Task]:
    return tasks_for(case_facts_of(participant), today=today)


def tasks_to_do(participant: Participant, *, today: datetime.date, horizon_days: int = TODO_HORIZON_DAYS) -> list[Task]:
    """The tasks for a To do list: live now (opened or due), or due within the horizon."""
    horizon = today + datetime.timedelta(days=horizon_days)
    return [task for task in tasks_of(participant, today=today) if task.live_on(today) or task.due <= horizon]


@dataclass(frozen=True)
class TodoRow:
    participant: Participant
    task: Task
    overdue: bool


def todo_for(user: User, *, today: datetime.date, horizon_days: int = TODO_HORIZON_DAYS) -> list[TodoRow]:
    """Live tasks (opened, or due by `today + horizon_days`) across the user's own caseload, soonest due first."""
    rows = [
        TodoRow(participant, task, task.overdue_on(today))
        for participant in with_task_facts(caseload_for(user))
        for task in tasks_to_do(participant, today=today, horizon_days=horizon_days)
    ]
    return sorted(rows, key=lambda row: (row.task.due, row.participant.family_name, row.participant.pk))

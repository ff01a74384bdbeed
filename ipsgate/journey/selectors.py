"""Reads for the journey: phase and task facts as SQL annotations (one query per list, whatever its size).
The timeline entries the journey contributes are in `case_parts.py`; the To do list is a casework page."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import DateField, Exists, Max, Min, OuterRef, Prefetch, QuerySet, Subquery
from django.db.models.functions import Cast, TruncDate

from ipsgate.core.models import User
from ipsgate.employers.models import EmployerContact
from ipsgate.jobs.models import Job, SustainmentCheck
from ipsgate.people.models import Participant, Referral, with_service_as_usual
from ipsgate.people.selectors import caseload_for
from ipsgate.rules.phase import PhaseResult, participant_phase
from ipsgate.rules.reminders import SUSTAINMENT_WEEKS, CaseFacts, JobFacts, Task, tasks_for

from .choices import FACE_TO_FACE_MODES, ContactWith
from .models import SupportContact

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
        .prefetch_related(Prefetch("jobs", queryset=_jobs_with_checks(), to_attr="job_list"))
    )


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
        service_as_usual=bool(p.service_as_usual),
        data_protection_recorded=bool(p.data_protection_recorded),
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

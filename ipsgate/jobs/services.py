"""Writes for applications, jobs and sustainment checks. Each owns its transaction and its audit events;
bad input raises ValidationError and writes nothing."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from ipsgate.core.audit import AuditTarget, audit_record, audit_record_many
from ipsgate.core.capabilities import capabilities_for
from ipsgate.core.choices import AuditAction, SiteKind
from ipsgate.core.models import Site, User
from ipsgate.employers.choices import ContractType
from ipsgate.employers.models import Employer, Vacancy
from ipsgate.employers.services import employer_for_name
from ipsgate.people.choices import CustodyEventKind
from ipsgate.people.models import Participant
from ipsgate.rules.applications import NotStartedReason, Status, check_transition
from ipsgate.rules.calendar import age_on
from ipsgate.rules.employment import competitive_employment

from .choices import JobEndReason, JobOnRecall
from .models import Application, ApplicationStatusChange, Job, SustainmentCheck

RELEASE_EVENTS = (
    CustodyEventKind.RELEASED_ON_LICENCE,
    CustodyEventKind.RELEASED_NO_LICENCE,
    CustodyEventKind.RE_RELEASED,
)


NOT_ROTL_WORK = (
    "A job can start while the person is in prison only if it is paid work on release on temporary licence "
    "(ROTL). Record other work once they are released"
)
HELD_REASON_NEEDED = "Enter why the job is being kept open"


def application_target(application: Application) -> AuditTarget:
    return AuditTarget("application", str(application.pk), application.participant_id)


def job_target(job: Job) -> AuditTarget:
    return AuditTarget("job", str(job.pk), job.participant_id)


def _require_writer(actor: User) -> None:
    if not capabilities_for(actor).edit_participants:
        raise ValidationError("Your role cannot change this record.", code="not_allowed")


@transaction.atomic
def application_create(
    *,
    actor: User,
    participant: Participant,
    on_date: datetime.date,
    vacancy: Vacancy | None = None,
    employer: Employer | None = None,
    employer_name: str = "",
    job_title: str = "",
    status: Status = Status.INTERESTED,
    note: str = "",
) -> Application:
    """Start an application for a listed vacancy, or for a job found elsewhere (an employer, or the name of one to
    find or add, and a title). A new employer is added in this transaction, so a refused application adds none."""
    _require_writer(actor)
    if vacancy is None and employer is None and employer_name.strip():
        employer = employer_for_name(actor=actor, name=employer_name)
    if status not in (Status.INTERESTED, Status.APPLIED):
        raise ValidationError("A new application starts as “Interested” or “Applied”.", code="bad_start")
    if vacancy is not None:
        employer, job_title = vacancy.employer, job_title or vacancy.title
    if employer is None:
        raise ValidationError({"employer": "Select the employer"}, code="no_employer")
    if not job_title.strip():
        raise ValidationError({"job_title": "Enter the job title"}, code="no_title")
    application = Application(
        participant=participant,
        vacancy=vacancy,
        employer=employer,
        job_title=job_title.strip(),
        status=status.value,
        created_by=actor,
    )
    application.full_clean()
    application.save()
    ApplicationStatusChange.objects.create(
        application=application, from_status="", to_status=status.value, on_date=on_date, note=note, changed_by=actor
    )
    audit_record(user=actor, action=AuditAction.CREATE, target=application_target(application))
    return application


@dataclass(frozen=True)
class JobTerms:
    """What a job start needs beyond the application: filled from the vacancy when not given."""

    start_date: datetime.date
    hours_per_week: Decimal | None = None
    hourly_pay: Decimal | None = None
    contract_type: str = ""
    first_four_paid_hours_done: datetime.date | None = None
    rotl_paid_work: bool | None = None  # asked when the person is in custody


@transaction.atomic
def application_advance(
    *,
    actor: User,
    application: Application,
    to_status: Status,
    on_date: datetime.date,
    reason: NotStartedReason | None = None,
    note: str = "",
    job_terms: JobTerms | None = None,
    interview_at: datetime.datetime | None = None,
    expected_start_date: datetime.date | None = None,
) -> Application:
    """Move an application on, if `rules.applications` allows it. Moving to "started" creates the job. Moving to
    "interview" may plan the interview's date and time, and accepting an offer the expected start date."""
    _require_writer(actor)
    application = (
        Application.objects.select_for_update(of=("self",))
        .select_related("vacancy", "participant")
        .get(pk=application.pk)
    )
    check = check_transition(Status(application.status), to_status, reason=reason)
    if not check.allowed:
        raise ValidationError(check.explanation, code="transition_refused")
    last = application.history.order_by("-on_date", "-id").values_list("on_date", flat=True).first()
    if last and on_date < last:
        raise ValidationError({"on_date": f"The date must be on or after {last:%-d %B %Y}, the last change"})
    from_status = application.status
    application.status = to_status.value
    application.not_started_reason = reason.value if reason else ""
    if to_status == Status.OFFERED:
        application.offer_date = on_date
    if interview_at is not None:
        if to_status != Status.INTERVIEW:
            raise ValidationError({"interview_day": "An interview date goes with moving the application to Interview"})
        application.interview_at = interview_at
    if expected_start_date is not None:
        if to_status != Status.ACCEPTED:
            raise ValidationError(
                {"expected_start_date": "An expected start date goes with accepting the offer (Offer accepted)"}
            )
        application.expected_start_date = expected_start_date
    application.full_clean()
    application.save()
    ApplicationStatusChange.objects.create(
        application=application,
        from_status=from_status,
        to_status=to_status.value,
        reason=application.not_started_reason,
        on_date=on_date,
        note=note,
        changed_by=actor,
    )
    targets = [application_target(application)]
    if to_status == Status.STARTED:
        terms = job_terms or JobTerms(start_date=on_date)
        vacancy = application.vacancy
        hours = terms.hours_per_week or (vacancy.hours_per_week if vacancy else None)
        pay = terms.hourly_pay or (vacancy.hourly_pay if vacancy else None)
        if hours is None or pay is None:
            raise ValidationError("Enter the hours a week and the pay an hour for the job.", code="job_terms")
        job = _job_build(
            participant=application.participant,
            employer_id=application.employer_id,
            job_title=application.job_title,
            start_date=terms.start_date,
            hours_per_week=hours,
            hourly_pay=pay,
            contract_type=terms.contract_type or (vacancy.contract_type if vacancy else ContractType.PERMANENT),
            first_four_paid_hours_done=terms.first_four_paid_hours_done,
            rotl_paid_work=terms.rotl_paid_work,
        )
        job.application = application
        job.full_clean()
        job.save()
        targets.append(job_target(job))
    audit_record_many(user=actor, action=AuditAction.UPDATE, targets=targets)
    return application


@transaction.atomic
def application_dates_set(
    *,
    actor: User,
    application: Application,
    interview_at: datetime.datetime | None = None,
    expected_start_date: datetime.date | None = None,
) -> Application:
    """Change (or clear) the planned date of the application's next step when it moves (issue 16 item 7): the
    interview while the application is at "interview", the first day at work while the offer is accepted."""
    _require_writer(actor)
    application = Application.objects.select_for_update().get(pk=application.pk)
    status = Status(application.status)
    if status == Status.INTERVIEW:
        application.interview_at = interview_at
    elif status == Status.ACCEPTED:
        application.expected_start_date = expected_start_date
    else:
        raise ValidationError("Dates can be changed while the application is at Interview or Offer accepted.")
    application.full_clean()
    application.save(update_fields=["interview_at", "expected_start_date", "updated_at"])
    audit_record(user=actor, action=AuditAction.UPDATE, target=application_target(application))
    return application


def released_from(participant: Participant) -> Site | None:
    """The prison the person was last released from, or the prison they are in (ROTL work)."""
    event = (
        participant.custody_events.filter(kind__in=RELEASE_EVENTS, prison__isnull=False)
        .select_related("prison")
        .order_by("-event_date", "-id")
        .first()
    )
    if event and event.prison:
        return event.prison
    site = participant.current_site
    return site if site.kind == SiteKind.PRISON else None


def _job_build(
    *,
    participant: Participant,
    employer_id: int,
    job_title: str,
    start_date: datetime.date,
    hours_per_week: Decimal,
    hourly_pay: Decimal,
    contract_type: str,
    first_four_paid_hours_done: datetime.date | None = None,
    open_labour_market: bool = True,
    reserved_for_disabled_people: bool = False,
    rotl_paid_work: bool | None = None,
) -> Job:
    """A new job, not saved. Someone in prison can start only paid work on release on temporary licence (ROTL):
    anything else is refused, with the message on the form's ROTL question."""
    in_custody = participant.in_custody
    if in_custody and not rotl_paid_work:
        raise ValidationError({"rotl_paid_work": NOT_ROTL_WORK}, code="not_rotl")
    job = Job(
        participant=participant,
        employer_id=employer_id,
        job_title=job_title,
        start_date=start_date,
        hours_per_week=hours_per_week,
        hourly_pay=hourly_pay,
        contract_type=contract_type,
        first_four_paid_hours_done=first_four_paid_hours_done,
        open_labour_market=open_labour_market,
        reserved_for_disabled_people=reserved_for_disabled_people,
        rotl_while_in_custody=in_custody,
        released_from=released_from(participant),
    )
    _compute_competitive(job)
    return job


def _compute_competitive(job: Job) -> None:
    result = competitive_employment(
        open_labour_market=job.open_labour_market,
        reserved_for_disabled_people=job.reserved_for_disabled_people,
        hourly_pay=Decimal(job.hourly_pay),
        age_at_start=age_on(job.participant.date_of_birth, job.start_date),
        start_date=job.start_date,
        apprenticeship=job.contract_type == ContractType.APPRENTICESHIP,
    )
    job.competitive = result.competitive
    job.competitive_explanation = result.explanation[:400]


JOB_FIELDS = (
    "employer", "job_title", "start_date", "hours_per_week", "hourly_pay", "contract_type",
    "first_four_paid_hours_done", "open_labour_market", "reserved_for_disabled_people",
)  # fmt: skip


@transaction.atomic
def job_create(*, actor: User, participant: Participant, data: dict[str, object]) -> Job:
    """Record a job directly (found without an application here). `data` names the employer, or gives
    `employer_name` to find or add one in this transaction (so a refused job adds no employer)."""
    _require_writer(actor)
    unknown = set(data) - set(JOB_FIELDS) - {"employer_name", "rotl_paid_work"}
    if unknown:
        raise ValueError(f"Not editable here: {', '.join(sorted(unknown))}")
    data = dict(data)
    if "employer_name" in data:
        data["employer"] = employer_for_name(actor=actor, name=str(data.pop("employer_name")))
    employer = data["employer"]
    assert isinstance(employer, Employer)  # noqa: S101 - the form supplies an Employer
    job = _job_build(
        participant=participant,
        employer_id=employer.pk,
        job_title=str(data["job_title"]),
        start_date=data["start_date"],  # type: ignore[arg-type]  # validated by the form
        hours_per_week=data["hours_per_week"],  # type: ignore[arg-type]
        hourly_pay=data["hourly_pay"],  # type: ignore[arg-type]
        contract_type=str(data.get("contract_type") or ContractType.PERMANENT),
        first_four_paid_hours_done=data.get("first_four_paid_hours_done"),  # type: ignore[arg-type]
        open_labour_market=bool(data.get("open_labour_market", True)),
        reserved_for_disabled_people=bool(data.get("reserved_for_disabled_people", False)),
        rotl_paid_work=data.get("rotl_paid_work"),  # type: ignore[arg-type]  # a yes/no answer from the form
    )
    job.full_clean()
    job.save()
    audit_record(user=actor, action=AuditAction.CREATE, target=job_target(job))
    return job


@transaction.atomic
def job_update(
    *,
    actor: User,
    job: Job,
    first_four_paid_hours_done: datetime.date | None,
    end_date: datetime.date | None,
    end_reason: str,
) -> Job:
    """Record when the first four paid hours were done, and the end of a job with its reason."""
    _require_writer(actor)
    job = Job.objects.select_for_update(of=("self",)).select_related("participant").get(pk=job.pk)
    if first_four_paid_hours_done and first_four_paid_hours_done < job.start_date:
        raise ValidationError({"first_four_paid_hours_done": "The date must be on or after the start date"})
    if end_date and end_date < job.start_date:
        raise ValidationError({"end_date": "The end date must be on or after the start date"})
    if bool(end_date) != bool(end_reason):
        field = "end_reason" if end_date else "end_date"
        raise ValidationError({field: "Give both the end date and the reason the job ended"})
    job.first_four_paid_hours_done = first_four_paid_hours_done
    job.end_date = end_date
    job.end_reason = end_reason
    job.full_clean()
    job.save()
    audit_record(user=actor, action=AuditAction.UPDATE, target=job_target(job))
    return job


def jobs_on_recall_problems(jobs: list[Job], *, outcome: str, held_reason: str) -> dict[str, str]:
    """Why the answer about current jobs on a recall cannot be applied, by form field (empty when it can). The
    custody event form and `jobs_on_recall` both ask it."""
    if not jobs:
        return {}
    if outcome not in JobOnRecall.values:
        return {"job_outcome": "Select what has happened to their job"}
    if outcome == JobOnRecall.HELD and not held_reason.strip():
        return {"job_held_reason": HELD_REASON_NEEDED}
    return {}


@transaction.atomic
def jobs_on_recall(
    *, actor: User, participant: Participant, on_date: datetime.date, outcome: str, held_reason: str
) -> list[Job]:
    """Apply what happened to the person's current jobs when they were recalled: each ends on the recall date as
    "Recalled to prison", or stays open with the employer holding it (from the recall date, with the reason).
    Called inside the custody event's transaction, so a refused recall changes no job."""
    _require_writer(actor)
    jobs = list(
        Job.objects.select_for_update(of=("self",))
        .filter(participant=participant, end_date__isnull=True, start_date__lte=on_date)
        .order_by("start_date", "id")
    )
    problems = jobs_on_recall_problems(jobs, outcome=outcome, held_reason=held_reason)
    if problems:
        raise ValidationError(problems)
    for job in jobs:
        if outcome == JobOnRecall.ENDED:
            job.end_date, job.end_reason = on_date, JobEndReason.RECALLED
        else:
            job.held_from, job.held_reason = on_date, held_reason.strip()
        job.full_clean()
        job.save()
    if jobs:
        audit_record_many(user=actor, action=AuditAction.UPDATE, targets=[job_target(job) for job in jobs])
    return jobs


@transaction.atomic
def sustainment_check_record(
    *, actor: User, job: Job, week: int, checked_on: datetime.date, still_in_work: bool, note: str = ""
) -> SustainmentCheck:
    _require_writer(actor)
    if checked_on < job.start_date:
        raise ValidationError({"checked_on": "The check must be on or after the job start date"})
    # A check says the person was in work at that point, and the outcome figures count it as such.
    due_from = job.start_date + datetime.timedelta(weeks=week)
    if checked_on < due_from:
        message = f"The {week}-week check can be recorded from {due_from:%-d %B %Y}, {week} weeks after the start"
        raise ValidationError({"checked_on": message})
    if SustainmentCheck.objects.filter(job=job, week=week).exists():
        raise ValidationError({"week": f"The {week}-week check is already recorded for this job"})
    check = SustainmentCheck(
        job=job, week=week, checked_on=checked_on, still_in_work=still_in_work, note=note, recorded_by=actor
    )
    check.full_clean()
    check.save()
    audit_record(
        user=actor,
        action=AuditAction.CREATE,
        target=AuditTarget("sustainment_check", str(check.pk), job.participant_id),
    )
    return check

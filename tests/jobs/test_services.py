"""Applications move only as the state machine allows; a start creates the job in the same transaction."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from ipsgate.core.models import AuditEvent
from ipsgate.jobs import services
from ipsgate.jobs.models import Application, ApplicationStatusChange, Job, SustainmentCheck
from ipsgate.rules.applications import NotStartedReason, Status
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def participant(specialist):
    return factories.ParticipantFactory.create(
        released=True, allocated_specialist=specialist, date_of_birth=datetime.date(1990, 1, 1)
    )


def walk(actor, application, *statuses, day=None, **kwargs):
    day = day or factories.days_ago(10)
    for status in statuses:
        application = services.application_advance(
            actor=actor, application=application, to_status=status, on_date=day, **kwargs
        )
    return application


def test_from_interest_to_start_creates_the_job_with_history(specialist, participant):
    vacancy = factories.VacancyFactory.create(pay_amount=Decimal("13.00"), hours_per_week=Decimal("20"))
    application = services.application_create(
        actor=specialist, participant=participant, on_date=factories.days_ago(20), vacancy=vacancy
    )
    walk(specialist, application, Status.APPLIED, Status.INTERVIEW, Status.OFFERED, Status.ACCEPTED, Status.STARTED)
    application.refresh_from_db()
    assert application.status == "started"
    assert application.offer_date == factories.days_ago(10)
    steps = list(
        ApplicationStatusChange.objects.filter(application=application).values_list("from_status", "to_status")
    )
    assert steps == [
        ("", "interested"),
        ("interested", "applied"),
        ("applied", "interview"),
        ("interview", "offered"),
        ("offered", "accepted"),
        ("accepted", "started"),
    ]
    job = Job.objects.get(application=application)
    assert (job.employer, job.job_title, job.hours_per_week, job.hourly_pay) == (
        vacancy.employer,
        vacancy.title,
        Decimal("20.0"),
        Decimal("13.00"),
    )
    assert job.competitive and "Competitive employment" in job.competitive_explanation
    assert job.released_from is None  # released to a community site, with no custody event naming the prison
    assert AuditEvent.objects.filter(object_type="job", object_id=str(job.pk), participant_id=participant.pk).exists()


def test_a_refused_move_writes_nothing(specialist, participant):
    application = factories.ApplicationFactory.create(participant=participant)
    before = ApplicationStatusChange.objects.count(), AuditEvent.objects.count()
    with pytest.raises(ValidationError, match="cannot move to “Started”"):
        walk(specialist, application, Status.STARTED)
    application.refresh_from_db()
    assert application.status == "interested"
    assert (ApplicationStatusChange.objects.count(), AuditEvent.objects.count()) == before
    assert not Job.objects.exists()


def test_offer_not_started_needs_a_reason_and_keeps_it(specialist, participant):
    application = factories.ApplicationFactory.create(participant=participant)
    walk(specialist, application, Status.APPLIED, Status.OFFERED, Status.ACCEPTED)
    with pytest.raises(ValidationError, match="reason"):
        walk(specialist, application, Status.OFFER_NOT_STARTED)
    assert Application.objects.get(pk=application.pk).status == "accepted"
    walk(specialist, application, Status.OFFER_NOT_STARTED, reason=NotStartedReason.RECALLED)
    application.refresh_from_db()
    assert (application.status, application.not_started_reason) == ("offer_not_started", "recalled")
    assert ApplicationStatusChange.objects.filter(application=application, reason="recalled").count() == 1


def test_a_start_without_pay_rolls_back_the_status_change(specialist, participant):
    employer = factories.EmployerFactory.create()
    application = services.application_create(
        actor=specialist,
        participant=participant,
        on_date=factories.days_ago(20),
        employer=employer,
        job_title="Kitchen porter",
    )
    walk(specialist, application, Status.APPLIED, Status.OFFERED, Status.ACCEPTED)
    history = ApplicationStatusChange.objects.count()
    with pytest.raises(ValidationError, match="hours a week and the pay"):
        walk(specialist, application, Status.STARTED)
    assert Application.objects.get(pk=application.pk).status == "accepted"
    assert ApplicationStatusChange.objects.count() == history and not Job.objects.exists()
    walk(
        specialist,
        application,
        Status.STARTED,
        job_terms=services.JobTerms(
            start_date=factories.days_ago(10), hours_per_week=Decimal(16), hourly_pay=Decimal("11.00")
        ),
    )
    job = Job.objects.get(application=application)
    assert not job.competitive and "below the £12.71 minimum" in job.competitive_explanation


def test_dates_cannot_go_backwards(specialist, participant):
    application = factories.ApplicationFactory.create(participant=participant)
    walk(specialist, application, Status.APPLIED, day=factories.days_ago(5))
    with pytest.raises(ValidationError):
        walk(specialist, application, Status.INTERVIEW, day=factories.days_ago(6))


def test_roles_that_cannot_edit_cases_cannot_move_applications(participant, prison):
    clinician = factories.ClinicianFactory.create(site=prison)
    application = factories.ApplicationFactory.create(participant=participant)
    with pytest.raises(ValidationError):
        walk(clinician, application, Status.APPLIED)


def test_sustainment_checks_are_one_per_week_and_not_before_they_are_due(specialist, participant):
    job = factories.JobFactory.create(participant=participant, start_date=factories.days_ago(100))
    services.sustainment_check_record(
        actor=specialist, job=job, week=4, checked_on=factories.days_ago(70), still_in_work=True
    )
    with pytest.raises(ValidationError, match="already recorded"):
        services.sustainment_check_record(
            actor=specialist, job=job, week=4, checked_on=factories.days_ago(60), still_in_work=True
        )
    with pytest.raises(ValidationError, match="on or after the job start"):
        services.sustainment_check_record(
            actor=specialist, job=job, week=13, checked_on=factories.days_ago(101), still_in_work=True
        )
    with pytest.raises(ValidationError, match="13-week check can be recorded from"):
        services.sustainment_check_record(
            actor=specialist, job=job, week=13, checked_on=factories.days_ago(10), still_in_work=True
        )
    assert SustainmentCheck.objects.filter(job=job).count() == 1


def test_ending_a_job_needs_a_date_and_a_reason(specialist, participant):
    job = factories.JobFactory.create(participant=participant, start_date=factories.days_ago(30))
    with pytest.raises(ValidationError):
        services.job_update(
            actor=specialist, job=job, first_four_paid_hours_done=None, end_date=factories.today(), end_reason=""
        )
    services.job_update(
        actor=specialist,
        job=job,
        first_four_paid_hours_done=factories.days_ago(28),
        end_date=factories.today(),
        end_reason="better_job",
    )
    job.refresh_from_db()
    assert (job.end_reason, job.first_four_paid_hours_done) == ("better_job", factories.days_ago(28))


def test_a_person_may_hold_more_than_one_job(specialist, participant):
    employer = factories.EmployerFactory.create()
    for title in ("Cleaner", "Kitchen porter"):
        services.job_create(
            actor=specialist,
            participant=participant,
            data={
                "employer": employer,
                "job_title": title,
                "start_date": factories.days_ago(10),
                "hours_per_week": Decimal(12),
                "hourly_pay": Decimal("12.71"),
            },
        )
    assert Job.objects.filter(participant=participant, end_date__isnull=True).count() == 2


def test_work_in_custody_is_flagged_as_rotl(specialist, prison):
    inside = factories.ParticipantFactory.create(current_site=prison, allocated_specialist=specialist)
    job = services.job_create(
        actor=specialist,
        participant=inside,
        data={
            "employer": factories.EmployerFactory.create(),
            "job_title": "Recycling sorter",
            "start_date": factories.days_ago(3),
            "hours_per_week": Decimal(20),
            "hourly_pay": Decimal("12.71"),
            "rotl_paid_work": True,  # in prison, only paid ROTL work can start (tests/jobs/test_rotl.py)
        },
    )
    assert job.rotl_while_in_custody and job.released_from == prison

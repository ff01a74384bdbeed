"""Pages for a participant's applications, jobs and sustainment checks. Every page starts from a participant in
the user's scope (404 otherwise) and is audited."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from ipsgate.core.audit import AuditTarget, audit_record
from ipsgate.core.capabilities import capabilities_for
from ipsgate.core.choices import AuditAction
from ipsgate.core.form_pages import add_service_errors
from ipsgate.core.models import User
from ipsgate.core.query_params import query_id, query_number
from ipsgate.core.views import request_user, require
from ipsgate.employers.models import Vacancy
from ipsgate.people.models import Participant
from ipsgate.people.selectors import participant_get
from ipsgate.rules.applications import NotStartedReason, Status
from ipsgate.rules.employment import SUSTAINMENT_WEEKS

from . import selectors, services
from .forms import ApplicationAdvanceForm, ApplicationForm, JobForm, JobUpdateForm, SustainmentCheckForm
from .models import Application, Job


def _case(request: HttpRequest, pk: int) -> tuple[User, Participant]:
    """The participant, if in scope (404 otherwise), for roles that may change case records (403 otherwise)."""
    user = request_user(request)
    participant = participant_get(user, pk)
    require(capabilities_for(user).edit_participants)
    return user, participant


@require_safe
def work(request: HttpRequest, pk: int) -> HttpResponse:
    user, participant = _case(request, pk)
    jobs, applications = selectors.work_overview(participant)
    audit_record(user=user, action=AuditAction.READ, target=AuditTarget("work", str(pk), participant.pk))
    return render(request, "jobs/work.html", {"participant": participant, "jobs": jobs, "applications": applications})


@require_http_methods(["GET", "POST"])
def application_create(request: HttpRequest, pk: int) -> HttpResponse:
    user, participant = _case(request, pk)
    vacancy_id = query_id(request.GET, "vacancy")
    vacancy = (
        get_object_or_404(Vacancy.objects.select_related("employer"), pk=vacancy_id) if vacancy_id is not None else None
    )
    form = ApplicationForm(
        request.POST or None, with_vacancy=vacancy is not None, initial={"on_date": timezone.localdate()}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.application_create(
                actor=user,
                participant=participant,
                on_date=data["on_date"],
                vacancy=vacancy,
                employer_name="" if vacancy else data["employer_name"],
                job_title="" if vacancy else data["job_title"],
                status=Status(data["status"]),
                note=data["note"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Application recorded")
            return redirect("jobs:work", pk=participant.pk)
    return render(request, "jobs/application_form.html", {"participant": participant, "form": form, "vacancy": vacancy})


@require_http_methods(["GET", "POST"])
def application_detail(request: HttpRequest, pk: int, application_pk: int) -> HttpResponse:
    """The application's history and the form that moves it on."""
    user, participant = _case(request, pk)
    application = get_object_or_404(
        Application.objects.select_related("employer", "vacancy"), pk=application_pk, participant=participant
    )
    form = ApplicationAdvanceForm(
        request.POST or None,
        current=Status(application.status),
        in_custody=participant.in_custody,
        initial={"on_date": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        to_status = Status(data["to_status"])
        try:
            services.application_advance(
                actor=user,
                application=application,
                to_status=to_status,
                on_date=data["on_date"],
                reason=NotStartedReason(data["reason"]) if to_status == Status.OFFER_NOT_STARTED else None,
                note=data["note"],
                job_terms=services.JobTerms(
                    start_date=data["on_date"],
                    hours_per_week=data["hours_per_week"],
                    hourly_pay=data["hourly_pay"],
                    rotl_paid_work=form.rotl_answer,
                ),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, "Application updated" + (" and job recorded" if to_status == Status.STARTED else "")
            )
            return redirect("jobs:application-detail", pk=participant.pk, application_pk=application.pk)
    else:
        audit_record(user=user, action=AuditAction.READ, target=services.application_target(application))
    history = application.history.select_related("changed_by")
    return render(
        request,
        "jobs/application_detail.html",
        {
            "participant": participant,
            "application": application,
            "history": history,
            "form": form,
            "closed": application.is_closed,
        },
    )


@require_http_methods(["GET", "POST"])
def job_create(request: HttpRequest, pk: int) -> HttpResponse:
    user, participant = _case(request, pk)
    form = JobForm(request.POST or None, in_custody=participant.in_custody)
    if request.method == "POST" and form.is_valid():
        try:
            job = services.job_create(actor=user, participant=participant, data=form.service_data())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Job recorded")
            return redirect("jobs:job-detail", pk=participant.pk, job_pk=job.pk)
    return render(request, "jobs/job_form.html", {"participant": participant, "form": form})


@require_http_methods(["GET", "POST"])
def job_detail(request: HttpRequest, pk: int, job_pk: int) -> HttpResponse:
    """The job, whether it is competitive and why, its sustainment checks, and the form to record its end."""
    user, participant = _case(request, pk)
    job = get_object_or_404(Job.objects.select_related("employer", "released_from"), pk=job_pk, participant=participant)
    initial = {
        "first_four_paid_hours_done": job.first_four_paid_hours_done,
        "end_date": job.end_date,
        "end_reason": job.end_reason,
    }
    form = JobUpdateForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.job_update(actor=user, job=job, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Job updated")
            return redirect("jobs:job-detail", pk=participant.pk, job_pk=job.pk)
    else:
        audit_record(user=user, action=AuditAction.READ, target=services.job_target(job))
    checks = list(job.sustainment_checks.all())
    support = list(job.support_contacts.select_related("recorded_by").order_by("-occurred_at")[:20])
    due = selectors.sustainment_checks_due(job, [c.week for c in checks], timezone.localdate())
    return render(
        request,
        "jobs/job_detail.html",
        {
            "participant": participant,
            "job": job,
            "form": form,
            "checks": checks,
            "due": due,
            "support": support,
        },
    )


def _week(request: HttpRequest) -> int | None:
    """The check a link chose (?week=13), to pre-select; the form still checks it is one of the weeks."""
    return query_number(request.GET, "week", minimum=1, maximum=max(SUSTAINMENT_WEEKS))


@require_http_methods(["GET", "POST"])
def sustainment_add(request: HttpRequest, pk: int, job_pk: int) -> HttpResponse:
    user, participant = _case(request, pk)
    job = get_object_or_404(Job.objects.select_related("employer"), pk=job_pk, participant=participant)
    form = SustainmentCheckForm(request.POST or None, initial={"week": _week(request)})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.sustainment_check_record(
                actor=user,
                job=job,
                week=data["week"],
                checked_on=data["checked_on"],
                still_in_work=data["still_in_work"] == "yes",
                note=data["note"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Sustainment check recorded")
            return redirect("jobs:job-detail", pk=participant.pk, job_pk=job.pk)
    return render(request, "jobs/sustainment_form.html", {"participant": participant, "job": job, "form": form})

"""Pages for a participant's applications, jobs and sustainment checks. Every page starts from a participant in
the user's scope (404 otherwise) and is audited."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from ipsgate.core.audit import AuditTarget, audit_read_when_shown
from ipsgate.core.form_pages import form_page
from ipsgate.core.query_params import query_id, query_number
from ipsgate.core.views import request_user
from ipsgate.employers.models import Vacancy
from ipsgate.people.access import participant_for
from ipsgate.rules.applications import NotStartedReason, Status
from ipsgate.rules.employment import SUSTAINMENT_WEEKS

from . import selectors, services
from .forms import ApplicationAdvanceForm, ApplicationForm, JobForm, JobUpdateForm, SustainmentCheckForm
from .models import Application, Job


@require_safe
def work(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    participant = participant_for(request, pk, need="edit_participants")
    jobs, applications = selectors.work_overview(participant)
    audit_read_when_shown(request, user=user, target=AuditTarget("work", str(pk), participant.pk))
    return render(request, "jobs/work.html", {"participant": participant, "jobs": jobs, "applications": applications})


@require_http_methods(["GET", "POST"])
def application_create(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    participant = participant_for(request, pk, need="edit_participants")
    vacancy_id = query_id(request.GET, "vacancy")
    vacancy = (
        get_object_or_404(Vacancy.objects.select_related("employer"), pk=vacancy_id) if vacancy_id is not None else None
    )
    return form_page(
        request,
        form=ApplicationForm(
            request.POST or None, with_vacancy=vacancy is not None, initial={"on_date": timezone.localdate()}
        ),
        save=lambda data: services.application_create(
            actor=user,
            participant=participant,
            on_date=data["on_date"],
            vacancy=vacancy,
            employer_name="" if vacancy else data["employer_name"],
            job_title="" if vacancy else data["job_title"],
            status=Status(data["status"]),
            note=data["note"],
        ),
        success="Application recorded",
        next_url=reverse("jobs:work", args=[participant.pk]),
        template="jobs/application_form.html",
        context={"participant": participant, "vacancy": vacancy},
    )


@require_http_methods(["GET", "POST"])
def application_detail(request: HttpRequest, pk: int, application_pk: int) -> HttpResponse:
    """The application's history and the form that moves it on."""
    user = request_user(request)
    participant = participant_for(request, pk, need="edit_participants")
    application = get_object_or_404(
        Application.objects.select_related("employer", "vacancy"), pk=application_pk, participant=participant
    )
    audit_read_when_shown(request, user=user, target=services.application_target(application))

    def advance(data: dict[str, Any]) -> Status:
        to_status = Status(data["to_status"])
        services.application_advance(
            actor=user,
            application=application,
            to_status=to_status,
            on_date=data["on_date"],
            reason=NotStartedReason(data["reason"]) if to_status == Status.OFFER_NOT_STARTED else None,
            note=data["note"],
            job_terms=services.JobTerms(
                start_date=data["on_date"], hours_per_week=data["hours_per_week"], hourly_pay=data["hourly_pay"]
            ),
        )
        return to_status

    return form_page(
        request,
        form=ApplicationAdvanceForm(
            request.POST or None, current=Status(application.status), initial={"on_date": timezone.localdate()}
        ),
        save=advance,
        success=lambda to_status: "Application updated" + (" and job recorded" if to_status == Status.STARTED else ""),
        next_url=reverse("jobs:application-detail", args=[participant.pk, application.pk]),
        template="jobs/application_detail.html",
        context={
            "participant": participant,
            "application": application,
            "history": application.history.select_related("changed_by"),
            "closed": application.is_closed,
        },
    )


@require_http_methods(["GET", "POST"])
def job_create(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    participant = participant_for(request, pk, need="edit_participants")
    return form_page(
        request,
        form=JobForm(request.POST or None),
        save=lambda data: services.job_create(actor=user, participant=participant, data=dict(data)),
        success="Job recorded",
        next_url=lambda job: reverse("jobs:job-detail", args=[participant.pk, job.pk]),
        template="jobs/job_form.html",
        context={"participant": participant},
    )


@require_http_methods(["GET", "POST"])
def job_detail(request: HttpRequest, pk: int, job_pk: int) -> HttpResponse:
    """The job, whether it is competitive and why, its sustainment checks, and the form to record its end."""
    user = request_user(request)
    participant = participant_for(request, pk, need="edit_participants")
    job = get_object_or_404(Job.objects.select_related("employer", "released_from"), pk=job_pk, participant=participant)
    audit_read_when_shown(request, user=user, target=services.job_target(job))
    initial = {
        "first_four_paid_hours_done": job.first_four_paid_hours_done,
        "end_date": job.end_date,
        "end_reason": job.end_reason,
    }
    checks = list(job.sustainment_checks.all())
    return form_page(
        request,
        form=JobUpdateForm(request.POST or None, initial=initial),
        save=lambda data: services.job_update(actor=user, job=job, **data),
        success="Job updated",
        next_url=reverse("jobs:job-detail", args=[participant.pk, job.pk]),
        template="jobs/job_detail.html",
        context={
            "participant": participant,
            "job": job,
            "checks": checks,
            "due": selectors.sustainment_checks_due(job, [c.week for c in checks], timezone.localdate()),
            "support": list(job.support_contacts.select_related("recorded_by").order_by("-occurred_at")[:20]),
        },
    )


def _week(request: HttpRequest) -> int | None:
    """The check a link chose (?week=13), to pre-select; the form still checks it is one of the weeks."""
    return query_number(request.GET, "week", minimum=1, maximum=max(SUSTAINMENT_WEEKS))


@require_http_methods(["GET", "POST"])
def sustainment_add(request: HttpRequest, pk: int, job_pk: int) -> HttpResponse:
    user = request_user(request)
    participant = participant_for(request, pk, need="edit_participants")
    job = get_object_or_404(Job.objects.select_related("employer"), pk=job_pk, participant=participant)
    return form_page(
        request,
        form=SustainmentCheckForm(request.POST or None, initial={"week": _week(request)}),
        save=lambda data: services.sustainment_check_record(
            actor=user,
            job=job,
            week=data["week"],
            checked_on=data["checked_on"],
            still_in_work=data["still_in_work"] == "yes",
            note=data["note"],
        ),
        success="Sustainment check recorded",
        next_url=reverse("jobs:job-detail", args=[participant.pk, job.pk]),
        template="jobs/sustainment_form.html",
        context={"participant": participant, "job": job},
    )

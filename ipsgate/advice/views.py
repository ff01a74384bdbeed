"""Convictions and disclosure, and Better off in work?, inside a participant's case."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from ipsgate.core.audit import AuditTarget, audit_read_when_shown
from ipsgate.core.form_pages import form_page
from ipsgate.core.query_params import query_id
from ipsgate.core.views import request_user
from ipsgate.people.access import participant_for
from ipsgate.rules.calendar import age_on
from ipsgate.rules.uc_rates import rate_name, tax_year_words, with_rate_names

from . import services
from .forms import BetterOffForm, ConvictionForm, LetterForm, LicenceConditionForm, StatementForm
from .letters import draft_disclosure_letter
from .models import BetterOffCheck, ConvictionRecord, DisclosureStatement, LicenceCondition

OFFENCE = "see_offence_data"  # convictions, licence conditions and disclosure advice (issue 7 §2)


@require_safe
def disclosure_overview(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    participant = participant_for(request, pk, need=OFFENCE)
    summary = services.disclosure_summary(participant, as_of=timezone.localdate())
    statements = DisclosureStatement.objects.filter(participant=participant)
    audit_read_when_shown(request, user=user, target=AuditTarget("convictions", str(pk), participant.pk))
    return render(
        request,
        "advice/disclosure_overview.html",
        {"participant": participant, "summary": summary, "statements": statements},
    )


@require_http_methods(["GET", "POST"])
def conviction_edit(request: HttpRequest, pk: int, conviction_pk: int | None = None) -> HttpResponse:
    user = request_user(request)
    participant = participant_for(request, pk, need=OFFENCE)
    record = None
    initial = None
    if conviction_pk is not None:
        record = get_object_or_404(ConvictionRecord, pk=conviction_pk, participant=participant)
        initial = {name: getattr(record, name) for name in services.CONVICTION_FIELDS}
    return form_page(
        request,
        form=ConvictionForm(request.POST or None, initial=initial, date_of_birth=participant.date_of_birth),
        save=lambda data: services.conviction_save(actor=user, participant=participant, data=data, record=record),
        success="Conviction saved" if record else "Conviction added",
        next_url=reverse("advice:disclosure", args=[participant.pk]),
        template="advice/conviction_form.html",
        context={"participant": participant, "record": record},
    )


@require_http_methods(["GET", "POST"])
def conviction_delete(request: HttpRequest, pk: int, conviction_pk: int) -> HttpResponse:
    user = request_user(request)
    participant = participant_for(request, pk, need=OFFENCE)
    record = get_object_or_404(ConvictionRecord, pk=conviction_pk, participant=participant)
    if request.method == "POST":
        services.conviction_delete(actor=user, participant=participant, record=record)
        messages.success(request, "Conviction removed")
        return redirect("advice:disclosure", pk=participant.pk)
    return render(request, "advice/conviction_delete.html", {"participant": participant, "record": record})


@require_http_methods(["GET", "POST"])
def statement_create(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    participant = participant_for(request, pk, need=OFFENCE)

    def save(data: dict[str, Any]) -> DisclosureStatement:
        letter = draft_disclosure_letter(name=participant.display_name, **data)
        return services.statement_save(actor=user, participant=participant, data={**data, "letter": letter})

    return form_page(
        request,
        form=StatementForm(request.POST or None),
        save=save,
        success="Draft letter written. Read it through with the person and change anything.",
        next_url=lambda statement: reverse("advice:statement", args=[participant.pk, statement.pk]),
        template="advice/statement_form.html",
        context={"participant": participant},
    )


@require_http_methods(["GET", "POST"])
def statement_detail(request: HttpRequest, pk: int, statement_pk: int) -> HttpResponse:
    user = request_user(request)
    participant = participant_for(request, pk, need=OFFENCE)
    statement = get_object_or_404(DisclosureStatement, pk=statement_pk, participant=participant)
    audit_read_when_shown(
        request, user=user, target=AuditTarget("disclosure_statement", str(statement.pk), participant.pk)
    )
    return form_page(
        request,
        form=LetterForm(request.POST or None, initial={"letter": statement.letter}),
        save=lambda data: services.statement_letter_update(actor=user, statement=statement, letter=data["letter"]),
        success="Letter saved",
        next_url=reverse("advice:statement", args=[participant.pk, statement.pk]),
        template="advice/statement_detail.html",
        context={"participant": participant, "statement": statement},
    )


@require_http_methods(["GET", "POST"])
def better_off(request: HttpRequest, pk: int) -> HttpResponse:
    """Better off in work? The form starts from the answers of the check shown (or the latest one), so the next
    "what if" changes only what differs; `?job=` fills in a job's hours and pay. A saved check is shown with its
    answer; the service's refusals come back onto the form, on the field they concern."""
    participant = participant_for(request, pk, need="edit_participants")
    user = request_user(request)
    today = timezone.localdate()
    checks = BetterOffCheck.objects.filter(participant=participant)
    recent = list(checks[:20])
    shown = None
    check_id = query_id(request.GET, "check")
    if check_id is not None:
        shown = next((check for check in recent if check.pk == check_id), None) or checks.filter(pk=check_id).first()
    initial: dict[str, object] = {}
    last = shown or (recent[0] if recent else None)
    if last is not None:
        initial.update(services.better_off_inputs(last))
    if shown is None:  # answers carried over from an earlier day: the age is today's
        initial["age"] = age_on(participant.date_of_birth, today)
    job_id = query_id(request.GET, "job")
    if job_id is not None:
        job = get_object_or_404(participant.jobs, pk=job_id)
        initial.update(
            label=f"{job.job_title} at {job.employer_name}",
            hours_per_week=job.hours_per_week,
            hourly_pay=job.hourly_pay,
        )
    audit_read_when_shown(request, user=user, target=AuditTarget("better_off", str(pk), participant.pk))
    page = reverse("advice:better-off", args=[participant.pk])
    return form_page(
        request,
        form=BetterOffForm(request.POST or None, initial=initial, tax_years=services.tax_years()),
        save=lambda data: services.better_off_run(actor=user, participant=participant, data=data),
        success=lambda check: (),  # the answer itself, shown at the top of the page, is the confirmation
        next_url=lambda check: f"{page}?check={check.pk}#result",
        template="advice/better_off.html",
        context={
            "participant": participant,
            "checks": recent,
            "shown": shown,
            "unconfirmed_rates": [rate_name(name) for name in shown.result.get("unconfirmed_rates", [])]
            if shown
            else [],
            "shown_tax_year": tax_year_words(shown.tax_year) if shown else "",
            "explanation": with_rate_names(shown.result.get("explanation", "")) if shown else "",
            "jobs": participant.jobs.all(),
        },
    )


@require_http_methods(["GET", "POST"])
def licence_conditions(request: HttpRequest, pk: int) -> HttpResponse:
    """Licence conditions that limit work: the list and the form to add one, on one page."""
    user = request_user(request)
    participant = participant_for(request, pk, need=OFFENCE)
    audit_read_when_shown(request, user=user, target=AuditTarget("licence_conditions", str(pk), participant.pk))
    return form_page(
        request,
        form=LicenceConditionForm(request.POST or None),
        save=lambda data: services.licence_condition_add(actor=user, participant=participant, data=data),
        success="Licence condition added",
        next_url=reverse("advice:licence-conditions", args=[participant.pk]),
        template="advice/licence_conditions.html",
        context={"participant": participant, "conditions": LicenceCondition.objects.filter(participant=participant)},
    )


@require_http_methods(["GET", "POST"])
def licence_condition_delete(request: HttpRequest, pk: int, condition_pk: int) -> HttpResponse:
    user = request_user(request)
    participant = participant_for(request, pk, need=OFFENCE)
    condition = get_object_or_404(LicenceCondition, pk=condition_pk, participant=participant)
    if request.method == "POST":
        services.licence_condition_delete(actor=user, participant=participant, condition=condition)
        messages.success(request, "Licence condition removed")
        return redirect("advice:licence-conditions", pk=participant.pk)
    return render(request, "advice/licence_condition_delete.html", {"participant": participant, "condition": condition})

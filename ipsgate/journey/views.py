"""Pages for the journey: vocational profile, resettlement needs, contacts, custody events and To do.
Views parse input, call a selector or service, render; every participant page starts from the scoping query."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from ipsgate.core.capabilities import capabilities_for
from ipsgate.core.form_pages import form_page
from ipsgate.core.query_params import query_id
from ipsgate.core.views import request_user, require
from ipsgate.people.access import participant_for
from ipsgate.people.models import Participant
from ipsgate.people.services import audit_participants_read

from . import selectors, services
from .choices import HEALTH_PATHWAYS, NeedStatus, Pathway
from .forms import (
    PROFILE_FORMS,
    PROFILE_SECTION_TITLES,
    ContactForm,
    CustodyEventForm,
    MentalHealthCareForm,
    NeedAddForm,
    NeedUpdateForm,
    QualificationForm,
    WorkHistoryForm,
    bool_to_tristate,
    profile_initial,
    profile_values,
)
from .models import MentalHealthCare, ReminderNotification, VocationalProfile
from .reminders import reminders_mark_read

# Vocational profile


@require_safe
def profile(request: HttpRequest, pk: int) -> HttpResponse:
    participant = participant_for(request, pk)
    vocational = VocationalProfile.objects.filter(participant=participant).first()
    changes = (
        {change.section: change for change in vocational.section_changes.select_related("changed_by")}
        if vocational
        else {}
    )
    return render(
        request,
        "journey/profile.html",
        {
            "participant": participant,
            "profile": vocational,
            "changes": changes,
            "titles": PROFILE_SECTION_TITLES,
            "work_history": participant.work_history.all(),
            "qualifications": participant.qualifications.all(),
        },
    )


@require_http_methods(["GET", "POST"])
def profile_section_edit(request: HttpRequest, pk: int, section: str) -> HttpResponse:
    if section not in PROFILE_FORMS:
        raise Http404("No such section")
    user = request_user(request)
    # The adjustments section is health data and the disclosure section offence data (issue 7 §2).
    extra = {"adjustments": ("edit_health_data",), "disclosure": ("see_offence_data",)}.get(section, ())
    participant = participant_for(request, pk, need=("edit_participants", *extra))
    current = VocationalProfile.objects.filter(participant=participant).first()
    form = PROFILE_FORMS[section](request.POST or None, initial=profile_initial(current, section))
    return form_page(
        request,
        form=form,
        save=lambda data: services.profile_section_save(
            actor=user, participant=participant, section=section, values=profile_values(section, data)
        ),
        success=f"{PROFILE_SECTION_TITLES[section]} saved",
        template="journey/profile_section.html",
        context={
            "participant": participant,
            "section": section,
            "title": PROFILE_SECTION_TITLES[section],
            "started": current is not None,
        },
        next_url=reverse("journey:profile", args=[participant.pk]),
    )


@require_http_methods(["GET", "POST"])
def work_history_edit(request: HttpRequest, pk: int, entry_pk: int | None = None) -> HttpResponse:
    user = request_user(request)
    participant = participant_for(request, pk, need="edit_participants")
    entry = get_object_or_404(participant.work_history, pk=entry_pk) if entry_pk else None
    initial = {name: getattr(entry, name) for name in WorkHistoryForm.base_fields} if entry else None
    form = WorkHistoryForm(request.POST or None, initial=initial)
    return form_page(
        request,
        form=form,
        save=lambda data: services.work_history_save(actor=user, participant=participant, values=data, entry=entry),
        success="Work history saved",
        template="journey/work_history_form.html",
        context={"participant": participant, "entry": entry},
        next_url=reverse("journey:profile", args=[participant.pk]),
    )


def _confirm_removal(
    request: HttpRequest, participant: Participant, *, thing: str, kind: str, remove: Callable[[], None]
) -> HttpResponse:
    """GET asks "Remove this …?" (an audited read); POST removes through the service and returns to the profile."""
    if request.method == "POST":
        remove()
        messages.success(request, f"{kind[0].upper()}{kind[1:]} removed")
        return redirect("journey:profile", participant.pk)
    return render(request, "journey/confirm_delete.html", {"participant": participant, "thing": thing, "kind": kind})


@require_http_methods(["GET", "POST"])
def work_history_delete(request: HttpRequest, pk: int, entry_pk: int) -> HttpResponse:
    user = request_user(request)
    participant = participant_for(request, pk, need="edit_participants")
    entry = get_object_or_404(participant.work_history, pk=entry_pk)
    return _confirm_removal(
        request,
        participant,
        thing=f"{entry.role} at {entry.employer}",
        kind="work history entry",
        remove=lambda: services.work_history_delete(actor=user, entry=entry),
    )


@require_http_methods(["GET", "POST"])
def qualification_add(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    participant = participant_for(request, pk, need="edit_participants")
    return form_page(
        request,
        form=QualificationForm(request.POST or None),
        save=lambda data: services.qualification_add(actor=user, participant=participant, values=data),
        success="Qualification added",
        context={"participant": participant},
        template="journey/qualification_form.html",
        next_url=reverse("journey:profile", args=[participant.pk]),
    )


@require_http_methods(["GET", "POST"])
def qualification_delete(request: HttpRequest, pk: int, qualification_pk: int) -> HttpResponse:
    user = request_user(request)
    participant = participant_for(request, pk, need="edit_participants")
    qualification = get_object_or_404(participant.qualifications, pk=qualification_pk)
    return _confirm_removal(
        request,
        participant,
        thing=str(qualification),
        kind="qualification",
        remove=lambda: services.qualification_delete(actor=user, qualification=qualification),
    )


# Resettlement needs


@require_safe
def needs(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    participant = participant_for(request, pk)
    can = capabilities_for(user)
    all_needs = list(participant.needs.prefetch_related("updates__recorded_by"))
    pathways = [p for p in Pathway if can.see_health_data or p not in HEALTH_PATHWAYS]
    by_pathway = [(pathway, [need for need in all_needs if need.pathway == pathway]) for pathway in pathways]
    return render(
        request,
        "journey/needs.html",
        {
            "participant": participant,
            "by_pathway": by_pathway,
            "care": MentalHealthCare.objects.filter(participant=participant).select_related("updated_by").first()
            if can.see_health_data
            else None,
        },
    )


@require_http_methods(["GET", "POST"])
def need_add(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    participant = participant_for(request, pk, need="edit_participants")
    initial = {"pathway": request.GET.get("pathway", "")}
    form = NeedAddForm(request.POST or None, initial=initial)
    if not capabilities_for(user).see_health_data:
        pathway_field: Any = form.fields["pathway"]
        pathway_field.choices = [c for c in pathway_field.choices if c[0] not in HEALTH_PATHWAYS]
    return form_page(
        request,
        form=form,
        save=lambda data: services.need_add(actor=user, participant=participant, **data),
        success="Need added",
        context={"participant": participant},
        template="journey/need_form.html",
        next_url=reverse("journey:needs", args=[participant.pk]),
    )


@require_http_methods(["GET", "POST"])
def need_update(request: HttpRequest, pk: int, need_pk: int) -> HttpResponse:
    user = request_user(request)
    participant = participant_for(request, pk, need="edit_participants")
    needs = (
        participant.needs.all()
        if capabilities_for(user).see_health_data
        else participant.needs.exclude(pathway__in=HEALTH_PATHWAYS)
    )
    need = get_object_or_404(needs, pk=need_pk)
    form = NeedUpdateForm(request.POST or None, initial={"status": need.status, "responsible": need.responsible})
    return form_page(
        request,
        form=form,
        save=lambda data: services.need_update(actor=user, need=need, **data),
        success="Need updated",
        template="journey/need_update.html",
        context={"participant": participant, "need": need, "met": NeedStatus.MET},
        next_url=reverse("journey:needs", args=[participant.pk]),
    )


@require_http_methods(["GET", "POST"])
def health_care_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    participant = participant_for(request, pk, need=("edit_participants", "edit_health_data"))
    care = MentalHealthCare.objects.filter(participant=participant).first()
    initial: dict[str, Any] = {}
    if care:
        initial = {name: getattr(care, name) for name in MentalHealthCareForm.base_fields}
        initial["gp_registered"] = bool_to_tristate(care.gp_registered)
    form = MentalHealthCareForm(request.POST or None, initial=initial)
    return form_page(
        request,
        form=form,
        save=lambda data: services.mental_health_care_save(
            actor=user, participant=participant, values=form.service_values()
        ),
        success="Health care links saved",
        context={"participant": participant},
        template="journey/health_care_form.html",
        next_url=reverse("journey:needs", args=[participant.pk]),
    )


# Contacts and custody events


@require_http_methods(["GET", "POST"])
def contact_add(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    participant = participant_for(request, pk, need="edit_participants")
    now = timezone.localtime()
    initial = {"occurred_on": now.date(), "time": f"{now:%H:%M}", "job": query_id(request.GET, "job")}
    form = ContactForm(request.POST or None, initial=initial, participant=participant)
    return form_page(
        request,
        form=form,
        save=lambda data: services.contact_record(actor=user, participant=participant, values=form.service_values()),
        success="Contact recorded",
        context={"participant": participant},
        template="journey/contact_form.html",
        next_url=participant.get_absolute_url(),
    )


@require_http_methods(["GET", "POST"])
def custody_event_add(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    participant = participant_for(request, pk, need="edit_participants")
    return form_page(
        request,
        form=CustodyEventForm(request.POST or None),
        save=lambda data: services.custody_event_record(actor=user, participant=participant, **data),
        success="Custody event recorded",
        context={"participant": participant},
        template="journey/custody_event_form.html",
        next_url=participant.get_absolute_url(),
    )


# To do


@require_http_methods(["GET", "POST"])
def todo(request: HttpRequest) -> HttpResponse:
    """What is due or overdue across the specialist's own caseload, from the reminder rules. Reading the page
    changes nothing; the banner's button (a POST) marks the new reminders read."""
    user = request_user(request)
    require(capabilities_for(user).use_todo)
    if request.method == "POST":
        reminders_mark_read(user)
        return redirect("journey:todo")
    today = timezone.localdate()
    rows = selectors.todo_for(user, today=today)
    new_reminders = ReminderNotification.objects.filter(recipient=user, read_at__isnull=True).count()
    audit_participants_read(user, {row.participant.pk: row.participant for row in rows}.values())
    return render(
        request,
        "journey/todo.html",
        {
            "overdue": [row for row in rows if row.overdue],
            "due": [row for row in rows if not row.overdue],
            "today": today,
            "horizon": selectors.TODO_HORIZON_DAYS,
            "new_reminders": new_reminders,
        },
    )

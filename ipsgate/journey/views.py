"""Pages for the journey: vocational profile, resettlement needs, contacts, custody events and To do.
Views parse input, call a selector or service, render; every participant page starts from the scoping query."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from ipsgate.core.capabilities import capabilities_for
from ipsgate.core.form_pages import form_page
from ipsgate.core.query_params import query_id
from ipsgate.core.scoping import specialists_for
from ipsgate.core.views import request_user, require
from ipsgate.jobs.models import Application
from ipsgate.jobs.selectors import current_jobs
from ipsgate.people.access import participant_for
from ipsgate.people.models import Participant
from ipsgate.people.services import audit_participants_read
from ipsgate.rules.applications import Status
from ipsgate.rules.release_readiness import ITEM_BY_CODE, ITEMS, readiness_summary

from . import selectors, services
from .choices import HEALTH_PATHWAYS, NeedStatus, Pathway
from .forms import (
    HAND_OVER,
    PROFILE_FORMS,
    PROFILE_SECTION_TITLES,
    AppointmentForm,
    AppointmentOutcomeForm,
    ChecklistItemForm,
    ContactForm,
    CustodyEventForm,
    HandoverForm,
    MentalHealthCareForm,
    NeedAddForm,
    NeedUpdateForm,
    QualificationForm,
    WorkHistoryForm,
    appointment_initial,
    bool_to_tristate,
    profile_initial,
    profile_values,
)
from .models import Appointment, Handover, MentalHealthCare, ReminderNotification, ResettlementNeed, VocationalProfile
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
    participant = participant_for(request, pk, fetch=selectors.participant_with_checklist)
    can = capabilities_for(user)
    checklist = getattr(participant, "release_checklist", None)  # joined; None when nothing is recorded yet
    # Issue 18's referrals to partners for each need, with their partner in one query; found by the relation's name,
    # as journey imports nothing from the partners app above it.
    referrals_out: Any = ResettlementNeed._meta.get_field("referrals_out").related_model
    all_needs = list(
        participant.needs.prefetch_related(
            "updates__recorded_by",
            Prefetch("referrals_out", queryset=referrals_out.objects.select_related("partner")),
        )
    )
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
            "checklist": checklist,
            "checklist_rows": _checklist_rows(checklist),
            "checklist_summary": readiness_summary(checklist.statuses() if checklist else {}),
        },
    )


def _checklist_rows(checklist: Any) -> list[tuple[Any, str, Any, str]]:
    """(item, status in the item's words, date, detail) for each item of the ready-for-release checklist."""
    rows = []
    for item in ITEMS:
        status = getattr(checklist, f"{item.code}_status") if checklist else "not_started"
        on = getattr(checklist, f"{item.code}_on") if checklist else None
        detail = checklist.get_id_document_display() if checklist and item.code == "id" else ""
        rows.append((item, item.status_label(status), on, detail))
    return rows


@require_http_methods(["GET", "POST"])
def checklist_item(request: HttpRequest, pk: int, item: str) -> HttpResponse:
    """One item of the ready-for-release checklist (issue 16 item 17)."""
    if item not in ITEM_BY_CODE:
        raise Http404("No such checklist item")
    user = request_user(request)
    participant = participant_for(request, pk, need="edit_participants", fetch=selectors.participant_with_checklist)
    checklist = getattr(participant, "release_checklist", None)
    initial: dict[str, Any] = {}
    if checklist is not None:
        initial = {"status": getattr(checklist, f"{item}_status"), "id_document": checklist.id_document}
        if getattr(checklist, f"{item}_on"):
            initial["on"] = getattr(checklist, f"{item}_on")
    form = ChecklistItemForm(request.POST or None, initial=initial, item=item)
    return form_page(
        request,
        form=form,
        save=lambda data: services.checklist_item_save(
            actor=user,
            participant=participant,
            item=item,
            status=data["status"],
            on=data.get("on"),
            id_document=data.get("id_document") or "",
        ),
        success=f"{ITEM_BY_CODE[item].label} updated",
        template="journey/checklist_item_form.html",
        context={"participant": participant, "item": ITEM_BY_CODE[item]},
        next_url=reverse("journey:needs", args=[participant.pk]) + "#ready-for-release",
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
    jobs = current_jobs(participant, on=timezone.localdate())
    return form_page(
        request,
        form=CustodyEventForm(request.POST or None, current_jobs=jobs),
        save=lambda data: services.custody_event_record(actor=user, participant=participant, **data),
        success=lambda event: (
            "Release recorded. Now say who will support the person in the community."
            if event.kind in services.RELEASES
            else "Custody event recorded"
        ),
        context={"participant": participant},
        template="journey/custody_event_form.html",
        # A release offers the handover to a community specialist (issue 16 item 11).
        next_url=lambda event: (
            reverse("journey:handover", args=[participant.pk])
            if event.kind in services.RELEASES
            else participant.get_absolute_url()
        ),
    )


# Appointments (issue 16 item 7)


@require_safe
def appointments(request: HttpRequest, pk: int) -> HttpResponse:
    """Everything planned for the person: appointments, interview dates and expected start days, coming up and
    past. Two queries whatever the number."""
    participant = participant_for(request, pk, need="see_case_history")
    today = timezone.localdate()
    rows = list(Appointment.objects.filter(participant=participant).select_related("created_by", "outcome_recorded_by"))
    applications = list(
        Application.objects.filter(participant=participant)
        .filter(Q(interview_at__isnull=False) | Q(expected_start_date__isnull=False))
        .select_related("employer")
        .order_by("id")
    )
    start_of_today = timezone.make_aware(datetime.datetime.combine(today, datetime.time.min))
    return render(
        request,
        "journey/appointments.html",
        {
            "participant": participant,
            "coming_up": [a for a in rows if a.starts_at >= start_of_today or not a.outcome],
            "past": sorted(
                (a for a in rows if a.starts_at < start_of_today and a.outcome), key=lambda a: a.starts_at, reverse=True
            ),  # fmt: skip
            "interviews": [a for a in applications if a.interview_at and a.status == Status.INTERVIEW.value],
            "starts": [a for a in applications if a.expected_start_date and a.status == Status.ACCEPTED.value],
            "today": today,
        },
    )


@require_http_methods(["GET", "POST"])
def appointment_edit(request: HttpRequest, pk: int, appointment_pk: int | None = None) -> HttpResponse:
    """Plan an appointment, or change one that has not happened yet. Any day up to a year ahead."""
    user = request_user(request)
    participant = participant_for(request, pk, need="edit_participants")
    appointment = get_object_or_404(participant.appointments, pk=appointment_pk, outcome="") if appointment_pk else None
    initial = appointment_initial(appointment) if appointment else {"kind": request.GET.get("kind", "")}
    form = AppointmentForm(request.POST or None, initial=initial)
    return form_page(
        request,
        form=form,
        save=lambda data: services.appointment_save(
            actor=user, participant=participant, values=form.service_values(), appointment=appointment
        ),
        success="Appointment changed" if appointment else "Appointment planned",
        template="journey/appointment_form.html",
        context={"participant": participant, "appointment": appointment},
        next_url=reverse("journey:appointments", args=[participant.pk]),
    )


@require_http_methods(["GET", "POST"])
def appointment_outcome(request: HttpRequest, pk: int, appointment_pk: int) -> HttpResponse:
    """Record what happened: attended, missed (a follow-up task until the person is contacted) or cancelled."""
    user = request_user(request)
    participant = participant_for(request, pk, need="edit_participants")
    appointment = get_object_or_404(participant.appointments, pk=appointment_pk, outcome="")
    return form_page(
        request,
        form=AppointmentOutcomeForm(request.POST or None),
        save=lambda data: services.appointment_outcome_record(
            actor=user, appointment=appointment, outcome=data["outcome"], note=data["note"]
        ),
        success=lambda done: (
            "Recorded as missed. Get back in touch with the person to rebook it."
            if done.outcome == "missed"
            else "Appointment recorded"
        ),
        template="journey/appointment_outcome.html",
        context={"participant": participant, "appointment": appointment},
        next_url=reverse("journey:appointments", args=[participant.pk]),
    )


# Handover from prison to community (issue 16 item 11)


@require_http_methods(["GET", "POST"])
def handover(request: HttpRequest, pk: int) -> HttpResponse:
    """After a release: the same specialist continues, or a handover to a community specialist with a note."""
    user = request_user(request)
    participant = participant_for(request, pk, need="edit_participants")
    release = services.latest_release(participant)
    specialists = specialists_for(user).select_related("site")
    if participant.allocated_specialist_id is not None:
        specialists = specialists.exclude(pk=participant.allocated_specialist_id)
    form = HandoverForm(request.POST or None, specialists=specialists)
    if release is None:
        return render(request, "journey/handover_form.html", {"participant": participant, "form": None})

    def saved(done: Handover) -> str:
        if done.same_specialist:
            return f"{done.to_specialist.get_full_name()} continues to support {participant.display_name}"
        return f"{participant.display_name} handed over to {done.to_specialist.get_full_name()}"

    def next_url(done: Handover) -> str:
        # After a handover the person may be outside this user's scope: back to their caseload then.
        if Participant.objects.visible_to(user).filter(pk=participant.pk).exists():
            return participant.get_absolute_url()
        return reverse("people:my-caseload") if capabilities_for(user).see_my_caseload else reverse("home")

    return form_page(
        request,
        form=form,
        save=lambda data: services.handover_record(
            actor=user,
            participant=participant,
            release=release,
            to_specialist=data["to_specialist"] if data["decision"] == HAND_OVER else None,
            note=data["note"],
            on=data["on"],
        ),
        success=saved,
        template="journey/handover_form.html",
        context={"participant": participant, "release": release},
        next_url=next_url,
    )


@require_http_methods(["GET", "POST"])
def handover_pick_up(request: HttpRequest, pk: int, handover_pk: int) -> HttpResponse:
    """The new specialist reads the handover note and confirms they have picked the person up."""
    user = request_user(request)
    participant = participant_for(request, pk, need="edit_participants")
    found = get_object_or_404(
        Handover.objects.select_related("from_specialist", "to_specialist", "release"),
        pk=handover_pk,
        participant=participant,
    )
    if request.method == "POST":
        try:
            services.handover_pick_up(actor=user, handover=found)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, "Handover picked up")
            return redirect(participant.get_absolute_url())
    return render(
        request,
        "journey/handover_pick_up.html",
        {"participant": participant, "handover": found, "problem": services.handover_pick_up_problem(user, found)},
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

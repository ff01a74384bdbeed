"""Pages for caseloads, participants and referrals. Views parse input, call a selector or service, render."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from ipsgate.core.audit import audit_record
from ipsgate.core.choices import AuditAction, Role
from ipsgate.core.query_params import MAX_PAGE, query_id, query_number
from ipsgate.core.scoping import (
    may_edit_participants,
    may_see_case_notes,
    may_see_case_records,
    may_see_health_data,
    specialists_for,
)
from ipsgate.core.views import request_user, require
from ipsgate.jobs.selectors import participant_work
from ipsgate.journey import selectors as journey_selectors
from ipsgate.rules.phase import Phase, PhaseResult
from ipsgate.rules.reminders import Task
from ipsgate.rules.timeline import ReleaseTiming

from . import selectors, services
from .forms import (
    EpisodeCloseForm,
    ParticipantEditForm,
    ParticipantSearchForm,
    ReferralDecisionForm,
    ReferralForm,
)
from .models import Episode, Participant
from .overview import site_overview
from .services import participant_target


def _page(request: HttpRequest, items: QuerySet[Any]) -> Page[Any]:
    paginator: Paginator[Any] = Paginator(items, settings.IPSGATE_PAGE_SIZE)
    return paginator.get_page(query_number(request.GET, "page", minimum=1, maximum=MAX_PAGE))


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    role = request_user(request).role
    if role == Role.SPECIALIST:
        return redirect("people:my-caseload")
    if role in (Role.TEAM_LEADER, Role.SERVICE_MANAGER):
        return redirect("people:team-caseloads")
    if role in (Role.CLINICIAN, Role.PROBATION_PRACTITIONER):
        return redirect("people:participant-list")
    return redirect("people:service-overview")


@dataclass(frozen=True)
class ParticipantRow:
    participant: Participant
    phase: PhaseResult
    timing: ReleaseTiming
    overdue: list[Task]


def _rows(participants: Iterable[Participant]) -> list[ParticipantRow]:
    """Table rows for participants annotated by `with_case_flags` and `with_task_facts`."""
    today = timezone.localdate()
    return [
        ParticipantRow(
            participant,
            journey_selectors.phase_of(participant, today=today),
            selectors.timing_of(participant, today=today),
            [task for task in journey_selectors.tasks_of(participant, today=today) if task.overdue_on(today)],
        )
        for participant in participants
    ]


@require_safe
def my_caseload(request: HttpRequest) -> HttpResponse:
    """The specialist's caseload, filterable by phase. Phase is derived in Python, and a caseload is small
    (the IPS standard is at most 20), so the whole caseload is read once and filtered before paging."""
    user = request_user(request)
    require(may_see_case_records(user))
    rows = _rows(journey_selectors.with_task_facts(selectors.caseload_for(user)))
    counts = Counter(row.phase.phase for row in rows)
    chosen = Phase.from_slug(request.GET.get("phase", ""))
    shown = [row for row in rows if chosen is None or row.phase.phase == chosen]
    paginator: Paginator[ParticipantRow] = Paginator(shown, settings.IPSGATE_PAGE_SIZE)
    page = paginator.get_page(query_number(request.GET, "page", minimum=1, maximum=MAX_PAGE))
    services.audit_participants_read(user, [row.participant for row in page.object_list])
    return render(
        request,
        "people/my_caseload.html",
        {
            "page": page,
            "rows": page.object_list,
            "caseload_size": len(rows),
            "phases": [(phase, counts.get(phase, 0)) for phase in Phase if phase != Phase.CLOSED],
            "chosen_phase": chosen,
            "query": f"phase={chosen.slug}" if chosen else "",
            "caseload_limit": settings.IPSGATE_CASELOAD_LIMIT,
        },
    )


@require_safe
def team_caseloads(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    require(user.role in (Role.TEAM_LEADER, Role.SERVICE_MANAGER))
    page = _page(request, selectors.specialists_with_caseloads(user))
    return render(
        request,
        "people/team_caseloads.html",
        {"page": page, "caseload_limit": settings.IPSGATE_CASELOAD_LIMIT},
    )


@require_safe
def participant_list(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    require(may_see_case_records(user))
    form = ParticipantSearchForm(request.GET or None, user=user)
    filters: dict[str, object] = {}
    specialist_id = query_id(request.GET, "specialist")
    if form.is_valid():
        site = form.cleaned_data["site"]
        filters = {
            "text": form.cleaned_data["q"],
            "site_id": site.pk if site else None,
            "active_only": not form.cleaned_data["include_inactive"],
        }
    participants = selectors.participant_search(user, **filters)  # type: ignore[arg-type]
    specialist = None
    if specialist_id is not None:
        specialist = specialists_for(user).filter(pk=specialist_id).first()  # name shown only if overseen
        participants = participants.filter(allocated_specialist_id=specialist_id)
    page = _page(request, journey_selectors.with_task_facts(participants))
    services.audit_participants_read(user, page.object_list)
    return render(
        request,
        "people/participant_list.html",
        {
            "form": form,
            "page": page,
            "rows": _rows(page.object_list),
            "specialist": specialist,
            "query": request.GET.urlencode(),
        },
    )


@require_safe
def participant_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    participant = journey_selectors.participant_with_facts(user, pk)
    audit_record(user=user, action=AuditAction.READ, target=participant_target(participant))
    today = timezone.localdate()
    tasks = journey_selectors.tasks_to_do(participant, today=today)
    referrals = list(participant.referrals.select_related("received_by"))
    return render(
        request,
        "people/participant_detail.html",
        {
            "participant": participant,
            "phase": journey_selectors.phase_of(participant, today=today),
            "timing": selectors.timing_of(participant, today=today),
            "tasks": [(task, task.overdue_on(today)) for task in tasks],
            "referrals": referrals,
            "episodes": participant.episodes.all(),
            "timeline": journey_selectors.timeline_for(
                participant,
                referrals=referrals,
                include_health=may_see_health_data(user),
                include_notes=may_see_case_notes(user),
            ),
            "work": participant_work(participant),
            "may_edit": may_edit_participants(user),
        },
    )


@require_http_methods(["GET", "POST"])
def participant_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    participant = selectors.participant_get(user, pk)
    require(may_edit_participants(user))
    form = ParticipantEditForm(request.POST or None, user=user, participant=participant)
    if request.method == "POST" and form.is_valid():
        try:
            changed = services.participant_update(actor=user, participant=participant, changes=form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Details updated" if changed else "No changes were made")
            return redirect(participant)
    else:
        audit_record(user=user, action=AuditAction.READ, target=participant_target(participant))
    return render(request, "people/participant_edit.html", {"form": form, "participant": participant})


@require_http_methods(["GET", "POST"])
def referral_create(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    require(may_edit_participants(user))
    form = ReferralForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            referral = services.participant_refer(
                actor=user,
                details=services.ReferralDetails(
                    **{name: data[name] for name in services.ReferralDetails.__dataclass_fields__}
                ),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if referral.wants_paid_work:
                messages.success(request, "Referral recorded. Record the outcome once you have met the person.")
            else:
                messages.success(
                    request,
                    "Referral recorded as declined by the person, because they do not want help to find paid work "
                    "now. They can be referred again at any time.",
                )
            allocation = getattr(referral, "allocation", None)
            if allocation is not None:  # the arm is shown only now that the referral is saved
                messages.info(
                    request,
                    f"Evaluation arm: {allocation.get_arm_display()} ({allocation.get_method_display().lower()}); "
                    f"peer mentoring: {'yes' if allocation.mentoring else 'no'}.",
                )
            return redirect(referral.participant)
    return render(request, "people/referral_form.html", {"form": form})


@require_http_methods(["GET", "POST"])
def referral_decision(request: HttpRequest, pk: int, referral_pk: int) -> HttpResponse:
    user = request_user(request)
    participant = selectors.participant_get(user, pk)
    require(may_edit_participants(user))
    referral = get_object_or_404(participant.referrals, pk=referral_pk, outcome="")
    form = ReferralDecisionForm(request.POST or None, referral_date=referral.referral_date)
    if request.method == "POST" and form.is_valid():
        try:
            services.referral_decide(
                actor=user,
                referral=referral,
                outcome=form.cleaned_data["outcome"],
                outcome_date=form.cleaned_data["outcome_date"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Referral outcome recorded")
            return redirect(participant)
    return render(
        request,
        "people/referral_decision.html",
        {"form": form, "participant": participant, "referral": referral},
    )


@require_http_methods(["GET", "POST"])
def episode_close(request: HttpRequest, pk: int, episode_pk: int) -> HttpResponse:
    user = request_user(request)
    participant: Participant = selectors.participant_get(user, pk)
    require(may_edit_participants(user))
    episode: Episode = get_object_or_404(participant.episodes, pk=episode_pk, end_date__isnull=True)
    form = EpisodeCloseForm(request.POST or None, start_date=episode.start_date)
    if request.method == "POST" and form.is_valid():
        try:
            services.episode_close(
                actor=user,
                episode=episode,
                end_date=form.cleaned_data["end_date"],
                reason=form.cleaned_data["closure_reason"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Support ended. The record stays available to the team.")
            return redirect(participant)
    return render(request, "people/episode_close.html", {"form": form, "participant": participant, "episode": episode})


@require_safe
def service_overview(request: HttpRequest) -> HttpResponse:
    """Aggregate figures by site, without names. Small numbers are suppressed for roles without case access."""
    user = request_user(request)
    require(user.role in (Role.ANALYST, Role.ADMINISTRATOR, Role.SERVICE_MANAGER, Role.TEAM_LEADER))
    rows = site_overview(today=timezone.localdate(), suppress_small=not may_see_case_records(user))
    return render(request, "people/service_overview.html", {"rows": rows})

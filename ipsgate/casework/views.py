"""The pages that combine several apps: My caseload, team caseloads, the participant list and summary, referral
intake (with its evaluation arm) and the service overview. Views parse input, call a selector or service, render."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from ipsgate.core.capabilities import capabilities_for
from ipsgate.core.case_registry import AttentionFlag, CaseView, case_registry
from ipsgate.core.form_pages import form_page
from ipsgate.core.models import User
from ipsgate.core.query_params import MAX_PAGE, query_id, query_number
from ipsgate.core.scoping import specialists_for
from ipsgate.core.sorting import Column, order_queryset, order_rows, sorting_from
from ipsgate.core.views import request_user, require
from ipsgate.journey import selectors as journey_selectors
from ipsgate.people.access import participant_for
from ipsgate.people.choices import CustodyStatus
from ipsgate.people.forms import ParticipantSearchForm
from ipsgate.people.models import Participant, Referral
from ipsgate.people.selectors import timing_of
from ipsgate.people.services import audit_participants_read
from ipsgate.rules.phase import Phase, PhaseResult
from ipsgate.rules.reminders import Task
from ipsgate.rules.timeline import ReleaseTiming

from . import selectors, services
from .forms import CaseloadSearchForm, ReferralIntakeForm
from .overview import site_overview


def _page(request: HttpRequest, items: QuerySet[Any]) -> Page[Any]:
    paginator: Paginator[Any] = Paginator(items, settings.IPSGATE_PAGE_SIZE)
    return paginator.get_page(query_number(request.GET, "page", minimum=1, maximum=MAX_PAGE))


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    can = capabilities_for(request_user(request))
    if can.menu_own_caseload:
        return redirect("people:my-caseload")
    if can.see_team_caseloads:
        return redirect("people:team-caseloads")
    if can.see_case_records:
        return redirect("people:participant-list")
    return redirect("people:service-overview")


@dataclass(frozen=True)
class ParticipantRow:
    participant: Participant
    phase: PhaseResult
    timing: ReleaseTiming
    overdue: list[Task]
    flags: list[AttentionFlag]  # what the domain apps registered, after the overdue tasks


def _rows(participants: Iterable[Participant], viewer: User) -> list[ParticipantRow]:
    """Table rows for participants annotated by `with_case_flags` and `with_task_facts`."""
    today = timezone.localdate()
    return [
        ParticipantRow(
            participant,
            journey_selectors.phase_of(participant, today=today),
            timing_of(participant, today=today),
            [task for task in journey_selectors.tasks_of(participant, today=today) if task.overdue_on(today)],
            case_registry.flags(CaseView(participant, viewer, today)),
        )
        for participant in participants
    ]


# The main columns of the participant tables (`people/_participant_rows.html`) that can be sorted.
NAME = Column("name", "Name")
PRISON_NUMBER = Column("prison_number", "Prison number")
CUSTODY = Column("custody", "Custody status")
RELEASE = Column("release", "Release")
CASELOAD_COLUMNS = (NAME, PRISON_NUMBER, Column("phase", "Phase"), CUSTODY, RELEASE)
# The participant list is paged by the database, where the phase (worked out in Python) is not known.
PARTICIPANT_LIST_COLUMNS = (NAME, PRISON_NUMBER, CUSTODY, RELEASE, Column("specialist", "Specialist"))
TEAM_COLUMNS = (
    Column("specialist", "Specialist"),
    Column("team", "Team"),
    Column("site", "Base site"),
    Column("active", "Active caseload", numeric=True),
    Column("in_custody", "In custody", numeric=True),
    Column("in_work", "In work", numeric=True),
)
PHASE_ORDER = {phase: n for n, phase in enumerate(Phase)}
CUSTODY_ORDER = {status: n for n, status in enumerate(CustodyStatus.values)}


def _caseload_order(row: ParticipantRow) -> dict[str, Any]:
    p = row.participant
    return {
        "name": (p.family_name.casefold(), p.given_name.casefold()),
        "prison_number": p.prison_number or None,
        "phase": PHASE_ORDER[row.phase.phase],
        "custody": CUSTODY_ORDER.get(p.custody_status),
        "release": row.timing.days_until_release,  # the date the Release column counts to or from
    }


@require_safe
def my_caseload(request: HttpRequest) -> HttpResponse:
    """The specialist's caseload, filterable by phase, searchable by name or prison number, sortable by its main
    columns. Phase is derived in Python, and a caseload is small (the IPS standard is at most 20), so the whole
    caseload is read once, then searched, filtered and sorted before paging."""
    user = request_user(request)
    require(capabilities_for(user).see_my_caseload)
    sorting = sorting_from(request.GET, CASELOAD_COLUMNS, default="release")
    form = CaseloadSearchForm(request.GET or None)
    text = form.cleaned_data["q"].strip() if form.is_valid() else ""
    rows = _rows(selectors.caseload_with_flags(user), user)
    counts = Counter(row.phase.phase for row in rows)
    chosen = Phase.from_slug(request.GET.get("phase", ""))
    found = selectors.caseload_matching(user, text) if text else None
    shown = [
        row
        for row in rows
        if (chosen is None or row.phase.phase == chosen) and (found is None or row.participant.pk in found)
    ]
    shown = order_rows(shown, sorting, {key: _caseload_key(key) for key in sorting.headers})
    paginator: Paginator[ParticipantRow] = Paginator(shown, settings.IPSGATE_PAGE_SIZE)
    page = paginator.get_page(query_number(request.GET, "page", minimum=1, maximum=MAX_PAGE))
    audit_participants_read(user, [row.participant for row in page.object_list])
    kept = {"q": text, "sort": sorting.value}
    return render(
        request,
        "people/my_caseload.html",
        {
            "form": form,
            "search": text,
            "found": len(shown),
            "page": page,
            "rows": page.object_list,
            "sorting": sorting,
            "caseload_size": len(rows),
            "phases": [
                (phase, counts.get(phase, 0), _query(kept, phase=phase.slug))
                for phase in Phase
                if phase != Phase.CLOSED
            ],
            "everyone": _query(kept),
            "chosen_phase": chosen,
            "query": _query(kept, phase=chosen.slug if chosen else ""),
            "caseload_limit": settings.IPSGATE_CASELOAD_LIMIT,
        },
    )


def _caseload_key(key: str) -> Callable[[ParticipantRow], Any]:
    return lambda row: _caseload_order(row)[key]


def _query(values: dict[str, str], **more: str) -> str:
    """A query string of the non-empty values, e.g. 'q=smith&sort=-release' ('' when there are none)."""
    return urlencode({name: value for name, value in {**values, **more}.items() if value})


@require_safe
def team_caseloads(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    require(capabilities_for(user).see_team_caseloads)
    sorting = sorting_from(request.GET, TEAM_COLUMNS, default="team")
    specialists = order_queryset(selectors.specialists_with_caseloads(user), sorting, selectors.SPECIALIST_ORDERS)
    page = _page(request, specialists)
    return render(
        request,
        "people/team_caseloads.html",
        {
            "page": page,
            "sorting": sorting,
            "query": sorting.query,
            "caseload_limit": settings.IPSGATE_CASELOAD_LIMIT,
        },
    )


@require_safe
def participant_list(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    require(capabilities_for(user).see_case_records)
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
    sorting = sorting_from(request.GET, PARTICIPANT_LIST_COLUMNS, default="name")
    participants = selectors.participant_search(user, **filters)  # type: ignore[arg-type]
    specialist = None
    if specialist_id is not None:
        specialist = specialists_for(user).filter(pk=specialist_id).first()  # name shown only if overseen
        participants = participants.filter(allocated_specialist_id=specialist_id)
    participants = order_queryset(participants, sorting, selectors.PARTICIPANT_ORDERS)
    page = _page(request, journey_selectors.with_task_facts(participants))
    audit_participants_read(user, page.object_list)
    return render(
        request,
        "people/participant_list.html",
        {
            "form": form,
            "page": page,
            "rows": _rows(page.object_list, user),
            "sorting": sorting,
            "specialist": specialist,
            "query": request.GET.urlencode(),
        },
    )


@require_safe
def participant_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    participant = participant_for(request, pk, fetch=selectors.participant_with_facts)
    today = timezone.localdate()
    tasks = journey_selectors.tasks_to_do(participant, today=today)
    view = CaseView(participant, user, today)
    return render(
        request,
        "people/participant_detail.html",
        {
            "participant": participant,
            "phase": journey_selectors.phase_of(participant, today=today),
            "timing": timing_of(participant, today=today),
            "tasks": [(task, task.overdue_on(today)) for task in tasks],
            "referrals": participant.referrals.all(),  # prefetched
            "episodes": participant.episodes.all(),
            "link_groups": [case_registry.links(view, "records"), case_registry.links(view, "advice")],
            "sections": [
                render_to_string(section.template, {"participant": participant, **section.context}, request=request)
                for section in case_registry.sections(view)
            ],
            "timeline": case_registry.timeline(view),
        },
    )


@require_http_methods(["GET", "POST"])
def referral_create(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    require(capabilities_for(user).take_referrals)
    fields = services.ReferralDetails.__dataclass_fields__

    def confirmation(referral: Referral) -> list[tuple[int, str]]:
        said = [
            (
                messages.SUCCESS,
                "Referral recorded. Record the outcome once you have met the person."
                if referral.wants_paid_work
                else "Referral recorded as declined by the person, because they do not want help to find paid work "
                "now. They can be referred again at any time.",
            )
        ]
        allocation = getattr(referral, "allocation", None)
        if allocation is not None:  # the arm is shown only now that the referral is saved
            said.append(
                (
                    messages.INFO,
                    f"Evaluation arm: {allocation.get_arm_display()} ({allocation.get_method_display().lower()}); "
                    f"peer mentoring: {'yes' if allocation.mentoring else 'no'}.",
                )
            )
        return said

    return form_page(
        request,
        form=ReferralIntakeForm(request.POST or None, user=user),
        save=lambda data: services.participant_refer(
            actor=user, details=services.ReferralDetails(**{name: data[name] for name in fields if name in data})
        ),
        success=confirmation,
        next_url=lambda referral: referral.participant.get_absolute_url(),
        template="people/referral_form.html",
    )


@require_safe
def service_overview(request: HttpRequest) -> HttpResponse:
    """Aggregate figures by site, without names. Small numbers are suppressed for roles without case access."""
    user = request_user(request)
    can = capabilities_for(user)
    require(can.see_service_overview)
    rows = site_overview(today=timezone.localdate(), suppress_small=not can.see_small_numbers)
    return render(request, "people/service_overview.html", {"rows": rows})

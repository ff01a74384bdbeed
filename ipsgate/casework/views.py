"""The pages that combine several apps: My caseload, team caseloads, the participant list and summary, referral
intake (with its evaluation arm) and the service overview. Views parse input, call a selector or service, render."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from ipsgate.core.capabilities import capabilities_for
from ipsgate.core.case_registry import AttentionFlag, CaseSection, CaseView, ListColumn, case_registry
from ipsgate.core.form_pages import form_page
from ipsgate.core.models import User
from ipsgate.core.query_params import MAX_PAGE, query_id, query_number
from ipsgate.core.scoping import specialists_for
from ipsgate.core.sorting import Column, order_queryset, order_rows, sorting_from
from ipsgate.core.views import request_user, require
from ipsgate.journey import selectors as journey_selectors
from ipsgate.people import services as people_services
from ipsgate.people.access import participant_for
from ipsgate.people.choices import CustodyStatus
from ipsgate.people.forms import ParticipantSearchForm
from ipsgate.people.models import Participant, Referral
from ipsgate.people.selectors import timing_of
from ipsgate.people.services import audit_participants_read
from ipsgate.rules.phase import Phase, PhaseResult
from ipsgate.rules.reminders import Task, TaskKind
from ipsgate.rules.timeline import ReleaseTiming

from . import selectors, services
from .forms import CaseloadSearchForm, ReallocationForm, ReferralIntakeForm
from .overview import site_overview


def _page(request: HttpRequest, items: QuerySet[Any]) -> Page[Any]:
    paginator: Paginator[Any] = Paginator(items, settings.IPSGATE_PAGE_SIZE)
    return paginator.get_page(query_number(request.GET, "page", minimum=1, maximum=MAX_PAGE))


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    can = capabilities_for(request_user(request))
    if can.read_own_mentees:
        return redirect("mentoring:my-mentees")
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
    cells: list[str] = field(default_factory=list)  # the registered columns' cells, in `columns` order


def _rows(
    participants: Iterable[Participant], viewer: User, columns: Iterable[ListColumn] = ()
) -> list[ParticipantRow]:
    """Table rows for participants annotated by `with_case_flags` and `with_task_facts`."""
    today = timezone.localdate()
    columns = list(columns)
    return [
        ParticipantRow(
            participant,
            journey_selectors.phase_of(participant, today=today),
            timing_of(participant, today=today),
            [task for task in journey_selectors.tasks_of(participant, today=today) if task.overdue_on(today)],
            case_registry.flags(CaseView(participant, viewer, today)),
            [column.cell(participant, today) for column in columns],
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
    columns = case_registry.columns(capabilities_for(user))
    sorting = sorting_from(request.GET, CASELOAD_COLUMNS, default="release")
    form = CaseloadSearchForm(request.GET or None)
    text = form.cleaned_data["q"].strip() if form.is_valid() else ""
    rows = _rows(selectors.caseload_with_flags(user), user, columns)
    counts = Counter(row.phase.phase for row in rows)
    # The evaluation's service-as-usual group is on the list (their outcomes are recorded) but is not IPS caseload.
    service_as_usual = counts.get(Phase.SERVICE_AS_USUAL, 0)
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
            "caseload_size": len(rows) - service_as_usual,
            "everyone": len(rows),
            "everyone_query": _query(kept),
            "service_as_usual": service_as_usual,
            "phases": [
                (phase, counts.get(phase, 0), _query(kept, phase=phase.slug))
                for phase in Phase
                if phase != Phase.CLOSED
            ],
            "chosen_phase": chosen,
            "columns": columns,
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
def team_todo(request: HttpRequest) -> HttpResponse:
    """The team's To do: overdue and due-soon tasks across the caseloads of the specialists the user oversees,
    counted by specialist and by kind, each count a link to the tasks behind it."""
    user = request_user(request)
    require(capabilities_for(user).see_team_caseloads)
    today = timezone.localdate()
    todo = selectors.team_todo(user, today=today)
    specialist_id = query_id(request.GET, "specialist")
    specialist = next((s for s in todo.specialists if s.pk == specialist_id), None)
    kind = next((k for k in TaskKind if k.value == request.GET.get("kind")), None)
    when = request.GET.get("when") if request.GET.get("when") in ("overdue", "due") else None
    shown = [
        row
        for row in todo.rows
        if (specialist is None or row.participant.allocated_specialist_id == specialist.pk)
        and (kind is None or row.task.kind is kind)
        and (when is None or row.overdue == (when == "overdue"))
    ]
    paginator: Paginator[Any] = Paginator(shown, settings.IPSGATE_PAGE_SIZE)
    page = paginator.get_page(query_number(request.GET, "page", minimum=1, maximum=MAX_PAGE))
    audit_participants_read(user, {row.participant.pk: row.participant for row in page.object_list}.values())
    chosen = {
        name: value
        for name, value in (
            ("specialist", specialist.pk if specialist else None),
            ("kind", kind.value if kind else None),
            ("when", when),
        )
        if value is not None
    }
    return render(
        request,
        "people/team_todo.html",
        {
            "todo": todo,
            "page": page,
            "rows": page.object_list,
            "shown_total": len(shown),
            "specialist": specialist,
            "kind": kind,
            "when": when,
            "filtered": bool(chosen),
            "query": urlencode(chosen),
            "today": today,
            "horizon": journey_selectors.TODO_HORIZON_DAYS,
            "by_kind": [(kind, count, TASK_STANDARDS[kind]) for kind, count in todo.by_kind],
        },
    )


# What each kind of task asks, in words, for the team's To do.
TASK_STANDARDS = {
    TaskKind.FIRST_CONTACT: "within 7 days of the referral",
    TaskKind.POST_RELEASE_CONTACT: "within 3 days of release",
    TaskKind.FIRST_EMPLOYER_CONTACT: "within 30 days of engagement",
    TaskKind.SUSTAINMENT_CHECK: "4, 13, 26 and 52 weeks into a job",
    TaskKind.START_PROFILE: "within 14 days of the first contact",
    TaskKind.PRE_RELEASE_MEETING: "in the 28 days before release",
    TaskKind.KEEP_IN_TOUCH: "at least every 14 days",
    TaskKind.RECORD_DATA_PROTECTION: "at the first contact",
    TaskKind.RECORD_APPOINTMENT: "on the day of the appointment",
    TaskKind.FOLLOW_UP_MISSED_APPOINTMENT: "soon after a missed appointment",
    TaskKind.RECORD_INTERVIEW: "after the interview",
    TaskKind.RECORD_JOB_START: "on the expected start date",
    TaskKind.RELEASE_CHECKLIST: "a week before release",
    TaskKind.PICK_UP_HANDOVER: "within 3 days of the handover",
    TaskKind.CHASE_PARTNER_REFERRAL: "10 working days after a referral to a partner",
    TaskKind.MENTOR_FIRST_MEETING: "a mentoring session before release",
    TaskKind.MENTOR_AFTER_RELEASE: "a mentoring session within 7 days of release",
    TaskKind.MENTOR_KEEP_IN_TOUCH: "a mentoring session at least every 14 days",
}


@require_http_methods(["GET", "POST"])
def reallocate(request: HttpRequest) -> HttpResponse:
    """Move several people from one specialist to another in one step, with a reason (`people.services.
    participants_reallocate`). First choose whose caseload (?from=), then whom to move, to whom and why."""
    user = request_user(request)
    require(capabilities_for(user).reallocate_caseloads)
    overseen = specialists_for(user).select_related("team").order_by("last_name", "first_name", "pk")
    from_id = query_id(request.GET, "from")
    from_specialist = overseen.filter(pk=from_id).first() if from_id is not None else None
    if from_specialist is None:
        return render(request, "people/reallocate.html", {"specialists": overseen, "from_specialist": None})
    people = list(selectors.specialist_caseload_for_move(user, from_specialist))
    form = ReallocationForm(request.POST or None, people=people, specialists=overseen.exclude(pk=from_specialist.pk))
    if request.method == "GET":
        audit_participants_read(user, people)

    def moved(data: dict[str, Any]) -> list[Participant]:
        return people_services.participants_reallocate(
            actor=user,
            participant_ids=data["participants"],
            from_specialist=from_specialist,
            to_specialist=data["to_specialist"],
            reason=data["reason"],
        )

    def said(people_moved: list[Participant]) -> str:
        count = len(people_moved)
        to = people_moved[0].allocated_specialist
        names = f"{from_specialist.get_full_name()} to {to.get_full_name() if to else 'another specialist'}"
        return f"Moved {count} {'person' if count == 1 else 'people'} from {names}"

    return form_page(
        request,
        form=form,
        save=moved,
        success=said,
        next_url=lambda people_moved: (
            f"{reverse('people:team-todo')}?specialist={people_moved[0].allocated_specialist_id}"
        ),
        template="people/reallocate.html",
        context={"specialists": overseen, "from_specialist": from_specialist, "people": people},
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
    columns = case_registry.columns(capabilities_for(user))
    return render(
        request,
        "people/participant_list.html",
        {
            "form": form,
            "page": page,
            "columns": columns,
            "rows": _rows(page.object_list, user, columns),
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

    def rendered(parts: list[CaseSection]) -> list[str]:
        return [
            render_to_string(part.template, {"participant": participant, **part.context}, request=request)
            for part in parts
        ]

    return render(
        request,
        "people/participant_detail.html",
        {
            "participant": participant,
            "phase": journey_selectors.phase_of(participant, today=today),
            "timing": timing_of(participant, today=today),
            "tasks": [(task, task.overdue_on(today)) for task in tasks],
            # The one rule for "meet before release" is the task's: the warning shows while the task is open.
            "pre_release_meeting": next((task for task in tasks if task.kind == TaskKind.PRE_RELEASE_MEETING), None),
            "banners": rendered(case_registry.banners(view)),
            "referrals": participant.referrals.all(),  # prefetched
            "episodes": selectors.episodes_of(participant),
            "may_refer_again": capabilities_for(user).take_referrals
            and not participant.has_open_episode  # type: ignore[attr-defined]  # annotated
            and not participant.has_pending_referral,  # type: ignore[attr-defined]
            "link_groups": [case_registry.links(view, "records"), case_registry.links(view, "advice")],
            "sections": rendered(case_registry.sections(view)),
            "detail_sections": rendered(case_registry.sections(view, "details")),
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
        form=ReferralIntakeForm(request.POST or None, user=user, request=request),
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

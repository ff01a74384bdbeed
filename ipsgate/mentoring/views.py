"""Pages about peer mentors (issue 17 §1): the list with vetting flagged, one mentor's record, add and change.
Team leaders and service managers keep these records (`manage_mentors`). Views parse input, call a selector or
service, and render."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from ipsgate.core.capabilities import capabilities_for
from ipsgate.core.case_registry import MENTOR_GROUP, CaseView, case_registry
from ipsgate.core.form_pages import form_page
from ipsgate.core.query_params import MAX_PAGE, query_number
from ipsgate.core.views import request_user, require
from ipsgate.journey.selectors import phase_of
from ipsgate.people.access import participant_for
from ipsgate.people.models import Participant
from ipsgate.people.services import audit_participants_read
from ipsgate.rules.phase import Phase
from ipsgate.rules.reminders import Task, TaskKind

from . import selectors, services
from .forms import ANY_GENDER, MatchEndForm, MatchForm, MentorForm, OfferForm, SessionForm, SharedGoalsForm
from .models import Mentor, MentorMatch


@require_safe
def mentor_list(request: HttpRequest) -> HttpResponse:
    require(capabilities_for(request_user(request)).manage_mentors)
    today = timezone.localdate()
    paginator: Paginator[Mentor] = Paginator(selectors.mentors(), settings.IPSGATE_PAGE_SIZE)
    page = paginator.get_page(query_number(request.GET, "page", minimum=1, maximum=MAX_PAGE))
    rows = selectors.with_vetting(list(page.object_list), today)
    return render(
        request,
        "mentoring/mentor_list.html",
        {
            "page": page,
            "rows": rows,
            "query": request.GET.urlencode(),
            "cannot_match": sum(1 for mentor, vetting in rows if mentor.status == "active" and not vetting.valid),
        },
    )


@require_safe
def mentor_detail(request: HttpRequest, pk: int) -> HttpResponse:
    require(capabilities_for(request_user(request)).manage_mentors)
    mentor = get_object_or_404(
        Mentor.objects.select_related("user").prefetch_related("cleared_prisons", "sites"), pk=pk
    )
    return render(
        request,
        "mentoring/mentor_detail.html",
        {"mentor": mentor, "vetting": mentor.vetting(timezone.localdate())},
    )


@require_http_methods(["GET", "POST"])
def mentor_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    user = request_user(request)
    require(capabilities_for(user).manage_mentors)
    mentor = get_object_or_404(Mentor, pk=pk) if pk is not None else None
    initial = None
    if mentor is not None:
        initial = {name: getattr(mentor, name) for name in services.MENTOR_FIELDS}
        initial |= {name: list(getattr(mentor, name).all()) for name in services.MENTOR_RELATIONS}
    return form_page(
        request,
        form=MentorForm(request.POST or None, initial=initial, mentor_pk=mentor.pk if mentor else None),
        save=lambda data: services.mentor_save(actor=user, data=data, mentor=mentor),
        success="Mentor saved",
        next_url=lambda saved: saved.get_absolute_url(),
        template="mentoring/mentor_form.html",
        context={"mentor": mentor},
    )


@require_http_methods(["GET", "POST"])
def participant_mentoring(request: HttpRequest, pk: int) -> HttpResponse:
    """A person's mentoring: their current mentor, earlier matches, and (with no current mentor) the suggested
    mentors with the reasons for each, to match them with one."""
    user = request_user(request)
    participant = participant_for(request, pk, need="edit_participants")
    today = timezone.localdate()
    current = selectors.active_match(participant)
    earlier = MentorMatch.objects.filter(participant=participant, ended_on__isnull=False).select_related("mentor")
    offer = selectors.latest_offer(participant)
    declined = offer is not None and offer.answer == "declined"
    ranked, mentors = ([], {}) if current or declined else selectors.suggestions(participant, today, offer)
    form = MatchForm(request.POST or None, choices=[(s.mentor_id, s.name) for s in ranked])
    return form_page(
        request,
        form=form,
        save=lambda data: services.match_start(
            actor=user,
            participant=participant,
            mentor=mentors[data["mentor"]],
            started_on=data["started_on"],
            today=today,
            shared_goals=data.get("shared_goals", ""),
        ),
        success=lambda made: f"{participant.display_name} matched with {made.mentor.name}",
        next_url=reverse("mentoring:participant-mentoring", args=[participant.pk]),
        template="mentoring/participant_mentoring.html",
        context={
            "participant": participant,
            "current": current,
            "offer": offer,
            "declined": declined,
            "sessions": list(current.sessions.select_related("recorded_by")[:20]) if current else [],
            "earlier": list(earlier[:20]),
            "suggestions": [(s, mentors[s.mentor_id]) for s in ranked],
        },
    )


@require_http_methods(["GET", "POST"])
def match_end(request: HttpRequest, pk: int, match_pk: int) -> HttpResponse:
    user = request_user(request)
    participant = participant_for(request, pk, need="edit_participants")
    match = get_object_or_404(
        MentorMatch.objects.select_related("mentor"), pk=match_pk, participant=participant, ended_on__isnull=True
    )
    return form_page(
        request,
        form=MatchEndForm(request.POST or None),
        save=lambda data: services.match_end(
            actor=user,
            match=match,
            ended_on=data["ended_on"],
            end_reason=data["end_reason"],
            today=timezone.localdate(),
        ),
        success="Mentoring match ended",
        next_url=reverse("mentoring:participant-mentoring", args=[participant.pk]),
        template="mentoring/match_end.html",
        context={"participant": participant, "match": match, "page_title": f"End the match with {match.mentor.name}"},
    )


@require_http_methods(["GET", "POST"])
def match_goals(request: HttpRequest, pk: int, match_pk: int) -> HttpResponse:
    """Change the goals the person agreed to share with their current mentor (issue 17 §2)."""
    user = request_user(request)
    participant = participant_for(request, pk, need="edit_participants")
    match = get_object_or_404(
        MentorMatch.objects.select_related("mentor"), pk=match_pk, participant=participant, ended_on__isnull=True
    )
    return form_page(
        request,
        form=SharedGoalsForm(request.POST or None, initial={"shared_goals": match.shared_goals}),
        save=lambda data: services.shared_goals_save(actor=user, match=match, shared_goals=data["shared_goals"]),
        success="Goals shared with the mentor saved",
        next_url=reverse("mentoring:participant-mentoring", args=[participant.pk]),
        template="mentoring/match_goals.html",
        context={"participant": participant, "match": match, "page_title": f"Goals shared with {match.mentor.name}"},
    )


@require_http_methods(["GET", "POST"])
def session_add(request: HttpRequest, pk: int, match_pk: int) -> HttpResponse:
    """Log a mentoring session of the person's current match (issue 17 §4)."""
    user = request_user(request)
    participant = participant_for(request, pk, need="edit_participants")
    match = get_object_or_404(
        MentorMatch.objects.select_related("mentor"), pk=match_pk, participant=participant, ended_on__isnull=True
    )
    return form_page(
        request,
        form=SessionForm(request.POST or None),
        save=lambda data: services.session_record(actor=user, match=match, data=data),
        success="Mentoring session logged",
        next_url=reverse("mentoring:participant-mentoring", args=[participant.pk]),
        template="mentoring/session_form.html",
        context={"participant": participant, "match": match, "page_title": f"Log a session with {match.mentor.name}"},
    )


@require_http_methods(["GET", "POST"])
def offer_edit(request: HttpRequest, pk: int, offer_pk: int | None = None) -> HttpResponse:
    """Record mentoring offered to the person (no `offer_pk`), or change the answer and preferences of their latest
    offer. A declined offer stays as it was: mentoring is offered again with a new offer."""
    user = request_user(request)
    participant = participant_for(request, pk, need="edit_participants")
    offer = None
    initial = None
    if offer_pk is not None:
        offer = selectors.latest_offer(participant)
        if offer is None or offer.pk != offer_pk or offer.answer == "declined":
            raise Http404("Only the latest offer, not declined, can be changed")
        initial = {name: getattr(offer, name) for name in services.OFFER_FIELDS}
        initial["gender_wanted"] = offer.gender_wanted or ANY_GENDER
        initial["lived_experience_wanted"] = "yes" if offer.lived_experience_wanted else "no"
    return form_page(
        request,
        form=OfferForm(request.POST or None, initial=initial),
        save=lambda data: services.offer_save(
            actor=user, participant=participant, data=data, today=timezone.localdate(), offer=offer
        ),
        success="Mentoring offer saved",
        next_url=reverse("mentoring:participant-mentoring", args=[participant.pk]),
        template="mentoring/offer_form.html",
        context={
            "participant": participant,
            "page_title": "Change the offer of mentoring" if offer else "Offer mentoring",
            "back_url": reverse("mentoring:participant-mentoring", args=[participant.pk]),
        },
    )


# --- A peer mentor's own pages (issue 17 §2): only their current mentees, and only the narrow view ---------------


@require_safe
def my_mentees(request: HttpRequest) -> HttpResponse:
    """The mentor's current mentees: name, preferred name, phase, the next planned session. Each read audited."""
    user = request_user(request)
    require(capabilities_for(user).read_own_mentees)
    today = timezone.localdate()
    paginator: Paginator[Participant] = Paginator(selectors.mentees(user), settings.IPSGATE_PAGE_SIZE)
    page = paginator.get_page(query_number(request.GET, "page", minimum=1, maximum=MAX_PAGE))
    shown = list(page.object_list)
    audit_participants_read(user, shown)
    rows = [
        (person, mentee_stage(person, today), _to_do(selectors.mentor_tasks(person, today=today), today))
        for person in shown
    ]
    return render(request, "mentoring/my_mentees.html", {"page": page, "rows": rows, "query": request.GET.urlencode()})


def mentee_stage(person: Participant, today: date) -> str:
    """The person's stage in words a mentor uses: the phase, except that the evaluation's service-as-usual group
    (an allocation that is not the mentor's business) reads as in prison or released."""
    phase = phase_of(person, today=today).phase
    if phase is Phase.SERVICE_AS_USUAL:
        return "In prison" if person.in_custody else "Released"
    return phase.value


# What each through-the-gate task asks of the mentor, in their words (the specialist's To do words it for the
# specialist, who arranges it); when it is due is the rule's (`rules.reminders.mentoring_tasks`).
MENTOR_TASK_WORDS = {
    TaskKind.MENTOR_FIRST_MEETING: "Meet them in prison before they are released",
    TaskKind.MENTOR_AFTER_RELEASE: "See them in the first week after release",
    TaskKind.MENTOR_KEEP_IN_TOUCH: "Your next session with them",
}


def _to_do(tasks: list[Task], today: date) -> list[dict[str, object]]:
    return [
        {"words": MENTOR_TASK_WORDS[task.kind], "due": task.due, "overdue": task.overdue_on(today)}
        for task in tasks
        if task.kind in MENTOR_TASK_WORDS
    ]


def _mentee(request: HttpRequest, pk: int, need: str) -> Participant:
    return participant_for(request, pk, need=need, fetch=selectors.mentee_get)


@require_safe
def mentee(request: HttpRequest, pk: int) -> HttpResponse:
    """One mentee, as their mentor sees them: name, preferred name, phase, planned sessions, the goals they agreed
    to share, the sessions this mentor logged; and only the sections of the record the person agreed their mentor
    may see (contributed by the apps that hold them, through the case registry's "mentor" group)."""
    user = request_user(request)
    participant = _mentee(request, pk, "read_own_mentees")
    today = timezone.localdate()
    match = get_object_or_404(MentorMatch, pk=participant.match_id, ended_on__isnull=True)  # type: ignore[attr-defined]
    return render(
        request,
        "mentoring/mentee.html",
        {
            "participant": participant,
            "stage": mentee_stage(participant, today),
            "match": match,
            "planned": selectors.planned_sessions(participant),
            "to_do": _to_do(selectors.mentor_tasks(participant, today=today), today),
            "sessions": list(selectors.sessions_logged_by(user, match.pk)[:50]),
            "sections": case_registry.sections(CaseView(participant, user, today), group=MENTOR_GROUP),
        },
    )


@require_http_methods(["GET", "POST"])
def mentee_session_add(request: HttpRequest, pk: int) -> HttpResponse:
    """The mentor logs a session (or an attempt) with their own mentee: the specialist's form and service."""
    user = request_user(request)
    participant = _mentee(request, pk, "log_own_mentoring_sessions")
    match = get_object_or_404(
        MentorMatch.objects.select_related("mentor"),
        pk=participant.match_id,  # type: ignore[attr-defined]  # annotated by the selector
        ended_on__isnull=True,
    )
    return form_page(
        request,
        form=SessionForm(request.POST or None),
        save=lambda data: services.session_record(actor=user, match=match, data=data),
        success="Mentoring session logged",
        next_url=reverse("mentoring:mentee", args=[participant.pk]),
        template="mentoring/session_form.html",
        context={
            "participant": participant,
            "match": match,
            "page_title": "Log a mentoring session",
            "back_url": reverse("mentoring:mentee", args=[participant.pk]),
        },
    )

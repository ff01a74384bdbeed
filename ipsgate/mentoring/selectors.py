"""Reads about peer mentors for pages."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.db.models import Count, F, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce, Now
from django.shortcuts import get_object_or_404
from django.utils import timezone

from ipsgate.core.models import User
from ipsgate.journey.choices import AppointmentKind
from ipsgate.journey.models import Appointment, VocationalProfile
from ipsgate.journey.selectors import TODO_HORIZON_DAYS, case_facts_of, with_task_facts
from ipsgate.people.models import Participant
from ipsgate.people.selectors import with_referral_flags
from ipsgate.rules.mentoring import Candidate, Seeker, Suggestion, Vetting, rank_mentors
from ipsgate.rules.reminders import Task, mentoring_tasks

from .models import Mentor, MentoringOffer, MentoringSession, MentorMatch


def mentors() -> QuerySet[Mentor]:
    """Every mentor with the prisons their vetting clears: two queries however many are shown."""
    return Mentor.objects.prefetch_related("cleared_prisons").order_by("name", "id")


def with_vetting(shown: list[Mentor], today: date) -> list[tuple[Mentor, Vetting]]:
    return [(mentor, mentor.vetting(today)) for mentor in shown]


def active_match(participant: Participant) -> MentorMatch | None:
    return MentorMatch.objects.filter(participant=participant, ended_on__isnull=True).select_related("mentor").first()


def mentors_for_matching() -> QuerySet[Mentor]:
    """Every mentor with their current number of mentees, prisons and sites: three queries."""
    current = MentorMatch.objects.filter(mentor=OuterRef("pk"), ended_on__isnull=True).values("mentor")
    count = Subquery(current.annotate(n=Count("pk")).values("n")[:1])
    return (
        Mentor.objects.annotate(current_mentees=Coalesce(count, 0))
        .prefetch_related("cleared_prisons", "sites")
        .order_by("name", "id")
    )


def candidate(mentor: Mentor) -> Candidate:
    return Candidate(
        id=mentor.pk,
        name=mentor.name,
        facts=mentor.facts(
            current_mentees=mentor.current_mentees,  # type: ignore[attr-defined]  # annotated
            cleared_prisons=frozenset(p.pk for p in mentor.cleared_prisons.all()),
        ),
        sites=frozenset(s.pk for s in mentor.sites.all()),
        districts=frozenset(mentor.postcode_districts.split()),
        gender=mentor.gender,
        lived_experience=mentor.lived_experience,
        interests=frozenset(mentor.interests),
    )


def seeker(participant: Participant, offer: MentoringOffer | None = None) -> Seeker:
    """What the ranking needs about the person: where they are, where they go, what work interests them, and the
    mentor they would like (from their latest offer of mentoring)."""
    profile = VocationalProfile.objects.filter(participant=participant).first()
    in_prison = participant.in_custody
    return Seeker(
        prison=participant.current_site_id if in_prison else None,
        site=participant.current_site_id,
        release_district=profile.postcode_district if profile else "",
        gender_wanted=offer.gender_wanted if offer else "",
        lived_experience_wanted=offer.lived_experience_wanted if offer else False,
        interests=frozenset(profile.job_sectors) if profile else frozenset(),
    )


def latest_offer(participant: Participant) -> MentoringOffer | None:
    return MentoringOffer.objects.filter(participant=participant).order_by("-offered_on", "-id").first()


def suggestions(
    participant: Participant, today: date, offer: MentoringOffer | None = None
) -> tuple[list[Suggestion], dict[int, Mentor]]:
    shown = list(mentors_for_matching())
    ranked = rank_mentors([candidate(m) for m in shown], seeker(participant, offer), today)
    return ranked, {m.pk: m for m in shown}


def most_sessions_held(participant_ref: str = "pk") -> Coalesce:
    """The most sessions that took place in any one of the person's matches (0 when never matched), as a correlated
    subquery: the figure `rules.mentoring_value.is_mentored` reads (the outcome dashboard, the evaluation)."""
    per_match = (
        MentorMatch.objects.filter(participant=OuterRef(participant_ref))
        .annotate(held=Count("sessions", filter=Q(sessions__took_place=True)))
        .order_by("-held")
        .values("held")[:1]
    )
    return Coalesce(Subquery(per_match), 0)


# --- A peer mentor's own pages (issue 17 §2) -------------------------------------------------------------------------

PLANNED_SHOWN = 5


def mentees(user: User) -> QuerySet[Participant]:
    """The mentor's current mentees (`Participant.objects.visible_to`: an active match with their record), with
    what their pages show and nothing more: the phase facts, the current match, the next planned mentoring session
    and the sections of the record the person agreed their mentor may see. A fixed number of queries however many
    mentees."""
    current = MentorMatch.objects.filter(participant=OuterRef("pk"), ended_on__isnull=True, mentor__user=user)
    planned = Appointment.objects.filter(
        participant=OuterRef("pk"), kind=AppointmentKind.MENTORING, outcome="", starts_at__gte=Now()
    ).order_by("starts_at", "id")
    participants = with_task_facts(with_referral_flags(Participant.objects.visible_to(user)))
    return participants.annotate(
        match_id=Subquery(current.values("pk")[:1]),
        match_started_on=Subquery(current.values("started_on")[:1]),
        next_session_at=Subquery(planned.values("starts_at")[:1]),
        # The consent record is the privacy app's: followed through the reverse relation, not imported.
        mentor_consent=F("data_protection__mentor_sections"),
    ).order_by("family_name", "given_name", "id")


def mentor_tasks(mentee: Participant, *, today: date) -> list[Task]:
    """A mentor's own list for one mentee (issue 17 §5): the through-the-gate tasks of `rules.reminders.
    mentoring_tasks`, the one definition the specialist's To do reads too, from the facts `mentees` annotated (no
    query), live now or due within the To do horizon."""
    facts = case_facts_of(mentee)
    if facts.mentoring is None:
        return []
    horizon = today + timedelta(days=TODO_HORIZON_DAYS)
    tasks = mentoring_tasks(
        facts.mentoring,
        in_custody=facts.in_custody,
        expected_release_date=facts.expected_release_date,
        actual_release_date=facts.actual_release_date,
        today=today,
    )
    return [task for task in tasks if task.live_on(today) or task.due <= horizon]


def mentee_get(user: User, pk: int) -> Participant:
    """One current mentee of this mentor, or 404 (another mentor's mentee, an ended match, anyone else)."""
    return get_object_or_404(mentees(user), pk=pk)


def planned_sessions(participant: Participant) -> list[Any]:
    """The next mentoring sessions planned for the person (appointments of the mentoring kind): when and where."""
    return list(
        Appointment.objects.filter(
            participant=participant, kind=AppointmentKind.MENTORING, outcome="", starts_at__gte=timezone.now()
        ).order_by("starts_at", "id")[:PLANNED_SHOWN]
    )


def sessions_logged_by(user: User, match_id: int) -> QuerySet[MentoringSession]:
    return MentoringSession.objects.filter(match_id=match_id, recorded_by=user).order_by("-held_at", "-id")

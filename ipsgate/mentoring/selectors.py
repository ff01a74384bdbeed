"""Reads about peer mentors for pages."""

from __future__ import annotations

from datetime import date

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from ipsgate.journey.models import VocationalProfile
from ipsgate.people.models import Participant
from ipsgate.rules.mentoring import Candidate, Seeker, Suggestion, Vetting, rank_mentors

from .models import Mentor, MentoringOffer, MentorMatch


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

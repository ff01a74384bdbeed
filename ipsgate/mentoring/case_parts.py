"""What mentoring puts on the participant pages (registered in `MentoringConfig.ready`): the link to the person's
mentoring, for the roles that match people with mentors, and mentoring sessions on the timeline, for the roles
that read the working record (notes too)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.db.models import Exists, OuterRef, QuerySet
from django.urls import reverse

from ipsgate.core.capabilities import capabilities_for
from ipsgate.core.case_registry import CaseLink, CaseView, TimelineEntry, case_registry

from .models import MentoringSession, MentorMatch

TIMELINE_LIMIT = 200


def links(view: CaseView) -> Iterator[CaseLink]:
    if capabilities_for(view.viewer).edit_participants:
        url = reverse("mentoring:participant-mentoring", args=[view.participant.pk])
        yield CaseLink("Peer mentoring", url, "records", 35)


def annotate(participants: QuerySet[Any]) -> QuerySet[Any]:
    return participants.annotate(has_mentor_match=Exists(MentorMatch.objects.filter(participant=OuterRef("pk"))))


def timeline(view: CaseView) -> Iterator[TimelineEntry]:
    """Mentoring sessions: one query, none for a person never matched with a mentor. Like support contacts, they
    are the working record (not probation's limited view)."""
    if not capabilities_for(view.viewer).see_case_history:
        return
    if not getattr(view.participant, "has_mentor_match", True):
        return
    sessions = MentoringSession.objects.filter(match__participant=view.participant).select_related("match__mentor")
    for session in sessions[:TIMELINE_LIMIT]:
        place = session.get_place_display().lower()
        title = "Mentoring session" if session.took_place else "Attempted mentoring session that did not happen"
        yield TimelineEntry(
            session.held_at,
            title,
            f"with {session.match.mentor.name}, {place}",
            session.note,
            "mentoring" if session.took_place else "attempt",
        )


def register() -> None:
    case_registry.add_annotations("mentoring.has_match", annotate)
    case_registry.add_links("mentoring.mentoring", links)
    case_registry.add_timeline("mentoring.sessions", timeline)

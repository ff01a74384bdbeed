"""What mentoring puts on the participant pages (registered in `MentoringConfig.ready`): the link to the person's
mentoring, for the roles that match people with mentors, and mentoring sessions on the timeline, for the roles
that read the working record (notes too)."""

from __future__ import annotations

from collections.abc import Iterator

from django.urls import reverse

from ipsgate.core.capabilities import capabilities_for
from ipsgate.core.case_registry import CaseLink, CaseView, TimelineEntry, case_registry

from .models import MentoringSession

TIMELINE_LIMIT = 200


def links(view: CaseView) -> Iterator[CaseLink]:
    if capabilities_for(view.viewer).edit_participants:
        url = reverse("mentoring:participant-mentoring", args=[view.participant.pk])
        yield CaseLink("Peer mentoring", url, "records", 35)


def timeline(view: CaseView) -> Iterator[TimelineEntry]:
    """Mentoring sessions: one query. Like support contacts, they are the working record (not probation's view)."""
    if not capabilities_for(view.viewer).see_case_history:
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
    case_registry.add_links("mentoring.mentoring", links)
    case_registry.add_timeline("mentoring.sessions", timeline)

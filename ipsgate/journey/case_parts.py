"""What the journey puts on the casework pages (registered in `JourneyConfig.ready`): whether anyone has met the
person yet, links to the vocational profile and resettlement needs, and the custody events, contacts and needs
updates on the timeline."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.db.models import Exists, OuterRef, QuerySet
from django.urls import reverse

from ipsgate.core.capabilities import capabilities_for
from ipsgate.core.case_registry import AttentionFlag, CaseLink, CaseView, TimelineEntry, case_registry

from .choices import HEALTH_PATHWAYS
from .models import CustodyEvent, NeedUpdate, SupportContact

TIMELINE_LIMIT = 200  # per kind of entry


def annotate(participants: QuerySet[Any]) -> QuerySet[Any]:
    return participants.annotate(
        has_contact=Exists(SupportContact.objects.filter(participant=OuterRef("pk"), took_place=True))
    )


def flags(view: CaseView) -> Iterator[AttentionFlag]:
    """Whether anyone has met the person is the working record: not for probation's limited view."""
    if capabilities_for(view.viewer).see_case_history and not view.participant.has_contact:
        yield AttentionFlag("No recorded contact yet", "yellow", 30)


def links(view: CaseView) -> Iterator[CaseLink]:
    pk = view.participant.pk
    started = getattr(view.participant, "profile_started", None)  # annotated by `selectors.with_task_facts`
    detail = f" (started {started:%-d %b %Y})" if started else " (not started)"
    yield CaseLink("Vocational profile", reverse("journey:profile", args=[pk]), "records", 10, detail)
    yield CaseLink("Resettlement needs", reverse("journey:needs", args=[pk]), "records", 20)


def timeline(view: CaseView) -> Iterator[TimelineEntry]:
    """Custody events, contacts and needs updates: three queries. Probation's limited view gets no free-text notes;
    roles without health access get no health-pathway needs."""
    participant = view.participant
    can = capabilities_for(view.viewer)
    include_notes = can.see_case_history
    events = CustodyEvent.objects.filter(participant=participant).select_related("prison", "recorded_by")
    for event in events[:TIMELINE_LIMIT]:
        detail = [event.prison.name] if event.prison else []
        if event.expected_release_date:
            detail.append(f"expected release {event.expected_release_date:%-d %B %Y}")
        if event.note and include_notes:
            detail.append(event.note)
        yield TimelineEntry(
            event.event_date,
            event.get_kind_display(),
            f"recorded by {event.recorded_by.get_full_name()}",
            "; ".join(detail),
            "custody",
        )
    contacts = SupportContact.objects.filter(participant=participant).select_related("recorded_by")
    # Support contacts are the working record (declared policy: CASE_HISTORY), not probation's limited view.
    for contact in contacts[:TIMELINE_LIMIT] if can.see_case_history else ():
        title = f"{contact.get_mode_display()} with {contact.get_contact_with_display().lower()}"
        if not contact.took_place:
            title = f"Attempted contact that did not happen: {contact.get_mode_display().lower()}"
        yield TimelineEntry(
            contact.occurred_at,
            title,
            f"by {contact.recorded_by.get_full_name()}",
            contact.note if include_notes else "",
            "contact" if contact.took_place else "attempt",
        )
    updates = NeedUpdate.objects.filter(need__participant=participant).select_related("need", "recorded_by")
    if not can.see_health_data:
        updates = updates.exclude(need__pathway__in=HEALTH_PATHWAYS)
    for update in updates[:TIMELINE_LIMIT]:
        yield TimelineEntry(
            update.recorded_at,
            f"{update.need.title}: {update.get_status_display().lower()}",
            f"by {update.recorded_by.get_full_name()}",
            update.note if include_notes else "",
            "need",
        )


def register() -> None:
    case_registry.add_annotations("journey.has_contact", annotate)
    case_registry.add_flags("journey.no_contact", flags)
    case_registry.add_links("journey.records", links)
    case_registry.add_timeline("journey.events", timeline)

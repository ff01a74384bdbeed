"""What the journey puts on the casework pages (registered in `JourneyConfig.ready`): whether anyone has met the
person yet, links to the vocational profile and resettlement needs, the next appointment (a column of the lists
and a card on the summary) and a handover waiting to be picked up, and the custody events (with their handover),
contacts (with their length and topics) and needs updates on the timeline."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from typing import Any

from django.db.models import Exists, OuterRef, QuerySet
from django.urls import reverse
from django.utils import timezone

from ipsgate.core.capabilities import capabilities_for
from ipsgate.core.case_registry import (
    MENTOR_GROUP,
    AttentionFlag,
    CaseLink,
    CaseSection,
    CaseView,
    ListColumn,
    TimelineEntry,
    case_registry,
)
from ipsgate.people.models import with_service_as_usual

from .choices import HEALTH_PATHWAYS, ContactTopic
from .models import CustodyEvent, MentalHealthCare, NeedUpdate, SupportContact
from .selectors import next_appointment_of, with_next_appointment_details

TOPIC_LABELS = dict(ContactTopic.choices)

TIMELINE_LIMIT = 200  # per kind of entry


def annotate(participants: QuerySet[Any]) -> QuerySet[Any]:
    return with_service_as_usual(participants).annotate(
        has_contact=Exists(SupportContact.objects.filter(participant=OuterRef("pk"), took_place=True))
    )


def flags(view: CaseView) -> Iterator[AttentionFlag]:
    """Whether anyone has met the person is the working record: not for probation's limited view. The
    service-as-usual group gets no IPS contact, so no contact is nothing to flag for them."""
    participant = view.participant
    if (
        capabilities_for(view.viewer).see_case_history
        and not participant.has_contact
        and not participant.service_as_usual
    ):
        yield AttentionFlag("No recorded contact yet", "yellow", 30)


def links(view: CaseView) -> Iterator[CaseLink]:
    pk = view.participant.pk
    started = getattr(view.participant, "profile_started", None)  # annotated by `selectors.with_task_facts`
    detail = f" (started {started:%-d %b %Y})" if started else " (not started)"
    yield CaseLink("Vocational profile", reverse("journey:profile", args=[pk]), "records", 10, detail)
    yield CaseLink("Resettlement needs", reverse("journey:needs", args=[pk]), "records", 20, " and ready for release")
    if capabilities_for(view.viewer).see_case_history:
        yield CaseLink("Appointments", reverse("journey:appointments", args=[pk]), "records", 25)


def next_appointment_cell(participant: Any, today: datetime.date) -> str:
    """My caseload's "Next appointment" column: from the list's planning annotations, no query."""
    found = next_appointment_of(participant, today=today)
    return found.short if found else "None planned"


def sections(view: CaseView) -> Iterator[CaseSection]:
    """The next appointment and a handover waiting to be picked up, beside the personal details: no query (the
    summary's participant carries them, `selectors.with_planning_facts` and `with_next_appointment_details`)."""
    if not capabilities_for(view.viewer).see_case_history:
        return
    participant = view.participant
    yield CaseSection(
        "journey/_next_appointment.html",
        order=20,
        context={"next_appointment": next_appointment_of(participant, today=view.today)},
        group="details",
    )
    if getattr(participant, "handover_open_id", None) is not None:
        yield CaseSection("journey/_handover_waiting.html", order=5, group="details")


def _contact_byline(contact: SupportContact) -> str:
    """Who recorded it and, for a contact that happened, how long it lasted."""
    byline = f"by {contact.recorded_by.get_full_name()}"
    if contact.took_place and contact.duration_minutes:
        byline += f", {contact.duration_minutes} minutes"
    return byline


def _contact_detail(contact: SupportContact, *, include_notes: bool) -> str:
    """What was discussed and the note, for roles that may read the working record."""
    parts = []
    if include_notes and contact.topics:
        parts.append("Topics: " + ", ".join(TOPIC_LABELS.get(topic, topic) for topic in contact.topics) + ".")
    if include_notes and contact.note:
        parts.append(contact.note)
    return " ".join(parts)


def timeline(view: CaseView) -> Iterator[TimelineEntry]:
    """Custody events, contacts and needs updates: three queries. Probation's limited view gets no free-text notes;
    roles without health access get no health-pathway needs."""
    participant = view.participant
    can = capabilities_for(view.viewer)
    include_notes = can.see_case_history
    events = CustodyEvent.objects.filter(participant=participant).select_related(
        "prison", "recorded_by", "handover__from_specialist", "handover__to_specialist"
    )
    for event in events[:TIMELINE_LIMIT]:
        detail = [event.prison.name] if event.prison else []
        if event.expected_release_date:
            detail.append(f"expected release {event.expected_release_date:%-d %B %Y}")
        if event.note and include_notes:
            detail.append(event.note)
        handover = getattr(event, "handover", None)  # joined; None when there is none
        if handover is not None:
            detail.append(_handover_words(handover, include_notes=include_notes))
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
            _contact_byline(contact),
            _contact_detail(contact, include_notes=include_notes),
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


def _handover_words(handover: Any, *, include_notes: bool) -> str:
    if handover.same_specialist:
        return f"{handover.to_specialist.get_full_name()} continues as the person's specialist"
    words = (
        f"handed over from {handover.from_specialist.get_full_name() if handover.from_specialist else 'nobody'} "
        f"to {handover.to_specialist.get_full_name()} on {handover.handed_over_on:%-d %B %Y}"
    )
    if handover.picked_up_on:
        words += f" (picked up {handover.picked_up_on:%-d %B %Y})"
    if include_notes and handover.note:
        words += f". Handover note: {handover.note}"
    return words


MENTOR_NOTES_SHOWN = 10


def _yes_no(value: bool | None) -> str:
    return "Not recorded" if value is None else ("Yes" if value else "No")


def mentor_sections(view: CaseView) -> Iterator[CaseSection]:
    """A peer mentor's view of a mentee (issue 17 §2): health and case notes, each only when the person's
    data-protection record names that section for their mentor. One query per consented section."""
    if not capabilities_for(view.viewer).read_own_mentees:
        return
    consented = getattr(view.participant, "mentor_consent", None) or ()
    template = "core/_consented_section.html"
    if "health" in consented:
        care = MentalHealthCare.objects.filter(participant=view.participant).first()
        rows = []
        if care is not None:
            rows.append(("Registered with a GP", _yes_no(care.gp_registered)))
            if care.cmht_referral_date:
                outcome = care.get_cmht_referral_outcome_display() or "outcome not recorded"
                rows.append(
                    ("Community mental health team", f"referred {care.cmht_referral_date:%-d %B %Y}, {outcome}")
                )
        yield CaseSection(
            template,
            10,
            {"heading": "Health", "rows": rows, "empty": "No health details recorded."},
            group=MENTOR_GROUP,
        )
    if "case_notes" in consented:
        contacts = SupportContact.objects.filter(participant=view.participant).exclude(note="")
        rows = [(f"{timezone.localtime(c.occurred_at):%-d %b %Y}", c.note) for c in contacts[:MENTOR_NOTES_SHOWN]]
        yield CaseSection(
            template,
            40,
            {"heading": "Case notes", "rows": rows, "empty": "No case notes recorded."},
            group=MENTOR_GROUP,
        )


def register() -> None:
    case_registry.add_sections("journey.mentor", mentor_sections)
    case_registry.add_annotations("journey.has_contact", annotate)
    case_registry.add_flags("journey.no_contact", flags)
    case_registry.add_links("journey.records", links)
    case_registry.add_timeline("journey.events", timeline)
    case_registry.add_column(
        "journey.next_appointment",
        ListColumn("Next appointment", 10, next_appointment_cell, capability="see_case_history"),
    )
    case_registry.add_summary_facts("journey.next_appointment", with_next_appointment_details)
    case_registry.add_sections("journey.planning", sections)

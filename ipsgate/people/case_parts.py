"""What the people app puts on the casework pages (registered in `PeopleConfig.ready`): the referral and episode
flags every list needs, release soon and referral awaiting a decision, the referrals on the timeline, and the
person's contact details beside their personal details (for the roles that may contact them)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import QuerySet

from ipsgate.core.capabilities import capabilities_for
from ipsgate.core.case_registry import AttentionFlag, CaseSection, CaseView, TimelineEntry, case_registry

from .models import Reallocation
from .selectors import timing_of, with_referral_flags


def flags(view: CaseView) -> Iterator[AttentionFlag]:
    participant = view.participant
    if timing_of(participant, today=view.today).release_within_28_days:
        yield AttentionFlag("Release within 28 days", "red", 20)
    # Referrals are the working record (declared policy: CASE_HISTORY), not probation's limited view.
    if participant.has_pending_referral and capabilities_for(view.viewer).see_case_history:
        yield AttentionFlag("Referral awaiting decision", "blue", 40)


def timeline(view: CaseView) -> Iterator[TimelineEntry]:
    """Referrals: no query when the page has prefetched them (the casework summary does), else one. The working
    record (declared policy: CASE_HISTORY): not for probation's limited view."""
    if not capabilities_for(view.viewer).see_case_history:
        return
    for referral in view.participant.referrals.all():
        outcome = referral.get_outcome_display() if referral.outcome else "awaiting a decision"
        yield TimelineEntry(
            referral.referral_date,
            "Referred",
            f"by {referral.referrer_name}",
            f"{referral.get_source_display()}. Outcome: {outcome}.",
            "referral",
        )


def summary_facts(participants: QuerySet[Any]) -> QuerySet[Any]:
    """The contact details, joined to the participant: the summary's contact card costs no query."""
    return participants.select_related("contact_details__updated_by")


def sections(view: CaseView) -> Iterator[CaseSection]:
    """The contact card, for the roles that may contact the person."""
    can = capabilities_for(view.viewer)
    if not can.see_contact_details:
        return
    try:
        details = view.participant.contact_details
    except ObjectDoesNotExist:
        details = None
    yield CaseSection("people/_contact_details.html", order=10, context={"details": details}, group="details")


def reallocations(view: CaseView) -> Iterator[TimelineEntry]:
    """Moves between specialists' caseloads, with the reason for roles that read case notes: one query, none when
    the summary's selector found there are none (`has_reallocations`, most people are never moved)."""
    if not getattr(view.participant, "has_reallocations", True):
        return
    include_reasons = capabilities_for(view.viewer).see_case_history
    moves = Reallocation.objects.filter(participant=view.participant).select_related(
        "from_specialist", "to_specialist", "moved_by"
    )
    for move in moves[:200]:
        before = move.from_specialist.get_full_name() if move.from_specialist else "no specialist"
        yield TimelineEntry(
            move.moved_at,
            f"Moved to {move.to_specialist.get_full_name()}'s caseload",
            f"by {move.moved_by.get_full_name()}",
            f"From {before}." + (f" {move.reason}" if include_reasons else ""),
            "reallocation",
        )


def register() -> None:
    case_registry.add_annotations("people.referral_flags", with_referral_flags)
    case_registry.add_flags("people.release_and_referral", flags)
    case_registry.add_timeline("people.referrals", timeline)
    case_registry.add_summary_facts("people.contact_details", summary_facts)
    case_registry.add_sections("people.contact_details", sections)
    case_registry.add_timeline("people.reallocations", reallocations)

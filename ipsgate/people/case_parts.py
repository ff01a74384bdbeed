"""What the people app puts on the casework pages (registered in `PeopleConfig.ready`): the referral and episode
flags every list needs, release soon and referral awaiting a decision, and the referrals on the timeline."""

from __future__ import annotations

from collections.abc import Iterator

from ipsgate.core.capabilities import capabilities_for
from ipsgate.core.case_registry import AttentionFlag, CaseView, TimelineEntry, case_registry

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


def register() -> None:
    case_registry.add_annotations("people.referral_flags", with_referral_flags)
    case_registry.add_flags("people.release_and_referral", flags)
    case_registry.add_timeline("people.referrals", timeline)

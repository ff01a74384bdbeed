"""Where a participant is in the through-the-gate journey, derived from facts (never stored)."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date

JUST_RELEASED_DAYS = 14


class Stage(enum.Enum):
    REFERRED = "Referred"
    ENGAGED_PRE_RELEASE = "Engaged before release"
    JUST_RELEASED = "Just released"
    JOB_SEARCHING = "Job searching in the community"
    IN_WORK = "In work"
    NOT_ACTIVE = "Not receiving support"
    CLOSED = "Closed"


@dataclass(frozen=True)
class StageResult:
    stage: Stage
    explanation: str


def participant_stage(
    *,
    has_pending_referral: bool,
    has_open_episode: bool,
    has_any_episode: bool,
    in_custody: bool,
    actual_release_date: date | None,
    in_work: bool,
    today: date,
) -> StageResult:
    """The journey stage. Being in work outranks release timing; an open episode outranks a pending referral."""
    if has_open_episode:
        if in_work:
            return StageResult(Stage.IN_WORK, "In paid work and receiving in-work support.")
        if in_custody:
            return StageResult(Stage.ENGAGED_PRE_RELEASE, "Receiving support in custody, before release.")
        if actual_release_date is not None and 0 <= (today - actual_release_date).days <= JUST_RELEASED_DAYS:
            return StageResult(
                Stage.JUST_RELEASED,
                f"Released in the last {JUST_RELEASED_DAYS} days: the time when people most often lose touch.",
            )
        return StageResult(Stage.JOB_SEARCHING, "Released and looking for work with the specialist's support.")
    if has_pending_referral:
        return StageResult(Stage.REFERRED, "Referred; the referral is waiting for a decision.")
    if has_any_episode:
        return StageResult(Stage.CLOSED, "The last episode of support has ended.")
    return StageResult(Stage.NOT_ACTIVE, "No episode of support was started (the referral did not go ahead).")

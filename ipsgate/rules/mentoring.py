"""Peer mentors: may this mentor be matched with someone at this prison today? Pure: no Django.

Issue 17 §1 and §3. A mentor can be matched only while active, with room for another mentee and with vetting that
is in date and clears them to visit the person's prison. Each answer says why, in words a team leader can read out.
Ranking the mentors who pass (area, preferences, shared interests) builds on this check.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date

VETTING_WARNING_DAYS = 30  # the mentor list warns this many days before vetting runs out


class MentorStatus(enum.StrEnum):
    ACTIVE = "active"
    PAUSED = "paused"
    LEFT = "left"


class VettingState(enum.StrEnum):
    NOT_RECORDED = "not-recorded"
    EXPIRED = "expired"
    EXPIRES_SOON = "expires-soon"
    VALID = "valid"


@dataclass(frozen=True)
class Vetting:
    state: VettingState
    explanation: str

    @property
    def valid(self) -> bool:
        return self.state in (VettingState.VALID, VettingState.EXPIRES_SOON)


def vetting_state(expires: date | None, today: date) -> Vetting:
    """Whether a mentor's vetting is in date on `today`. It is valid up to and including its expiry date."""
    if expires is None:
        return Vetting(VettingState.NOT_RECORDED, "No vetting recorded: cannot be matched until vetting is recorded")
    if expires < today:
        return Vetting(VettingState.EXPIRED, f"Vetting expired on {expires:%-d %B %Y}: cannot be matched")
    days = (expires - today).days
    if days <= VETTING_WARNING_DAYS:
        when = "today" if days == 0 else f"in {days} day{'s' if days != 1 else ''}"
        return Vetting(VettingState.EXPIRES_SOON, f"Vetting expires {when} ({expires:%-d %B %Y}): renew it soon")
    return Vetting(VettingState.VALID, f"Vetting valid until {expires:%-d %B %Y}")


@dataclass(frozen=True)
class MentorFacts:
    """What the check needs to know about one mentor."""

    status: MentorStatus
    capacity: int
    current_mentees: int
    vetting_expires: date | None
    cleared_prisons: frozenset[int]  # ids of the prisons the vetting clears the mentor to visit


@dataclass(frozen=True)
class Eligibility:
    eligible: bool
    reasons: tuple[str, ...]  # every reason the mentor cannot be matched, or why they can

    @property
    def explanation(self) -> str:
        return "; ".join(self.reasons)


def eligibility(mentor: MentorFacts, today: date, prison: int | None = None) -> Eligibility:
    """May this mentor take on a new mentee today, who is at `prison` (None: already released, no prison visit)?

    Every reason against is listed, so the page can say all that must change at once."""
    against: list[str] = []
    if mentor.status is not MentorStatus.ACTIVE:
        against.append("Not active: paused or left the service")
    if mentor.current_mentees >= mentor.capacity:
        against.append(f"At capacity: {mentor.current_mentees} of {mentor.capacity} mentees")
    vetting = vetting_state(mentor.vetting_expires, today)
    if not vetting.valid:
        against.append(vetting.explanation)
    elif prison is not None and prison not in mentor.cleared_prisons:
        against.append("Vetting does not clear them to visit this prison")
    if against:
        return Eligibility(False, tuple(against))
    room = mentor.capacity - mentor.current_mentees
    return Eligibility(True, (f"Active with room for {room} more", vetting.explanation))

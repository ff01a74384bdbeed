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


# --- Suggesting mentors (issue 17 §3) ------------------------------------------------------------------------------

COVERS_PRISON_POINTS = 3
COVERS_RELEASE_AREA_POINTS = 2
SHARED_INTEREST_POINTS = 1


@dataclass(frozen=True)
class Candidate:
    """A mentor as the ranking sees them."""

    id: int
    name: str
    facts: MentorFacts
    sites: frozenset[int]  # sites the mentor covers
    districts: frozenset[str]  # postcode districts the mentor covers
    gender: str
    lived_experience: str  # "yes", "no" or "not_said"
    interests: frozenset[str]


@dataclass(frozen=True)
class Seeker:
    """The person looking for a mentor and what they asked for."""

    prison: int | None  # the prison they are in, None once released
    site: int | None  # the site that holds their case
    release_district: str  # the postcode district they are released to ("" when not known)
    gender_wanted: str = ""  # "" when the person did not say
    lived_experience_wanted: bool = False
    interests: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Suggestion:
    mentor_id: int
    name: str
    score: int
    reasons: tuple[str, ...]

    @property
    def explanation(self) -> str:
        return "; ".join(self.reasons)


def _suggestion(candidate: Candidate, seeker: Seeker, today: date) -> Suggestion | None:
    """The mentor's suggestion for this person, or None when they cannot or should not be suggested."""
    allowed = eligibility(candidate.facts, today, seeker.prison)
    if not allowed.eligible:
        return None
    if seeker.gender_wanted and candidate.gender != seeker.gender_wanted:
        return None
    if seeker.lived_experience_wanted and candidate.lived_experience != "yes":
        return None
    score, reasons = 0, []
    if seeker.prison is not None and seeker.prison in candidate.sites:
        score += COVERS_PRISON_POINTS
        reasons.append("Covers the person's prison")
    if seeker.release_district and seeker.release_district in candidate.districts:
        score += COVERS_RELEASE_AREA_POINTS
        reasons.append(f"Covers the release area ({seeker.release_district})")
    elif seeker.prison is None and seeker.site is not None and seeker.site in candidate.sites:
        score += COVERS_RELEASE_AREA_POINTS
        reasons.append("Covers the person's community site")
    if score == 0:
        return None  # covers neither the prison nor where the person lives
    if seeker.gender_wanted:
        reasons.append("The gender the person asked for")
    if seeker.lived_experience_wanted:
        reasons.append("Has lived experience of prison, as the person asked")
    shared = sorted(candidate.interests & seeker.interests)
    if shared:
        score += SHARED_INTEREST_POINTS * len(shared)
        reasons.append(f"{len(shared)} shared interest{'s' if len(shared) != 1 else ''}")
    reasons.extend(r for r in allowed.reasons)
    return Suggestion(candidate.id, candidate.name, score, tuple(reasons))


def rank_mentors(candidates: list[Candidate] | tuple[Candidate, ...], seeker: Seeker, today: date) -> list[Suggestion]:
    """Mentors who may be matched with this person, best first: covering their prison, then their release area,
    then shared interests. A mentor who is not active, is at capacity, has vetting out of date or not clearing them
    for the person's prison, or does not meet a preference the person stated, is never suggested. Ties go to the
    mentor with more room, then by name, then by id, so the order never depends on the order given."""
    room = {c.id: c.facts.capacity - c.facts.current_mentees for c in candidates}
    found = [s for c in candidates if (s := _suggestion(c, seeker, today)) is not None]
    return sorted(found, key=lambda s: (-s.score, -room[s.mentor_id], s.name, s.mentor_id))


# --- Offering mentoring (issue 17 §3) ------------------------------------------------------------------------------


class OfferAnswer(enum.StrEnum):
    WAITING = "waiting"
    ACCEPTED = "accepted"
    DECLINED = "declined"


@dataclass(frozen=True)
class OfferFacts:
    """The person's latest offer of mentoring and their answer."""

    offered_on: date
    answer: OfferAnswer
    answered_on: date | None = None


def offer_allows_match(offer: OfferFacts | None) -> Eligibility:
    """May this person be matched with a mentor, given their latest offer of mentoring? Someone who declined is
    not matched unless they are offered mentoring again and do not decline; a person with no offer recorded can be
    matched (the match records that they took it up)."""
    if offer is None:
        return Eligibility(True, ("No offer of mentoring recorded: matching them records that they took it up",))
    offered = f"{offer.offered_on:%-d %B %Y}"
    if offer.answer is OfferAnswer.DECLINED:
        when = f" on {offer.answered_on:%-d %B %Y}" if offer.answered_on else ""
        return Eligibility(
            False,
            (f"The person declined the mentoring offered on {offered}{when}: record a new offer before matching",),
        )
    if offer.answer is OfferAnswer.ACCEPTED:
        return Eligibility(True, (f"Accepted the mentoring offered on {offered}",))
    return Eligibility(True, (f"Offered mentoring on {offered}, no answer recorded yet",))


def offer_dates_problem(offered_on: date, answered_on: date | None, today: date) -> tuple[str, str] | None:
    """Why the dates of an offer cannot be right, as (which date, the reason), or None when they can: neither date
    in the future, and the answer not before the offer."""
    if offered_on > today:
        return "offered_on", "The date mentoring was offered must be today or in the past"
    if answered_on is not None and answered_on > today:
        return "answered_on", "The date of the answer must be today or in the past"
    if answered_on is not None and answered_on < offered_on:
        return (
            "answered_on",
            f"The date of the answer must be on or after the date of the offer ({offered_on:%-d %B %Y})",
        )
    return None

"""The one place that decides what about a participant appears where an employer is concerned: the vacancy
reverse-match page, the employer contact log, the employer page and CSV downloads. It reads the person's
vocational profile (`disclosure_share`) and applies `rules.employer_disclosure`."""

from __future__ import annotations

from collections.abc import Iterable

from ipsgate.journey.models import VocationalProfile
from ipsgate.people.models import Participant
from ipsgate.rules.employer_disclosure import EmployerContext, EmployerDisclosure, employer_disclosure


def disclosure_shares(participant_ids: Iterable[int]) -> dict[int, str]:
    """Each participant's disclosure choice, in one query ('' when there is no profile or no answer)."""
    ids = list(participant_ids)
    if not ids:
        return {}
    rows = VocationalProfile.objects.filter(participant_id__in=ids).values_list("participant_id", "disclosure_share")
    return dict(rows)


def guard_for(participant: Participant, *, context: EmployerContext, shares: dict[int, str]) -> EmployerDisclosure:
    return employer_disclosure(shares.get(participant.pk, ""), context=context)


def guarded_people(
    participants: Iterable[Participant], *, context: EmployerContext = EmployerContext.PAGE
) -> list[tuple[Participant, EmployerDisclosure]]:
    people = list(participants)
    shares = disclosure_shares(p.pk for p in people)
    return [(p, guard_for(p, context=context, shares=shares)) for p in people]

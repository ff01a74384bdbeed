"""What may be shown about a participant where an employer is concerned. Pure: no Django.

The person decides what the service may share with employers (vocational profile: nothing, conviction only,
mental health only, or both). No profile, or no answer yet, means nothing. Exports that leave the service
(CSV downloads) never carry names or personal details, whatever was agreed: only counts.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass


class EmployerContext(enum.StrEnum):
    PAGE = "page"  # a staff page about an employer or vacancy (names shown to staff who may see the person)
    EXPORT = "export"  # a file that may leave the service


@dataclass(frozen=True)
class EmployerDisclosure:
    show_name: bool
    conviction: bool  # may tell the employer about convictions (and show offence-related reasons)
    mental_health: bool  # may tell the employer about mental health
    explanation: str


SHARE_CONVICTION = frozenset({"conviction_only", "both"})
SHARE_MENTAL_HEALTH = frozenset({"mental_health_only", "both"})


def employer_disclosure(share: str | None, *, context: EmployerContext) -> EmployerDisclosure:
    """`share` is VocationalProfile.disclosure_share ('' or None when there is no profile or no answer)."""
    if context == EmployerContext.EXPORT:
        return EmployerDisclosure(False, False, False, "Exports carry no personal details, only counts.")
    conviction = share in SHARE_CONVICTION
    mental_health = share in SHARE_MENTAL_HEALTH
    if conviction and mental_health:
        text = "The person agreed that their conviction and their mental health may be discussed with employers."
    elif conviction:
        text = "The person agreed that their conviction may be discussed with employers, but not their mental health."
    elif mental_health:
        text = "The person agreed that their mental health may be discussed with employers, but not their conviction."
    elif share == "nothing":
        text = "The person has not agreed to share anything about their conviction or mental health with employers."
    else:
        text = "No disclosure preference is recorded: share nothing about conviction or mental health with employers."
    return EmployerDisclosure(True, conviction, mental_health, text)

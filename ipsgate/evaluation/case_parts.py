"""What the evaluation puts on the casework pages (registered in `EvaluationConfig.ready`): who is in the
service-as-usual (SAU) group, the comparison group that does not get IPS.

Someone whose latest referral was allocated to service as usual is marked on every participant list (a flag beside
the phase "Service as usual") and at the top of their page, with what service as usual means and what to do when
they ask for help. The definition is `people.models.in_service_as_usual`, the one the phase, tasks and IPS counts
read too.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ipsgate.core.case_registry import AttentionFlag, CaseSection, CaseView, case_registry
from ipsgate.people.models import with_service_as_usual


def flags(view: CaseView) -> Iterator[AttentionFlag]:
    if getattr(view.participant, "service_as_usual", False):
        yield AttentionFlag("Service as usual: not IPS", "grey", 5)


def _latest_allocation(participant: Any) -> Any:
    """The latest referral's allocation, from the referrals the summary prefetched (with their allocations)."""
    latest = next(iter(participant.referrals.all()), None)
    return getattr(latest, "allocation", None) if latest is not None else None


def banners(view: CaseView) -> Iterator[CaseSection]:
    participant = view.participant
    if getattr(participant, "service_as_usual", False):
        yield CaseSection(
            "evaluation/_service_as_usual_banner.html",
            order=10,
            context={"allocation": _latest_allocation(participant)},
        )


def register() -> None:
    case_registry.add_annotations("evaluation.service_as_usual", with_service_as_usual)
    case_registry.add_flags("evaluation.service_as_usual", flags)
    case_registry.add_banners("evaluation.service_as_usual", banners)

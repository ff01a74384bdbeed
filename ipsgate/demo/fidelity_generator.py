"""One earlier fidelity review for the demo team, so the review page has a previous review to compare with.

Scores are fixed (a team in the fair band working towards good fidelity), dated relative to `as_of`.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from ipsgate.core.models import Team
from ipsgate.fidelity.models import FidelityItemScore, FidelityReview
from ipsgate.rules.fidelity import ITEMS

# Item order 1-25; total 93 (fair fidelity): Staffing 12, Organisation 30, Services 51.
EARLIER_SCORES = (4, 4, 4, 3, 4, 3, 4, 4, 5, 4, 3, 3, 3, 4, 3, 4, 3, 3, 4, 4, 5, 4, 4, 3, 4)
ACTIONS = {
    12: ("Offer every person a better-off calculation before they start work", "Team leader", 60),
    15: ("Arrange a first employer meeting within 30 days of engagement for everyone", "All specialists", 45),
    17: ("Plan six face-to-face employer contacts a week in each specialist's diary", "All specialists", 30),
    24: ("Meet people in the community or at work rather than in the office", "All specialists", 60),
}


@transaction.atomic
def write_demo_fidelity(team: Team, *, as_of: date) -> FidelityReview | None:
    """The earlier review (six months back, covering the three months before it). Needs a team leader."""
    if team.leader is None:
        return None
    review_date = as_of - timedelta(days=182)
    now = timezone.now()
    review = FidelityReview.objects.create(
        team=team,
        period_start=review_date - timedelta(days=91),
        period_end=review_date - timedelta(days=1),
        review_date=review_date,
        reviewers="IPS Grow fidelity reviewers (demo)",
        recorded_by=team.leader,
        recorded_at=now,
        updated_at=now,
    )
    rows = []
    for item, score in zip(ITEMS, EARLIER_SCORES, strict=True):
        action, owner, days = ACTIONS.get(item.number, ("", "", 0))
        rows.append(
            FidelityItemScore(
                review=review,
                item=item.number,
                score=score,
                note=f"Demo note: {item.anchor(score)}",
                action=action,
                action_owner=owner,
                action_due=review_date + timedelta(days=days) if action else None,
            )
        )
    FidelityItemScore.objects.bulk_create(rows)
    return review

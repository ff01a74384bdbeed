"""Writes of fidelity reviews. One transaction per save: the review and its 25 item rows are written together or
not at all. Reviews hold no participant data, so they are not audited per participant."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from ipsgate.core.models import Team, User
from ipsgate.rules.fidelity import ITEM_COUNT, check_scores

from .models import FidelityItemScore, FidelityReview
from .selectors import teams_writable

ITEM_FIELDS = ("note", "action", "action_owner", "action_due")


@transaction.atomic
def review_save(
    *,
    actor: User,
    team: Team,
    period_start: datetime.date,
    period_end: datetime.date,
    review_date: datetime.date,
    reviewers: str,
    items: Sequence[dict[str, Any]],
    review: FidelityReview | None = None,
) -> FidelityReview:
    """Create or update a review with all 25 item rows (scores, notes and action plans)."""
    if not teams_writable(actor).filter(pk=team.pk).exists():
        raise PermissionDenied("You cannot record fidelity reviews for this team.")
    if review is not None and review.team_id != team.pk:
        raise ValueError("A review cannot move to another team.")
    numbers = sorted(row["item"] for row in items)
    if numbers != list(range(1, ITEM_COUNT + 1)):
        raise ValidationError("Every one of the 25 items needs a score.")
    by_number = {row["item"]: row for row in items}
    try:
        check_scores([by_number[n]["score"] for n in range(1, ITEM_COUNT + 1)])
    except ValueError as error:
        raise ValidationError(str(error)) from None
    now = timezone.now()
    if review is None:
        review = FidelityReview(team=team, recorded_by=actor, recorded_at=now)
    review.period_start, review.period_end, review.review_date = period_start, period_end, review_date
    review.reviewers = reviewers
    review.updated_at = now
    review.full_clean(exclude=["team", "recorded_by"])
    review.save()
    existing = {row.item: row for row in FidelityItemScore.objects.filter(review=review)}
    rows = []
    for n in range(1, ITEM_COUNT + 1):
        data = by_number[n]
        row = existing.get(n) or FidelityItemScore(review=review, item=n)
        row.score = data["score"]
        for name in ITEM_FIELDS:
            setattr(row, name, data.get(name) or (None if name == "action_due" else ""))
        rows.append(row)
    FidelityItemScore.objects.bulk_create([r for r in rows if r.pk is None])
    FidelityItemScore.objects.bulk_update([r for r in rows if r.pk is not None], ["score", *ITEM_FIELDS])
    return review

"""IPS-25 fidelity reviews of a team: one row per review and one per item score with its action plan.

Totals, bands and section totals are never stored: they are worked out from the item scores by
`ipsgate.rules.fidelity.score_review`, so they cannot drift from the scores.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse

from ipsgate.core import limits
from ipsgate.rules.fidelity import FidelityScore, score_review


class FidelityReview(models.Model):
    """A fidelity review of one team for a period, by named reviewers."""

    team = models.ForeignKey("core.Team", on_delete=models.PROTECT, related_name="fidelity_reviews")
    period_start = models.DateField()
    period_end = models.DateField()
    review_date = models.DateField()
    reviewers = models.CharField(max_length=300, help_text="Names of the reviewers, e.g. 'A. Khan and B. Lewis'.")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    class Meta:
        ordering = ["team", "-review_date", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")), name="fidelity_period_ordered"
            ),
            models.CheckConstraint(
                condition=Q(review_date__gte=models.F("period_start")), name="fidelity_review_after_period_start"
            ),
        ]
        indexes = [models.Index(fields=["team", "-review_date"], name="fidelity_team_date_idx")]

    def __str__(self) -> str:
        return f"Fidelity review of {self.team} on {self.review_date:%d %b %Y}"

    def get_absolute_url(self) -> str:
        return reverse("fidelity:review-detail", args=[self.pk])

    def score(self, items: list[FidelityItemScore]) -> FidelityScore:
        """Total, band and section totals from this review's 25 item rows (pass them in: no query here)."""
        by_number = {row.item: row.score for row in items}
        return score_review([by_number[n] for n in range(1, 26)])


class FidelityItemScore(models.Model):
    """One item's score (1-5) with the reviewers' note and the action plan agreed for it."""

    review = models.ForeignKey(FidelityReview, on_delete=models.CASCADE, related_name="items")
    item = models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(25)])
    score = models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(5)])
    note = models.TextField(blank=True, max_length=limits.NOTE)
    action = models.TextField(blank=True, max_length=limits.PARAGRAPH)
    action_owner = models.CharField(max_length=150, blank=True)
    action_due = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["review", "item"]
        constraints = [
            models.UniqueConstraint(fields=["review", "item"], name="fidelity_item_once_per_review"),
            models.CheckConstraint(condition=Q(item__gte=1) & Q(item__lte=25), name="fidelity_item_number_valid"),
            models.CheckConstraint(condition=Q(score__gte=1) & Q(score__lte=5), name="fidelity_score_valid"),
            models.CheckConstraint(
                condition=Q(action="") | (~Q(action_owner="") & Q(action_due__isnull=False)),
                name="fidelity_action_has_owner_and_due_date",
            ),
        ]

    def __str__(self) -> str:
        return f"Item {self.item}: {self.score}"

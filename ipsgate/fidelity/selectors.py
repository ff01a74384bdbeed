"""Which teams' fidelity reviews a user may read and record (who may at all is `core.capabilities`), and reads of
reviews with their scores and the comparison with the team's previous review. Each read is a fixed number of
queries."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from ipsgate.core.capabilities import capabilities_for
from ipsgate.core.choices import Role
from ipsgate.core.models import Team, User
from ipsgate.rules.fidelity import ITEMS, FidelityScore, Item, Section

from .models import FidelityItemScore, FidelityReview


def teams_readable(user: User) -> QuerySet[Team]:
    """Service managers and analysts: every team. Team leaders: the teams they lead. Specialists: their team."""
    teams = Team.objects.all()
    can = capabilities_for(user)
    if not can.read_fidelity:
        return teams.none()
    if can.see_all_teams:
        return teams
    if user.role == Role.TEAM_LEADER:
        return teams.filter(leader=user)
    return teams.filter(pk=user.team_id) if user.team_id else teams.none()


def teams_writable(user: User) -> QuerySet[Team]:
    if not capabilities_for(user).record_fidelity:
        return Team.objects.none()
    return teams_readable(user)


def team_get(user: User, pk: int, *, write: bool = False) -> Team:
    """A team the user may read (or write), else 404; a read-only role asking to write gets 403 first."""
    return get_object_or_404(teams_writable(user) if write else teams_readable(user), pk=pk)


def _with_items(reviews: QuerySet[FidelityReview]) -> QuerySet[FidelityReview]:
    return reviews.select_related("team", "recorded_by").prefetch_related(
        Prefetch("items", queryset=FidelityItemScore.objects.order_by("item"), to_attr="item_rows")
    )


def reviews_readable(user: User) -> QuerySet[FidelityReview]:
    return FidelityReview.objects.filter(team__in=teams_readable(user))


def review_get(user: User, pk: int, *, write: bool = False) -> FidelityReview:
    teams = teams_writable(user) if write else teams_readable(user)
    return get_object_or_404(_with_items(FidelityReview.objects.filter(team__in=teams)), pk=pk)


def team_reviews(team: Team) -> list[FidelityReview]:
    """The team's reviews, newest first, each with its item rows. Two queries."""
    return list(_with_items(FidelityReview.objects.filter(team=team)).order_by("-review_date", "-id"))


def previous_review(review: FidelityReview) -> FidelityReview | None:
    """The team's review before this one (by review date, then by when it was recorded). Two queries."""
    earlier = FidelityReview.objects.filter(team_id=review.team_id).filter(
        Q(review_date__lt=review.review_date) | Q(review_date=review.review_date, pk__lt=review.pk)
    )
    return _with_items(earlier).order_by("-review_date", "-id").first()


def score_of(review: FidelityReview) -> FidelityScore:
    rows: list[FidelityItemScore] = review.item_rows  # type: ignore[attr-defined]  # prefetched
    if len(rows) != len(ITEMS):
        raise Http404("This review is incomplete.")  # pragma: no cover - the service always writes 25 rows
    return review.score(rows)


@dataclass(frozen=True)
class ItemRow:
    item: Item
    row: FidelityItemScore
    previous: int | None

    @property
    def change(self) -> int | None:
        return None if self.previous is None else self.row.score - self.previous

    @property
    def anchor(self) -> str:
        return self.item.anchor(self.row.score)


@dataclass(frozen=True)
class Comparison:
    previous: FidelityReview
    previous_score: FidelityScore
    total_change: int
    section_changes: dict[Section, int]
    improved: list[int]
    worse: list[int]


def item_rows(review: FidelityReview, previous: FidelityReview | None) -> list[ItemRow]:
    before = {row.item: row.score for row in previous.item_rows} if previous else {}  # type: ignore[attr-defined]
    rows: list[FidelityItemScore] = review.item_rows  # type: ignore[attr-defined]
    return [ItemRow(ITEMS[row.item - 1], row, before.get(row.item)) for row in rows]


def compare(review: FidelityReview, previous: FidelityReview | None) -> Comparison | None:
    """Per-section and total change against the previous review, and which items went up or down."""
    if previous is None:
        return None
    now, then = score_of(review), score_of(previous)
    rows = item_rows(review, previous)
    return Comparison(
        previous=previous,
        previous_score=then,
        total_change=now.total - then.total,
        section_changes={section: now.sections[section] - then.sections[section] for section in Section},
        improved=[r.item.number for r in rows if (r.change or 0) > 0],
        worse=[r.item.number for r in rows if (r.change or 0) < 0],
    )

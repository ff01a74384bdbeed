"""The demo's earlier fidelity review: 25 rows, a fair total, and a comparison once a later review is recorded."""

from __future__ import annotations

import datetime

from ipsgate.demo.fidelity_generator import EARLIER_SCORES, write_demo_fidelity
from ipsgate.fidelity.models import FidelityReview
from ipsgate.fidelity.selectors import compare, previous_review, review_get, score_of
from ipsgate.fidelity.services import review_save
from ipsgate.rules.fidelity import Band, Section
from tests import factories as f


def test_demo_review_is_an_earlier_fair_review(db):
    leader = f.TeamLeaderFactory.create()
    team = f.TeamFactory.create(leader=leader)
    as_of = datetime.date(2026, 11, 25)
    review = write_demo_fidelity(team, as_of=as_of)
    assert review is not None
    assert review.review_date == datetime.date(2026, 5, 27)  # 182 days earlier
    loaded = review_get(leader, review.pk)
    score = score_of(loaded)
    # Hand sums of EARLIER_SCORES: staffing 4+4+4, organisation 3+4+3+4+4+5+4+3, services the other 14.
    assert (score.total, score.band) == (93, Band.FAIR)
    assert score.sections == {Section.STAFFING: 12, Section.ORGANISATION: 30, Section.SERVICES: 51}
    assert review.items.exclude(action="").count() == 4
    later = review_save(
        actor=leader, team=team, period_start=datetime.date(2026, 8, 1), period_end=datetime.date(2026, 10, 31),
        review_date=as_of, reviewers="Demo", items=[{"item": n, "score": 4} for n in range(1, 26)],
    )  # fmt: skip
    loaded_later = review_get(leader, later.pk)
    comparison = compare(loaded_later, previous_review(loaded_later))
    assert comparison is not None and comparison.total_change == 100 - 93
    assert len(EARLIER_SCORES) == 25


def test_no_leader_no_demo_review(db):
    assert write_demo_fidelity(f.TeamFactory.create(), as_of=datetime.date(2026, 11, 25)) is None
    assert FidelityReview.objects.count() == 0

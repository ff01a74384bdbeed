"""Pages for fidelity reviews: the teams, a team's reviews, record or edit a review, and a review with its
indicators and the comparison with the team's previous review. Views parse input, call a selector or service,
and render."""

from __future__ import annotations

import datetime
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from ipsgate.core.capabilities import capabilities_for
from ipsgate.core.form_pages import form_page
from ipsgate.core.models import Team, User
from ipsgate.core.views import request_user, require
from ipsgate.rules.fidelity import Section

from . import selectors, services
from .forms import ReviewForm, score_field
from .indicators import Indicator, Period, indicators_for
from .models import FidelityReview

DEFAULT_PERIOD_DAYS = 91


def _indicators(user: User, team: Team, period: Period) -> dict[int, list[Indicator]]:
    return indicators_for(team, period, suppress=not capabilities_for(user).see_small_numbers)


@require_safe
def team_list(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    require(capabilities_for(user).read_fidelity)
    teams = list(selectors.teams_readable(user).select_related("leader").order_by("name"))
    return render(request, "fidelity/team_list.html", {"teams": teams})


@require_safe
def team_reviews(request: HttpRequest, team_pk: int) -> HttpResponse:
    user = request_user(request)
    require(capabilities_for(user).read_fidelity)
    team = selectors.team_get(user, team_pk)
    reviews = [(review, selectors.score_of(review)) for review in selectors.team_reviews(team)]
    may_record = selectors.teams_writable(user).filter(pk=team.pk).exists()
    return render(request, "fidelity/team_reviews.html", {"team": team, "reviews": reviews, "may_record": may_record})


@require_safe
def review_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    require(capabilities_for(user).read_fidelity)
    review = selectors.review_get(user, pk)
    previous = selectors.previous_review(review)
    score = selectors.score_of(review)
    rows = selectors.item_rows(review, previous)
    indicators = _indicators(user, review.team, Period(review.period_start, review.period_end))
    sections = [
        (
            section,
            score.sections[section],
            [(r, indicators.get(r.item.number, [])) for r in rows if r.item.section == section],
        )
        for section in Section
    ]
    actions = [r for r in rows if r.row.action]
    may_edit = selectors.teams_writable(user).filter(pk=review.team_id).exists()
    return render(
        request,
        "fidelity/review_detail.html",
        {
            "review": review,
            "score": score,
            "sections": sections,
            "actions": actions,
            "comparison": selectors.compare(review, previous),
            "may_edit": may_edit,
        },
    )


def _initial_for(review: FidelityReview | None) -> dict[str, Any]:
    if review is None:
        today = timezone.localdate()
        return {
            "period_start": today - datetime.timedelta(days=DEFAULT_PERIOD_DAYS),
            "period_end": today,
            "review_date": today,
        }
    initial: dict[str, Any] = {
        "period_start": review.period_start,
        "period_end": review.period_end,
        "review_date": review.review_date,
        "reviewers": review.reviewers,
    }
    for row in review.item_rows:  # type: ignore[attr-defined]  # prefetched
        initial.update(
            {
                score_field(row.item): row.score,
                f"note_{row.item}": row.note,
                f"action_{row.item}": row.action,
                f"owner_{row.item}": row.action_owner,
                f"due_{row.item}": row.action_due,
            }
        )
    return initial


@require_http_methods(["GET", "POST"])
def review_edit(request: HttpRequest, team_pk: int | None = None, pk: int | None = None) -> HttpResponse:
    user = request_user(request)
    require(capabilities_for(user).record_fidelity)
    review = selectors.review_get(user, pk, write=True) if pk is not None else None
    team = review.team if review is not None else selectors.team_get(user, int(team_pk or 0), write=True)
    form = ReviewForm(request.POST or None, initial=_initial_for(review))

    def page(form: ReviewForm) -> dict[str, Any]:
        """The indicators beside each item, for the period typed in: worked out only when the form is shown."""
        period = _form_period(form, review)
        indicators = _indicators(user, team, period) if period else {}
        sections = [(section, [(item, fields, indicators.get(item.number, [])) for item, fields in rows])
                    for section, rows in form.sections()]  # fmt: skip
        return {"team": team, "review": review, "sections": sections, "period": period}

    return form_page(
        request,
        form=form,
        save=lambda data: services.review_save(
            actor=user,
            team=team,
            period_start=data["period_start"],
            period_end=data["period_end"],
            review_date=data["review_date"],
            reviewers=data["reviewers"],
            items=form.item_data(),
            review=review,
        ),
        success="Fidelity review saved",
        next_url=lambda saved: saved.get_absolute_url(),
        template="fidelity/review_form.html",
        context=page,
    )


def _form_period(form: ReviewForm, review: FidelityReview | None) -> Period | None:
    """The period the indicators are shown for: the one typed in (when valid), else the review's or the default."""
    if form.is_bound and not form.errors.get("period_start") and not form.errors.get("period_end"):
        start, end = form.cleaned_data.get("period_start"), form.cleaned_data.get("period_end")
        if start and end and start <= end:
            return Period(start, end)
    initial = _initial_for(review)
    return Period(initial["period_start"], initial["period_end"])

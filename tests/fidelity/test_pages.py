"""Fidelity review pages: recording (validation writes nothing), the comparison with the previous review, who
may read and write (404 out of scope, 403 for read-only roles), the nav link, and constant query counts."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ipsgate.fidelity.models import FidelityItemScore, FidelityReview
from ipsgate.fidelity.services import review_save
from ipsgate.journey.choices import ContactMode
from tests import factories as f
from tests.conftest import date_fields

D = datetime.date


@pytest.fixture
def site(db):
    return f.SiteFactory.create()


@pytest.fixture
def leader(site):
    return f.TeamLeaderFactory.create(site=site)


@pytest.fixture
def team(site, leader):
    return f.TeamFactory.create(leader=leader, sites=[site])


@pytest.fixture
def other_team(db):
    other_site = f.SiteFactory.create()
    return f.TeamFactory.create(leader=f.TeamLeaderFactory.create(site=other_site), sites=[other_site])


@pytest.fixture
def member(site, team):
    return f.SpecialistFactory.create(site=site, team=team)


def items(scores: list[int], **extra: dict[str, Any]) -> list[dict[str, Any]]:
    return [{"item": n, "score": s, **extra.get(str(n), {})} for n, s in enumerate(scores, start=1)]


REVIEWED, START, END = D(2026, 4, 10), D(2026, 1, 1), D(2026, 3, 31)


def make_review(team, actor, scores, *, reviewed=REVIEWED, start=START, end=END, **extra):
    return review_save(
        actor=actor, team=team, period_start=start, period_end=end, review_date=reviewed,
        reviewers="A. Khan and B. Lewis", items=items(scores, **extra),
    )  # fmt: skip


def post_data(scores: dict[int, int], **overrides: str) -> dict[str, str]:
    data = {
        **date_fields("period_start", D(2026, 1, 1)),
        **date_fields("period_end", D(2026, 3, 31)),
        **date_fields("review_date", D(2026, 4, 10)),
        "reviewers": "A. Khan",
    }
    data.update({f"item_{n}": str(s) for n, s in scores.items()})
    data.update(overrides)
    return data


ALL_FOURS = dict.fromkeys(range(1, 26), 4)


def test_record_a_review(make_client, leader, team):
    client = make_client(leader)
    page = client.get(reverse("fidelity:review-create", args=[team.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert "Staffing" in html and "Organisation" in html and "Services" in html
    assert "20 or fewer people per employment specialist." in html  # item 1's anchor for 5 beside its radio
    assert "From ipsgate's data: Caseload per specialist" in html
    data = post_data(
        ALL_FOURS, action_17="Six employer visits a week each", owner_17="Team leader",
        **date_fields("due_17", D(2026, 6, 30)),
    )  # fmt: skip
    response = client.post(reverse("fidelity:review-create", args=[team.pk]), data)
    review = FidelityReview.objects.get()
    assert response.status_code == 302 and response["Location"] == review.get_absolute_url()
    assert review.recorded_by == leader and review.team == team
    assert review.items.count() == 25
    action = review.items.get(item=17)
    assert (action.action, action.action_owner, action.action_due) == (
        "Six employer visits a week each", "Team leader", D(2026, 6, 30),
    )  # fmt: skip
    detail = client.get(review.get_absolute_url()).content.decode()
    assert "100 of 125" in detail and "Good fidelity" in detail
    assert "Six employer visits a week each" in detail


def test_missing_items_are_named_and_nothing_is_written(make_client, leader, team):
    scores = {n: 4 for n in range(1, 26) if n not in (4, 17)}
    response = make_client(leader).post(reverse("fidelity:review-create", args=[team.pk]), post_data(scores))
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html
    assert 'href="#id_item_4_0">Select a score for item 4, integration with mental health' in html
    assert 'href="#id_item_17_0">Select a score for item 17, job development: frequent employer contact' in html
    assert FidelityReview.objects.count() == 0 and FidelityItemScore.objects.count() == 0


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"item_3": "6"}, "Select a score of 1, 2, 3, 4 or 5 for item 3"),
        ({"item_3": "0"}, "Select a score of 1, 2, 3, 4 or 5 for item 3"),
        ({"reviewers": ""}, "Enter the names of the reviewers"),
        (date_fields("period_end", D(2025, 12, 31)), "The end of the review period must be on or after its start"),
        (date_fields("review_date", D(2099, 1, 1)), "The date of the review must be today or in the past"),
        ({"action_5": "Weekly meetings"}, "Enter who owns the action for item 5"),
        ({"owner_5": "Helen"}, "Enter the action for item 5, or clear its owner and due date"),
        ({"action_5": "Weekly meetings", "owner_5": "Helen"}, "Enter the due date of the action for item 5"),
    ],
)
def test_invalid_input_writes_nothing(make_client, leader, team, overrides, message):
    response = make_client(leader).post(
        reverse("fidelity:review-create", args=[team.pk]), post_data(ALL_FOURS, **overrides)
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert FidelityReview.objects.count() == 0 and FidelityItemScore.objects.count() == 0


def test_edit_updates_the_same_rows(make_client, leader, team):
    review = make_review(team, leader, [3] * 25)
    client = make_client(leader)
    page = client.get(reverse("fidelity:review-edit", args=[review.pk])).content.decode()
    assert 'value="3" aria-describedby="id_item_1_2-anchor" checked' in page
    response = client.post(reverse("fidelity:review-edit", args=[review.pk]), post_data({**ALL_FOURS, 1: 5}))
    assert response.status_code == 302
    assert FidelityReview.objects.count() == 1
    assert list(review.items.order_by("item").values_list("score", flat=True)) == [5] + [4] * 24


def test_comparison_with_the_previous_review(make_client, leader, team, other_team):
    earlier = [3] * 25  # 75, fair
    later = [3] * 25
    later[0], later[16], later[23] = 5, 4, 2  # item 1 +2, item 17 +1, item 24 -1: total 77
    make_review(team, leader, [1] * 25, reviewed=D(2025, 4, 1), start=D(2025, 1, 1), end=D(2025, 3, 31))  # oldest
    make_review(team, leader, earlier, reviewed=D(2025, 10, 1), start=D(2025, 7, 1), end=D(2025, 9, 30))
    make_review(other_team, other_team.leader, [5] * 25, reviewed=D(2026, 1, 1))  # another team's: not compared
    review = make_review(team, leader, later)
    html = make_client(leader).get(review.get_absolute_url()).content.decode()
    assert "Previous review 1 October 2025: 75 (fair fidelity). Change in total: <strong>+2</strong>" in html
    row_1 = html[html.index('id="item-1"') : html.index('id="item-2"')]
    assert '<td class="govuk-table__cell govuk-table__cell--numeric">5</td>' in row_1
    assert '<td class="govuk-table__cell govuk-table__cell--numeric">3</td>' in row_1
    assert "+2" in row_1
    row_24 = html[html.index('id="item-24"') : html.index('id="item-25"')]
    assert "-1" in row_24
    # The first review has nothing to compare with.
    first = FidelityReview.objects.get(review_date=D(2025, 4, 1))
    assert "nothing to compare with" in make_client(leader).get(first.get_absolute_url()).content.decode()


def test_same_day_reviews_compare_by_order_recorded(leader, team):
    from ipsgate.fidelity.selectors import compare, previous_review, review_get

    first = make_review(team, leader, [2] * 25)
    second = make_review(team, leader, [3] * 25)
    loaded = review_get(leader, second.pk)
    previous = previous_review(loaded)
    assert previous is not None and previous.pk == first.pk
    comparison = compare(loaded, previous)
    assert comparison is not None and comparison.total_change == 25
    assert comparison.improved == list(range(1, 26)) and comparison.worse == []


def test_team_reviews_list(make_client, leader, team):
    make_review(team, leader, [5] * 23 + [4, 4])  # 123
    html = make_client(leader).get(reverse("fidelity:team-reviews", args=[team.pk])).content.decode()
    assert "123" in html and "Exemplary fidelity" in html
    assert "Record a fidelity review" in html


# --- Who may see and write --------------------------------------------------------------------------


def test_team_leader_cannot_see_or_write_another_teams_reviews(make_client, leader, team, other_team):
    theirs = make_review(other_team, other_team.leader, [4] * 25)
    client = make_client(leader)
    for url in (
        reverse("fidelity:team-reviews", args=[other_team.pk]),
        reverse("fidelity:review-create", args=[other_team.pk]),
        theirs.get_absolute_url(),
        reverse("fidelity:review-edit", args=[theirs.pk]),
    ):
        assert client.get(url).status_code == 404, url
    assert client.post(reverse("fidelity:review-create", args=[other_team.pk]), post_data(ALL_FOURS)).status_code == 404
    assert client.post(reverse("fidelity:review-edit", args=[theirs.pk]), post_data(ALL_FOURS)).status_code == 404
    assert FidelityReview.objects.count() == 1
    assert other_team.name not in client.get(reverse("fidelity:team-list")).content.decode()


def test_service_manager_records_for_any_team(make_client, team):
    manager = f.ServiceManagerFactory.create()
    response = make_client(manager).post(reverse("fidelity:review-create", args=[team.pk]), post_data(ALL_FOURS))
    assert response.status_code == 302
    assert FidelityReview.objects.get().recorded_by == manager


@pytest.mark.parametrize("who", ["member", "analyst"])
def test_read_only_roles_read_but_get_403_on_writes(make_client, leader, team, member, who):
    review = make_review(team, leader, [4] * 25)
    user = member if who == "member" else f.AnalystFactory.create()
    client = make_client(user)
    assert client.get(review.get_absolute_url()).status_code == 200
    assert client.get(reverse("fidelity:team-reviews", args=[team.pk])).status_code == 200
    assert client.get(reverse("fidelity:review-create", args=[team.pk])).status_code == 403
    assert client.post(reverse("fidelity:review-create", args=[team.pk]), post_data(ALL_FOURS)).status_code == 403
    assert client.post(reverse("fidelity:review-edit", args=[review.pk]), post_data(ALL_FOURS)).status_code == 403
    assert FidelityReview.objects.count() == 1


def test_specialist_of_another_team_gets_404(make_client, leader, team, other_team):
    review = make_review(team, leader, [4] * 25)
    outsider = f.SpecialistFactory.create(team=other_team)
    assert make_client(outsider).get(review.get_absolute_url()).status_code == 404


@pytest.mark.parametrize("factory", [f.ClinicianFactory, f.ProbationPractitionerFactory, f.AdministratorFactory])
def test_other_roles_get_403(make_client, leader, team, factory):
    review = make_review(team, leader, [4] * 25)
    client = make_client(factory.create())
    assert client.get(reverse("fidelity:team-list")).status_code == 403
    assert client.get(review.get_absolute_url()).status_code == 403


def test_analyst_sees_small_counts_as_less_than_5(make_client, leader, team, site):
    review = make_review(team, leader, [4] * 25)
    person = f.ParticipantFactory.create(current_site=site)
    f.ReferralFactory.create(participant=person, referral_date=D(2026, 2, 1))  # awaiting: 1 referral
    analyst_html = make_client(f.AnalystFactory.create()).get(review.get_absolute_url()).content.decode()
    leader_html = make_client(leader).get(review.get_absolute_url()).content.decode()
    assert "0 of 1 referrals not accepted" in leader_html
    assert "0 of 1 referrals not accepted" not in analyst_html
    assert "&lt;5: fewer than 5: not shown" in analyst_html


def test_nav_link_for_the_roles_that_write(make_client, leader, member):
    link = f'href="{reverse("fidelity:team-list")}"'
    assert link in make_client(leader).get(reverse("home"), follow=True).content.decode()
    assert link in make_client(f.ServiceManagerFactory.create()).get(reverse("home"), follow=True).content.decode()
    assert link not in make_client(member).get(reverse("home"), follow=True).content.decode()


def test_the_service_refuses_a_team_out_of_reach(leader, other_team):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        make_review(other_team, leader, [4] * 25)
    assert FidelityReview.objects.count() == 0


# --- Query counts -------------------------------------------------------------------------------------


def add_data(team, site, n: int) -> None:
    """n people at the team's site with an episode, a profile, a job, contacts and employer-log entries."""
    specialist = f.SpecialistFactory.create(site=site, team=team)
    employer = f.EmployerFactory.create()
    for index in range(n):
        person = f.ParticipantFactory.create(current_site=site, allocated_specialist=specialist)
        f.EpisodeFactory.create(participant=person, referral=None, start_date=D(2026, 1, 2))
        f.ReferralFactory.create(participant=person, referral_date=D(2026, 1, 2), received_by=specialist)
        f.VocationalProfileFactory.create(
            participant=person, started_at=datetime.datetime(2026, 1, 5, 12, tzinfo=datetime.UTC)
        )
        job = f.JobFactory.create(participant=person, employer=employer, start_date=D(2026, 2, 1 + index % 20))
        for mode in (ContactMode.IN_PRISON, ContactMode.IN_COMMUNITY):
            f.SupportContactFactory.create(
                participant=person, recorded_by=specialist, mode=mode,
                occurred_at=datetime.datetime(2026, 2, 21, 12, tzinfo=datetime.UTC), job=job,
            )  # fmt: skip


def count(client, url) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries), response.content.decode()


@pytest.mark.parametrize("page", ["review-detail", "review-edit"])
def test_review_pages_keep_a_constant_query_count(make_client, leader, team, site, page, django_assert_max_num_queries):
    make_review(team, leader, [3] * 25, reviewed=D(2025, 10, 1), start=D(2025, 7, 1), end=D(2025, 9, 30))
    review = make_review(team, leader, [4] * 25)
    client = make_client(leader)
    url = reverse(f"fidelity:{page}", args=[review.pk])
    add_data(team, site, 2)
    small, small_html = count(client, url)
    add_data(team, site, 12)
    large, large_html = count(client, url)
    assert "2 job starts" in small_html.replace("(100%) are competitive", "job starts")
    assert "14 of 14 job starts" in large_html  # the page really did count more
    assert small == large
    with django_assert_max_num_queries(small):
        client.get(url)


def test_team_reviews_list_keeps_a_constant_query_count(make_client, leader, team, django_assert_max_num_queries):
    client = make_client(leader)
    url = reverse("fidelity:team-reviews", args=[team.pk])
    make_review(team, leader, [4] * 25)
    small, _ = count(client, url)
    for day in range(1, 9):
        make_review(team, leader, [3] * 25, reviewed=D(2025, 5, day), start=D(2025, 1, 1), end=D(2025, 3, 31))
    large, html = count(client, url)
    assert html.count("Good fidelity") == 1 and html.count("Fair fidelity") == 8
    assert small == large
    with django_assert_max_num_queries(small):
        client.get(url)

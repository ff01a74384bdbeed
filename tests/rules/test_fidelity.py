"""IPS-25 fidelity scoring: bands at every boundary, section totals, suggested scores at every anchor boundary,
and the `ipsgate rules fidelity` JSON contract (exit 0 / exit 2)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ipsgate.rules.fidelity import (
    ITEMS,
    Band,
    Section,
    band_for,
    score_review,
    suggest_caseload,
    suggest_community_share,
    suggest_competitive_share,
    suggest_employer_contacts,
    suggest_rapid_search,
)
from ipsgate.rules.json_contract import InputError, fidelity_from_json

REPO_ROOT = Path(__file__).resolve().parents[2]


def scores_totalling(total: int) -> list[int]:
    """25 scores adding up to `total` (25-125): fill from item 1 with 5s, the rest 1s, one item in between."""
    extra = total - 25
    scores = []
    for _ in range(25):
        step = min(4, extra)
        scores.append(1 + step)
        extra -= step
    assert sum(scores) == total
    return scores


def test_the_scale_has_25_items_in_three_sections():
    assert [i.number for i in ITEMS] == list(range(1, 26))
    assert [i.number for i in ITEMS if i.section == Section.STAFFING] == [1, 2, 3]
    assert [i.number for i in ITEMS if i.section == Section.ORGANISATION] == list(range(4, 12))
    assert [i.number for i in ITEMS if i.section == Section.SERVICES] == list(range(12, 26))
    for item in ITEMS:
        assert len(item.anchors) == 5 and all(a.strip() for a in item.anchors)
        assert item.name and item.measures
    # Items 1 and 2 are the only ones whose five anchors the reference gives in full.
    assert [i.number for i in ITEMS if i.anchors_verified] == [1, 2]
    assert ITEMS[0].anchor(5) == "20 or fewer people per employment specialist."


@pytest.mark.parametrize(
    ("total", "band"),
    [
        (25, Band.NOT_SUPPORTED_EMPLOYMENT),
        (73, Band.NOT_SUPPORTED_EMPLOYMENT),
        (74, Band.FAIR),
        (99, Band.FAIR),
        (100, Band.GOOD),
        (114, Band.GOOD),
        (115, Band.EXEMPLARY),
        (125, Band.EXEMPLARY),
    ],
)
def test_band_boundaries(total, band):
    result = score_review(scores_totalling(total))
    assert result.total == total
    assert result.band == band
    assert band_for(total) == band
    assert str(total) in result.explanation


def test_every_total_has_exactly_the_band_of_its_range():
    expected = dict.fromkeys(range(25, 74), Band.NOT_SUPPORTED_EMPLOYMENT)
    expected |= dict.fromkeys(range(74, 100), Band.FAIR)
    expected |= dict.fromkeys(range(100, 115), Band.GOOD)
    expected |= dict.fromkeys(range(115, 126), Band.EXEMPLARY)
    assert {t: band_for(t) for t in range(25, 126)} == expected


@pytest.mark.parametrize("total", [24, 126, 0])
def test_band_of_an_impossible_total_is_refused(total):
    with pytest.raises(ValueError):
        band_for(total)


def test_section_totals():
    # Staffing items 1-3 score 5, 4, 3 = 12; Organisation 4-11 all 2 = 16; Services 12-25 all 4 = 56. Total 84.
    scores = [5, 4, 3] + [2] * 8 + [4] * 14
    result = score_review(scores)
    assert result.sections == {Section.STAFFING: 12, Section.ORGANISATION: 16, Section.SERVICES: 56}
    assert result.total == 84
    assert result.band == Band.FAIR
    assert "Staffing 12 of 15" in result.explanation
    assert "Organisation 16 of 40" in result.explanation
    assert "Services 56 of 70" in result.explanation
    assert "4, 5, 6, 7, 8, 9, 10, 11" in result.explanation  # items scored 2 are named


BAND_ORDER = [Band.NOT_SUPPORTED_EMPLOYMENT, Band.FAIR, Band.GOOD, Band.EXEMPLARY]


@given(st.lists(st.integers(min_value=1, max_value=5), min_size=25, max_size=25))
def test_total_is_the_sum_and_sections_add_up(scores):
    result = score_review(scores)
    assert result.total == sum(scores)
    assert sum(result.sections.values()) == result.total
    assert result.sections[Section.STAFFING] == sum(scores[:3])


@given(
    st.lists(st.integers(min_value=1, max_value=5), min_size=25, max_size=25),
    st.integers(min_value=0, max_value=24),
)
def test_raising_one_score_never_lowers_the_band(scores, index):
    before = score_review(scores)
    raised = list(scores)
    raised[index] = min(5, raised[index] + 1)
    after = score_review(raised)
    assert after.total >= before.total
    assert BAND_ORDER.index(after.band) >= BAND_ORDER.index(before.band)


@given(st.integers(min_value=25, max_value=124))
def test_band_is_monotone_in_the_total(total):
    assert BAND_ORDER.index(band_for(total + 1)) >= BAND_ORDER.index(band_for(total))


# --- Bad input ------------------------------------------------------------------------------------------


GOOD = {"scores": [4] * 25}


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        pytest.param({"scores": [4] * 24}, "scores", id="24-scores"),
        pytest.param({"scores": [4] * 26}, "scores", id="26-scores"),
        pytest.param({"scores": [0] + [4] * 24}, "scores[0]", id="zero"),
        pytest.param({"scores": [4] * 24 + [6]}, "scores[24]", id="six"),
        pytest.param({"scores": [4] * 3 + [3.5] + [4] * 21}, "scores[3]", id="fraction"),
        pytest.param({"scores": [4] * 3 + [4.0] + [4] * 21}, "scores[3]", id="float-that-looks-whole"),
        pytest.param({"scores": [4] * 5 + ["4"] + [4] * 19}, "scores[5]", id="text"),
        pytest.param({"scores": [True] + [4] * 24}, "scores[0]", id="boolean-true"),
        pytest.param({"scores": [4] * 10 + [False] + [4] * 14}, "scores[10]", id="boolean-false"),
        pytest.param({"scores": [4] * 7 + [None] + [4] * 17}, "scores[7]", id="null"),
        pytest.param({"scores": "4" * 25}, "scores", id="string-not-list"),
        pytest.param({}, "scores", id="missing"),
        pytest.param({"scores": [4] * 25, "team": "x"}, "team", id="unknown-field"),
        pytest.param([4] * 25, "input", id="not-an-object"),
    ],
)
def test_bad_input_names_the_field(payload, field):
    with pytest.raises(InputError) as raised:
        fidelity_from_json(payload)
    assert raised.value.field == field
    assert str(raised.value).startswith(f"{field}: ")


def test_good_input_answers_exactly_the_contract():
    scores = [5, 5, 5] + [4] * 8 + [3] * 14  # 15 + 32 + 42 = 89
    assert fidelity_from_json({"scores": scores}) == {
        "total": 89,
        "band": "fair",
        "sections": {"staffing": 15, "organisation": 32, "services": 42},
    }


@pytest.mark.parametrize(
    ("total", "band"), [(73, "not supported employment"), (74, "fair"), (100, "good"), (115, "exemplary")]
)
def test_json_band_labels(total, band):
    assert fidelity_from_json({"scores": scores_totalling(total)})["band"] == band


@pytest.mark.parametrize("scores", [[1] * 24 + [2], [3] * 25, [5] * 25])
def test_score_review_refuses_what_the_contract_refuses(scores):
    score_review(scores)  # valid: no error
    for bad in ([*scores[:24]], [*scores, 1], [0, *scores[1:]], [6, *scores[1:]], [True, *scores[1:]]):
        with pytest.raises(ValueError):
            score_review(bad)


def run_command(stdin: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - fixed argument list, no shell
        [sys.executable, "-m", "ipsgate", "rules", "fidelity"],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=REPO_ROOT,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "ipsgate.settings.test"},
        timeout=120,
        check=False,
    )


def test_command_good_input():
    completed = run_command(json.dumps({"scores": [5] * 20 + [4] * 5}))  # 120
    assert completed.returncode == 0, completed.stderr
    assert completed.stderr == ""
    assert json.loads(completed.stdout) == {
        "total": 120,
        "band": "exemplary",
        "sections": {"staffing": 15, "organisation": 40, "services": 65},
    }


@pytest.mark.parametrize(
    ("stdin", "starts"),
    [
        (json.dumps({"scores": [4] * 24}), "scores: "),
        (json.dumps({"scores": [True] + [4] * 24}), "scores[0]: "),
        (json.dumps({"scores": [4] * 24 + [6]}), "scores[24]: "),
        ("{not json", "input: "),
    ],
)
def test_command_bad_input(stdin, starts):
    completed = run_command(stdin)
    assert completed.returncode == 2
    assert completed.stdout == ""
    assert completed.stderr.count("\n") == 1 and completed.stderr.endswith("\n")
    assert completed.stderr.startswith(starts)


# --- Suggested scores at every anchor boundary -----------------------------------------------------------


@pytest.mark.parametrize(
    ("people", "specialists", "score"),
    [
        (20, 1, 5),
        (21, 1, 4),
        (41, 2, 4),  # 20.5 per specialist is more than 20
        (40, 2, 5),
        (25, 1, 4),
        (26, 1, 3),
        (30, 1, 3),
        (31, 1, 2),
        (40, 1, 2),
        (41, 1, 1),
        (0, 3, 5),
        (123, 3, 1),  # 41 each
        (120, 3, 2),  # 40 each
    ],
)
def test_caseload_table(people, specialists, score):
    suggestion = suggest_caseload(people=people, specialists=specialists)
    assert suggestion.item == 1
    assert suggestion.score == score
    assert f"suggests {score}" in suggestion.explanation


def test_caseload_without_specialists_suggests_nothing():
    suggestion = suggest_caseload(people=10, specialists=0)
    assert suggestion.score is None and "No specialists" in suggestion.explanation


@pytest.mark.parametrize(
    ("contacts", "weeks", "score"),
    [
        (6, 1, 5),
        (59, 10, 4),  # 5.9
        (60, 10, 5),
        (4, 1, 4),
        (39, 10, 3),  # 3.9
        (3, 1, 3),
        (29, 10, 2),
        (2, 1, 2),
        (19, 10, 1),
        (0, 4, 1),
    ],
)
def test_employer_contacts_table(contacts, weeks, score):
    suggestion = suggest_employer_contacts(contacts=contacts, specialist_weeks=weeks)
    assert (suggestion.item, suggestion.score) == (17, score)
    assert "target of 6" in suggestion.explanation


@pytest.mark.parametrize(
    ("competitive", "jobs", "score"),
    [
        (19, 20, 5),  # 95%
        (94, 100, 4),
        (85, 100, 4),
        (84, 100, 3),
        (75, 100, 3),
        (74, 100, 2),
        (65, 100, 2),
        (64, 100, 1),
        (0, 3, 1),
        (1, 1, 5),
    ],
)
def test_competitive_share_table(competitive, jobs, score):
    assert suggest_competitive_share(competitive=competitive, jobs=jobs).score == score


@pytest.mark.parametrize(
    ("community", "contacts", "score"),
    [
        (65, 100, 5),
        (64, 100, 4),
        (50, 100, 4),
        (49, 100, 3),
        (40, 100, 3),
        (39, 100, 2),
        (11, 100, 2),
        (10, 100, 1),
        (0, 5, 1),
        (13, 20, 5),
    ],
)
def test_community_share_table(community, contacts, score):
    assert suggest_community_share(community=community, contacts=contacts).score == score


@pytest.mark.parametrize(
    ("days", "score"),
    [(0, 5), (30, 5), (30.5, 4), (31, 4), (60, 4), (61, 3), (150, 3), (151, 2), (270, 2), (271, 1), (400, 1)],
)
def test_rapid_search_table(days, score):
    suggestion = suggest_rapid_search(median_days=days, people=3)
    assert (suggestion.item, suggestion.score) == (15, score)


@pytest.mark.parametrize(
    "call",
    [
        lambda: suggest_competitive_share(competitive=0, jobs=0),
        lambda: suggest_community_share(community=0, contacts=0),
        lambda: suggest_employer_contacts(contacts=0, specialist_weeks=0),
        lambda: suggest_rapid_search(median_days=None, people=0),
    ],
)
def test_no_data_suggests_no_score(call):
    suggestion = call()
    assert suggestion.score is None
    assert suggestion.explanation


@pytest.mark.parametrize(
    "call",
    [
        lambda: suggest_competitive_share(competitive=3, jobs=2),
        lambda: suggest_community_share(community=-1, contacts=2),
        lambda: suggest_caseload(people=-1, specialists=2),
        lambda: suggest_rapid_search(median_days=-1, people=2),
    ],
)
def test_impossible_counts_are_refused(call):
    with pytest.raises(ValueError):
        call()

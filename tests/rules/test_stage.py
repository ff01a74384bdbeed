"""participant_stage: exhaustive table over the facts, plus properties."""

from __future__ import annotations

import itertools
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ipsgate.rules.stage import JUST_RELEASED_DAYS, Stage, participant_stage

TODAY = date(2026, 11, 25)


def stage(
    *,
    pending: bool = False,
    open_episode: bool = False,
    any_episode: bool = False,
    custody: bool = False,
    released_days_ago: int | None = None,
    in_work: bool = False,
) -> Stage:
    actual = None if released_days_ago is None else TODAY - timedelta(days=released_days_ago)
    return participant_stage(
        has_pending_referral=pending,
        has_open_episode=open_episode,
        has_any_episode=any_episode or open_episode,
        in_custody=custody,
        actual_release_date=actual,
        in_work=in_work,
        today=TODAY,
    ).stage


@pytest.mark.parametrize(
    ("facts", "expected"),
    [
        # Nothing started.
        ({}, Stage.NOT_ACTIVE),
        ({"custody": True}, Stage.NOT_ACTIVE),
        ({"in_work": True}, Stage.NOT_ACTIVE),
        # Referred, waiting for a decision.
        ({"pending": True}, Stage.REFERRED),
        ({"pending": True, "custody": True}, Stage.REFERRED),
        ({"pending": True, "released_days_ago": 3}, Stage.REFERRED),
        ({"pending": True, "in_work": True}, Stage.REFERRED),
        ({"pending": True, "any_episode": True}, Stage.REFERRED),  # a new referral after support ended
        # Support ended.
        ({"any_episode": True}, Stage.CLOSED),
        ({"any_episode": True, "in_work": True}, Stage.CLOSED),
        ({"any_episode": True, "released_days_ago": 0}, Stage.CLOSED),
        # Open episode, in custody.
        ({"open_episode": True, "custody": True}, Stage.ENGAGED_PRE_RELEASE),
        ({"open_episode": True, "custody": True, "pending": True}, Stage.ENGAGED_PRE_RELEASE),
        ({"open_episode": True, "custody": True, "released_days_ago": 2}, Stage.ENGAGED_PRE_RELEASE),  # recalled
        # Open episode, released: the first 14 days are "just released".
        ({"open_episode": True, "released_days_ago": 0}, Stage.JUST_RELEASED),
        ({"open_episode": True, "released_days_ago": 1}, Stage.JUST_RELEASED),
        ({"open_episode": True, "released_days_ago": 14}, Stage.JUST_RELEASED),
        ({"open_episode": True, "released_days_ago": 15}, Stage.JOB_SEARCHING),
        ({"open_episode": True, "released_days_ago": 400}, Stage.JOB_SEARCHING),
        ({"open_episode": True, "released_days_ago": -1}, Stage.JOB_SEARCHING),  # future date: not "just released"
        ({"open_episode": True}, Stage.JOB_SEARCHING),  # in the community with no release date
        ({"open_episode": True, "pending": True, "released_days_ago": 20}, Stage.JOB_SEARCHING),
        # In work outranks everything else while supported.
        ({"open_episode": True, "in_work": True}, Stage.IN_WORK),
        ({"open_episode": True, "in_work": True, "custody": True}, Stage.IN_WORK),
        ({"open_episode": True, "in_work": True, "released_days_ago": 0}, Stage.IN_WORK),
        ({"open_episode": True, "in_work": True, "released_days_ago": 14}, Stage.IN_WORK),
        ({"open_episode": True, "in_work": True, "pending": True}, Stage.IN_WORK),
    ],
)
def test_stage_table(facts, expected):
    assert stage(**facts) == expected


def test_just_released_window_is_14_days():
    assert JUST_RELEASED_DAYS == 14


@pytest.mark.parametrize(
    ("pending", "open_episode", "any_episode", "custody", "in_work"),
    list(itertools.product([False, True], repeat=5)),
)
def test_every_combination_has_a_stage_and_explanation(pending, open_episode, any_episode, custody, in_work):
    for released_days_ago in (None, -1, 0, 14, 15):
        result = participant_stage(
            has_pending_referral=pending,
            has_open_episode=open_episode,
            has_any_episode=any_episode or open_episode,
            in_custody=custody,
            actual_release_date=None if released_days_ago is None else TODAY - timedelta(days=released_days_ago),
            in_work=in_work,
            today=TODAY,
        )
        assert isinstance(result.stage, Stage)
        assert result.explanation.strip().endswith(".")


dates = st.dates(min_value=date(2000, 1, 1), max_value=date(2060, 12, 31))
facts = {
    "has_pending_referral": st.booleans(),
    "has_open_episode": st.booleans(),
    "has_any_episode": st.booleans(),
    "in_custody": st.booleans(),
    "actual_release_date": st.none() | dates,
    "in_work": st.booleans(),
    "today": dates,
}


@given(**facts)
def test_in_work_with_open_episode_is_always_in_work(**kwargs):
    kwargs.update(has_open_episode=True, in_work=True)
    assert participant_stage(**kwargs).stage == Stage.IN_WORK


@given(**facts)
def test_without_open_episode_only_referral_and_history_matter(**kwargs):
    kwargs["has_open_episode"] = False
    result = participant_stage(**kwargs).stage
    if kwargs["has_pending_referral"]:
        assert result == Stage.REFERRED
    elif kwargs["has_any_episode"]:
        assert result == Stage.CLOSED
    else:
        assert result == Stage.NOT_ACTIVE


@given(**facts)
def test_supported_stages_need_an_open_episode(**kwargs):
    result = participant_stage(**kwargs)
    assert result.explanation.strip()
    supported = {Stage.IN_WORK, Stage.ENGAGED_PRE_RELEASE, Stage.JUST_RELEASED, Stage.JOB_SEARCHING}
    assert (result.stage in supported) == kwargs["has_open_episode"]


@given(**facts)
def test_just_released_means_released_in_the_last_14_days(**kwargs):
    result = participant_stage(**kwargs)
    if result.stage == Stage.JUST_RELEASED:
        assert kwargs["actual_release_date"] is not None
        assert 0 <= (kwargs["today"] - kwargs["actual_release_date"]).days <= 14
        assert not kwargs["in_custody"]
        assert not kwargs["in_work"]

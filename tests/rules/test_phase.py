"""participant_phase: an exhaustive table over every phase and boundary, plus properties.

Every expected phase below was worked out by hand from the rules (IPS through the gate: weekly in-work support
for the first 4 weeks of a job, follow-along after that; "through the gate" from 28 days before release to 28 days
after it; pre-release before that or while the release date is unknown; community job search once out).
"""

from __future__ import annotations

import itertools
import re
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ipsgate.rules.phase import Phase, PhaseResult, participant_phase

TODAY = date(2026, 11, 25)
P = Phase


def on(offset: int | None) -> date | None:
    return None if offset is None else TODAY + timedelta(days=offset)


def long_date(day: date) -> str:
    """ "3 December 2026": the day without a leading zero, the month in full."""
    return f"{day.day} {day:%B} {day.year}"


def phase_of(
    *,
    supported: bool = True,
    in_custody: bool = False,
    release: int | None = None,
    job: int | None = None,
    today: date = TODAY,
) -> PhaseResult:
    return participant_phase(
        supported=supported,
        in_custody=in_custody,
        release_date=on(release),
        earliest_current_job_start=on(job),
        today=today,
    )


def check_plain_english(explanation: str) -> None:
    """A sentence a specialist can read out: no code names, no Python values, correct plurals."""
    assert explanation.strip() == explanation
    assert explanation
    assert explanation[0].isupper()
    assert explanation.endswith(".")
    assert "None" not in explanation
    assert "_" not in explanation
    assert not any(phase.name in explanation for phase in Phase)
    assert not re.search(r"\d{4}-\d{2}-\d{2}", explanation)  # dates in words, never ISO
    assert not re.search(r"\b1 days\b", explanation)
    assert not re.search(r"\b1 weeks\b", explanation)
    assert not re.search(r"\b(?!1\b)\d+ day\b", explanation)


# --- Not supported: closed, whatever else is true -------------------------------------------------------------


@pytest.mark.parametrize(
    ("in_custody", "release", "job"),
    list(itertools.product([False, True], [None, -400, -29, -28, -1, 0, 1, 28, 29, 400], [None, -400, -27, 0, 5])),
)
def test_not_supported_is_always_closed(in_custody, release, job):
    result = phase_of(supported=False, in_custody=in_custody, release=release, job=job)
    assert result.phase is P.CLOSED
    check_plain_english(result.explanation)
    assert "no open episode" in result.explanation


# --- In work / follow-along -----------------------------------------------------------------------------------


@pytest.mark.parametrize("days_in", list(range(28)), ids=lambda n: f"day-{n}")
def test_first_four_weeks_of_a_job_are_in_work(days_in):
    start = TODAY - timedelta(days=days_in)
    result = phase_of(job=-days_in)
    assert result.phase is P.IN_WORK
    check_plain_english(result.explanation)
    assert long_date(start) in result.explanation


@pytest.mark.parametrize(
    ("days_in", "weeks_text"),
    [(28, "4 weeks"), (29, "4 weeks"), (34, "4 weeks"), (35, "5 weeks"), (365, "52 weeks"), (3650, "521 weeks")],
    ids=lambda v: f"{v}",
)
def test_from_week_four_a_job_is_follow_along(days_in, weeks_text):
    start = TODAY - timedelta(days=days_in)
    result = phase_of(job=-days_in)
    assert result.phase is P.FOLLOW_ALONG
    check_plain_english(result.explanation)
    assert long_date(start) in result.explanation
    assert f"({weeks_text})" in result.explanation


@pytest.mark.parametrize(
    ("in_custody", "release", "job", "expected"),
    [
        # A job outranks everything about custody and release (e.g. release on temporary licence to work).
        pytest.param(True, None, -3, P.IN_WORK, id="custody-no-date"),
        pytest.param(True, 10, -3, P.IN_WORK, id="custody-release-in-10"),
        pytest.param(True, 60, -40, P.FOLLOW_ALONG, id="custody-release-in-60"),
        pytest.param(True, -5, -3, P.IN_WORK, id="custody-release-overdue"),
        pytest.param(False, -3, -1, P.IN_WORK, id="released-3-days-ago"),
        pytest.param(False, -10, 0, P.IN_WORK, id="released-10-days-ago-started-today"),
        pytest.param(False, -20, -28, P.FOLLOW_ALONG, id="released-20-days-ago-in-work-4-weeks"),
        pytest.param(False, None, -100, P.FOLLOW_ALONG, id="community-no-date"),
        # A job that has not started yet does not count.
        pytest.param(False, None, 1, P.COMMUNITY_JOB_SEARCH, id="future-job-community"),
        pytest.param(False, -3, 1, P.THROUGH_THE_GATE, id="future-job-just-released"),
        pytest.param(True, 10, 1, P.THROUGH_THE_GATE, id="future-job-release-in-10"),
        pytest.param(True, 60, 30, P.PRE_RELEASE, id="future-job-release-in-60"),
        pytest.param(True, None, 400, P.PRE_RELEASE, id="future-job-no-release-date"),
    ],
)
def test_job_outranks_custody_and_release(in_custody, release, job, expected):
    result = phase_of(in_custody=in_custody, release=release, job=job)
    assert result.phase is expected
    check_plain_english(result.explanation)


# --- Custody and release --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("in_custody", "release", "expected", "mentions"),
    [
        # In custody, counting down to release.
        pytest.param(True, 400, P.PRE_RELEASE, "30 December 2027", id="custody-400-days"),
        pytest.param(True, 60, P.PRE_RELEASE, "24 January 2027", id="custody-60-days"),
        pytest.param(True, 30, P.PRE_RELEASE, "25 December 2026", id="custody-30-days"),
        pytest.param(True, 29, P.PRE_RELEASE, "24 December 2026", id="custody-29-days"),
        pytest.param(True, 28, P.THROUGH_THE_GATE, "in 28 days", id="custody-28-days"),
        pytest.param(True, 27, P.THROUGH_THE_GATE, "in 27 days", id="custody-27-days"),
        pytest.param(True, 2, P.THROUGH_THE_GATE, "in 2 days", id="custody-2-days"),
        pytest.param(True, 1, P.THROUGH_THE_GATE, "in 1 day", id="custody-1-day"),
        pytest.param(True, 0, P.THROUGH_THE_GATE, "today", id="custody-release-today"),
        # Still in custody after the expected date: the record needs checking.
        pytest.param(True, -1, P.THROUGH_THE_GATE, "passed 1 day ago", id="custody-overdue-1"),
        pytest.param(True, -2, P.THROUGH_THE_GATE, "passed 2 days ago", id="custody-overdue-2"),
        pytest.param(True, -29, P.THROUGH_THE_GATE, "passed 29 days ago", id="custody-overdue-29"),
        pytest.param(True, -400, P.THROUGH_THE_GATE, "passed 400 days ago", id="custody-overdue-400"),
        # In custody, no release date.
        pytest.param(True, None, P.PRE_RELEASE, "no release date", id="custody-no-date"),
        # Released.
        pytest.param(False, 0, P.THROUGH_THE_GATE, "Released today", id="released-today"),
        pytest.param(False, -1, P.THROUGH_THE_GATE, "Released 1 day ago", id="released-1"),
        pytest.param(False, -2, P.THROUGH_THE_GATE, "Released 2 days ago", id="released-2"),
        pytest.param(False, -27, P.THROUGH_THE_GATE, "Released 27 days ago", id="released-27"),
        pytest.param(False, -28, P.THROUGH_THE_GATE, "Released 28 days ago", id="released-28"),
        pytest.param(False, -29, P.COMMUNITY_JOB_SEARCH, None, id="released-29"),
        pytest.param(False, -30, P.COMMUNITY_JOB_SEARCH, None, id="released-30"),
        pytest.param(False, -400, P.COMMUNITY_JOB_SEARCH, None, id="released-400"),
        # Out of custody, no release date (e.g. referred from the community).
        pytest.param(False, None, P.COMMUNITY_JOB_SEARCH, None, id="community-no-date"),
    ],
)
def test_custody_and_release_table(in_custody, release, expected, mentions):
    result = phase_of(in_custody=in_custody, release=release)
    assert result.phase is expected
    check_plain_english(result.explanation)
    if mentions is not None:
        assert mentions in result.explanation


def test_overdue_release_asks_for_the_record_to_be_checked():
    result = phase_of(in_custody=True, release=-3)
    assert result.phase is P.THROUGH_THE_GATE
    assert "check the record" in result.explanation
    assert "no release is recorded" in result.explanation


@pytest.mark.parametrize(
    ("release", "today"), [(date(2027, 1, 1), date(2026, 12, 4)), (date(2028, 3, 1), date(2028, 2, 2))]
)
def test_through_the_gate_starts_exactly_28_days_ahead_across_month_and_leap_boundaries(release, today):
    assert (
        participant_phase(
            supported=True, in_custody=True, release_date=release, earliest_current_job_start=None, today=today
        ).phase
        is P.THROUGH_THE_GATE
    )
    day_before = today - timedelta(days=1)
    assert (
        participant_phase(
            supported=True, in_custody=True, release_date=release, earliest_current_job_start=None, today=day_before
        ).phase
        is P.PRE_RELEASE
    )


def test_through_the_gate_ends_exactly_28_days_after_release_across_a_leap_day():
    released = date(2028, 2, 10)  # 28 days later is 9 March 2028 (29 February in between)
    assert (
        participant_phase(
            supported=True,
            in_custody=False,
            release_date=released,
            earliest_current_job_start=None,
            today=date(2028, 3, 9),
        ).phase
        is P.THROUGH_THE_GATE
    )
    assert (
        participant_phase(
            supported=True,
            in_custody=False,
            release_date=released,
            earliest_current_job_start=None,
            today=date(2028, 3, 10),
        ).phase
        is P.COMMUNITY_JOB_SEARCH
    )


# --- A recall: back in custody after a release ----------------------------------------------------------------
# The caller passes the new expected release (or none) while in custody; the old release no longer matters.


@pytest.mark.parametrize(
    ("new_release", "expected", "mentions"),
    [
        pytest.param(60, P.PRE_RELEASE, "24 January 2027", id="recall-release-in-60"),
        pytest.param(29, P.PRE_RELEASE, "24 December 2026", id="recall-release-in-29"),
        pytest.param(28, P.THROUGH_THE_GATE, "in 28 days", id="recall-release-in-28"),
        pytest.param(10, P.THROUGH_THE_GATE, "in 10 days", id="recall-release-in-10"),
        pytest.param(None, P.PRE_RELEASE, "no release date", id="recall-release-unknown"),
    ],
)
def test_recall_brings_back_the_pre_release_path(new_release, expected, mentions):
    # Released 100 days ago (community job search), recalled since.
    assert phase_of(in_custody=False, release=-100).phase is P.COMMUNITY_JOB_SEARCH
    result = phase_of(in_custody=True, release=new_release)
    assert result.phase is expected
    check_plain_english(result.explanation)
    assert mentions in result.explanation


def test_recall_soon_after_release_uses_the_new_date_not_the_old_one():
    # Released 5 days ago (through the gate), then recalled with a new release 90 days away: pre-release again.
    assert phase_of(in_custody=False, release=-5).phase is P.THROUGH_THE_GATE
    assert phase_of(in_custody=True, release=90).phase is P.PRE_RELEASE


# --- Slugs ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("phase", list(Phase), ids=lambda p: p.name)
def test_slug_round_trips(phase):
    assert Phase.from_slug(phase.slug) is phase
    assert re.fullmatch(r"[a-z]+(-[a-z]+)*", phase.slug)


def test_slugs_are_distinct_and_readable():
    assert {p.slug for p in Phase} == {
        "pre-release",
        "through-the-gate",
        "community-job-search",
        "in-work",
        "follow-along",
        "service-as-usual",
        "closed",
    }


@pytest.mark.parametrize("slug", ["", "PRE-RELEASE", "pre_release", "Pre-release", "open", "in-work "])
def test_unknown_slug_is_none(slug):
    assert Phase.from_slug(slug) is None


# --- Properties -----------------------------------------------------------------------------------------------

dates = st.dates()  # the whole calendar: the function must be total
optional_dates = st.none() | dates


@given(
    supported=st.booleans(),
    in_custody=st.booleans(),
    release_date=optional_dates,
    job_start=optional_dates,
    today=dates,
)
def test_total_deterministic_and_closed_iff_not_supported(supported, in_custody, release_date, job_start, today):
    kwargs = {
        "supported": supported,
        "in_custody": in_custody,
        "release_date": release_date,
        "earliest_current_job_start": job_start,
        "today": today,
    }
    result = participant_phase(**kwargs)
    assert isinstance(result, PhaseResult)
    assert isinstance(result.phase, Phase)
    assert participant_phase(**kwargs) == result
    assert (result.phase is P.CLOSED) == (not supported)
    assert result.explanation.strip()
    assert result.explanation.endswith(".")


realistic = st.dates(min_value=date(2000, 1, 1), max_value=date(2060, 12, 31))


@given(
    in_custody=st.booleans(),
    release_date=st.none() | realistic,
    job_start=st.none() | realistic,
    today=realistic,
)
def test_phase_follows_the_facts(in_custody, release_date, job_start, today):
    result = participant_phase(
        supported=True,
        in_custody=in_custody,
        release_date=release_date,
        earliest_current_job_start=job_start,
        today=today,
    )
    check_plain_english(result.explanation)
    working = job_start is not None and job_start <= today
    if working:
        assert job_start is not None
        days_in = (today - job_start).days
        assert result.phase is (P.IN_WORK if days_in < 28 else P.FOLLOW_ALONG)
        assert long_date(job_start) in result.explanation
        return
    assert result.phase not in (P.IN_WORK, P.FOLLOW_ALONG, P.CLOSED)
    if in_custody:
        assert result.phase in (P.PRE_RELEASE, P.THROUGH_THE_GATE)
        if release_date is None:
            assert result.phase is P.PRE_RELEASE
        else:
            assert (result.phase is P.PRE_RELEASE) == ((release_date - today).days > 28)
            if result.phase is P.PRE_RELEASE:
                assert long_date(release_date) in result.explanation
    else:
        assert result.phase in (P.THROUGH_THE_GATE, P.COMMUNITY_JOB_SEARCH)
        released_within_28 = release_date is not None and 0 <= (today - release_date).days <= 28
        assert (result.phase is P.THROUGH_THE_GATE) == released_within_28


# --- The evaluation's service-as-usual group (issue 16 item 2) ------------------------------------------------


@pytest.mark.parametrize(
    ("supported", "in_custody", "release", "job", "expected"),
    [
        # Not supported: closed, whatever the arm.
        pytest.param(False, True, 10, None, P.CLOSED, id="closed"),
        # Supported: service as usual, whatever custody, release and work say (they are followed, not supported).
        pytest.param(True, True, 400, None, P.SERVICE_AS_USUAL, id="pre-release"),
        pytest.param(True, True, 10, None, P.SERVICE_AS_USUAL, id="through-the-gate-before"),
        pytest.param(True, False, -3, None, P.SERVICE_AS_USUAL, id="through-the-gate-after"),
        pytest.param(True, False, -100, None, P.SERVICE_AS_USUAL, id="community"),
        pytest.param(True, False, -100, -3, P.SERVICE_AS_USUAL, id="in-work"),
        pytest.param(True, False, -100, -60, P.SERVICE_AS_USUAL, id="follow-along"),
    ],
)
def test_service_as_usual(supported, in_custody, release, job, expected):
    result = participant_phase(
        supported=supported,
        in_custody=in_custody,
        release_date=on(release),
        earliest_current_job_start=on(job),
        today=TODAY,
        service_as_usual=True,
    )
    assert result.phase is expected
    check_plain_english(result.explanation)
    if expected is P.SERVICE_AS_USUAL:
        assert "does not give them IPS support" in result.explanation
        assert "release, job starts and any recall" in result.explanation


@given(
    supported=st.booleans(),
    in_custody=st.booleans(),
    release=st.none() | st.integers(-500, 500),
    job=st.none() | st.integers(-500, 500),
)
def test_service_as_usual_is_its_own_phase_only_while_supported(supported, in_custody, release, job):
    args = {
        "supported": supported,
        "in_custody": in_custody,
        "release_date": on(release),
        "earliest_current_job_start": on(job),
        "today": TODAY,
    }
    ips = participant_phase(**args)
    sau = participant_phase(**args, service_as_usual=True)
    assert (sau.phase is P.SERVICE_AS_USUAL) is supported
    assert (sau.phase is P.CLOSED) is (ips.phase is P.CLOSED)
    assert ips.phase is not P.SERVICE_AS_USUAL

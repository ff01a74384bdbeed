"""Planning ahead (issue 16 items 7, 11 and 17): the tasks `rules.reminders.planning_tasks` makes from appointments,
interview dates, expected start days, the ready-for-release checklist and a handover. Hand-worked tables, then
properties. Offsets are days from TODAY; due dates were worked out by hand from the rule's words: record what
happened by the next day; follow a missed appointment up within 2 days; the checklist a week before release (the
window opens 28 days before); a handover picked up within 3 days."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ipsgate.rules.release_readiness import ITEMS, ItemStatus, outstanding, readiness_summary
from ipsgate.rules.reminders import CaseFacts, HandoverFacts, Planned, TaskKind, planning_tasks, tasks_for

from .test_reminders import TODAY, check_reasons, engaged, on, phoned

K = TaskKind


def base(**changes) -> CaseFacts:
    """Engaged long ago, in the community, last contact yesterday: no other rule's task gets in the way."""
    return replace(engaged(contacts=[phoned(-1)]), **changes)


def planned(facts: CaseFacts, today: date = TODAY) -> list[tuple[TaskKind, int]]:
    tasks = planning_tasks(facts, today=today)
    check_reasons(tasks)
    return sorted((task.kind, (task.due - today).days) for task in tasks)


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        pytest.param({}, [], id="nothing-planned"),
        pytest.param({"unrecorded_appointment": Planned(on(3), "probation appointment", "10:00")}, [], id="ahead"),
        pytest.param(
            {"unrecorded_appointment": Planned(on(0), "probation appointment", "10:00")},
            [(K.RECORD_APPOINTMENT, 1)],
            id="today-record-by-tomorrow",
        ),
        pytest.param(
            {"unrecorded_appointment": Planned(on(-4), "prison visit")},
            [(K.RECORD_APPOINTMENT, -3)],
            id="four-days-ago-overdue",
        ),
        pytest.param(
            {"missed_appointment": Planned(on(-3), "probation appointment")},
            [],
            id="missed-but-contacted-since",  # last contact yesterday, after the missed day
        ),
        pytest.param({"interview": Planned(on(2), "interview for Baker", "09:00")}, [], id="interview-ahead"),
        pytest.param(
            {"interview": Planned(on(-1), "interview for Baker", "09:00")},
            [(K.RECORD_INTERVIEW, 0)],
            id="interview-yesterday",
        ),
        pytest.param({"expected_start": Planned(on(5), "Baker")}, [], id="start-ahead"),
        pytest.param({"expected_start": Planned(on(0), "Baker")}, [(K.RECORD_JOB_START, 1)], id="start-today"),
        pytest.param(
            {"handover": HandoverFacts(on(-1), "Aisha Rahman")}, [(K.PICK_UP_HANDOVER, 2)], id="handover-yesterday"
        ),
        pytest.param(
            {"handover": HandoverFacts(on(-5), "Aisha Rahman")}, [(K.PICK_UP_HANDOVER, -2)], id="handover-overdue"
        ),
    ],
)
def test_appointments_interviews_starts_and_handovers(changes, expected):
    assert planned(base(**changes)) == expected


def test_a_missed_appointment_is_followed_up_until_the_person_is_contacted():
    missed = Planned(on(-1), "probation appointment", "14:00")
    not_since = replace(engaged(contacts=[phoned(-5)]), missed_appointment=missed)
    assert planned(not_since) == [(K.FOLLOW_UP_MISSED_APPOINTMENT, 1)]
    [task] = planning_tasks(not_since, today=TODAY)
    assert "missed the probation appointment on 24 November 2026 at 14:00" in task.reason
    # A contact on the day of the missed appointment or after it is the follow-up.
    assert planned(replace(engaged(contacts=[phoned(-1)]), missed_appointment=missed)) == []
    assert planned(replace(engaged(contacts=[phoned(0)]), missed_appointment=missed)) == []
    # Never contacted at all: still followed up.
    never = replace(engaged(), missed_appointment=missed)
    assert [kind for kind, _ in planned(never)] == [K.FOLLOW_UP_MISSED_APPOINTMENT]


@pytest.mark.parametrize(
    ("release", "outstanding_items", "expected"),
    [
        pytest.param(40, ("id",), [], id="release-in-40-days-window-not-open"),
        pytest.param(28, ("id",), [(K.RELEASE_CHECKLIST, 21)], id="window-opens-today"),
        pytest.param(12, ("id", "bank_account"), [(K.RELEASE_CHECKLIST, 5)], id="release-in-12-days"),
        pytest.param(3, ("cv",), [(K.RELEASE_CHECKLIST, -4)], id="release-in-3-days-overdue"),
        pytest.param(12, (), [], id="everything-ready"),
    ],
)
def test_the_release_checklist_in_the_4_weeks_before_release(release, outstanding_items, expected):
    facts = replace(
        engaged(contacts=[phoned(-1)], in_custody=True, expected_release=release),
        release_checklist_outstanding=outstanding_items,
    )
    assert planned(facts) == expected


def test_the_checklist_task_names_what_is_outstanding_in_words():
    facts = replace(
        engaged(contacts=[phoned(-1)], in_custody=True, expected_release=12),
        release_checklist_outstanding=("id", "bank_account", "uc_claim"),
    )
    [task] = planning_tasks(facts, today=TODAY)
    assert "Photo ID, Bank account, Universal Credit claim prepared" in task.reason
    assert "7 December 2026" in task.reason  # release on 7 December: due 30 November, a week before


def test_no_checklist_task_out_of_custody_or_with_no_release_date():
    out = replace(engaged(contacts=[phoned(-1)], released=-3), release_checklist_outstanding=("id",))
    unknown = replace(engaged(contacts=[phoned(-1)], in_custody=True), release_checklist_outstanding=("id",))
    assert planned(out) == [] and planned(unknown) == []


def test_planning_tasks_need_an_open_episode():
    facts = replace(base(unrecorded_appointment=Planned(on(-1), "prison visit")), episode_open=False, supported=True)
    assert K.RECORD_APPOINTMENT not in {task.kind for task in tasks_for(facts, today=TODAY)}


def test_facts_without_planning_give_the_tasks_they_gave_before():
    """The planning facts default to "nothing planned", so callers that do not know them are unchanged."""
    facts = engaged(contacts=[phoned(-6)], in_custody=True, expected_release=12)
    assert planning_tasks(facts, today=TODAY) == []


# --- The checklist's own rule -------------------------------------------------------------------------------


def test_outstanding_items_and_the_summary():
    statuses = {item.code: ItemStatus.DONE for item in ITEMS}
    assert outstanding(statuses) == ()
    assert readiness_summary(statuses) == "10 of 10 ready"
    statuses.update(id=ItemStatus.IN_PROGRESS, cv=ItemStatus.NOT_NEEDED, travel=ItemStatus.NOT_STARTED)
    assert [item.code for item in outstanding(statuses)] == ["id", "travel"]
    assert readiness_summary({}) == "0 of 10 ready"  # nothing recorded: everything outstanding


def test_each_item_has_its_own_words():
    by_code = {item.code: item for item in ITEMS}
    assert by_code["id"].status_label("in_progress") == "Applied for"
    assert by_code["id"].status_label("done") == "Obtained"
    assert by_code["uc_appointment"].status_label("done") == "Booked"
    assert by_code["cv"].status_label("not_needed") == "Not needed"
    assert by_code["cv"].status_label("nonsense") == "Not started"


# --- Properties ---------------------------------------------------------------------------------------------

offsets = st.integers(min_value=-60, max_value=60)


@given(day=offsets, today_shift=st.integers(min_value=-30, max_value=30))
def test_a_planned_day_is_a_task_only_once_it_has_come(day, today_shift):
    today = TODAY + timedelta(days=today_shift)
    facts = base(unrecorded_appointment=Planned(on(day), "prison visit"), interview=Planned(on(day), "interview"))
    tasks = planning_tasks(facts, today=today)
    assert bool(tasks) == (on(day) <= today)
    for task in tasks:
        assert task.opens == on(day) and task.due == on(day) + timedelta(days=1)
        assert task.live_on(today)


@given(
    release=st.integers(min_value=-5, max_value=90),
    codes=st.lists(st.sampled_from([item.code for item in ITEMS]), unique=True),
)
def test_the_checklist_task_is_never_after_release_and_only_with_something_outstanding(release, codes):
    facts = replace(
        engaged(contacts=[phoned(-1)], in_custody=True, expected_release=release),
        release_checklist_outstanding=tuple(codes),
    )
    tasks = [task for task in planning_tasks(facts, today=TODAY) if task.kind is K.RELEASE_CHECKLIST]
    assert len(tasks) <= 1
    if tasks:
        assert codes
        assert tasks[0].due <= on(release)
        assert tasks[0].opens == on(release) - timedelta(days=28)
    elif codes:
        assert release > 28  # the window has not opened

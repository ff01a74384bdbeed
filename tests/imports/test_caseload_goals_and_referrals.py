"""Caseload import (issue 21): the optional job goal, saved to the vocational profile through the goals section's
form and service; and a known person's Accepted and referral columns, which accept a referral awaiting a decision
through the decision form and service, and never change the referral itself."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from ipsgate.casework.selectors import timeline_for
from ipsgate.core.models import AuditEvent
from ipsgate.imports.kinds import CREATE, UNCHANGED, UPDATE
from ipsgate.imports.services import import_file, import_preview
from ipsgate.journey.models import ProfileSectionChange, VocationalProfile
from ipsgate.journey.selectors import caseload_for, tasks_of, with_task_facts
from ipsgate.people.forms import ReferralDecisionForm
from ipsgate.people.models import Episode, Participant, Referral
from ipsgate.people.services import referral_decide
from tests import factories

from .conftest import CASELOAD_HEADINGS, caseload_row, csv_bytes

GOAL_HEADINGS = (*CASELOAD_HEADINGS, "Job goal")


def errors_of(preview):
    return [(error.row, error.column, error.message) for error in preview.errors]


def imported(team, rows, name="c.csv"):
    done = import_file(actor=team.leader, kind="caseload", file_name=name, data=csv_bytes(rows))
    assert done.ok, (done.refused, errors_of(done))
    return done


def preview_of(team, rows):
    return import_preview(actor=team.leader, kind="caseload", file_name="c.csv", data=csv_bytes(rows))


def known_person(team, number="A1000AA", **over):
    return factories.ParticipantFactory.create(
        prison_number=number, current_site=team.prison, allocated_specialist=team.specialist, **over
    )


# --- Job goal -------------------------------------------------------------------------------------------------------


def test_a_new_person_with_a_job_goal_has_it_on_their_profile_audited_and_on_their_timeline(team):
    done = imported(team, [GOAL_HEADINGS, [*caseload_row("A1000AA"), "  Work outdoors, maybe landscaping "]])
    assert [(r.action, r.detail) for r in done.results] == [
        (CREATE, "Adds the person and their referral, accepted, with their job goal")
    ]
    person = Participant.objects.get()
    profile = VocationalProfile.objects.get(participant=person)
    assert profile.job_goal == "Work outdoors, maybe landscaping"
    assert (profile.job_sectors, profile.hours_wanted) == ([], "")  # the section's other answers are not the file's
    assert ProfileSectionChange.objects.get(profile=profile).changed_by == team.leader
    assert AuditEvent.objects.filter(
        participant_id=person.pk, object_type="vocational_profile", action="create", username=team.leader.username
    ).exists()
    entry = next(e for e in timeline_for(person, viewer=team.leader) if e.kind == "import")
    assert entry.title == "Added by a caseload import, with their job goal"


def test_a_new_person_without_a_job_goal_gets_no_profile(team):
    imported(team, [GOAL_HEADINGS, [*caseload_row("A1000AA"), ""]])
    assert not VocationalProfile.objects.exists()


@pytest.mark.parametrize(
    ("goal", "message"),
    [
        ("x" * 5_001, "The job goal must be 5,000 characters or fewer"),
        ('=HYPERLINK("http://evil")', "formula"),
    ],
)
def test_a_job_goal_the_form_refuses_is_an_error_on_its_row_and_column_and_nothing_is_written(team, goal, message):
    known_person(team, "A1000AB")
    rows = [
        GOAL_HEADINGS,
        [*caseload_row("A1000AA"), "Bakery work"],
        [*caseload_row("A1000AC"), goal],
        ["A1000AB", *[""] * (len(CASELOAD_HEADINGS) - 1), goal],
    ]
    preview = preview_of(team, rows)
    found = errors_of(preview)
    assert {(row, column) for row, column, _ in found} == {(3, "Job goal"), (4, "Job goal")}
    assert all(message in text for _, _, text in found)
    assert not preview.ok
    assert Participant.objects.count() == 1 and not VocationalProfile.objects.exists()


def test_a_new_job_goal_for_a_known_person_changes_only_the_goal(team):
    person = known_person(team)
    factories.VocationalProfileFactory.create(participant=person, job_sectors=["WAREHOUSING"], job_goal="Warehouse")
    rows = [["Prison number", "Job goal"], ["A1000AA", "Forklift driving"]]
    preview = preview_of(team, rows)
    assert [(r.action, r.detail) for r in preview.results] == [(UPDATE, "Changes job goal")]
    imported(team, rows)
    profile = VocationalProfile.objects.get(participant=person)
    assert (profile.job_goal, profile.job_sectors, profile.hours_wanted) == (
        "Forklift driving",
        ["WAREHOUSING"],
        "full_time",
    )
    assert AuditEvent.objects.filter(participant_id=person.pk, object_type="vocational_profile", action="update")
    assert [r.action for r in preview_of(team, rows).results] == [UNCHANGED]  # the same goal again: no change


def test_a_job_goal_starts_the_profile_of_a_known_person_without_one(team):
    person = known_person(team)
    imported(team, [["Prison number", "Job goal"], ["A1000AA", "Care work"]])
    assert VocationalProfile.objects.get(participant=person).job_goal == "Care work"


def test_a_blank_job_goal_changes_nothing(team):
    person = known_person(team)
    factories.VocationalProfileFactory.create(participant=person, job_goal="Warehouse")
    done = imported(team, [["Prison number", "Job goal"], ["A1000AA", "  "]])
    assert [(r.action, r.detail) for r in done.results] == [(UNCHANGED, "Already as in the file")]
    assert VocationalProfile.objects.get(participant=person).job_goal == "Warehouse"
    assert not AuditEvent.objects.filter(object_type="vocational_profile").exists()


# --- Accepted for a known person ------------------------------------------------------------------------------------

ACCEPT_HEADINGS = ["Prison number", "Accepted", "Accepted on"]


def test_accepted_yes_accepts_the_referral_awaiting_a_decision_and_opens_an_episode(team):
    person = known_person(team)
    referral = factories.ReferralFactory.create(participant=person)
    rows = [ACCEPT_HEADINGS, ["A1000AA", "yes", ""]]
    assert [(r.action, r.detail) for r in preview_of(team, rows).results] == [(UPDATE, "Accepts the referral")]
    imported(team, rows)
    referral.refresh_from_db()
    assert (referral.outcome, referral.outcome_date) == ("accepted", referral.referral_date)  # the referral's date
    episode = Episode.objects.get(participant=person)
    assert (episode.referral, episode.start_date, episode.end_date) == (referral, referral.referral_date, None)
    assert AuditEvent.objects.filter(object_type="referral", object_id=str(referral.pk), action="update").exists()
    entry = next(e for e in timeline_for(person, viewer=team.leader) if e.kind == "import")
    assert entry.title == "Referral accepted by a caseload import"
    # Once supported, the same row is no change.
    assert [(r.action, r.detail) for r in preview_of(team, rows).results] == [(UNCHANGED, "Already as in the file")]


def test_an_imported_acceptance_gives_the_same_tasks_as_one_typed_on_the_decision_page(team):
    today = timezone.localdate()
    typed, listed = (known_person(team, number) for number in ("A1000AA", "A1000AB"))
    typed_referral, _ = (factories.ReferralFactory.create(participant=p, referral_date=today) for p in (typed, listed))
    form = ReferralDecisionForm(
        {"outcome": "accepted", "outcome_date_day": today.day, "outcome_date_month": today.month,
         "outcome_date_year": today.year},
        referral_date=today,
    )  # fmt: skip
    assert form.is_valid(), form.errors
    referral_decide(actor=team.leader, referral=typed_referral, **form.cleaned_data)
    imported(team, [ACCEPT_HEADINGS, ["A1000AB", "yes", today.isoformat()]])

    def tasks(person):
        annotated = with_task_facts(caseload_for(team.specialist)).get(pk=person.pk)
        return [(task.kind, task.due) for task in tasks_of(annotated, today=today)]

    assert tasks(listed) == tasks(typed) != []


def test_accepted_on_before_the_referral_is_the_decision_forms_error(team):
    person = known_person(team)
    factories.ReferralFactory.create(participant=person, referral_date=datetime.date(2026, 3, 10))
    found = errors_of(preview_of(team, [ACCEPT_HEADINGS, ["A1000AA", "yes", "2026-03-09"]]))
    assert [(row, column) for row, column, _ in found] == [(2, "Accepted on")]
    assert "referral date" in found[0][2]
    assert not Episode.objects.exists()


def test_accepted_yes_without_a_referral_awaiting_a_decision_says_what_to_do(team):
    nobody = known_person(team, "A1000AA")
    declined = known_person(team, "A1000AB")
    ended = known_person(team, "A1000AC")
    factories.ReferralFactory.create(
        participant=declined, outcome="declined_by_person", outcome_date=timezone.localdate() - datetime.timedelta(1)
    )
    factories.ClosedEpisodeFactory.create(participant=ended)
    rows = [ACCEPT_HEADINGS, ["A1000AA", "yes", ""], ["A1000AB", "yes", ""], ["A1000AC", "yes", ""]]
    found = errors_of(preview_of(team, rows))
    assert found == [
        (2, "Accepted", "A1000AA has no referral awaiting a decision. Make a new referral on their page"),
        (
            3,
            "Accepted",
            "A1000AB's latest referral was closed as Declined by the person, so there is no referral to accept. "
            "Make a new referral on their page",
        ),
        (4, "Accepted", "A1000AC has no referral awaiting a decision. Make a new referral on their page"),
    ]
    assert not Episode.objects.filter(participant__in=[nobody, declined]).exists()


def test_accepted_no_or_blank_leaves_an_awaiting_referral_alone(team):
    person = known_person(team)
    factories.ReferralFactory.create(participant=person)
    done = imported(team, [ACCEPT_HEADINGS, ["A1000AA", "no", ""]])
    assert [r.action for r in done.results] == [UNCHANGED]
    assert Referral.objects.get().outcome == ""


# --- Referral details for a known person ----------------------------------------------------------------------------


def supported(person) -> Referral:
    """An accepted referral and the open episode it started."""
    referral = factories.AcceptedReferralFactory.create(participant=person)
    factories.EpisodeFactory.create(participant=person, referral=referral)
    return referral


def test_referral_details_that_differ_are_noted_and_the_referral_is_not_changed(team):
    person = known_person(team)
    referral = supported(person)
    before = {name: getattr(referral, name) for name in ("source", "referral_date", "referrer_name")}
    differs = [CASELOAD_HEADINGS, caseload_row("A1000AA", person.given_name, **{"Referrer name": "Someone Else"})]
    done = imported(team, differs)
    [result] = done.results
    assert "Referral details differ from their latest referral: referral details are not changed by an import" in (
        result.detail
    )
    assert result.action == UPDATE and result.detail.startswith("Changes ")  # the row's other columns do change
    referral.refresh_from_db()
    assert {name: getattr(referral, name) for name in before} == before
    assert Referral.objects.count() == 1


def test_referral_details_as_on_record_need_no_note(team):
    person = known_person(team)
    referral = supported(person)
    rows = [
        ["Prison number", "Referral source", "Referral date", "Referrer name", "Wants paid work", "Accepted"],
        ["A1000AA", referral.get_source_display(), referral.referral_date.isoformat(), referral.referrer_name, "yes",
         "yes"],
    ]  # fmt: skip
    assert [(r.action, r.detail) for r in preview_of(team, rows).results] == [(UNCHANGED, "Already as in the file")]
    rows[1][3] = "Another Referrer"
    assert [(r.action, r.detail) for r in preview_of(team, rows).results] == [
        (
            UNCHANGED,
            "Already as in the file. "
            "Referral details differ from their latest referral: referral details are not changed by an import",
        )
    ]


# --- Queries ----------------------------------------------------------------------------------------------------------


def test_the_preview_of_known_people_costs_the_same_queries_for_5_rows_as_for_50(team):
    headings = [*CASELOAD_HEADINGS, "Accepted on", "Job goal"]

    def rows_for(count, start):
        rows = [headings]
        for index in range(start, start + count):
            number = f"B{index:04d}AA"
            person = known_person(team, number)
            factories.ReferralFactory.create(participant=person, referral_date=datetime.date(2026, 1, 2))
            if index % 2:
                factories.VocationalProfileFactory.create(participant=person)
            rows.append([*caseload_row(number, person.given_name, **{"Referrer name": "Changed"}), "", f"Goal {index}"])
        return rows

    def queries(rows):
        with CaptureQueriesContext(connection) as captured:
            preview = preview_of(team, rows)
        assert preview.ok, errors_of(preview)
        assert {r.action for r in preview.results} == {UPDATE}
        assert all("Accepts the referral" in r.detail and "job goal" in r.detail for r in preview.results)
        return len(captured)

    assert queries(rows_for(5, 0)) == queries(rows_for(50, 100))


def test_the_caseload_template_has_the_job_goal_column_and_its_example_row_saves_the_goal(team, make_client):
    data = make_client(team.leader).get(reverse("imports:template", args=["caseload", "csv"])).content
    assert data.decode().splitlines()[0].endswith(",Job goal")
    imported_template = import_file(actor=team.leader, kind="caseload", file_name="template.csv", data=data)
    assert imported_template.ok
    assert VocationalProfile.objects.get().job_goal == "Work outdoors, maybe landscaping"


def test_the_imported_job_goal_shows_on_the_profile_page_in_the_persons_words(team, make_client):
    imported(team, [GOAL_HEADINGS, [*caseload_row("A1000AA"), "Cooking in a busy kitchen"]])
    person = Participant.objects.get()
    page = make_client(team.specialist).get(reverse("journey:profile", args=[person.pk]))
    body = page.content.decode()
    assert page.status_code == 200 and "Cooking in a busy kitchen" in body

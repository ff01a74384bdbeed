"""Importing caseloads and release lists: previewed through the page forms, written all or nothing, scoped, audited."""

from __future__ import annotations

import datetime
import hashlib

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils import timezone

from ipsgate.casework.selectors import timeline_for
from ipsgate.core.batch_writes import BatchItemInvalid
from ipsgate.core.models import AuditEvent
from ipsgate.imports.kinds import CREATE, NOT_KNOWN, UNCHANGED, UPDATE
from ipsgate.imports.models import ImportedChange, ImportRun, ImportStatus
from ipsgate.imports.services import ImportBlocked, import_confirm, import_file, import_preview
from ipsgate.journey.selectors import caseload_for, tasks_of, with_task_facts
from ipsgate.people.forms import ParticipantEditForm
from ipsgate.people.models import Participant
from ipsgate.people.services import participant_update
from tests import factories

from .conftest import CASELOAD_HEADINGS, caseload_row, csv_bytes, xlsx_bytes


def preview_of(user, kind, rows, *, name="file.csv"):
    data = xlsx_bytes(rows) if name.endswith(".xlsx") else csv_bytes(rows)
    return import_preview(actor=user, kind=kind, file_name=name, data=data)


def errors_of(preview):
    return [(error.row, error.column, error.message) for error in preview.errors]


# --- All or nothing, every error with its row and column -----------------------------------------------------------


def test_a_date_written_neither_way_says_how_to_write_it(team):
    rows = [CASELOAD_HEADINGS, caseload_row("A1000AA", **{"Date of birth": "March 1990"})]
    assert errors_of(preview_of(team.leader, "caseload", rows)) == [
        (
            2,
            "Date of birth",
            "Enter the date of birth as YYYY-MM-DD or DD/MM/YYYY, for example 2027-03-14 or 14/03/2027",
        )
    ]


def test_a_file_with_bad_rows_writes_nothing_and_lists_every_error_with_row_and_column(team):
    rows = [
        CASELOAD_HEADINGS,
        caseload_row("A1000AA", "Good"),
        caseload_row("A1000AB", "Baddate", **{"Date of birth": "31/02/1990"}),
        caseload_row("A1000AC", "Nospec", specialist="nobody.here"),
        caseload_row("12345", "Badnumber"),
        caseload_row("A1000AD", "Early", **{"Expected release date": "1980-01-01"}),
        caseload_row("A1000AE", "Elsewhere", site="LOW"),
    ]
    preview = preview_of(team.leader, "caseload", rows)
    assert not preview.ok
    found = errors_of(preview)
    assert (3, "Date of birth", "Date of birth must be a real date: there is no 31/02/1990") in found
    assert (4, "Specialist", "There is no employment specialist with the username nobody.here") in found
    assert any(row == 5 and column == "Prison number" and "format A1234BC" in message for row, column, message in found)
    assert (6, "Expected release date", "Expected release date must be after the date of birth") in found
    assert (
        7,
        "Site",
        "HMP Lowmoor is not one of your team's sites. You can import only into your team's sites",
    ) in found
    assert {row for row, _, _ in found} == {3, 4, 5, 6, 7}
    assert Participant.objects.count() == 0
    run = ImportRun.objects.get()
    assert run.status == ImportStatus.DISCARDED and run.content == b"" and run.errors == len(found)


def test_confirming_writes_every_row_in_one_transaction_or_none(team, monkeypatch):
    rows = [CASELOAD_HEADINGS, caseload_row("A1000AA", "One"), caseload_row("A1000AB", "Two")]
    preview = preview_of(team.leader, "caseload", rows)
    assert preview.ok
    # Both people are written, then the acceptance of the second is refused (as if its referral had been decided
    # since the preview): the first person is rolled back too, and the refusal is on the second person's row.
    from ipsgate.imports import kinds

    def decide(**kwargs):
        assert len(kwargs["decisions"]) == 2 and Participant.objects.count() == 2
        raise BatchItemInvalid(1, ValidationError("Something changed"))

    monkeypatch.setattr(kinds, "referrals_decide", decide)
    with pytest.raises(ImportBlocked) as blocked:
        import_confirm(actor=team.leader, run=preview.run)
    assert errors_of(blocked.value.preview) == [(3, "", "Something changed")]
    assert Participant.objects.count() == 0
    assert ImportRun.objects.get().status == ImportStatus.PREVIEWED


def test_a_database_rule_broken_on_writing_refuses_the_whole_file(team, monkeypatch):
    rows = [CASELOAD_HEADINGS, caseload_row("A1000AA", "One"), caseload_row("A1000AB", "Two")]
    preview = preview_of(team.leader, "caseload", rows)
    from ipsgate.imports import kinds

    def update(**kwargs):
        raise IntegrityError("CHECK constraint failed")

    monkeypatch.setattr(kinds, "participants_update", update)
    with pytest.raises(ImportBlocked) as blocked:
        import_confirm(actor=team.leader, run=preview.run)
    assert "broke one of the database's rules" in blocked.value.preview.errors[0].message
    assert Participant.objects.count() == 0


def test_a_row_that_became_wrong_since_the_preview_blocks_the_whole_import(team):
    preview = preview_of(team.leader, "caseload", [CASELOAD_HEADINGS, caseload_row("A1000AA", "One")])
    team.specialist.is_active = False
    team.specialist.save()
    with pytest.raises(ImportBlocked) as blocked:
        import_confirm(actor=team.leader, run=preview.run)
    assert errors_of(blocked.value.preview)[0][:2] == (2, "Specialist")
    assert Participant.objects.count() == 0


def test_a_confirmed_import_cannot_be_confirmed_again(team):
    preview = preview_of(team.leader, "caseload", [CASELOAD_HEADINGS, caseload_row("A1000AA")])
    import_confirm(actor=team.leader, run=preview.run)
    with pytest.raises(ValidationError, match="already been imported"):
        import_confirm(actor=team.leader, run=preview.run)
    assert Participant.objects.count() == 1


# --- File-level checks ----------------------------------------------------------------------------------------------


def test_duplicate_prison_numbers_in_the_file_are_errors_on_the_later_rows(team):
    rows = [CASELOAD_HEADINGS, caseload_row("A1000AA"), caseload_row("a1000aa", "Again")]
    preview = preview_of(team.leader, "caseload", rows)
    assert (3, "Prison number", "A1000AA is also on row 2. Each prison number may be in the file once") in errors_of(
        preview
    )
    assert preview.run.status == ImportStatus.DISCARDED


def test_formula_cells_are_errors_and_nothing_is_written(team):
    rows = [CASELOAD_HEADINGS, caseload_row("A1000AA", '=HYPERLINK("http://evil")')]
    preview = preview_of(team.leader, "caseload", rows)
    assert any(
        row == 2 and column == "First name" and "formula" in message for row, column, message in errors_of(preview)
    )
    assert Participant.objects.count() == 0


@pytest.mark.parametrize(
    ("headings", "says"),
    [
        (["Prison number", "Shoe size"], "a column this import does not read: Shoe size"),
        (["First name", "Last name"], "must have a Prison number column"),
        (["Prison number", "prison  NUMBER"], "two Prison number columns"),
    ],
)
def test_unknown_missing_or_repeated_columns_refuse_the_file(team, headings, says):
    preview = preview_of(team.leader, "caseload", [headings, ["A1000AA", "x"]])
    assert says in preview.refused
    assert preview.results == []


def test_headings_in_any_case_and_spacing(team):
    rows = [[h.upper().replace(" ", "  ") for h in CASELOAD_HEADINGS], caseload_row("A1000AA")]
    assert preview_of(team.leader, "caseload", rows).ok


def test_each_format_and_encoding_imports_the_same_person(team):
    for index, (name, data) in enumerate(
        [
            ("a.csv", csv_bytes([CASELOAD_HEADINGS, caseload_row("A1000AA", "Zoë")])),
            ("b.csv", b"\xef\xbb\xbf" + csv_bytes([CASELOAD_HEADINGS, caseload_row("A1000AB", "Zoë")])),
            ("c.csv", csv_bytes([CASELOAD_HEADINGS, caseload_row("A1000AC", "Zoë")], encoding="cp1252")),
            ("d.xlsx", xlsx_bytes([CASELOAD_HEADINGS, caseload_row("A1000AD", "Zoë")])),
        ]
    ):
        done = import_file(actor=team.leader, kind="caseload", file_name=name, data=data)
        assert done.ok, (name, done.refused, errors_of(done))
        assert Participant.objects.count() == index + 1
    assert set(Participant.objects.values_list("given_name", flat=True)) == {"Zoë"}


# --- Caseload -------------------------------------------------------------------------------------------------------


def test_caseload_creates_through_the_referral_intake_with_arm_and_episode(team):
    done = import_file(
        actor=team.leader,
        kind="caseload",
        file_name="c.csv",
        data=csv_bytes([CASELOAD_HEADINGS, caseload_row("A1000AA", "Sam")]),
    )
    assert [r.action for r in done.results] == [CREATE]
    person = Participant.objects.get()
    assert person.allocated_specialist == team.specialist and person.current_site == team.prison
    referral = person.referrals.get()
    assert referral.received_by == team.leader and referral.outcome == "accepted"
    assert referral.allocation.arm == "IPS"  # the evaluation's arm, allocated as the New referral page does
    assert person.episodes.get().start_date == referral.referral_date


def test_caseload_update_changes_only_the_columns_present(team):
    person = factories.ParticipantFactory.create(
        prison_number="A1000AA", current_site=team.prison, allocated_specialist=team.specialist, given_name="Sam"
    )
    before = {name: getattr(person, name) for name in ("given_name", "family_name", "date_of_birth", "custody_status")}
    rows = [["Prison number", "Expected release date"], ["A1000AA", "2031-05-06"]]
    done = import_file(actor=team.leader, kind="caseload", file_name="u.csv", data=csv_bytes(rows))
    assert [(r.action, r.detail) for r in done.results] == [(UPDATE, "Changes expected release date")]
    person.refresh_from_db()
    assert person.expected_release_date == datetime.date(2031, 5, 6)
    assert {name: getattr(person, name) for name in before} == before
    again = preview_of(team.leader, "caseload", rows)
    assert [r.action for r in again.results] == [UNCHANGED]


def test_a_new_person_needs_the_columns_a_referral_needs(team):
    preview = preview_of(team.leader, "caseload", [["Prison number", "First name"], ["A1000AA", "Sam"]])
    columns = {column for _, column, _ in errors_of(preview)}
    assert {"Last name", "Date of birth", "Site", "Specialist", "Referral date"} <= columns


# --- Release list ---------------------------------------------------------------------------------------------------


def test_release_list_updates_known_people_lists_unknown_numbers_and_never_creates(team):
    person = factories.ParticipantFactory.create(
        prison_number="A1000AA", current_site=team.prison, allocated_specialist=team.specialist
    )
    new_date = timezone.localdate() + datetime.timedelta(days=40)
    rows = [
        ["Prison number", "Expected release date", "Release type"],
        ["A1000AA", new_date.strftime("%d/%m/%Y"), "Conditional release date"],
        ["Z9999ZZ", "2030-01-01", ""],
    ]
    done = import_file(actor=team.leader, kind="release-list", file_name="release.csv", data=csv_bytes(rows))
    assert [r.action for r in done.results] == [UPDATE, NOT_KNOWN]
    assert Participant.objects.count() == 1
    person.refresh_from_db()
    assert person.expected_release_date == new_date
    entry = next(e for e in timeline_for(person, viewer=team.leader) if e.kind == "import")
    assert "by the prison's release list (Conditional release date)" in entry.title
    assert "release.csv" in entry.description


def test_release_list_moves_tasks_exactly_as_a_typed_change_does(team):
    """Two identical people: one's date typed on the details page (its form and service), the other's from a release
    list. Their To do tasks (rules.reminders through journey.selectors) are the same afterwards."""
    today = timezone.localdate()
    typed, listed = (
        factories.ParticipantFactory.create(
            prison_number=number,
            current_site=team.prison,
            allocated_specialist=team.specialist,
            expected_release_date=today + datetime.timedelta(days=120),
        )
        for number in ("A1000AA", "A1000AB")
    )
    for person in (typed, listed):
        factories.EpisodeFactory.create(participant=person)
    new_date = today + datetime.timedelta(days=20)

    def tasks(person):
        annotated = with_task_facts(caseload_for(team.specialist)).get(pk=person.pk)
        return [(task.kind, task.due) for task in tasks_of(annotated, today=today)]

    before = tasks(listed)

    from ipsgate.imports.kinds import edit_values, form_data

    form = ParticipantEditForm(
        form_data(ParticipantEditForm, {**edit_values(typed), "expected_release_date": new_date}),
        user=team.leader,
        participant=typed,
    )
    assert form.is_valid(), form.errors
    participant_update(actor=team.leader, participant=typed, changes=form.cleaned_data)

    rows = [["Prison number", "Expected release date"], ["A1000AB", new_date.isoformat()]]
    assert import_file(actor=team.leader, kind="release-list", file_name="r.csv", data=csv_bytes(rows)).ok

    after_typed, after_listed = tasks(typed), tasks(listed)
    assert after_listed == after_typed
    assert after_listed != before  # the tasks did move


def test_release_list_refuses_people_already_released_and_a_wrong_prison(team):
    factories.ParticipantFactory.create(
        prison_number="A1000AA",
        current_site=team.prison,
        custody_status="released_on_licence",
        actual_release_date=timezone.localdate() - datetime.timedelta(days=3),
    )
    factories.ParticipantFactory.create(prison_number="A1000AB", current_site=team.prison)
    rows = [
        ["Prison number", "Expected release date", "Prison"],
        ["A1000AA", "2030-01-01", "HIL"],
        ["A1000AB", "2030-01-01", "LOW"],
    ]
    found = errors_of(preview_of(team.manager, "release-list", rows))
    assert found[0][:2] == (2, "Prison number") and "has been released" in found[0][2]
    assert found[1] == (3, "Prison", "A1000AB is recorded at HMP Hillside, not HMP Lowmoor")


# --- Scope ----------------------------------------------------------------------------------------------------------


def test_a_team_leader_cannot_import_into_another_teams_site_or_specialist(team):
    rows = [CASELOAD_HEADINGS, caseload_row("A1000AA", site="LOW", specialist="olly.other")]
    found = errors_of(preview_of(team.leader, "caseload", rows))
    assert (
        2,
        "Site",
        "HMP Lowmoor is not one of your team's sites. You can import only into your team's sites",
    ) in found
    assert (
        2,
        "Specialist",
        "olly.other is not in your team. You can allocate people only to your team's specialists",
    ) in found
    # The service manager may.
    assert preview_of(team.manager, "caseload", rows).ok


def test_a_team_leaders_release_list_leaves_other_teams_people_alone_and_does_not_say_they_exist(team):
    outsider = factories.ParticipantFactory.create(prison_number="A1000AA", current_site=team.other_prison)
    rows = [["Prison number", "Expected release date"], ["A1000AA", "2030-01-01"]]
    done = import_file(actor=team.leader, kind="release-list", file_name="r.csv", data=csv_bytes(rows))
    assert [(r.action, r.detail) for r in done.results] == [
        (NOT_KNOWN, "Nobody in the service you can see has this number")
    ]
    outsider.refresh_from_db()
    assert outsider.expected_release_date != datetime.date(2030, 1, 1)


def test_a_specialist_may_not_import(team):
    with pytest.raises(ValidationError, match="cannot import"):
        preview_of(team.specialist, "caseload", [CASELOAD_HEADINGS, caseload_row("A1000AA")])


# --- The record of the import and the audit -------------------------------------------------------------------------


def test_the_import_is_recorded_and_every_created_and_changed_participant_audited(team):
    existing = factories.ParticipantFactory.create(
        prison_number="A1000AZ", current_site=team.prison, allocated_specialist=team.specialist
    )
    rows = [
        CASELOAD_HEADINGS,
        caseload_row("A1000AA", "One"),
        caseload_row("A1000AB", "Two"),
        ["A1000AZ", "Renamed", *[""] * (len(CASELOAD_HEADINGS) - 2)],
    ]
    data = csv_bytes(rows)
    done = import_file(actor=team.leader, kind="caseload", file_name="people.csv", data=data)
    assert done.ok, errors_of(done)
    run = ImportRun.objects.get()
    assert (run.uploaded_by, run.file_name, run.sha256, run.status) == (
        team.leader,
        "people.csv",
        hashlib.sha256(data).hexdigest(),
        ImportStatus.IMPORTED,
    )
    assert (run.rows, run.created, run.updated, run.unchanged, run.errors) == (3, 2, 1, 0, 0)
    assert run.content == b""  # the file is not kept once imported
    for person in Participant.objects.exclude(pk=existing.pk):
        assert AuditEvent.objects.filter(
            participant_id=person.pk, object_type="participant", action="create", username=team.leader.username
        ).exists()
    assert AuditEvent.objects.filter(participant_id=existing.pk, object_type="participant", action="update").exists()
    assert AuditEvent.objects.filter(object_type="import_run", object_id=str(run.pk)).count() == 2
    assert ImportedChange.objects.filter(run=run).count() == 3

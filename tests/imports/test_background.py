"""The import page checks and writes a file as background tasks (django-tasks): upload → the run's page (waiting,
then the preview from the stored report) → confirm → the run's page (waiting, then the result). The tests' task
backend runs a task as it is queued; `queued_only` swaps in one that only queues, to see the waiting page."""

from __future__ import annotations

import logging

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from ipsgate.imports import services, tasks
from ipsgate.imports.kinds import CREATE, KINDS, UPDATE, RowError, RowResult
from ipsgate.imports.models import ImportRun, ImportStatus
from ipsgate.imports.services import Preview, open_report, seal_report
from ipsgate.people.models import Participant

from .conftest import CASELOAD_HEADINGS, caseload_row, csv_bytes

QUEUE_ONLY = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


def run_url(run: ImportRun) -> str:
    return reverse("imports:run", args=[run.pk])


def post_upload(client, data: bytes, name: str = "people.csv"):
    return client.post(reverse("imports:start"), {"kind": "caseload", "file": SimpleUploadedFile(name, data)})


def two_people() -> bytes:
    return csv_bytes([CASELOAD_HEADINGS, caseload_row("A1000AA", "Sam"), caseload_row("A1000AB", "Alex")])


def test_upload_sends_the_person_to_the_runs_page_which_shows_the_stored_preview(team, make_client):
    client = make_client(team.leader)
    response = post_upload(client, two_people())
    run = ImportRun.objects.get()
    assert response.status_code == 302 and response["Location"] == run_url(run)
    assert run.status == ImportStatus.PREVIEWED and run.rows == 2 and run.created == 2
    assert b"A1000AA" not in bytes(run.report) and b"Sam" not in bytes(run.report)  # encrypted
    body = client.get(run_url(run)).content.decode()
    assert "Check the import" in body and "Import 2 rows" in body and f'name="run" value="{run.pk}"' in body
    assert "A1000AA" in body or "Sam" in body
    assert Participant.objects.count() == 0


def test_while_the_check_is_queued_the_page_says_it_is_checking(team, make_client):
    client = make_client(team.leader)
    with override_settings(TASKS=QUEUE_ONLY):
        post_upload(client, two_people())
        run = ImportRun.objects.get()
        assert run.status == ImportStatus.CHECKING and run.content
        for _ in range(2):
            page = client.get(run_url(run))
            body = page.content.decode()
            assert page.status_code == 200 and "Checking people.csv" in body
            assert "can take a few minutes for a large file" in body and "You can leave this page" in body
            assert f'href="{run_url(run)}"' in body and "Check progress" in body
            assert "data-ipsgate-reload-while-waiting" in body and "reload-while-waiting.js" in body
            assert 'http-equiv="refresh"' not in body and "Import 2 rows" not in body
    assert tasks.check_import.call(run.pk) == ImportStatus.PREVIEWED
    assert "Import 2 rows" in client.get(run_url(run)).content.decode()


def test_confirm_writes_in_the_background_then_the_page_shows_the_result(team, make_client):
    client = make_client(team.leader)
    post_upload(client, two_people())
    run = ImportRun.objects.get()
    with override_settings(TASKS=QUEUE_ONLY):
        confirmed = client.post(reverse("imports:confirm"), {"run": run.pk, "action": "import"})
        assert confirmed.status_code == 302 and confirmed["Location"] == run_url(run)
        run.refresh_from_db()
        assert run.status == ImportStatus.IMPORTING and Participant.objects.count() == 0
        body = client.get(run_url(run)).content.decode()
        assert "Importing people.csv" in body and "Check progress" in body
        # Confirming twice queues one write only.
        again = client.post(reverse("imports:confirm"), {"run": run.pk, "action": "import"})
        assert again["Location"] == reverse("imports:start")
    assert tasks.write_import.call(run.pk) == ImportStatus.IMPORTED
    run.refresh_from_db()
    assert (run.status, run.content, run.created) == (ImportStatus.IMPORTED, b"", 2)
    assert Participant.objects.count() == 2
    body = client.get(run_url(run)).content.decode()
    assert "Import complete" in body and "people.csv: 2 added, 0 updated" in body and "What each row did" in body
    assert tasks.write_import.call(run.pk) == ImportStatus.IMPORTED  # run again: nothing more
    assert Participant.objects.count() == 2


def test_a_write_blocked_by_rows_that_became_wrong_shows_the_errors_and_writes_nothing(team, make_client):
    client = make_client(team.leader)
    post_upload(client, csv_bytes([CASELOAD_HEADINGS, caseload_row("A1000AA")]))
    run = ImportRun.objects.get()
    team.specialist.is_active = False  # the specialist the row names left after the preview
    team.specialist.save()
    confirmed = client.post(reverse("imports:confirm"), {"run": run.pk, "action": "import"})
    assert confirmed["Location"] == run_url(run)
    run.refresh_from_db()
    assert (run.status, run.content) == (ImportStatus.DISCARDED, b"") and run.errors >= 1
    body = client.get(run_url(run)).content.decode()
    assert "govuk-error-summary" in body and "Nothing has been imported" in body
    assert "Row 2, Specialist:" in body
    assert 'name="run"' not in body
    assert Participant.objects.count() == 0


@pytest.mark.parametrize("stage", ["check", "write"])
def test_a_task_that_crashes_leaves_the_run_discarded_with_a_message_not_waiting(
    team, make_client, monkeypatch, caplog, stage
):
    client = make_client(team.leader)

    def crash(*args, **kwargs):
        raise RuntimeError("A1000AA Sam Example")  # what an error could quote from the file

    if stage == "check":
        monkeypatch.setattr(services, "check_file", crash)
    else:
        post_upload(client, two_people())
        monkeypatch.setattr(services, "_write", crash)
    with caplog.at_level(logging.INFO):
        if stage == "check":
            response = post_upload(client, two_people())
        else:
            response = client.post(reverse("imports:confirm"), {"run": ImportRun.objects.get().pk})
    run = ImportRun.objects.get()
    assert response["Location"] == run_url(run)
    assert (run.status, run.content) == (ImportStatus.DISCARDED, b"")
    body = client.get(run_url(run)).content.decode()
    doing = "checking" if stage == "check" else "importing"
    assert f"Something went wrong while {doing} the file. Nothing was imported. Upload the file again" in body
    assert Participant.objects.count() == 0
    assert f"Import run {run.pk}: the {'check' if stage == 'check' else 'import'} failed (RuntimeError)" in caplog.text
    assert "A1000AA" not in caplog.text and "Sam Example" not in caplog.text


def test_a_task_for_a_run_already_done_changes_nothing(team, make_client):
    post_upload(make_client(team.leader), two_people())
    run = ImportRun.objects.get()
    assert tasks.check_import.call(run.pk) == ImportStatus.PREVIEWED
    assert tasks.write_import.call(run.pk) == ImportStatus.PREVIEWED  # never confirmed: not written
    assert Participant.objects.count() == 0


def test_only_the_uploader_sees_a_run(team, make_client):
    post_upload(make_client(team.leader), two_people())
    run = ImportRun.objects.get()
    assert make_client(team.manager).get(run_url(run)).status_code == 404  # may import, but not their file
    assert make_client(team.specialist).get(run_url(run)).status_code == 403  # may not import at all
    assert make_client(team.leader).get(reverse("imports:run", args=[run.pk + 100])).status_code == 404


def test_the_import_page_links_each_recent_run_to_its_page(team, make_client):
    client = make_client(team.leader)
    post_upload(client, two_people())
    body = client.get(reverse("imports:start")).content.decode()
    assert f'href="{run_url(ImportRun.objects.get())}"' in body


def test_a_run_discarded_by_the_person_says_so_without_the_confirm_form(team, make_client):
    client = make_client(team.leader)
    post_upload(client, two_people())
    run = ImportRun.objects.get()
    client.post(reverse("imports:confirm"), {"run": run.pk, "action": "discard"})
    body = client.get(run_url(run)).content.decode()
    assert "Not imported" in body and "You chose not to import this file" in body and 'name="run"' not in body


def test_the_runs_page_costs_a_fixed_number_of_queries(team, make_client, django_assert_max_num_queries):
    client = make_client(team.leader)
    post_upload(client, two_people())
    run = ImportRun.objects.get()
    with django_assert_max_num_queries(8):
        assert client.get(run_url(run)).status_code == 200
    client.post(reverse("imports:confirm"), {"run": run.pk, "action": "import"})
    with django_assert_max_num_queries(8):
        assert client.get(run_url(run)).status_code == 200


def test_a_report_round_trips(team):
    spec = KINDS["caseload"]
    preview = Preview(
        spec=spec,
        file_name="people.csv",
        problems=[RowError(3, "Prison number", "A1000AA is also on row 2")],
        results=[
            RowResult(2, CREATE, "Sam Example (A1000AA)", "New person at HMP Hillside"),
            RowResult(3, UPDATE, "Alex Example (A1000AB)", "", [RowError(3, "Site", "There is no site “Nowhere”")]),
        ],
    )
    back = Preview.from_report(spec, None, open_report(seal_report(preview.to_report())))
    assert (back.refused, back.problems, back.errors) == (preview.refused, preview.problems, preview.errors)
    assert [(r.row, r.action, r.label, r.detail, r.errors) for r in back.results] == [
        (r.row, r.action, r.label, r.detail, r.errors) for r in preview.results
    ]
    assert (back.count_create, back.count_update, back.rows_with_errors, back.ok) == (1, 0, 1, False)
    refused = Preview(spec=spec, file_name="x.txt", refused="The file must be a CSV file")
    assert Preview.from_report(spec, None, open_report(seal_report(refused.to_report()))).refused == refused.refused
    assert open_report(b"") == {}

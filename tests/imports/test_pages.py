"""The import page (upload → preview → confirm), the blank templates and the `ipsgate import` command."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import load_workbook

from ipsgate.imports.kinds import KINDS
from ipsgate.imports.models import ImportRun, ImportStatus
from ipsgate.imports.services import import_file
from ipsgate.people.models import Participant

from .conftest import CASELOAD_HEADINGS, caseload_row, csv_bytes

START = "imports:start"


def upload(client, kind, name, data):
    """Upload a file; the page sends the person to the run's page, where the check (run at once under the tests'
    task backend) is shown."""
    response = client.post(reverse(START), {"kind": kind, "file": SimpleUploadedFile(name, data)})
    assert response.status_code == 302, response.status_code
    run = ImportRun.objects.latest("pk")
    assert response["Location"] == reverse("imports:run", args=[run.pk])
    return client.get(response["Location"])


def test_only_team_leaders_and_service_managers_see_the_page(team, make_client):
    assert make_client(team.specialist).get(reverse(START)).status_code == 403
    page = make_client(team.leader).get(reverse(START))
    assert page.status_code == 200
    assert reverse("imports:template", args=["caseload", "csv"]) in page.content.decode()


def test_the_page_costs_a_fixed_number_of_queries(team, make_client, django_assert_max_num_queries):
    client = make_client(team.leader)
    for index in range(3):
        import_file(
            actor=team.leader,
            kind="caseload",
            file_name=f"{index}.csv",
            data=csv_bytes([CASELOAD_HEADINGS, caseload_row(f"A100{index}AA")]),
        )
    with django_assert_max_num_queries(12):
        assert client.get(reverse(START)).status_code == 200


def test_upload_preview_confirm(team, make_client):
    client = make_client(team.leader)
    data = csv_bytes([CASELOAD_HEADINGS, caseload_row("A1000AA", "Sam"), caseload_row("A1000AB", "Alex")])
    preview = upload(client, "caseload", "people.csv", data)
    body = preview.content.decode()
    assert preview.status_code == 200 and "Check the import" in body and "Import 2 rows" in body
    assert 'class="ipsgate-table-scroll" tabindex="0" role="region" aria-label="What each row will do"' in body
    assert Participant.objects.count() == 0
    run = ImportRun.objects.get()
    confirmed = client.post(reverse("imports:confirm"), {"run": run.pk, "action": "import"})
    assert confirmed.status_code == 302 and confirmed["Location"] == reverse("imports:run", args=[run.pk])
    done = client.get(confirmed["Location"])
    assert done.status_code == 200 and "Import complete" in done.content.decode()
    assert Participant.objects.count() == 2


def test_errors_are_summarised_with_row_and_column_and_nothing_can_be_confirmed(team, make_client):
    client = make_client(team.leader)
    data = csv_bytes([CASELOAD_HEADINGS, caseload_row("A1000AA", specialist="nobody")])
    body = upload(client, "caseload", "people.csv", data).content.decode()
    assert "govuk-error-summary" in body
    assert "Row 2, Specialist: There is no employment specialist with the username nobody" in body
    assert "imports:confirm" not in body and 'name="run"' not in body
    run = ImportRun.objects.get()
    assert client.post(reverse("imports:confirm"), {"run": run.pk}).status_code == 302
    assert Participant.objects.count() == 0


def test_a_refused_file_says_why(team, make_client):
    body = upload(make_client(team.leader), "caseload", "notes.txt", b"hello").content.decode()
    assert "The file cannot be imported" in body and "must be a CSV file (.csv) or an Excel workbook" in body


def test_the_upload_form_names_what_is_missing(team, make_client):
    body = make_client(team.leader).post(reverse(START), {}).content.decode()
    assert "Select what the file holds" in body and "Select a CSV or Excel file" in body


def test_someone_elses_preview_cannot_be_confirmed(team, make_client):
    data = csv_bytes([CASELOAD_HEADINGS, caseload_row("A1000AA")])
    upload(make_client(team.leader), "caseload", "people.csv", data)
    run = ImportRun.objects.get()
    response = make_client(team.manager).post(reverse("imports:confirm"), {"run": run.pk})
    assert response.status_code == 302
    assert Participant.objects.count() == 0


def test_do_not_import_forgets_the_file(team, make_client):
    client = make_client(team.leader)
    upload(client, "caseload", "people.csv", csv_bytes([CASELOAD_HEADINGS, caseload_row("A1000AA")]))
    run = ImportRun.objects.get()
    client.post(reverse("imports:confirm"), {"run": run.pk, "action": "discard"})
    run.refresh_from_db()
    assert (run.status, run.content) == (ImportStatus.DISCARDED, b"")
    assert Participant.objects.count() == 0


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_blank_templates_have_the_headings_and_one_example_row(team, make_client, kind):
    client = make_client(team.leader)
    headings = [column.heading for column in KINDS[kind].columns]
    response = client.get(reverse("imports:template", args=[kind, "csv"]))
    lines = response.content.decode().splitlines()
    assert len(lines) == 2 and lines[0] == ",".join(headings)
    workbook = load_workbook(io.BytesIO(client.get(reverse("imports:template", args=[kind, "xlsx"])).content))
    rows = list(workbook.worksheets[0].iter_rows(values_only=True))
    assert len(rows) == 2 and list(rows[0]) == headings


def test_the_caseload_templates_example_row_imports(team, make_client):
    """The example names one of the team leader's own sites and specialists, so it is a row that works."""
    data = make_client(team.leader).get(reverse("imports:template", args=["caseload", "csv"])).content
    done = import_file(actor=team.leader, kind="caseload", file_name="template.csv", data=data)
    assert done.ok, [(e.column, e.message) for e in done.errors]


def test_an_unknown_template_is_not_found(team, make_client):
    assert make_client(team.leader).get(reverse("imports:template", args=["shoes", "csv"])).status_code == 404


def test_the_command_previews_with_dry_run_then_imports(team, tmp_path, capsys):
    path = tmp_path / "people.csv"
    path.write_bytes(csv_bytes([CASELOAD_HEADINGS, caseload_row("A1000AA"), caseload_row("A1000AB", "Bo")]))
    call_command("import", "caseload", str(path), "--as", team.leader.username, "--dry-run")
    assert "2 rows: 2 to add" in capsys.readouterr().out
    assert Participant.objects.count() == 0
    call_command("import", "caseload", str(path), "--as", team.leader.username)
    assert "Imported people.csv: 2 added" in capsys.readouterr().out
    assert Participant.objects.count() == 2


def test_the_command_prints_every_error_and_writes_nothing(team, tmp_path, capsys):
    path = tmp_path / "people.csv"
    path.write_bytes(csv_bytes([CASELOAD_HEADINGS, caseload_row("A1000AA", specialist="nobody")]))
    with pytest.raises(CommandError, match="Nothing was imported"):
        call_command("import", "caseload", str(path), "--as", team.leader.username)
    assert "Row 2, Specialist: There is no employment specialist" in capsys.readouterr().err
    assert Participant.objects.count() == 0


def test_the_command_refuses_a_role_that_may_not_import(team, tmp_path):
    path = tmp_path / "people.csv"
    path.write_bytes(csv_bytes([CASELOAD_HEADINGS]))
    with pytest.raises(CommandError, match="not an active team leader or service manager"):
        call_command("import", "caseload", str(path), "--as", team.specialist.username)


def test_an_imported_change_shows_on_the_participant_page(team, make_client):
    from tests import factories

    person = factories.ParticipantFactory.create(
        prison_number="A1000AA", current_site=team.prison, allocated_specialist=team.specialist
    )
    rows = [["Prison number", "Expected release date"], ["A1000AA", "2031-02-03"]]
    assert import_file(actor=team.leader, kind="release-list", file_name="list.csv", data=csv_bytes(rows)).ok
    body = make_client(team.leader).get(reverse("people:participant-detail", args=[person.pk])).content.decode()
    assert "changed from" in body and "to 3 February 2031 by the prison&#x27;s release list" in body


def test_showing_a_row_that_names_someone_on_record_is_audited_as_a_read_of_them(team, make_client):
    """A release list row or a caseload update shows the person's name, number or dates: a read of their record,
    recorded when the page is sent; a row that adds someone new names nobody on record."""
    from ipsgate.core.models import AuditEvent

    import_file(
        actor=team.leader,
        kind="caseload",
        file_name="c.csv",
        data=csv_bytes([CASELOAD_HEADINGS, caseload_row("A1000AA")]),
    )
    known = Participant.objects.get(prison_number="A1000AA")
    client = make_client(team.leader)

    def reads() -> list[str]:
        return list(
            AuditEvent.objects.filter(action="read", object_type="participant").values_list("object_id", flat=True)
        )

    data = csv_bytes([CASELOAD_HEADINGS, caseload_row("A1000AA", "Renamed"), caseload_row("A1000AB", "New")])
    page = upload(client, "caseload", "people.csv", data)
    assert "Renamed" in page.content.decode() or "A1000AA" in page.content.decode()
    assert reads() == [str(known.pk)]
    release = csv_bytes(
        [["Prison number", "Expected release date"], ["A1000AA", "2031-05-06"], ["Z9999ZZ", "2031-05-06"]]
    )
    upload(client, "release-list", "release.csv", release)
    assert reads() == [str(known.pk)] * 2
    run = ImportRun.objects.latest("pk")
    client.post(reverse("imports:confirm"), {"run": run.pk, "action": "import"})
    assert client.get(reverse("imports:run", args=[run.pk])).status_code == 200  # "Import complete", naming them
    assert reads() == [str(known.pk)] * 3

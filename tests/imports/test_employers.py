"""Employers (with a named contact) and vacancies (employer by name or id), through the employer pages' forms and
services."""

from __future__ import annotations

from ipsgate.employers.models import Employer, Vacancy
from ipsgate.imports.kinds import CREATE, UNCHANGED, UPDATE
from ipsgate.imports.services import import_file, import_preview

from .conftest import csv_bytes

EMPLOYER_HEADINGS = ["Name", "Industry", "Postcode", "Takes ROTL", "Contact name", "Contact email"]
VACANCY_HEADINGS = [
    "Employer", "Job title", "Type of work", "Postcode", "Hours a week", "Work pattern", "Contract", "Pay", "Pay is",
]  # fmt: skip


def test_employers_with_a_contact_are_added_then_unchanged(team):
    rows = [EMPLOYER_HEADINGS, ["Example Bakery", "Construction", "LS9 8AB", "yes", "Pat Manager", "pat@example.org"]]
    done = import_file(actor=team.leader, kind="employers", file_name="e.csv", data=csv_bytes(rows))
    assert done.ok, [(e.column, e.message) for e in done.errors]
    employer = Employer.objects.get()
    assert (employer.name, employer.sector, employer.takes_rotl) == ("Example Bakery", "CONSTRUCTION", True)
    assert employer.people.get().email == "pat@example.org"
    again = import_preview(actor=team.leader, kind="employers", file_name="e.csv", data=csv_bytes(rows))
    assert [r.action for r in again.results] == [UNCHANGED]


def test_an_employer_update_changes_only_the_columns_present(team):
    rows = [EMPLOYER_HEADINGS, ["Example Bakery", "Construction", "LS9 8AB", "yes", "", ""]]
    import_file(actor=team.leader, kind="employers", file_name="e.csv", data=csv_bytes(rows))
    done = import_file(
        actor=team.leader,
        kind="employers",
        file_name="e2.csv",
        data=csv_bytes([["Name", "Postcode"], ["example bakery", "LS10 1AA"]]),
    )
    assert [r.action for r in done.results] == [UPDATE]
    employer = Employer.objects.get()
    assert (employer.postcode, employer.takes_rotl, employer.sector) == ("LS10 1AA", True, "CONSTRUCTION")


def test_employer_errors_name_row_and_column(team):
    rows = [EMPLOYER_HEADINGS, ["Bakery", "Shoes", "LS9 8AB", "maybe", "Pat", "not-an-email"]]
    preview = import_preview(actor=team.leader, kind="employers", file_name="e.csv", data=csv_bytes(rows))
    columns = {(e.row, e.column) for e in preview.errors}
    assert {(2, "Industry"), (2, "Takes ROTL")} <= columns
    assert Employer.objects.count() == 0


def test_vacancies_name_their_employer_by_name_or_id(team):
    import_file(
        actor=team.leader,
        kind="employers",
        file_name="e.csv",
        data=csv_bytes([["Name", "Industry"], ["Example Bakery", "Construction"]]),
    )
    employer = Employer.objects.get()
    rows = [
        VACANCY_HEADINGS,
        ["Example Bakery", "Labourer", "Construction", "LS9 8AB", "30", "Daytime", "Permanent", "12.60", "An hour"],
        [str(employer.pk), "Site clerk", "Construction", "LS9 8AB", "20", "Daytime", "Permanent", "25000", "A year"],
        ["Nobody Ltd", "Labourer", "Construction", "LS9 8AB", "30", "Daytime", "Permanent", "12.60", "An hour"],
    ]
    preview = import_preview(actor=team.leader, kind="vacancies", file_name="v.csv", data=csv_bytes(rows))
    assert [(e.row, e.column) for e in preview.errors] == [(4, "Employer")]
    done = import_file(actor=team.leader, kind="vacancies", file_name="v.csv", data=csv_bytes(rows[:3]))
    assert [r.action for r in done.results] == [CREATE, CREATE]
    assert set(Vacancy.objects.values_list("employer_id", flat=True)) == {employer.pk}
    again = import_preview(actor=team.leader, kind="vacancies", file_name="v.csv", data=csv_bytes(rows[:3]))
    assert [r.action for r in again.results] == [UNCHANGED, UNCHANGED]

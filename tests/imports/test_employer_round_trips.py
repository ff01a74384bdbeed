"""Export → import round trips for employers and vacancies (issue 21): every employer (with their first named
contact) or every vacancy downloaded in the columns their import reads comes back unchanged, recreates the same
records when they are gone, and a changed cell changes only that record. The export is for importers only and is
audited."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from ipsgate.core.models import AuditEvent
from ipsgate.employers.models import Employer, EmployerContactPerson, Vacancy
from ipsgate.imports.kinds import CREATE, UNCHANGED, UPDATE
from ipsgate.imports.services import import_file, import_preview
from tests import factories

pytestmark = pytest.mark.django_db


def employers(team) -> list[Employer]:
    bakery = factories.EmployerFactory.create(
        name="Example Bakery Ltd",
        sector="HOSPITALITY_CATERING",
        size="small",
        address="1 Mill Lane, Leeds",
        relationship_owner=team.specialist,
        partnership_level="SILVER",
        offence_exclusions=["ARSON", "SEXUAL"],
        takes_rotl=True,
        usual_dbs_level="basic",
        notes="Starts at 6am; =SUM(A1) is text",
    )
    EmployerContactPerson.objects.create(
        employer=bakery, name="Pat Manager", job_title="Store manager", email="pat@example.org"
    )
    factories.EmployerFactory.create(name="Aire Builders", sector="CONSTRUCTION")
    factories.VacancyFactory.create(
        employer=bakery,
        title="Bakery assistant",
        pay_amount=Decimal("12.80"),
        closing_date=datetime.date(2027, 1, 15),
        suitable_for_rotl=True,
        offence_exclusions=["ARSON"],
    )
    return list(Employer.objects.order_by("name"))


def download(client, kind: str, file_format: str) -> bytes:
    response = client.get(reverse("imports:export", args=[kind, file_format]))
    assert response.status_code == 200
    return response.content


@pytest.fixture
def leader_client(make_client, team):
    return make_client(team.leader)


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
@pytest.mark.parametrize("kind", ["employers", "vacancies"])
def test_an_export_imports_back_unchanged(team, leader_client, kind, file_format):
    employers(team)
    data = download(leader_client, kind, file_format)
    preview = import_preview(actor=team.leader, kind=kind, file_name=f"{kind}.{file_format}", data=data)
    assert preview.ok, [(e.row, e.column, e.message) for e in preview.errors]
    assert {r.action for r in preview.results} == {UNCHANGED}
    assert AuditEvent.objects.filter(action="export", object_type=kind, user_id_at_event=team.leader.pk).exists()


def test_an_employer_export_recreates_the_same_employers_and_contacts(team, leader_client):
    employers(team)
    data = download(leader_client, "employers", "csv")
    fields = ("name", "sector", "address", "postcode", "relationship_owner_id", "partnership_level",
              "offence_exclusions", "takes_rotl", "usual_dbs_level", "notes")  # fmt: skip
    before = list(Employer.objects.order_by("name").values_list(*fields))
    contacts = list(EmployerContactPerson.objects.values_list("employer__name", "name", "job_title", "email"))
    Vacancy.objects.all().delete()
    EmployerContactPerson.objects.all().delete()
    Employer.objects.all().delete()
    done = import_file(actor=team.leader, kind="employers", file_name="employers.csv", data=data)
    assert [r.action for r in done.results] == [CREATE, CREATE]
    assert list(Employer.objects.order_by("name").values_list(*fields)) == before
    assert list(EmployerContactPerson.objects.values_list("employer__name", "name", "job_title", "email")) == contacts


def test_a_changed_vacancy_cell_updates_only_that_vacancy(team, leader_client):
    employers(team)
    text = download(leader_client, "vacancies", "csv").decode().replace("12.80", "13.10")
    done = import_file(actor=team.leader, kind="vacancies", file_name="vacancies.csv", data=text.encode())
    assert [r.action for r in done.results] == [UPDATE]
    assert Vacancy.objects.get(title="Bakery assistant").pay_amount == Decimal("13.10")


def test_only_importers_may_export_and_only_employers_and_vacancies(make_client, team, leader_client):
    assert make_client(team.specialist).get(reverse("imports:export", args=["employers", "csv"])).status_code == 403
    assert leader_client.get(reverse("imports:export", args=["caseload", "csv"])).status_code == 404
    assert leader_client.get(reverse("imports:export", args=["employers", "pdf"])).status_code == 404
    factories.EmployerFactory.create(name='=HYPERLINK("http://x")')
    text = download(leader_client, "employers", "csv").decode()
    assert "'=HYPERLINK" in text  # formula-injection safe, through the one spreadsheet guard

"""Jobs recorded before employers existed keep their employer: one employer per distinct name, linked."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("jobs", "0001_initial"), ("journey", "0002_journey_profile_needs_custody")]
AFTER = [("jobs", "0004_job_employer_required"), ("journey", "0003_contact_employer_job")]


def test_employer_names_become_employers():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    site = old.get_model("core", "Site").objects.create(name="HMP Old", kind="prison", prison_code="OLD")
    person = old.get_model("people", "Participant").objects.create(
        given_name="A",
        family_name="B",
        date_of_birth=datetime.date(1990, 1, 1),
        current_site=site,
        custody_status="released_on_licence",
    )
    OldJob = old.get_model("jobs", "Job")
    common = {"participant": person, "job_title": "Porter", "hours_per_week": 16, "hourly_pay": 12.5}
    OldJob.objects.create(
        employer_name="Acme", start_date=datetime.date(2026, 1, 1), end_date=datetime.date(2026, 2, 1), **common
    )
    OldJob.objects.create(employer_name="Acme", start_date=datetime.date(2026, 3, 1), **common)
    OldJob.objects.create(employer_name="Bolt Ltd", start_date=datetime.date(2026, 3, 1), **common)

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps
    jobs = list(
        new.get_model("jobs", "Job").objects.order_by("start_date", "id").values_list("employer__name", "end_reason")
    )
    assert jobs == [("Acme", "other"), ("Acme", ""), ("Bolt Ltd", "")]
    assert new.get_model("employers", "Employer").objects.count() == 2
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

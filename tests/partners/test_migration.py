"""Referrals out made before `referred_from` existed get the site the person is at (issue 18 §3)."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("partners", "0004_referral_out_referred_from")]
AFTER = [("partners", "0006_referral_out_referred_from_required")]


def test_existing_referrals_out_are_counted_at_the_persons_site():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    site = old.get_model("core", "Site").objects.create(name="HMP Old", kind="prison", prison_code="OLD")
    user = old.get_model("core", "User").objects.create(username="keeper", role="team_leader")
    person = old.get_model("people", "Participant").objects.create(
        given_name="A",
        family_name="B",
        date_of_birth=datetime.date(1990, 1, 1),
        current_site=site,
        custody_status="released_on_licence",
    )
    when = datetime.date(2026, 11, 2)
    partner = old.get_model("partners", "Partner").objects.create(
        name="Housing", kind="housing", updated_by=user, updated_at=datetime.datetime(2026, 11, 1, tzinfo=datetime.UTC)
    )
    old.get_model("partners", "ReferralOut").objects.create(
        participant=person, partner=partner, pathway="ACCOMMODATION", referred_on=when, method="phone", asked="x",
        consent_to_share=True, status="sent", status_on=when, created_by=user,
        created_at=datetime.datetime(2026, 11, 2, tzinfo=datetime.UTC),
    )  # fmt: skip

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps
    assert list(new.get_model("partners", "ReferralOut").objects.values_list("referred_from__name", flat=True)) == [
        "HMP Old"
    ]
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

"""The one-record services are now the batch of one: they, and the pages that call them, must cost no more queries than
they did before the batch forms existed. The budgets are the counts measured with this test on the commit before them
(24b979d); the pages' budgets include the page's own reads."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ipsgate.casework import services as casework_services
from ipsgate.evaluation.services import RANDOM, allocation_record, trial_start
from ipsgate.people.choices import ReferralOutcome
from ipsgate.people.services import participant_refer, participant_update, referral_decide
from tests import factories
from tests.batch_support import referral_details
from tests.conftest import date_fields
from tests.people.test_referral_form import REFERRAL_URL, decision_url

pytestmark = pytest.mark.django_db

BEFORE_BATCHES = {  # queries on the commit before the batch forms (24b979d), on SQLite; PostgreSQL stays within
    "refer": 28,
    "refer with a chosen arm": 36,
    "refer with a random arm": 38,
    "decide: accepted": 19,
    "decide: withdrawn": 17,
    "update: name": 19,
    "update: prison number": 19,
    "allocate at random": 8,
    "page: referral": 48,
    "page: decision": 27,
    "page: edit": 29,
}


def measured(write) -> int:
    with CaptureQueriesContext(connection) as captured:
        write()
    return len(captured)


@pytest.fixture
def specialist(prison):
    return factories.SpecialistFactory.create(site=prison)


def pending_referral(specialist):
    person = factories.ParticipantFactory.create(current_site=specialist.site, allocated_specialist=specialist)
    return factories.ReferralFactory.create(participant=person, referral_date=factories.days_ago(10))


def intake(n, site, specialist, arm):
    base = referral_details(n, site, specialist)
    return casework_services.ReferralDetails(
        **{f: getattr(base, f) for f in base.__dataclass_fields__}, evaluation_arm=arm, mentoring=False
    )


def counts_now(prison, specialist, make_client) -> dict[str, int]:
    found = {}
    found["refer"] = measured(
        lambda: participant_refer(actor=specialist, details=referral_details(1, prison, specialist))
    )
    found["refer with a chosen arm"] = measured(
        lambda: casework_services.participant_refer(actor=specialist, details=intake(2, prison, specialist, "IPS"))
    )
    referral = pending_referral(specialist)
    found["decide: accepted"] = measured(
        lambda: referral_decide(
            actor=specialist, referral=referral, outcome=ReferralOutcome.ACCEPTED, outcome_date=factories.today()
        )
    )
    referral = pending_referral(specialist)
    found["decide: withdrawn"] = measured(
        lambda: referral_decide(
            actor=specialist, referral=referral, outcome=ReferralOutcome.WITHDRAWN, outcome_date=factories.today()
        )
    )
    person = factories.ParticipantFactory.create(current_site=prison, allocated_specialist=specialist)
    found["update: name"] = measured(
        lambda: participant_update(actor=specialist, participant=person, changes={"family_name": "Changed"})
    )
    found["update: prison number"] = measured(
        lambda: participant_update(
            actor=specialist, participant=person, changes={"prison_number": factories.prison_number_for(990_001)}
        )
    )
    client = make_client(specialist)
    person = factories.ParticipantFactory.create(current_site=prison, allocated_specialist=specialist)
    edit = {
        "given_name": person.given_name,
        "family_name": "Edited",
        "preferred_name": "",
        **date_fields("date_of_birth", person.date_of_birth),
        "prison_number": person.prison_number,
        "current_site": str(prison.pk),
        "custody_status": person.custody_status,
        **date_fields("expected_release_date", person.expected_release_date),
        **date_fields("actual_release_date", None),
        "allocated_specialist": str(specialist.pk),
        "sex": "",
        "preferred_language": "en",
    }
    url = reverse("people:participant-edit", args=[person.pk])
    found["page: edit"] = measured(lambda: assert_redirect(client.post(url, edit)))
    referral = pending_referral(specialist)
    decision = {"outcome": "accepted", **date_fields("outcome_date", factories.today())}
    found["page: decision"] = measured(lambda: assert_redirect(client.post(decision_url(referral), decision)))
    trial_start(name="Trial", seed="one-record")
    found["refer with a random arm"] = measured(
        lambda: casework_services.participant_refer(actor=specialist, details=intake(3, prison, specialist, RANDOM))
    )
    made = casework_services.participant_refer(actor=specialist, details=intake(4, prison, specialist, ""))
    found["allocate at random"] = measured(
        lambda: allocation_record(actor=specialist, referral=made, choice=RANDOM, mentoring=False)
    )
    today = factories.today()
    form = {
        "wants_paid_work": "yes",
        "given_name": "Page",
        "family_name": "Referral",
        "preferred_name": "",
        **date_fields("date_of_birth", datetime.date(1990, 3, 27)),
        "prison_number": factories.prison_number_for(990_002),
        "current_site": str(prison.pk),
        "custody_status": "in_custody",
        **date_fields("expected_release_date", today + datetime.timedelta(days=60)),
        "source": "prison_mental_health",
        **date_fields("referral_date", today),
        "referrer_name": "Dr Ref",
        "referrer_organisation": "In-reach",
        "allocated_specialist": str(specialist.pk),
        "evaluation_arm": RANDOM,
        "mentoring": "no",
    }
    found["page: referral"] = measured(lambda: assert_redirect(client.post(REFERRAL_URL, form)))
    return found


def assert_redirect(response) -> None:
    assert response.status_code == 302, response.content.decode()[:2000]


def test_one_record_services_and_their_pages_cost_no_more_than_before_the_batch_forms(prison, specialist, make_client):
    found = counts_now(prison, specialist, make_client)
    over = {name: (count, BEFORE_BATCHES[name]) for name, count in found.items() if count > BEFORE_BATCHES[name]}
    assert not over, f"more queries than before (now, before): {over}"

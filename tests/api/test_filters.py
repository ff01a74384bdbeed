"""Filtering and pagination: documented parameters narrow the list; bad values are a 400 naming the parameter."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests import factories

from .conftest import Case, make_case


def ids(response) -> list[int]:
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["results"]]


@pytest.fixture
def client(make_client, specialist):
    return make_client(specialist)


def test_participants_by_text_custody_status_and_active(client, prison, specialist):
    ann = make_case(prison, specialist, given_name="Ann", family_name="Lee").participant
    bob = factories.ParticipantFactory.create(
        current_site=prison, allocated_specialist=specialist, given_name="Bob", family_name="Lee", released=True
    )
    bob.current_site = prison
    bob.save()
    url = reverse("api:participant-list")
    assert ids(client.get(url, {"q": "lee"})) == [ann.pk, bob.pk]  # family name, then given name
    assert ids(client.get(url, {"q": "ann lee"})) == [ann.pk]
    assert ids(client.get(url, {"q": ann.prison_number.lower()})) == [ann.pk]
    assert ids(client.get(url, {"custody_status": "released_on_licence"})) == [bob.pk]
    assert ids(client.get(url, {"active": "true"})) == [ann.pk]  # Bob has no episode or pending referral
    assert ids(client.get(url, {"active": "false"})) == [ann.pk, bob.pk]
    assert ids(client.get(url, {"site": prison.pk, "specialist": specialist.pk})) == [ann.pk, bob.pk]
    assert ids(client.get(url, {"specialist": specialist.pk + 1000})) == []


def test_referrals_by_outcome_and_date_range(client, prison, specialist, own_case: Case):
    pending = factories.ReferralFactory.create(participant=own_case.participant, received_by=specialist)
    url = reverse("api:referral-list")
    assert ids(client.get(url, {"outcome": "pending"})) == [pending.pk]
    assert ids(client.get(url, {"outcome": "accepted"})) == [own_case.referral.pk]
    day = own_case.referral.referral_date.isoformat()
    assert set(ids(client.get(url, {"referred_from": day, "referred_to": day}))) == {own_case.referral.pk, pending.pk}
    assert ids(client.get(url, {"referred_to": "2000-01-01"})) == []
    assert set(ids(client.get(url, {"participant": own_case.participant.pk}))) == {own_case.referral.pk, pending.pk}


def test_contacts_jobs_applications_vacancies_employers(client, own_case: Case):
    assert ids(client.get(reverse("api:support-contact-list"), {"took_place": "false"})) == []
    assert ids(client.get(reverse("api:support-contact-list"), {"contact_with": "participant"})) == [
        own_case.contact.pk
    ]
    assert ids(client.get(reverse("api:job-list"), {"current": "true"})) == [own_case.job.pk]
    assert ids(client.get(reverse("api:job-list"), {"current": "false"})) == []
    assert ids(client.get(reverse("api:application-list"), {"status": "interested"})) == [own_case.application.pk]
    assert ids(client.get(reverse("api:application-list"), {"status": "started"})) == []
    vacancy = own_case.vacancy
    assert ids(client.get(reverse("api:vacancy-list"), {"employer": vacancy.employer_id, "status": "open"})) == [
        vacancy.pk
    ]
    assert ids(client.get(reverse("api:vacancy-list"), {"status": "closed"})) == []
    assert ids(client.get(reverse("api:employer-list"), {"q": vacancy.employer.name.split()[1]})) == [
        vacancy.employer_id
    ]
    employer = client.get(reverse("api:employer-detail", args=[vacancy.employer_id])).json()
    assert employer["open_vacancies"] == 1


BAD_DATE = ["Date has wrong format. Use one of these formats instead: YYYY-MM-DD."]
BAD_ORDER = ["Must be on or after the start of the range."]
NOT_AN_ID = [f"Enter a whole number from 1 to {2**63 - 1}."]


@pytest.mark.parametrize(
    ("name", "params", "message"),
    [
        ("participant", {"custody_status": "escaped"}, {"custody_status": ['"escaped" is not a valid choice.']}),
        ("participant", {"site": "LEI"}, {"site": NOT_AN_ID}),
        ("participant", {"site": "0"}, {"site": NOT_AN_ID}),
        ("participant", {"site": str(2**70)}, {"site": NOT_AN_ID}),
        # Issue 15 item 7: one validator for every id, ASCII digits only (DRF alone read these as 3, 1, 1 and 10).
        ("participant", {"specialist": "٣"}, {"specialist": NOT_AN_ID}),
        ("referral", {"participant": " 1"}, {"participant": NOT_AN_ID}),
        ("job", {"employer": "1.0"}, {"employer": NOT_AN_ID}),
        ("application", {"participant": "1_0"}, {"participant": NOT_AN_ID}),
        ("vacancy", {"employer": "²"}, {"employer": NOT_AN_ID}),
        ("participant", {"page": "٣"}, {"page": ["Enter a whole number from 1 to 1000000."]}),
        ("participant", {"active": "maybe"}, {"active": ["Must be a valid boolean."]}),
        ("participant", {"q": "x" * 101}, {"q": ["Ensure this field has no more than 100 characters."]}),
        ("participant", {"q": "a\x00b"}, {"q": ["Null characters are not allowed."]}),
        ("referral", {"referred_from": "31/12/2024"}, {"referred_from": BAD_DATE}),
        ("referral", {"referred_from": "2025-02-01", "referred_to": "2025-01-01"}, {"referred_to": BAD_ORDER}),
        ("support-contact", {"occurred_from": "2025-13-01"}, {"occurred_from": BAD_DATE}),
        ("job", {"started_from": "2025-02-01", "started_to": "2025-01-01"}, {"started_to": BAD_ORDER}),
        ("vacancy", {"status": "OPEN"}, {"status": ['"OPEN" is not a valid choice.']}),
        ("participant", {"page": "0"}, {"page": ["Enter a whole number from 1 to 1000000."]}),
        ("participant", {"page": "two"}, {"page": ["Enter a whole number from 1 to 1000000."]}),
        ("participant", {"page_size": "101"}, {"page_size": ["Enter a whole number from 1 to 100."]}),
        ("employer", {"page_size": "-1"}, {"page_size": ["Enter a whole number from 1 to 100."]}),
    ],
)  # fmt: skip
def test_bad_parameters_are_400_with_a_message(client, own_case: Case, name, params, message):
    response = client.get(reverse(f"api:{name}-list"), params)
    assert response.status_code == 400
    assert response.json() == message


def test_pagination_pages_and_counts(client, prison, specialist):
    people = [factories.ParticipantFactory.create(current_site=prison) for _ in range(5)]
    expected = sorted(people, key=lambda p: (p.family_name, p.given_name, p.pk))
    url = reverse("api:participant-list")
    first = client.get(url, {"page_size": 2}).json()
    assert first["count"] == 5
    assert [row["id"] for row in first["results"]] == [p.pk for p in expected[:2]]
    assert first["previous"] is None and "page=2" in first["next"]
    last = client.get(url, {"page_size": 2, "page": 3}).json()
    assert [row["id"] for row in last["results"]] == [expected[4].pk]
    assert last["next"] is None
    assert client.get(url, {"page_size": 2, "page": 4}).status_code == 404  # past the last page
    assert len(client.get(url).json()["results"]) == 5  # default page size 25


def test_retrieve_ignores_list_filters_and_rejects_odd_ids(client, own_case: Case):
    pk = own_case.participant.pk
    assert client.get(reverse("api:participant-detail", args=[pk]), {"site": "bad"}).status_code == 200
    for odd in ("abc", "-1", "0", "1e3", str(2**64)):
        response = client.get(f"/api/v1/participants/{odd}/")
        assert response.status_code == 404, odd
        assert response.json() == {"detail": "No such record."}

"""Every API read of participant data is audited like the pages, and list endpoints cost a constant number of
queries whatever the data size."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ipsgate.core.audit import audit_verify
from ipsgate.core.models import AuditEvent
from tests import factories

from .conftest import Case, make_case, token_client

RECORD_KINDS = [
    ("participant", "participant", "participant"),
    ("referral", "referral", "referral"),
    ("support-contact", "contact", "support_contact"),
    ("application", "application", "application"),
    ("job", "job", "job"),
]


def events() -> list[tuple[str, str, str, int | None, str]]:
    return [
        (e.action, e.object_type, e.object_id, e.participant_id, e.username)
        for e in AuditEvent.objects.order_by("sequence")
    ]


@pytest.mark.parametrize(("basename", "attr", "object_type"), RECORD_KINDS)
def test_list_audits_each_record_shown_and_retrieve_audits_one(
    basename, attr, object_type, make_client, prison, specialist
):
    cases = [make_case(prison, specialist) for _ in range(3)]
    client = make_client(specialist)
    before = AuditEvent.objects.count()
    response = client.get(reverse(f"api:{basename}-list"), {"page_size": 2})
    assert response.status_code == 200
    shown = [row["id"] for row in response.json()["results"]]
    assert len(shown) == 2
    by_id = {getattr(case, attr).pk: case for case in cases}
    new = events()[before:]
    assert new == [("read", object_type, str(pk), by_id[pk].participant.pk, specialist.username) for pk in shown]

    record = getattr(cases[2], attr)
    before = AuditEvent.objects.count()
    assert client.get(reverse(f"api:{basename}-detail", args=[record.pk])).status_code == 200
    assert events()[before:] == [("read", object_type, str(record.pk), cases[2].participant.pk, specialist.username)]
    assert audit_verify().ok


def test_refused_and_out_of_scope_reads_write_no_read_event(make_client, specialist, other_case: Case):
    client = make_client(specialist)
    before = AuditEvent.objects.count()
    assert client.get(reverse("api:participant-detail", args=[other_case.participant.pk])).status_code == 404
    assert client.get(reverse("api:participant-list"), {"site": "bad"}).status_code == 400
    assert make_client(factories.AnalystFactory.create()).get(reverse("api:participant-list")).status_code == 403
    assert AuditEvent.objects.count() == before


def test_a_service_account_read_is_audited_under_its_name(service_account, own_case: Case):
    before = AuditEvent.objects.count()
    token_client(service_account).get(reverse("api:participant-detail", args=[own_case.participant.pk]))
    assert events()[before:] == [
        ("read", "participant", str(own_case.participant.pk), own_case.participant.pk, service_account.username)
    ]


def test_employers_and_vacancies_hold_no_participant_data_and_are_not_audited(make_client, specialist, own_case):
    client = make_client(specialist)
    before = AuditEvent.objects.count()
    assert client.get(reverse("api:employer-list")).status_code == 200
    assert client.get(reverse("api:vacancy-list")).status_code == 200
    assert AuditEvent.objects.count() == before


def count_queries(client, url: str) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, response.content
    return len(captured), len(response.json()["results"])


@pytest.mark.parametrize(
    "basename", ["participant", "referral", "support-contact", "application", "job", "employer", "vacancy"]
)
def test_list_query_count_is_constant_at_two_sizes(
    basename, make_client, prison, specialist, django_assert_max_num_queries
):
    client = make_client(specialist)
    url = reverse(f"api:{basename}-list")
    make_case(prison, specialist)
    small, small_rows = count_queries(client, url)
    for _ in range(7):
        case = make_case(prison, specialist)
        factories.SupportContactFactory.create(participant=case.participant)  # more than one per person
    large, large_rows = count_queries(client, url)
    assert small_rows < large_rows  # the list really did grow
    assert small == large
    with django_assert_max_num_queries(small):
        client.get(url)


def test_token_list_query_count_is_constant_too(service_account, prison, specialist):
    client = token_client(service_account)
    url = reverse("api:participant-list")
    make_case(prison, specialist)
    client.get(url)  # the token's first use records its last-used date (one UPDATE, then at most once a minute)
    small, _ = count_queries(client, url)
    for _ in range(6):
        make_case(prison, specialist)
    large, rows = count_queries(client, url)
    assert rows == 7
    assert small == large

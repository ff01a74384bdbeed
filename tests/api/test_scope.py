"""Each endpoint answers only within the caller's scope (404 outside it), and each role reaches only the
resources its pages allow (403 otherwise)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from ipsgate.core.choices import Role
from tests import factories

from .conftest import Case, make_case

# basename -> the Case attribute holding that kind of record
PARTICIPANT_DATA = {
    "participant": "participant",
    "referral": "referral",
    "support-contact": "contact",
    "application": "application",
    "job": "job",
}


def ids(response) -> set[int]:
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


@pytest.mark.parametrize("basename", PARTICIPANT_DATA)
def test_specialist_lists_own_site_only_and_other_site_records_are_404(
    basename, make_client, specialist, own_case: Case, other_case: Case
):
    client = make_client(specialist)
    own = getattr(own_case, PARTICIPANT_DATA[basename])
    other = getattr(other_case, PARTICIPANT_DATA[basename])

    assert ids(client.get(reverse(f"api:{basename}-list"))) == {own.pk}
    assert client.get(reverse(f"api:{basename}-detail", args=[own.pk])).json()["id"] == own.pk
    response = client.get(reverse(f"api:{basename}-detail", args=[other.pk]))
    assert response.status_code == 404
    assert response.json() == {"detail": "No such record."}  # the same answer as for an id that does not exist
    assert client.get(reverse(f"api:{basename}-detail", args=[10**9])).json() == {"detail": "No such record."}


def test_service_manager_sees_every_site(make_client, own_case: Case, other_case: Case):
    client = make_client(factories.ServiceManagerFactory.create())
    expected = {own_case.participant.pk, other_case.participant.pk}
    assert ids(client.get(reverse("api:participant-list"))) == expected


def test_clinician_sees_their_site(make_client, prison, own_case: Case, other_case: Case):
    client = make_client(factories.ClinicianFactory.create(site=prison))
    assert ids(client.get(reverse("api:participant-list"))) == {own_case.participant.pk}
    assert ids(client.get(reverse("api:support-contact-list"))) == {own_case.contact.pk}
    assert client.get(reverse("api:participant-detail", args=[other_case.participant.pk])).status_code == 404


def test_probation_practitioner_reads_named_participants_and_their_jobs_only(
    make_client, prison, specialist, own_case: Case, other_case: Case
):
    practitioner = factories.ProbationPractitionerFactory.create()
    named = make_case(prison, specialist, probation_practitioner=practitioner)
    client = make_client(practitioner)
    assert ids(client.get(reverse("api:participant-list"))) == {named.participant.pk}
    assert ids(client.get(reverse("api:job-list"))) == {named.job.pk}
    # Someone at the same prison they are not named on is out of scope.
    assert client.get(reverse("api:participant-detail", args=[own_case.participant.pk])).status_code == 404
    # The working record is not part of probation's limited view.
    for basename in ("referral", "support-contact", "application"):
        assert client.get(reverse(f"api:{basename}-list")).status_code == 403
        assert client.get(reverse(f"api:{basename}-detail", args=[named.referral.pk])).status_code == 403


@pytest.mark.parametrize("basename", PARTICIPANT_DATA)
def test_analyst_gets_no_participant_level_endpoint(basename, make_client, own_case: Case):
    client = make_client(factories.AnalystFactory.create())
    record = getattr(own_case, PARTICIPANT_DATA[basename])
    assert client.get(reverse(f"api:{basename}-list")).status_code == 403
    assert client.get(reverse(f"api:{basename}-detail", args=[record.pk])).status_code == 403


@pytest.mark.parametrize("basename", ["employer", "vacancy"])
def test_analyst_gets_no_employer_endpoint_either(basename, make_client, own_case: Case):
    # The employer pages are closed to analysts (aggregates only); the API follows them.
    client = make_client(factories.AnalystFactory.create())
    assert client.get(reverse(f"api:{basename}-list")).status_code == 403


def test_administrator_reads_employers_and_vacancies_but_no_case_records(make_client, own_case: Case):
    client = make_client(factories.AdministratorFactory.create())
    assert ids(client.get(reverse("api:employer-list"))) == {own_case.application.employer.pk}
    assert ids(client.get(reverse("api:vacancy-list"))) == {own_case.vacancy.pk}
    for basename in PARTICIPANT_DATA:
        assert client.get(reverse(f"api:{basename}-list")).status_code == 403


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        (Role.SPECIALIST, {"participant", "referral", "support-contact", "application", "job", "employer", "vacancy"}),
        (Role.TEAM_LEADER, {"participant", "referral", "support-contact", "application", "job", "employer", "vacancy"}),
        (
            Role.SERVICE_MANAGER,
            {"participant", "referral", "support-contact", "application", "job", "employer", "vacancy"},
        ),
        (Role.CLINICIAN, {"participant", "referral", "support-contact", "job", "employer", "vacancy"}),
        (Role.PROBATION_PRACTITIONER, {"participant", "job", "employer", "vacancy"}),
        (Role.ANALYST, set()),
        (Role.ADMINISTRATOR, {"employer", "vacancy"}),
    ],
)
def test_role_by_endpoint(role, allowed, make_client, prison):
    """The declared policy, endpoint by endpoint (the lead's authorization matrix takes it from here)."""
    client = make_client(factories.UserFactory.create(role=role, site=prison))
    everything = {*PARTICIPANT_DATA, "employer", "vacancy"}
    answered = {name: client.get(reverse(f"api:{name}-list")).status_code for name in everything}
    assert answered == {name: 200 if name in allowed else 403 for name in everything}


def test_signed_out_caller_gets_401_not_a_sign_in_redirect(client, own_case: Case):
    response = client.get(reverse("api:participant-list"))
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert client.get(reverse("api:participant-detail", args=[own_case.participant.pk])).status_code == 401


def test_api_is_read_only(make_client, specialist, own_case: Case):
    client = make_client(specialist)
    for url in (reverse("api:participant-list"), reverse("api:participant-detail", args=[own_case.participant.pk])):
        for method in ("post", "put", "patch", "delete"):
            assert getattr(client, method)(url, {}, content_type="application/json").status_code == 405
    assert client.get(reverse("api:participant-detail", args=[own_case.participant.pk])).status_code == 200


def test_api_answers_are_never_cached(make_client, specialist, own_case: Case):
    response = make_client(specialist).get(reverse("api:participant-detail", args=[own_case.participant.pk]))
    assert response["Cache-Control"] == "no-store"
    assert response["Content-Type"] == "application/json"

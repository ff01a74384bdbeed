"""Token authentication for service accounts: issued by `ipsgate api_token` or the admin, only to service accounts;
a revoked token, a disabled account or an ordinary account's token is refused."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import Client, RequestFactory
from django.urls import reverse
from rest_framework.authtoken.models import Token, TokenProxy
from rest_framework.exceptions import AuthenticationFailed
from rest_framework.request import Request

from ipsgate.api.authentication import StaffSessionAuthentication
from ipsgate.core.models import AuditEvent
from tests import factories

from .conftest import Case, token_client


def api_token(*args: str) -> str:
    out = StringIO()
    call_command("api_token", *args, stdout=out)
    return out.getvalue().strip()


def test_a_service_account_token_reads_within_its_roles_scope(service_account, own_case: Case, other_case: Case):
    client = token_client(service_account)
    response = client.get(reverse("api:participant-list"))
    assert response.status_code == 200
    assert [row["id"] for row in response.json()["results"]] == [own_case.participant.pk]  # a specialist's scope
    assert client.get(reverse("api:participant-detail", args=[other_case.participant.pk])).status_code == 404


def test_an_analyst_service_account_is_refused_participant_data(db, own_case: Case):
    account = factories.ServiceAccountFactory.create(role="analyst")
    assert token_client(account).get(reverse("api:participant-list")).status_code == 403


def test_command_creates_a_working_token_once_and_revokes_it(service_account, own_case: Case):
    key = api_token("create", service_account.username)
    assert Token.objects.get(user=service_account).key == key
    client = Client(HTTP_AUTHORIZATION=f"Token {key}")
    assert client.get(reverse("api:participant-list")).status_code == 200

    with pytest.raises(CommandError, match="already has a token"):
        api_token("create", service_account.username)

    assert api_token("revoke", service_account.username) == f"Revoked the token of {service_account.username}."
    response = client.get(reverse("api:participant-list"))
    assert response.status_code == 401
    assert response.json() == {"detail": "Invalid token."}
    assert api_token("revoke", service_account.username) == f"{service_account.username} had no token."


def test_token_changes_are_audited_without_the_key(service_account):
    key = api_token("create", service_account.username)
    api_token("revoke", service_account.username)
    events = list(AuditEvent.objects.filter(object_type="api_token").order_by("sequence"))
    assert [(e.action, e.object_id, e.participant_id) for e in events] == [
        ("create", str(service_account.pk), None),
        ("delete", str(service_account.pk), None),
    ]
    assert not AuditEvent.objects.filter(object_id=key).exists()


def test_command_refuses_an_ordinary_account(specialist):
    with pytest.raises(CommandError, match="is not a service account"):
        api_token("create", specialist.username)
    assert not Token.objects.exists()


def test_command_refuses_a_disabled_service_account(db):
    account = factories.ServiceAccountFactory.create(is_active=False)
    with pytest.raises(CommandError, match="is disabled"):
        api_token("create", account.username)


def test_command_names_an_unknown_user(db):
    with pytest.raises(CommandError, match="No user called nobody"):
        api_token("create", "nobody")


def test_a_token_on_an_ordinary_account_is_refused(specialist, own_case: Case):
    # Made behind the command's back (e.g. in the database): the authentication class still refuses it.
    key = Token.objects.create(user=specialist).key
    response = Client(HTTP_AUTHORIZATION=f"Token {key}").get(reverse("api:participant-list"))
    assert response.status_code == 401
    assert response.json() == {"detail": "This token does not belong to a service account."}


def test_a_token_stops_working_when_the_account_is_disabled_or_unmarked(service_account, own_case: Case):
    client = token_client(service_account)
    url = reverse("api:participant-list")
    assert client.get(url).status_code == 200
    service_account.is_active = False
    service_account.save()
    assert client.get(url).status_code == 401
    service_account.is_active = True
    service_account.is_service_account = False
    service_account.save()
    assert client.get(url).status_code == 401


def test_a_wrong_or_malformed_token_is_401(service_account):
    token_client(service_account)
    for header in ("Token not-a-real-key", "Token", "Token a b"):
        assert Client(HTTP_AUTHORIZATION=header).get(reverse("api:participant-list")).status_code == 401


def test_a_service_account_cannot_use_a_session_for_the_api(make_client, service_account, own_case: Case):
    # The password backend refuses service accounts, so such a session no longer signs anyone in (issue 15 item 5);
    # StaffSessionAuthentication refuses one too, should a session ever carry one.
    response = make_client(service_account).get(reverse("api:participant-list"))
    assert response.status_code == 401
    assert response.json() == {"detail": "Authentication credentials were not provided."}
    django_request = RequestFactory().get("/api/v1/participants/")
    django_request.user = service_account
    with pytest.raises(AuthenticationFailed, match="Service accounts use a token"):
        StaffSessionAuthentication().authenticate(Request(django_request))


def test_admin_lists_only_service_accounts_without_a_token_and_issues_through_the_service(make_client, db):
    admin_user = factories.AdministratorFactory.create(is_superuser=True)
    account = factories.ServiceAccountFactory.create()
    person = factories.SpecialistFactory.create()
    client = make_client(admin_user)
    add_url = reverse("admin:authtoken_tokenproxy_add")
    page = client.get(add_url).content.decode()
    assert str(account) in page and str(person) not in page
    assert client.post(add_url, {"user": person.pk}).status_code == 200  # refused: not a choice
    assert not Token.objects.filter(user=person).exists()
    assert client.post(add_url, {"user": account.pk}).status_code == 302
    assert Token.objects.filter(user=account).exists()
    assert AuditEvent.objects.filter(object_type="api_token", action="create", user_id_at_event=admin_user.pk).exists()
    delete_url = reverse("admin:authtoken_tokenproxy_delete", args=[account.pk])
    assert client.post(delete_url, {"post": "yes"}).status_code == 302
    assert not TokenProxy.objects.filter(user=account).exists()
    assert AuditEvent.objects.filter(object_type="api_token", action="delete").count() == 1


def test_a_session_that_has_not_finished_mfa_is_refused(specialist):
    """Once django-otp's middleware marks users with `is_verified`, an unverified session cannot use the API."""
    django_request = RequestFactory().get("/api/v1/participants/")
    django_request.user = specialist
    assert StaffSessionAuthentication().authenticate(Request(django_request)) == (specialist, None)
    specialist.is_verified = lambda: False  # what OTPMiddleware adds
    with pytest.raises(AuthenticationFailed, match="authentication code"):
        StaffSessionAuthentication().authenticate(Request(django_request))
    specialist.is_verified = lambda: True
    assert StaffSessionAuthentication().authenticate(Request(django_request)) == (specialist, None)

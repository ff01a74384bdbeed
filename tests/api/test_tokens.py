"""Token authentication for service accounts: issued by `ipsgate api_token` or the admin, only to service accounts;
a revoked or expired token, a disabled account or an ordinary account's token is refused. Tokens are stored only as
a digest: the database never holds a key that works."""

from __future__ import annotations

import datetime
import hashlib
import importlib
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.exceptions import AuthenticationFailed
from rest_framework.request import Request

from ipsgate.api.authentication import StaffSessionAuthentication
from ipsgate.api.models import ApiToken, key_digest
from ipsgate.api.services import api_token_create
from ipsgate.core.models import AuditEvent
from tests import factories

from .conftest import Case, issue_key, token_client


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
    assert ApiToken.objects.get(user=service_account).key_digest == key_digest(key)
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
    assert not ApiToken.objects.exists()


def test_command_refuses_a_disabled_service_account(db):
    account = factories.ServiceAccountFactory.create(is_active=False)
    with pytest.raises(CommandError, match="is disabled"):
        api_token("create", account.username)


def test_command_names_an_unknown_user(db):
    with pytest.raises(CommandError, match="No user called nobody"):
        api_token("create", "nobody")


def test_a_token_on_an_ordinary_account_is_refused(specialist, own_case: Case):
    # Made behind the service's back (e.g. in the database): the authentication class still refuses it.
    key = "ipsg_made-behind-the-services-back"
    ApiToken.objects.create(
        user=specialist,
        key_digest=key_digest(key),
        key_start=key[:12],
        expires_at=timezone.now() + datetime.timedelta(days=1),
    )
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
    add_url = reverse("admin:api_apitoken_add")
    page = client.get(add_url).content.decode()
    assert str(account) in page and str(person) not in page
    assert client.post(add_url, {"user": person.pk, "days": 30}).status_code == 200  # refused: not a choice
    assert not ApiToken.objects.filter(user=person).exists()

    issued = client.post(add_url, {"user": account.pk, "days": 30})

    # The key is on the page that answers the form, once, and nowhere else: not in the database, not in a message.
    assert issued.status_code == 200 and "no-store" in issued["Cache-Control"]
    token = ApiToken.objects.get(user=account)
    key = issued.context["key"]
    assert key_digest(key) == token.key_digest and key in issued.content.decode()
    assert Client(HTTP_AUTHORIZATION=f"Token {key}").get(reverse("api:participant-list")).status_code == 200
    assert (
        timezone.now() + datetime.timedelta(days=29) < token.expires_at <= timezone.now() + datetime.timedelta(days=30)
    )
    listing = client.get(reverse("admin:api_apitoken_changelist")).content.decode()
    assert token.key_start in listing and key not in listing
    assert key not in client.get(reverse("admin:api_apitoken_change", args=[token.pk])).content.decode()
    assert AuditEvent.objects.filter(object_type="api_token", action="create", user_id_at_event=admin_user.pk).exists()
    delete_url = reverse("admin:api_apitoken_delete", args=[token.pk])
    assert client.post(delete_url, {"post": "yes"}).status_code == 302
    assert not ApiToken.objects.filter(user=account).exists()
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


def _all_text_in_the_database() -> str:
    """Every value of every row of every table, as text: what someone holding a copy of the database could read."""
    values: list[str] = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608 - names from the database itself
            values.extend(str(value) for row in cursor.fetchall() for value in row)
    return "\n".join(values)


def test_the_database_never_holds_a_usable_key(service_account, own_case: Case):
    key = api_token("create", service_account.username)
    client = Client(HTTP_AUTHORIZATION=f"Token {key}")
    assert client.get(reverse("api:participant-list")).status_code == 200

    stored = _all_text_in_the_database()
    assert key not in stored
    assert key[:16] not in stored  # not even most of it: only the first 12 characters, to tell tokens apart
    token = ApiToken.objects.get(user=service_account)
    assert token.key_digest == hashlib.sha256(key.encode()).hexdigest()
    # What the database does hold is refused as a key: the digest and the visible start.
    for held in (token.key_digest, token.key_start):
        assert Client(HTTP_AUTHORIZATION=f"Token {held}").get(reverse("api:participant-list")).status_code == 401


def test_an_expired_token_is_refused(service_account, own_case: Case):
    key = issue_key(service_account)
    client = Client(HTTP_AUTHORIZATION=f"Token {key}")
    assert client.get(reverse("api:participant-list")).status_code == 200
    ApiToken.objects.filter(user=service_account).update(expires_at=timezone.now() - datetime.timedelta(seconds=1))

    response = client.get(reverse("api:participant-list"))

    assert response.status_code == 401
    assert response.json() == {"detail": "This token has expired. Ask an administrator for a new one."}


def test_a_token_works_for_the_days_it_was_issued_for(service_account):
    before = timezone.now()
    issued = api_token_create(actor=None, user=service_account, days=7)
    assert before + datetime.timedelta(days=7) <= issued.token.expires_at <= timezone.now() + datetime.timedelta(days=7)
    with pytest.raises(CommandError, match="between 1 and 1095 days"):
        api_token("create", factories.ServiceAccountFactory.create().username, "--days", "0")


def test_the_last_used_date_is_updated_at_most_once_a_minute(service_account, own_case: Case, settings):
    key = issue_key(service_account)
    assert ApiToken.objects.get(user=service_account).last_used_at is None
    client = Client(HTTP_AUTHORIZATION=f"Token {key}")

    client.get(reverse("api:participant-list"))
    first = ApiToken.objects.get(user=service_account).last_used_at
    assert first is not None and timezone.now() - first < datetime.timedelta(minutes=1)
    client.get(reverse("api:participant-list"))
    assert ApiToken.objects.get(user=service_account).last_used_at == first  # within the minute: no write

    two_minutes_before = first - datetime.timedelta(minutes=2)
    ApiToken.objects.filter(user=service_account).update(last_used_at=two_minutes_before)
    client.get(reverse("api:participant-list"))
    renewed = ApiToken.objects.get(user=service_account).last_used_at
    assert renewed is not None and renewed >= first
    ApiToken.objects.filter(user=service_account).update(
        last_used_at=two_minutes_before, expires_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    assert client.get(reverse("api:participant-list")).status_code == 401
    assert ApiToken.objects.get(user=service_account).last_used_at == two_minutes_before  # a refused use: no write


def test_a_plain_key_from_before_the_upgrade_keeps_working_for_90_days_and_is_deleted(service_account, own_case: Case):
    """The release note (docs/operations.md): existing keys are hashed, keep working, expire 90 days after the
    upgrade, and the plain keys are deleted from DRF's table."""
    old = Token.objects.create(user=service_account)  # what the authtoken table held before the upgrade
    old_key = old.key
    migration = importlib.import_module("ipsgate.api.migrations.0002_hash_existing_tokens")

    migration.hash_existing_tokens(apps, None)

    assert not Token.objects.exists()
    assert old_key not in _all_text_in_the_database()
    token = ApiToken.objects.get(user=service_account)
    assert token.key_start == old_key[:8] and token.created == old.created
    expected_expiry = timezone.now() + datetime.timedelta(days=90)
    assert abs(token.expires_at - expected_expiry) < datetime.timedelta(minutes=1)
    client = Client(HTTP_AUTHORIZATION=f"Token {old_key}")
    assert client.get(reverse("api:participant-list")).status_code == 200
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    assert client.get(reverse("api:participant-list")).status_code == 401

"""Service accounts are systems that read the API with a token (issue 15 item 5): they never sign in to the web
pages, by any password-based path, and they hold no usable password."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps as django_apps
from django.contrib.auth.hashers import make_password
from django.core import mail
from django.test import Client
from django.urls import reverse

from ipsgate.api.services import api_token_create
from ipsgate.core.choices import SecurityEventKind
from ipsgate.core.models import SecurityEvent, User
from tests import factories

pytestmark = pytest.mark.django_db


def service_account_with_a_password() -> User:
    """A service account left with a working password (as every one had before the fix)."""
    account = factories.AnalystFactory.create(is_service_account=True)
    User.objects.filter(pk=account.pk).update(password=make_password(factories.PASSWORD))
    account.refresh_from_db()
    assert account.has_usable_password()
    return account


def test_finding_a_service_account_cannot_sign_in_with_its_password():
    account = service_account_with_a_password()
    client = Client()

    response = client.post("/login/", {"username": account.username, "password": factories.PASSWORD})

    assert response.status_code == 200
    assert "Enter a correct username and password" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_marking_an_account_as_a_service_account_makes_its_password_unusable():
    account = factories.AnalystFactory.create()
    assert account.has_usable_password()
    account.is_service_account = True
    account.save()
    account.refresh_from_db()
    assert not account.has_usable_password()


def test_creating_a_token_makes_the_password_unusable():
    account = service_account_with_a_password()
    api_token_create(actor=None, user=account)
    account.refresh_from_db()
    assert not account.has_usable_password()


def test_a_refused_service_account_sign_in_is_a_security_event_whatever_the_password():
    account = service_account_with_a_password()
    for password in (factories.PASSWORD, "a-wrong-password"):
        Client().post("/login/", {"username": account.username, "password": password}, REMOTE_ADDR="192.0.2.7")
    events = SecurityEvent.objects.filter(user=account)
    assert [e.kind for e in events] == [SecurityEventKind.SERVICE_ACCOUNT_REFUSED] * 2
    assert {e.ip_address for e in events} == {"192.0.2.7"}
    assert not SecurityEvent.objects.filter(kind=SecurityEventKind.SIGNED_IN).exists()


def test_a_session_a_service_account_still_holds_counts_as_signed_out(make_client):
    account = factories.ServiceAccountFactory.create()
    client = make_client(account)  # however the session came about (e.g. signed in before the fix)
    response = client.get(reverse("people:participant-list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_no_password_reset_email_for_a_service_account():
    account = service_account_with_a_password()
    Client().post(reverse("password_reset"), {"email": account.email})
    assert mail.outbox == []
    person = factories.AnalystFactory.create()
    Client().post(reverse("password_reset"), {"email": person.email})
    assert [m.to for m in mail.outbox] == [[person.email]]  # the form does send to people


def test_marking_an_account_ends_its_sessions_and_is_logged(make_client):
    account = factories.AnalystFactory.create()
    client = make_client(account)
    assert client.get(reverse("account")).status_code == 200
    account.is_service_account = True
    account.save()
    assert client.get(reverse("account")).status_code == 302
    assert SecurityEvent.objects.filter(user=account, kind=SecurityEventKind.SERVICE_ACCOUNT_MARKED).exists()


def test_the_admin_sets_no_password_on_a_service_account(make_client):
    administrator = factories.AdministratorFactory.create(is_superuser=True)
    account = factories.ServiceAccountFactory.create()
    url = reverse("admin:auth_user_password_change", args=[account.pk])
    response = make_client(administrator).post(
        url, {"usable_password": "true", "password1": "Another-long-pass-1", "password2": "Another-long-pass-1"}
    )
    assert response.status_code == 302
    account.refresh_from_db()
    assert not account.has_usable_password()


def test_the_data_migration_removes_existing_service_accounts_passwords():
    migration = importlib.import_module("ipsgate.core.migrations.0005_service_accounts_have_no_password")
    account = service_account_with_a_password()
    person = factories.AnalystFactory.create()
    assert migration.remove_service_account_passwords(django_apps, None) == 1
    account.refresh_from_db()
    person.refresh_from_db()
    assert not account.has_usable_password()
    assert person.has_usable_password()
    assert SecurityEvent.objects.filter(user=account, kind=SecurityEventKind.SERVICE_ACCOUNT_MARKED).exists()
    assert migration.remove_service_account_passwords(django_apps, None) == 0  # idempotent

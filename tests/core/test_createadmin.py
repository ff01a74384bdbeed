"""`ipsgate createadmin`: the first administrator (or service manager) from the server; its first sign-in goes to
setting up an authenticator app before any other page; refused when one already exists unless --another."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from ipsgate.core.choices import Role, SecurityEventKind
from ipsgate.core.models import AuditEvent, SecurityEvent, User
from ipsgate.core.services import configuration_permissions
from tests import factories

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-server-chosen-passphrase-42"


def createadmin(*args: str, password: str = PASSWORD) -> str:
    out = io.StringIO()
    call_command("createadmin", *args, stdin=io.StringIO(password + "\n"), stdout=out)
    return out.getvalue()


def test_creates_an_administrator_who_must_set_up_a_second_factor_at_first_sign_in():
    output = createadmin("--username", "first.admin", "--email", "first.admin@example.org", "--first-name", "Ann")
    assert "must set up an authenticator app" in output
    admin = User.objects.get(username="first.admin")
    assert admin.role == Role.ADMINISTRATOR and admin.is_active and admin.is_staff and not admin.is_superuser
    assert set(admin.user_permissions.all()) == set(configuration_permissions())
    assert SecurityEvent.objects.filter(user=admin, kind=SecurityEventKind.ROLE_CHANGED).exists()
    assert AuditEvent.objects.filter(object_type="staff_account", object_id=str(admin.pk)).exists()

    client = Client()
    signed_in = client.post("/login/", {"username": "first.admin", "password": PASSWORD})
    assert signed_in.status_code == 302
    # Every page sends them to set up an authenticator app first, the configuration screens included.
    for path in ("/", "/admin/", "/security-log/"):
        response = client.get(path)
        assert response.status_code == 302
        assert response["Location"].startswith("/mfa/setup/")
    assert client.get("/mfa/setup/").status_code == 200


def test_refuses_when_an_administrator_exists_unless_told():
    factories.UserFactory.create(role=Role.ADMINISTRATOR, username="existing.admin")
    with pytest.raises(CommandError, match="already exists"):
        createadmin("--username", "second.admin", "--email", "second@example.org")
    assert not User.objects.filter(username="second.admin").exists()
    createadmin("--username", "second.admin", "--email", "second@example.org", "--another")
    assert User.objects.get(username="second.admin").role == Role.ADMINISTRATOR


def test_a_switched_off_administrator_does_not_count():
    factories.UserFactory.create(role=Role.ADMINISTRATOR, is_active=False)
    createadmin("--username", "new.admin", "--email", "new@example.org")
    assert User.objects.filter(username="new.admin").exists()


def test_the_first_service_manager_approves_the_administrators_requests():
    createadmin("--username", "first.sm", "--email", "sm@example.org", "--role", "service_manager")
    manager = User.objects.get(username="first.sm")
    assert manager.role == Role.SERVICE_MANAGER and not manager.is_staff
    assert not manager.user_permissions.exists()


def test_refuses_a_weak_password_and_a_taken_username():
    with pytest.raises(CommandError, match="not strong enough"):
        createadmin("--username", "weak.admin", "--email", "w@example.org", password="password")
    assert not User.objects.filter(username="weak.admin").exists()
    factories.UserFactory.create(role=Role.SPECIALIST, username="taken")
    with pytest.raises(CommandError, match="taken"):
        createadmin("--username", "taken", "--email", "t@example.org")

"""Changing the password or the second factor, or getting new recovery codes, needs the password and a fresh code
again (re-authentication, five minutes); a password change ends the person's other sessions."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from ipsgate.core import mfa
from ipsgate.core.account_views import REAUTH_SESSION_KEY
from ipsgate.core.choices import SecurityEventKind
from ipsgate.core.models import RecoveryCode, SecurityEvent, recovery_code_hash
from tests import factories
from tests.conftest import sign_in_verified
from tests.core.test_auth_support import code_at, confirmed_device, end_throttle, is_verified, wrong_code

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "another-long-passphrase-for-tests-7"


@pytest.fixture
def device(specialist) -> TOTPDevice:
    return confirmed_device(specialist)


@pytest.fixture
def client_(specialist, device) -> Client:
    """Signed in with the second factor done, not yet re-authenticated."""
    client = Client()
    sign_in_verified(client, specialist)
    return client


def reauthenticate(client: Client, device: TOTPDevice, next_url: str) -> None:
    response = client.post(
        f"/account/confirm/?next={next_url}",
        {"password": factories.PASSWORD, "token": code_at(device), "next": next_url},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert response["Location"] == next_url


@pytest.mark.parametrize(
    ("method", "url"),
    [("get", "/account/password/"), ("post", "/account/password/"), ("get", "/mfa/setup/"), ("post", "/mfa/setup/")],
)
def test_sensitive_changes_send_a_verified_session_to_confirm_first(client_, specialist, device, method, url):
    assert is_verified(client_)
    response = getattr(client_, method)(url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response.status_code == 302
    assert response["Location"].startswith("/account/confirm/?next=")
    specialist.refresh_from_db()
    assert specialist.check_password(factories.PASSWORD)
    assert list(TOTPDevice.objects.filter(user=specialist)) == [device]


def test_new_recovery_codes_need_confirming_first(client_, specialist):
    old = mfa.issue_recovery_codes(specialist)
    response = client_.post("/account/recovery-codes/")
    assert response.status_code == 302
    assert response["Location"].startswith("/account/confirm/")
    assert set(RecoveryCode.objects.values_list("code_hash", flat=True)) == {recovery_code_hash(c) for c in old}


def test_wrong_password_or_wrong_code_is_refused(client_, specialist, device):
    response = client_.post(
        "/account/confirm/", {"password": "not-the-password", "token": code_at(device), "next": "/account/password/"}
    )
    assert response.status_code == 200
    assert "The password or the code is not right" in response.content.decode()
    assert REAUTH_SESSION_KEY not in client_.session
    assert client_.get("/account/password/")["Location"].startswith("/account/confirm/")
    failed = SecurityEvent.objects.get(kind=SecurityEventKind.SIGN_IN_FAILED, user=specialist)
    assert "not-the-password" not in f"{failed.username} {failed.detail}"

    response = client_.post(
        "/account/confirm/", {"password": factories.PASSWORD, "token": wrong_code(device), "next": "/account/password/"}
    )
    assert response.status_code == 200
    assert "The password or the code is not right" in response.content.decode()
    assert REAUTH_SESSION_KEY not in client_.session
    assert client_.get("/account/password/")["Location"].startswith("/account/confirm/")
    assert not SecurityEvent.objects.filter(kind=SecurityEventKind.REAUTHENTICATED).exists()

    end_throttle(device)
    reauthenticate(client_, device, "/account/password/")
    assert client_.get("/account/password/").status_code == 200


def test_the_code_used_to_sign_in_is_not_fresh_enough(specialist, device):
    client = Client()
    client.post("/login/", {"username": specialist.username, "password": factories.PASSWORD})
    code = code_at(device)
    assert client.post("/mfa/verify/", {"token": code}).status_code == 302
    response = client.post("/account/confirm/", {"password": factories.PASSWORD, "token": code})
    assert response.status_code == 200
    assert REAUTH_SESSION_KEY not in client.session


def test_password_change_after_confirming_ends_other_sessions(client_, specialist, device):
    other = Client()
    sign_in_verified(other, specialist)
    assert is_verified(other)
    bystander = factories.SpecialistFactory.create(site=specialist.site)
    bystander_client = Client()
    sign_in_verified(bystander_client, bystander)

    reauthenticate(client_, device, "/account/password/")
    assert client_.get("/account/password/").status_code == 200
    response = client_.post("/account/password/", {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/account/"
    specialist.refresh_from_db()
    assert specialist.check_password(NEW_PASSWORD)

    assert is_verified(client_)  # this session carries on, second factor still done
    response = other.get("/caseload/")
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")
    assert "_auth_user_id" not in other.session
    assert is_verified(bystander_client)  # someone else's session is untouched

    kinds = list(SecurityEvent.objects.filter(user=specialist).values_list("kind", flat=True))
    assert SecurityEventKind.REAUTHENTICATED in kinds
    assert SecurityEventKind.PASSWORD_CHANGED in kinds
    for event in SecurityEvent.objects.all():
        assert NEW_PASSWORD not in f"{event.username} {event.detail}"
        assert factories.PASSWORD not in f"{event.username} {event.detail}"


def test_confirming_lasts_five_minutes(client_, device):
    reauthenticate(client_, device, "/account/password/")
    assert client_.get("/account/password/").status_code == 200
    session = client_.session
    session[REAUTH_SESSION_KEY] = timezone.now().timestamp() - 5 * 60 + 20
    session.save()
    assert client_.get("/account/password/").status_code == 200
    session = client_.session
    session[REAUTH_SESSION_KEY] = timezone.now().timestamp() - 5 * 60 - 5
    session.save()
    response = client_.get("/account/password/")
    assert response.status_code == 302
    assert response["Location"].startswith("/account/confirm/")


def test_replacing_the_authenticator_after_confirming(client_, specialist, device):
    reauthenticate(client_, device, "/mfa/setup/")
    page = client_.get("/mfa/setup/")
    assert page.status_code == 200
    assert "Replace your authenticator app" in page.content.decode()
    new_device = TOTPDevice.objects.get(user=specialist, confirmed=False)
    response = client_.post("/mfa/setup/", {"token": code_at(new_device)})
    assert response.status_code == 200
    assert len(re.findall(r"<li><code>[a-z2-7]{4}-[a-z2-7]{4}</code></li>", response.content.decode())) == 10
    assert list(TOTPDevice.objects.filter(user=specialist)) == [new_device]
    new_device.refresh_from_db()
    assert new_device.confirmed
    assert SecurityEvent.objects.filter(kind=SecurityEventKind.MFA_RESET, user=specialist).count() == 1
    assert is_verified(client_)


def test_new_recovery_codes_replace_the_old_ones(client_, specialist, device):
    old = mfa.issue_recovery_codes(specialist)
    reauthenticate(client_, device, "/account/")
    response = client_.post("/account/recovery-codes/")
    assert response.status_code == 200
    new = re.findall(r"<li><code>([a-z2-7]{4}-[a-z2-7]{4})</code></li>", response.content.decode())
    assert len(new) == 10
    assert not set(new) & set(old)
    stored = set(RecoveryCode.objects.filter(device__user=specialist).values_list("code_hash", flat=True))
    assert stored == {recovery_code_hash(c) for c in new}
    assert not stored & {recovery_code_hash(c) for c in old}
    assert SecurityEvent.objects.filter(kind=SecurityEventKind.RECOVERY_CODES_ISSUED, user=specialist).count() == 2


def test_wrong_passwords_on_the_confirm_page_are_limited(client_, device):
    for n in range(5):
        response = client_.post("/account/confirm/", {"password": f"guess-number-{n}", "token": "000000"})
        assert response.status_code in (200, 302, 403, 429)
    end_throttle(device)
    client_.post(
        "/account/confirm/", {"password": factories.PASSWORD, "token": code_at(device), "next": "/account/password/"}
    )
    # After as many wrong passwords as lock a sign-in, the right password (with a good code) is not accepted.
    assert REAUTH_SESSION_KEY not in client_.session

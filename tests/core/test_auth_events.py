"""Every authentication event is written to the security event log, and no row (nor axes' own records, nor the
log lines) ever holds a password or a code."""

from __future__ import annotations

import logging

import pytest
from axes.models import AccessAttempt, AccessFailureLog
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from ipsgate.core import mfa
from ipsgate.core.choices import SecurityEventKind
from ipsgate.core.models import SecurityEvent
from tests import factories
from tests.core.test_auth_support import code_at, confirmed_device, end_throttle, password_only, wrong_code

pytestmark = pytest.mark.django_db

TYPED_PASSWORD = "Sup3r-Secret-Guess!"
IP = "192.0.2.10"


def all_event_text() -> str:
    return "\n".join(" ".join(str(v) for v in row.values()) for row in SecurityEvent.objects.values())


def kinds_for(user) -> list[str]:
    return list(SecurityEvent.objects.filter(user=user).order_by("id").values_list("kind", flat=True))


def test_sign_in_is_logged_with_user_and_address(specialist):
    Client().post("/login/", {"username": specialist.username, "password": factories.PASSWORD}, REMOTE_ADDR=IP)
    event = SecurityEvent.objects.get(kind=SecurityEventKind.SIGNED_IN)
    assert event.user == specialist
    assert event.username == specialist.username
    assert event.ip_address == IP
    assert factories.PASSWORD not in all_event_text()


def test_failed_sign_in_is_logged_with_the_typed_username_and_no_password(specialist, caplog):
    caplog.set_level(logging.INFO, logger="ipsgate")
    client = Client()
    response = client.post("/login/", {"username": specialist.username, "password": TYPED_PASSWORD}, REMOTE_ADDR=IP)
    assert response.status_code == 200
    response = client.post("/login/", {"username": "no-such-person", "password": TYPED_PASSWORD}, REMOTE_ADDR=IP)
    assert response.status_code == 200

    known = SecurityEvent.objects.get(kind=SecurityEventKind.SIGN_IN_FAILED, username=specialist.username)
    assert known.user == specialist
    assert known.ip_address == IP
    unknown = SecurityEvent.objects.get(kind=SecurityEventKind.SIGN_IN_FAILED, username="no-such-person")
    assert unknown.user is None
    assert not SecurityEvent.objects.filter(kind=SecurityEventKind.SIGNED_IN).exists()

    assert TYPED_PASSWORD not in all_event_text()
    assert "*****" not in all_event_text()  # not even the masked form of the credentials
    assert TYPED_PASSWORD not in caplog.text
    assert "security event sign_in_failed" in caplog.text
    for row in [*AccessAttempt.objects.values(), *AccessFailureLog.objects.values()]:
        assert TYPED_PASSWORD not in " ".join(str(v) for v in row.values())


def test_sign_out_is_logged(specialist):
    client = password_only(specialist)
    response = client.post("/logout/")
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session
    assert SecurityEvent.objects.get(kind=SecurityEventKind.SIGNED_OUT).user == specialist


def test_second_factor_failure_and_success_are_logged_without_the_code(specialist):
    device = confirmed_device(specialist)
    client = password_only(specialist)
    bad = wrong_code(device)
    client.post("/mfa/verify/", {"token": bad})
    end_throttle(device)
    good = code_at(device)
    assert client.post("/mfa/verify/", {"token": good}).status_code == 302
    assert kinds_for(specialist) == [
        SecurityEventKind.SIGNED_IN,
        SecurityEventKind.MFA_FAILED,
        SecurityEventKind.MFA_VERIFIED,
    ]
    text = all_event_text()
    assert bad not in text
    assert good not in text


def test_enrolment_is_logged(specialist):
    client = password_only(specialist)
    client.get("/mfa/setup/")
    device = TOTPDevice.objects.get(user=specialist)
    assert client.post("/mfa/setup/", {"token": code_at(device)}).status_code == 200
    assert kinds_for(specialist) == [
        SecurityEventKind.SIGNED_IN,
        SecurityEventKind.MFA_ENROLLED,
        SecurityEventKind.RECOVERY_CODES_ISSUED,
    ]


def test_recovery_code_use_is_logged_without_the_code(specialist):
    confirmed_device(specialist)
    codes = mfa.issue_recovery_codes(specialist)
    client = password_only(specialist)
    assert client.post("/mfa/verify/", {"token": codes[0]}).status_code == 302
    assert kinds_for(specialist)[-3:] == [
        SecurityEventKind.SIGNED_IN,
        SecurityEventKind.RECOVERY_CODE_USED,
        SecurityEventKind.MFA_VERIFIED,
    ]
    text = all_event_text()
    assert codes[0] not in text
    assert codes[0].replace("-", "") not in text

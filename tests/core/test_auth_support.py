"""Helpers shared by the test_auth_* modules (no tests here): signing in with the password only, TOTP codes at a
given time step, and moving django-otp's throttling on."""

from __future__ import annotations

import datetime
import time

from django.test import Client
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from ipsgate.core.models import RecoveryCodeDevice, User
from tests import factories


def password_only(user: User, password: str = factories.PASSWORD) -> Client:
    """A client that has signed in through the sign-in page with the password only."""
    client = Client()
    response = client.post("/login/", {"username": user.username, "password": password})
    assert response.status_code == 302, "the password sign-in itself should succeed"
    assert client.session.get("_auth_user_id") == str(user.pk)
    return client


def confirmed_device(user: User) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)


def code_at(device: TOTPDevice, offset_steps: int = 0) -> str:
    clock = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    clock.time = time.time() + offset_steps * device.step
    return f"{clock.token():06d}"


def wrong_code(device: TOTPDevice) -> str:
    """A 6-digit code that the device would not accept now (not the code of the previous, current or next step)."""
    near = {code_at(device, k) for k in (-2, -1, 0, 1, 2)}
    return next(f"{n:06d}" for n in range(123456, 124000) if f"{n:06d}" not in near)


def end_throttle(device: TOTPDevice | RecoveryCodeDevice) -> None:
    """Moves the last failure far enough into the past that django-otp's delay has passed."""
    type(device).objects.filter(pk=device.pk).update(
        throttling_failure_timestamp=timezone.now() - datetime.timedelta(minutes=30)
    )


def is_verified(client: Client) -> bool:
    """A verified session can open the caseload page; an unverified one is sent to the second-factor pages."""
    response = client.get("/caseload/")
    if response.status_code == 200:
        return True
    assert response.status_code == 302
    assert response["Location"].startswith(("/mfa/verify/", "/mfa/setup/", "/login/"))
    return False

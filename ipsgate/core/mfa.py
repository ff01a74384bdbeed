"""Multi-factor authentication with django-otp: an authenticator app (TOTP) plus single-use recovery codes.

Enrolment creates an unconfirmed TOTP device; the first correct code confirms it, removes any older one and issues
recovery codes, which are shown once and stored hashed. Verification accepts a TOTP code (django-otp refuses a code
already used and slows down repeated failures) or a recovery code, which is then spent.
"""

from __future__ import annotations

import base64
import secrets
from dataclasses import dataclass

import django_otp
import segno
from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from django_otp.models import Device
from django_otp.plugins.otp_totp.models import TOTPDevice

from .choices import SecurityEventKind
from .models import RecoveryCode, RecoveryCodeDevice, User, recovery_code_hash
from .security import record_security_event

ENROLLING = "Authenticator app (being set up)"
CONFIRMED = "Authenticator app"


def confirmed_totp(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def has_mfa(user: User) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def enrolment_device(user: User) -> TOTPDevice:
    """The unconfirmed device being set up; the same one (and secret) until it is confirmed."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-id").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=ENROLLING, confirmed=False)
    return device


def secret_for_typing(device: TOTPDevice) -> str:
    """The base32 secret in groups of four, for people who type it into the app instead of scanning."""
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def qr_code_data_uri(device: TOTPDevice) -> str:
    return str(segno.make(device.config_url, error="m").svg_data_uri(scale=5, border=2))


def new_recovery_code() -> str:
    """8 base32 characters of 5 bits each, so 40 random bits, shown as two groups of four."""
    raw = base64.b32encode(secrets.token_bytes(5)).decode().lower()
    return f"{raw[:4]}-{raw[4:]}"


@transaction.atomic
def issue_recovery_codes(user: User, request: HttpRequest | None = None) -> list[str]:
    """Replace the person's recovery codes with new ones; returns the plain codes, which are never stored."""
    RecoveryCodeDevice.objects.filter(user=user).delete()
    device = RecoveryCodeDevice.objects.create(user=user, name="Recovery codes", confirmed=True)
    codes = [new_recovery_code() for _ in range(settings.IPSGATE_MFA_RECOVERY_CODES)]
    RecoveryCode.objects.bulk_create([RecoveryCode(device=device, code_hash=recovery_code_hash(c)) for c in codes])
    record_security_event(SecurityEventKind.RECOVERY_CODES_ISSUED, request=request, user=user)
    return codes


@dataclass(frozen=True)
class Enrolled:
    recovery_codes: list[str]


def confirm_enrolment(request: HttpRequest, user: User, device: TOTPDevice, token: str) -> Enrolled | None:
    """Confirm the device with its first code; None when the code is wrong."""
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().get(pk=device.pk, user=user, confirmed=False)
        if not device.verify_token(token):
            record_security_event(SecurityEventKind.MFA_FAILED, request=request, user=user, detail="set-up")
            return None
        replacing = TOTPDevice.objects.filter(user=user, confirmed=True).exists()
        TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.name = CONFIRMED
        device.save(update_fields=["confirmed", "name"])
        record_security_event(
            SecurityEventKind.MFA_RESET if replacing else SecurityEventKind.MFA_ENROLLED, request=request, user=user
        )
        codes = issue_recovery_codes(user, request)
    request.session.cycle_key()  # as in verify(): a session id from before the second factor becomes useless
    django_otp.login(request, device)
    return Enrolled(recovery_codes=codes)


def verify(request: HttpRequest, user: User, token: str) -> Device | None:
    """Check a code from the app, or a recovery code; on success the session counts as verified."""
    token = "".join(token.split())
    device: Device | None = None
    totp = confirmed_totp(user)
    if totp is not None and token.isdigit():
        device = django_otp.verify_token(user, totp.persistent_id, token)
    if device is None and not token.isdigit():
        for recovery in RecoveryCodeDevice.objects.filter(user=user, confirmed=True):
            device = django_otp.verify_token(user, recovery.persistent_id, token)
            if device is not None:
                record_security_event(SecurityEventKind.RECOVERY_CODE_USED, request=request, user=user)
                break
    if device is None:
        record_security_event(SecurityEventKind.MFA_FAILED, request=request, user=user)
        return None
    # A new session key after the second factor too, so a session id seen before sign-in finished is useless.
    request.session.cycle_key()
    django_otp.login(request, device)
    record_security_event(SecurityEventKind.MFA_VERIFIED, request=request, user=user)
    return device


@transaction.atomic
def reset_second_factor(user: User, request: HttpRequest | None = None) -> None:
    """For a lost phone, after checking who the person is: removes every device, so the next sign-in asks them
    to set up a new authenticator app. Their sessions stop counting as verified at once."""
    TOTPDevice.objects.filter(user=user).delete()
    RecoveryCodeDevice.objects.filter(user=user).delete()
    actor = getattr(request, "user", None) if request is not None else None
    by = f"reset by {actor.get_username()}" if actor is not None and actor.is_authenticated else "reset"
    record_security_event(SecurityEventKind.MFA_RESET, request=request, user=user, detail=by)


def recovery_codes_left(user: User) -> int:
    return RecoveryCode.objects.filter(device__user=user).count()

"""Demo accounts get an authenticator-app device, so the demo signs in with a second factor like production does.
The demo settings (never production) show each account's current code on the verification page."""

from django_otp.plugins.otp_totp.models import TOTPDevice

from ipsgate.core.mfa import CONFIRMED
from ipsgate.core.models import User
from ipsgate.demo.generator import DEMO_STAFF


def ensure_demo_devices() -> int:
    """Adds a confirmed device to each demo account that has none; returns how many were added."""
    users = User.objects.filter(username__in=[staff.username for staff in DEMO_STAFF])
    with_device = set(TOTPDevice.objects.filter(user__in=users, confirmed=True).values_list("user_id", flat=True))
    missing = [TOTPDevice(user=user, name=CONFIRMED, confirmed=True) for user in users if user.pk not in with_device]
    TOTPDevice.objects.bulk_create(missing)
    return len(missing)

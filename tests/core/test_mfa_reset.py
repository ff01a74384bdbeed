"""An administrator resets a lost second factor: every device goes, the person's verified sessions stop counting, and
their next sign-in asks them to set up a new authenticator app. The reset is logged."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from ipsgate.core.choices import SecurityEventKind
from ipsgate.core.mfa import issue_recovery_codes
from ipsgate.core.models import RecoveryCode, SecurityEvent
from tests import factories

pytestmark = pytest.mark.django_db


def test_admin_resets_a_lost_second_factor(make_client, specialist):
    admin_user = factories.AdministratorFactory.create(is_staff=True, is_superuser=True)
    staff_client = make_client(specialist)
    issue_recovery_codes(specialist)
    assert staff_client.get(reverse("people:my-caseload")).status_code == 200

    response = make_client(admin_user).post(
        reverse("admin:core_user_changelist"),
        {"action": "reset_second_factor", "_selected_action": [specialist.pk]},
    )

    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=specialist).exists()
    assert not RecoveryCode.objects.filter(device__user=specialist).exists()
    after = staff_client.get(reverse("people:my-caseload"))
    assert after.status_code == 302
    assert after["Location"].startswith(reverse("mfa-setup"))
    event = SecurityEvent.objects.get(user=specialist, kind=SecurityEventKind.MFA_RESET)
    assert admin_user.username in event.detail


def test_only_administrators_reach_the_reset(make_client, specialist):
    make_client(specialist)  # gives the specialist a confirmed device
    leader = factories.TeamLeaderFactory.create()
    response = make_client(leader).post(
        reverse("admin:core_user_changelist"),
        {"action": "reset_second_factor", "_selected_action": [specialist.pk]},
    )
    assert response.status_code in (302, 403)
    assert TOTPDevice.objects.filter(user=specialist, confirmed=True).exists()
    assert not SecurityEvent.objects.filter(user=specialist, kind=SecurityEventKind.MFA_RESET).exists()

"""The second factor: nothing but set-up and verification until it is done (after a password reset too), enrolment
with a QR code and recovery codes, verification by TOTP (each code once, throttled) or recovery code (each once,
stored hashed), and the demo-only code hint."""

from __future__ import annotations

import base64
import datetime
import hashlib
import re
from pathlib import Path

import pytest
from django.core import mail
from django.http import HttpRequest, JsonResponse
from django.test import Client
from django.urls import path
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

import ipsgate.urls
from ipsgate.core import mfa
from ipsgate.core.choices import SecurityEventKind
from ipsgate.core.models import RecoveryCode, RecoveryCodeDevice, SecurityEvent
from ipsgate.people.models import Participant
from tests import factories
from tests.conftest import current_code, sign_in_verified
from tests.core.test_auth_support import (
    code_at,
    confirmed_device,
    end_throttle,
    is_verified,
    password_only,
    wrong_code,
)

pytestmark = pytest.mark.django_db

PROJECT_DIR = Path(__file__).resolve().parents[2]


def _api_participants(request: HttpRequest) -> JsonResponse:
    """A stand-in JSON endpoint under /api/ (the service has none yet) that lists participants' names."""
    return JsonResponse({"names": [p.given_name for p in Participant.objects.all()]})


# Used by @pytest.mark.urls(__name__): the real routes plus the stand-in API endpoint.
urlpatterns = [path("api/participants/", _api_participants), *ipsgate.urls.urlpatterns]


# --- 1. No page before the second factor --------------------------------------------------------------------


@pytest.fixture
def allocated_participant(specialist) -> Participant:
    participant = factories.ParticipantFactory.create(current_site=specialist.site, allocated_specialist=specialist)
    factories.EpisodeFactory.create(participant=participant)
    return participant


def walk(client: Client, url: str, max_hops: int = 5) -> list:
    """GETs the URL and follows redirects by hand, returning every response on the way."""
    responses = []
    for _ in range(max_hops):
        response = client.get(url)
        responses.append(response)
        if response.status_code not in (301, 302):
            break
        url = response["Location"]
    return responses


@pytest.mark.urls(__name__)
@pytest.mark.parametrize("has_device", [False, True])
def test_password_only_session_reaches_no_participant_page(specialist, allocated_participant, has_device):
    if has_device:
        confirmed_device(specialist)
    target = "/mfa/verify/" if has_device else "/mfa/setup/"
    name = allocated_participant.given_name
    detail = f"/participants/{allocated_participant.pk}/"

    client = password_only(specialist)
    for url in (detail, "/caseload/", "/", f"/participants/{allocated_participant.pk}/edit/"):
        responses = walk(client, url)
        first = responses[0]
        assert first.status_code == 302, url
        assert first["Location"].startswith(f"{target}?next="), (url, first["Location"])
        assert responses[-1].status_code == 200
        assert responses[-1].request["PATH_INFO"] == target
        for response in responses:
            assert name not in response.content.decode(), url
            assert allocated_participant.family_name not in response.content.decode(), url

    api = client.get("/api/participants/")
    assert api.status_code == 403
    assert name not in api.content.decode()
    assert "authenticator" in api.json()["detail"]

    # Control: with the second factor done the same pages do show the participant, so the checks above can fail.
    verified = Client()
    sign_in_verified(verified, specialist)
    for url in (detail, "/caseload/", "/api/participants/"):
        ok = verified.get(url)
        assert ok.status_code == 200, url
        assert name in ok.content.decode(), url


@pytest.mark.parametrize("has_device", [False, True])
def test_password_only_session_cannot_open_the_admin(has_device):
    admin_user = factories.AdministratorFactory.create()
    if has_device:
        confirmed_device(admin_user)
    client = password_only(admin_user)
    for url in ("/admin/", "/admin/core/user/", f"/admin/core/user/{admin_user.pk}/change/"):
        response = client.get(url)
        assert response.status_code == 302, url
        expected = "/mfa/verify/" if has_device else "/mfa/setup/"
        assert response["Location"].startswith(expected), (url, response["Location"])

    verified = Client()
    sign_in_verified(verified, admin_user)
    assert verified.get("/admin/").status_code == 200  # control: the admin is open to this person once verified


def test_password_reset_signs_nobody_in_and_the_code_is_still_needed(specialist, allocated_participant):
    device = confirmed_device(specialist)
    earlier = Client()  # a session signed in before the reset, e.g. on a lost laptop
    sign_in_verified(earlier, specialist)
    assert is_verified(earlier)
    client = Client()
    response = client.post("/password-reset/", {"email": specialist.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [specialist.email]
    body = str(mail.outbox[0].body)
    match = re.search(r"https?://[^/\s]+(/password-reset/[^/\s]+/[^/\s]+/)", body)
    assert match, body
    link = match.group(1)

    response = client.get(link)  # Django swaps the token for a session marker and redirects
    assert response.status_code == 302
    set_password_url = response["Location"]
    new_password = "a-brand-new-long-passphrase-42"
    response = client.post(set_password_url, {"new_password1": new_password, "new_password2": new_password})
    assert response.status_code == 302
    assert response["Location"] == "/password-reset/done/"
    specialist.refresh_from_db()
    assert specialist.check_password(new_password)

    # The reset signed nobody in: no user in the session, no new sign-in event, and pages still ask to sign in.
    assert "_auth_user_id" not in client.session
    assert SecurityEvent.objects.filter(kind=SecurityEventKind.SIGNED_IN).count() == 1  # the earlier session's
    # The session from before the reset has ended.
    assert earlier.get("/caseload/")["Location"].startswith("/login/")
    assert SecurityEvent.objects.filter(kind=SecurityEventKind.PASSWORD_RESET, user=specialist).exists()
    response = client.get(f"/participants/{allocated_participant.pk}/")
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")

    # The link works once.
    assert client.get(link).status_code == 200  # Django shows the "link is not valid" page
    assert "new_password1" not in client.get(link, follow=True).content.decode()

    # The old password no longer works; the new one does, and the second factor is still asked for.
    refused = Client().post("/login/", {"username": specialist.username, "password": factories.PASSWORD})
    assert refused.status_code == 200
    fresh = password_only(specialist, new_password)
    for url in (f"/participants/{allocated_participant.pk}/", "/caseload/"):
        responses = walk(fresh, url)
        assert responses[0]["Location"].startswith("/mfa/verify/?next="), url
        for r in responses:
            assert allocated_participant.given_name not in r.content.decode()
    assert fresh.post("/mfa/verify/", {"token": code_at(device)}).status_code == 302
    assert is_verified(fresh)


# --- 2. Enrolment ------------------------------------------------------------------------------------------


def test_enrolment_with_a_wrong_then_the_right_code(specialist):
    client = password_only(specialist)
    page = client.get("/mfa/setup/")
    assert page.status_code == 200
    html = page.content.decode()
    device = TOTPDevice.objects.get(user=specialist, confirmed=False)
    assert re.search(r'<img [^>]*src="data:image/svg\+xml[^"]+"', html)
    typed = base64.b32encode(device.bin_key).decode().rstrip("=")
    shown = re.search(r'id="totp-secret">([^<]+)<', html)
    assert shown and shown.group(1).replace(" ", "") == typed
    # The same device (and secret) on a second visit, so a scanned QR code stays valid.
    assert client.get("/mfa/setup/").status_code == 200
    assert TOTPDevice.objects.filter(user=specialist).count() == 1

    refused = client.post("/mfa/setup/", {"token": wrong_code(device)})
    assert refused.status_code == 200
    assert "The code is not right" in refused.content.decode()
    assert 'class="govuk-error-message"' in refused.content.decode()
    device.refresh_from_db()
    assert device.confirmed is False
    assert not RecoveryCode.objects.exists()
    assert not is_verified(client)

    end_throttle(device)
    accepted = client.post("/mfa/setup/", {"token": code_at(device)})
    assert accepted.status_code == 200
    html = accepted.content.decode()
    codes = re.findall(r"<li><code>([a-z2-7]{4}-[a-z2-7]{4})</code></li>", html)
    assert len(codes) == 10
    assert len(set(codes)) == 10
    device.refresh_from_db()
    assert device.confirmed is True
    assert RecoveryCode.objects.filter(device__user=specialist).count() == 10
    assert is_verified(client)
    assert SecurityEvent.objects.filter(kind=SecurityEventKind.MFA_ENROLLED, user=specialist).count() == 1

    # Shown once: nothing the person can open afterwards shows them again.
    for url in ("/account/", "/mfa/setup/", "/caseload/"):
        later = client.get(url, follow=True).content.decode()
        for code in codes:
            assert code not in later, url


def test_unverified_session_cannot_swap_the_authenticator(specialist):
    device = confirmed_device(specialist)
    client = password_only(specialist)
    response = client.get("/mfa/setup/")
    assert response.status_code == 302
    assert response["Location"].startswith("/mfa/verify/")
    # Posting a code for a device of the attacker's choosing does nothing either.
    response = client.post("/mfa/setup/", {"token": "123456"})
    assert response.status_code == 302
    assert response["Location"].startswith("/mfa/verify/")
    assert list(TOTPDevice.objects.filter(user=specialist)) == [device]
    device.refresh_from_db()
    assert device.confirmed is True
    assert not is_verified(client)


# --- 3. Verification ---------------------------------------------------------------------------------------


def test_a_totp_code_works_once(specialist):
    device = confirmed_device(specialist)
    first = password_only(specialist)
    assert not is_verified(first)
    code = code_at(device)
    response = first.post("/mfa/verify/?next=/caseload/", {"token": code, "next": "/caseload/"})
    assert response.status_code == 302
    assert response["Location"] == "/caseload/"
    assert is_verified(first)

    second = password_only(specialist)  # e.g. someone who watched the code being typed
    replay = second.post("/mfa/verify/", {"token": code})
    assert replay.status_code == 200
    assert "has been used already" in replay.content.decode()
    assert not is_verified(second)


def test_verification_cycles_the_session_key(specialist):
    device = confirmed_device(specialist)
    client = password_only(specialist)
    before = client.session.session_key
    client.post("/mfa/verify/", {"token": code_at(device)})
    assert client.session.session_key != before
    assert is_verified(client)


def test_recovery_codes_work_once_in_any_form(specialist):
    confirmed_device(specialist)
    codes = mfa.issue_recovery_codes(specialist)
    assert len(codes) == 10
    recovery = RecoveryCodeDevice.objects.get(user=specialist)
    forms = {
        codes[0]: codes[0],
        codes[1]: codes[1].upper(),
        codes[2]: codes[2].replace("-", ""),
        codes[3]: codes[3].replace("-", "").upper(),
        codes[4]: f" {codes[4][:4]} {codes[4][5:]} ",
    }
    for code, typed in forms.items():
        client = password_only(specialist)
        response = client.post("/mfa/verify/", {"token": typed})
        assert response.status_code == 302, typed
        assert is_verified(client), typed
        assert not RecoveryCode.objects.filter(code_hash=hashlib.sha256(code.replace("-", "").encode()).hexdigest())
    assert RecoveryCode.objects.filter(device=recovery).count() == 5
    assert SecurityEvent.objects.filter(kind=SecurityEventKind.RECOVERY_CODE_USED, user=specialist).count() == 5

    for used in (codes[0], codes[3].upper()):
        end_throttle(recovery)
        client = password_only(specialist)
        response = client.post("/mfa/verify/", {"token": used})
        assert response.status_code == 200, used
        assert not is_verified(client)
    assert RecoveryCode.objects.filter(device=recovery).count() == 5


def test_recovery_codes_are_stored_hashed(specialist):
    codes = mfa.issue_recovery_codes(specialist)
    rows = list(RecoveryCode.objects.filter(device__user=specialist).values_list("code_hash", flat=True))
    assert len(rows) == 10
    device_fields = " ".join(str(v) for v in RecoveryCodeDevice.objects.filter(user=specialist).values().get().values())
    for code in codes:
        bare = code.replace("-", "")
        for stored in rows:
            assert code not in stored and bare not in stored and bare.upper() not in stored
        assert bare not in device_fields
        # A one-way digest of the code (SHA-256, hex), not the code in some other form.
        assert hashlib.sha256(bare.encode()).hexdigest() in rows
    assert all(re.fullmatch(r"[0-9a-f]{64}", stored) for stored in rows)


def test_a_wrong_code_is_refused_and_logged(specialist):
    device = confirmed_device(specialist)
    client = password_only(specialist)
    bad = wrong_code(device)
    response = client.post("/mfa/verify/", {"token": bad})
    assert response.status_code == 200
    assert "The code is not right" in response.content.decode()
    assert not is_verified(client)
    failed = SecurityEvent.objects.filter(kind=SecurityEventKind.MFA_FAILED, user=specialist)
    assert failed.count() == 1
    assert bad not in failed.get().detail


def test_a_wrong_recovery_code_is_refused_and_logged(specialist):
    confirmed_device(specialist)
    mfa.issue_recovery_codes(specialist)
    client = password_only(specialist)
    response = client.post("/mfa/verify/", {"token": "zzzz-zzzz"})
    assert response.status_code == 200
    assert "The code is not right" in response.content.decode()
    assert not is_verified(client)
    failed = SecurityEvent.objects.filter(kind=SecurityEventKind.MFA_FAILED, user=specialist)
    assert failed.count() == 1
    assert "zzzz" not in failed.get().detail


def test_repeated_wrong_codes_are_throttled(specialist):
    device = confirmed_device(specialist)
    client = password_only(specialist)
    assert client.post("/mfa/verify/", {"token": wrong_code(device)}).status_code == 200
    # Straight after a failure even the right code is refused until django-otp's delay has passed.
    refused = client.post("/mfa/verify/", {"token": code_at(device)})
    assert refused.status_code == 200
    assert not is_verified(client)
    device.refresh_from_db()
    assert device.throttling_failure_count == 1
    assert device.last_t == -1  # the refused right code was not spent

    end_throttle(device)
    assert client.post("/mfa/verify/", {"token": code_at(device)}).status_code == 302
    assert is_verified(client)
    device.refresh_from_db()
    assert device.throttling_failure_count == 0


def test_the_delay_doubles_with_each_failure(specialist):
    device = confirmed_device(specialist)
    client = password_only(specialist)
    for expected in range(1, 4):
        end_throttle(device)
        client.post("/mfa/verify/", {"token": wrong_code(device)})
        device.refresh_from_db()
        assert device.throttling_failure_count == expected
    # Three failures: 4 seconds. Three seconds after the last failure the right code is still refused.
    TOTPDevice.objects.filter(pk=device.pk).update(
        throttling_failure_timestamp=timezone.now() - datetime.timedelta(seconds=3)
    )
    assert client.post("/mfa/verify/", {"token": code_at(device)}).status_code == 200
    assert not is_verified(client)
    TOTPDevice.objects.filter(pk=device.pk).update(
        throttling_failure_timestamp=timezone.now() - datetime.timedelta(seconds=5)
    )
    assert client.post("/mfa/verify/", {"token": code_at(device)}).status_code == 302


# --- 9. The demo hint ----------------------------------------------------------------------------------------


def test_demo_hint_shows_the_current_code_only_when_switched_on(specialist, settings):
    confirmed_device(specialist)
    client = password_only(specialist)

    settings.IPSGATE_DEMO_MFA_HINTS = True
    html = client.get("/mfa/verify/").content.decode()
    shown = re.search(r'id="demo-code">.*?<strong[^>]*>(\d{6})</strong>', html, re.S)
    assert shown
    assert shown.group(1) in {current_code(specialist), code_at(TOTPDevice.objects.get(user=specialist), -1)}

    settings.IPSGATE_DEMO_MFA_HINTS = False
    html = client.get("/mfa/verify/").content.decode()
    assert 'id="demo-code"' not in html
    assert "Demo service only" not in html
    assert current_code(specialist) not in html


def test_demo_hint_is_off_by_default_and_in_production():
    from ipsgate.settings import base

    assert base.IPSGATE_DEMO_MFA_HINTS is False
    production_text = (PROJECT_DIR / "ipsgate" / "settings" / "production.py").read_text()
    assert "IPSGATE_DEMO_MFA_HINTS" not in production_text
    # Production takes everything from base and nothing from the demo settings.
    imports = re.findall(r"^from \S+ import .*$", production_text, re.M)
    assert "from .base import *" in imports
    assert not any("dev" in line for line in imports)
    assert "IPSGATE_DEMO_MFA_HINTS = True" in (PROJECT_DIR / "ipsgate" / "settings" / "dev.py").read_text()


def test_enrolment_cycles_the_session_key(specialist):
    client = password_only(specialist)
    client.get("/mfa/setup/")
    before = client.session.session_key
    device = TOTPDevice.objects.get(user=specialist, confirmed=False)
    assert client.post("/mfa/setup/", {"token": code_at(device)}).status_code == 200
    assert is_verified(client)
    assert client.session.session_key != before

"""Session lifetime: 30 minutes of inactivity (renewed on each request), at most 12 hours from sign-in however active,
and a disabled account's sessions end at its next request."""

from __future__ import annotations

import datetime

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.test import Client
from django.utils import timezone

from ipsgate.core.choices import SecurityEventKind
from ipsgate.core.models import SecurityEvent
from ipsgate.core.security import SIGNED_IN_AT_SESSION_KEY
from tests import factories
from tests.conftest import sign_in_verified

pytestmark = pytest.mark.django_db

TWELVE_HOURS = 12 * 60 * 60


@pytest.fixture
def client_(specialist) -> Client:
    client = Client()
    sign_in_verified(client, specialist)
    return client


def stored_session(client: Client) -> Session:
    return Session.objects.get(session_key=client.cookies[settings.SESSION_COOKIE_NAME].value)


def signed_in_at(client: Client, seconds_ago: float) -> None:
    session = client.session
    session[SIGNED_IN_AT_SESSION_KEY] = timezone.now().timestamp() - seconds_ago
    session.save()


def test_the_settings_are_the_agreed_ones():
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST is True
    assert settings.IPSGATE_SESSION_ABSOLUTE_SECONDS == TWELVE_HOURS


def test_a_session_expires_thirty_minutes_after_the_last_request(client_):
    assert client_.get("/caseload/").status_code == 200
    assert client_.session.get_expiry_age() == 30 * 60
    remaining = stored_session(client_).expire_date - timezone.now()
    assert datetime.timedelta(minutes=29) < remaining <= datetime.timedelta(minutes=30)


def test_each_request_renews_the_thirty_minutes(client_):
    # As if the last request was 25 minutes ago: 5 minutes left.
    Session.objects.filter(pk=stored_session(client_).pk).update(
        expire_date=timezone.now() + datetime.timedelta(minutes=5)
    )
    response = client_.get("/caseload/")
    assert response.status_code == 200
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]  # the cookie is sent again with each response
    # A browser-session cookie (gone when the browser closes); the 30 minutes are enforced on the server.
    assert cookie["max-age"] == ""
    assert cookie["httponly"] is True
    remaining = stored_session(client_).expire_date - timezone.now()
    assert remaining > datetime.timedelta(minutes=29)


def test_an_idle_session_is_over(client_, specialist):
    Session.objects.filter(pk=stored_session(client_).pk).update(
        expire_date=timezone.now() - datetime.timedelta(seconds=1)
    )
    response = client_.get("/caseload/")
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


def test_a_session_ends_twelve_hours_after_sign_in_however_active(client_, specialist):
    signed_in_at(client_, TWELVE_HOURS + 60)
    response = client_.get("/caseload/")
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")
    assert "_auth_user_id" not in client_.session
    event = SecurityEvent.objects.get(kind=SecurityEventKind.SESSION_EXPIRED)
    assert event.user == specialist
    # Signed out for good: the next request is not signed in either.
    assert client_.get("/caseload/")["Location"].startswith("/login/")


def test_a_session_just_under_twelve_hours_carries_on(client_):
    signed_in_at(client_, TWELVE_HOURS - 60)
    assert client_.get("/caseload/").status_code == 200
    assert not SecurityEvent.objects.filter(kind=SecurityEventKind.SESSION_EXPIRED).exists()


def test_signing_in_again_starts_a_new_twelve_hours(specialist):
    client = Client()
    before = timezone.now().timestamp()
    client.post("/login/", {"username": specialist.username, "password": factories.PASSWORD})
    assert client.session[SIGNED_IN_AT_SESSION_KEY] >= before


def test_a_disabled_account_is_signed_out_at_its_next_request(client_, specialist):
    assert client_.get("/caseload/").status_code == 200
    specialist.is_active = False
    specialist.save()
    event = SecurityEvent.objects.get(kind=SecurityEventKind.ACCOUNT_DISABLED)
    assert event.user == specialist
    response = client_.get("/caseload/")
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")
    # Saving it again while disabled logs nothing more.
    specialist.save()
    assert SecurityEvent.objects.filter(kind=SecurityEventKind.ACCOUNT_DISABLED).count() == 1


def test_a_disabled_account_stays_signed_out_when_enabled_again(client_, specialist):
    specialist.is_active = False
    specialist.save()
    assert client_.get("/caseload/").status_code == 302
    specialist.is_active = True
    specialist.save()
    response = client_.get("/caseload/")
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")

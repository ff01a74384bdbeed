"""django-axes: five wrong passwords for one username from one address lock that pair for 15 minutes; the same
person elsewhere, and other people from the same address, can still sign in; failures during the lockout do not
extend it; every lockout is logged."""

from __future__ import annotations

import datetime

import pytest
from axes.models import AccessAttempt
from django.test import Client

from ipsgate.core.choices import SecurityEventKind
from ipsgate.core.models import SecurityEvent, User
from tests import factories

pytestmark = pytest.mark.django_db

LOCKED_IP = "203.0.113.7"
OTHER_IP = "198.51.100.9"


def attempt(user: User | str, password: str, ip: str = LOCKED_IP, forwarded_for: str = ""):
    username = user if isinstance(user, str) else user.username
    headers = {"X-Forwarded-For": forwarded_for} if forwarded_for else None
    return Client().post("/login/", {"username": username, "password": password}, REMOTE_ADDR=ip, headers=headers)


def signed_in(response) -> bool:
    return response.status_code == 302 and response.wsgi_request.user.is_authenticated


def is_lockout_page(response) -> bool:
    return response.status_code == 429 and "Too many attempts" in response.content.decode()


def fail(user: User | str, times: int, ip: str = LOCKED_IP) -> list:
    return [attempt(user, "wrong-password-guess", ip) for _ in range(times)]


def move_attempts_back(minutes: float) -> None:
    """As if the recorded failures happened that much earlier (axes reads the time from its own rows)."""
    for row in AccessAttempt.objects.all():
        row.attempt_time -= datetime.timedelta(minutes=minutes)
        row.save(update_fields=["attempt_time"])


def test_four_failures_do_not_lock(specialist):
    responses = fail(specialist, 4)
    assert all(r.status_code == 200 for r in responses)
    assert signed_in(attempt(specialist, factories.PASSWORD))


def test_five_failures_lock_the_username_and_address_pair(specialist):
    responses = fail(specialist, 5)
    assert all(r.status_code == 200 for r in responses[:4])
    assert is_lockout_page(responses[4])

    refused = attempt(specialist, factories.PASSWORD)
    assert not signed_in(refused)
    assert is_lockout_page(refused)
    assert "_auth_user_id" not in refused.wsgi_request.session

    # The same person from another address, and another person from the locked address, can still sign in.
    assert signed_in(attempt(specialist, factories.PASSWORD, OTHER_IP))
    colleague = factories.SpecialistFactory.create(site=specialist.site)
    assert signed_in(attempt(colleague, factories.PASSWORD, LOCKED_IP))
    # ...and the pair is still locked afterwards (a success elsewhere does not reset it).
    assert is_lockout_page(attempt(specialist, factories.PASSWORD))


def test_a_forwarded_for_header_does_not_get_round_the_lock(specialist):
    fail(specialist, 5)
    refused = attempt(specialist, factories.PASSWORD, LOCKED_IP, forwarded_for="192.0.2.55")
    assert is_lockout_page(refused)


def test_the_lock_ends_after_the_cool_off(specialist):
    fail(specialist, 5)
    move_attempts_back(14)
    assert is_lockout_page(attempt(specialist, factories.PASSWORD))
    move_attempts_back(1.5)  # 15.5 minutes since the failures
    assert signed_in(attempt(specialist, factories.PASSWORD))


def test_failures_during_the_lockout_do_not_extend_it(specialist):
    fail(specialist, 5)
    move_attempts_back(10)
    during = fail(specialist, 3)  # ten minutes in, three more wrong passwords
    assert all(is_lockout_page(r) for r in during)
    move_attempts_back(6)  # 16 minutes after the lock, 6 after the last failure
    assert signed_in(attempt(specialist, factories.PASSWORD))


def test_a_lockout_is_logged(specialist):
    fail(specialist, 5)
    events = SecurityEvent.objects.filter(kind=SecurityEventKind.LOCKED_OUT)
    assert events.count() == 1
    event = events.get()
    assert event.user == specialist
    assert event.username == specialist.username
    assert event.ip_address == LOCKED_IP
    failures = SecurityEvent.objects.filter(kind=SecurityEventKind.SIGN_IN_FAILED, username=specialist.username)
    assert failures.count() == 5


def test_unknown_usernames_lock_too_and_are_logged_as_typed():
    responses = fail("no-such-person", 5)
    assert is_lockout_page(responses[4])
    event = SecurityEvent.objects.get(kind=SecurityEventKind.LOCKED_OUT)
    assert event.user is None
    assert event.username == "no-such-person"

"""Behind a reverse proxy: the client's address comes from the configured header only when the request arrives
from a configured trusted proxy. django-axes (lockouts) and the security log both use that address; a header sent
by anyone else changes neither."""

from __future__ import annotations

import pytest
from axes.models import AccessAttempt
from django.test import Client, RequestFactory

from ipsgate.core.choices import SecurityEventKind
from ipsgate.core.models import SecurityEvent
from ipsgate.core.security import client_ip
from tests import factories

PROXY = "10.0.0.5"
CLIENT = "203.0.113.7"
SPOOFED = "192.0.2.55"
ATTACKER = "198.51.100.9"


@pytest.fixture
def behind_proxy(settings):
    settings.IPSGATE_TRUSTED_PROXIES = ["10.0.0.0/24", "127.0.0.1"]
    settings.IPSGATE_CLIENT_IP_HEADER = "X-Forwarded-For"


def request_from(remote: str, forwarded_for: str | None = None, header: str = "X-Forwarded-For"):
    headers = {header: forwarded_for} if forwarded_for is not None else {}
    return RequestFactory().get("/", REMOTE_ADDR=remote, headers=headers)


@pytest.mark.parametrize(
    ("remote", "forwarded_for", "expected"),
    [
        (PROXY, CLIENT, CLIENT),  # the proxy says who connected to it
        (PROXY, f"{SPOOFED}, {CLIENT}", CLIENT),  # the client's own X-Forwarded-For is to the left: ignored
        (PROXY, f"{SPOOFED}, {CLIENT}, 10.0.0.9", CLIENT),  # a second trusted proxy in the chain is skipped
        (PROXY, None, PROXY),  # no header: the proxy's address
        (PROXY, "not-an-address", PROXY),  # malformed: the proxy's address, not the text
        (PROXY, f"{CLIENT}, junk", PROXY),
        (ATTACKER, SPOOFED, ATTACKER),  # not from a trusted proxy: the header is ignored
        ("2001:db8::1", SPOOFED, "2001:db8::1"),
    ],
)
def test_the_client_address_comes_from_the_header_only_through_a_trusted_proxy(
    behind_proxy, remote, forwarded_for, expected
):
    assert client_ip(request_from(remote, forwarded_for)) == expected


def test_without_a_configured_header_the_connecting_address_is_used(settings):
    settings.IPSGATE_TRUSTED_PROXIES = [PROXY]
    settings.IPSGATE_CLIENT_IP_HEADER = ""
    assert client_ip(request_from(PROXY, CLIENT)) == PROXY


def test_only_the_configured_header_counts(settings):
    settings.IPSGATE_TRUSTED_PROXIES = [PROXY]
    settings.IPSGATE_CLIENT_IP_HEADER = "X-Real-IP"
    assert client_ip(request_from(PROXY, CLIENT, header="X-Real-IP")) == CLIENT
    assert client_ip(request_from(PROXY, CLIENT, header="X-Forwarded-For")) == PROXY


def fail_sign_in(username: str, remote: str, forwarded_for: str | None):
    headers = {"X-Forwarded-For": forwarded_for} if forwarded_for is not None else None
    return Client().post(
        "/login/", {"username": username, "password": "wrong-guess"}, REMOTE_ADDR=remote, headers=headers
    )


@pytest.mark.django_db
def test_through_the_proxy_lockouts_and_the_security_log_count_the_clients_address(behind_proxy, specialist):
    for _ in range(5):
        fail_sign_in(specialist.username, PROXY, CLIENT)
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {CLIENT}
    failures = SecurityEvent.objects.filter(kind=SecurityEventKind.SIGN_IN_FAILED)
    assert set(failures.values_list("ip_address", flat=True)) == {CLIENT}
    assert SecurityEvent.objects.get(kind=SecurityEventKind.LOCKED_OUT).ip_address == CLIENT
    # The client is locked out; someone else behind the same proxy is not.
    locked = Client().post(
        "/login/",
        {"username": specialist.username, "password": factories.PASSWORD},
        REMOTE_ADDR=PROXY,
        headers={"X-Forwarded-For": CLIENT},
    )
    assert locked.status_code == 429
    elsewhere = Client().post(
        "/login/",
        {"username": specialist.username, "password": factories.PASSWORD},
        REMOTE_ADDR=PROXY,
        headers={"X-Forwarded-For": "203.0.113.99"},
    )
    assert elsewhere.status_code == 302


@pytest.mark.django_db
def test_a_spoofed_header_from_an_untrusted_source_changes_neither_lockout_nor_log(behind_proxy, specialist):
    """Each failure names a different address in the header; it is not a trusted proxy, so all count against the
    connecting address, the lock holds, and the security log shows the connecting address."""
    for n in range(5):
        fail_sign_in(specialist.username, ATTACKER, f"192.0.2.{n + 1}")
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {ATTACKER}
    logged = SecurityEvent.objects.filter(kind__in=[SecurityEventKind.SIGN_IN_FAILED, SecurityEventKind.LOCKED_OUT])
    assert set(logged.values_list("ip_address", flat=True)) == {ATTACKER}
    still_locked = Client().post(
        "/login/",
        {"username": specialist.username, "password": factories.PASSWORD},
        REMOTE_ADDR=ATTACKER,
        headers={"X-Forwarded-For": "192.0.2.200"},
    )
    assert still_locked.status_code == 429

"""Shared fixtures: places, staff in each role, and signed-in test clients."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from hypothesis import HealthCheck, settings

from ipsgate.core.models import Site, User

from . import factories

# CI machines are shared and slow at times: judge property tests on their results, not their speed.
settings.register_profile("ipsgate", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("ipsgate")

DETAIL_LINK = re.compile(r'href="/participants/(\d+)/"')


def participant_ids_linked(html: str) -> list[int]:
    """The participants a page links to (table rows link to each participant's page)."""
    return [int(pk) for pk in DETAIL_LINK.findall(html)]


def date_fields(name: str, value) -> dict[str, str]:
    """POST data for a GOV.UK three-box date input."""
    if value is None:
        return {f"{name}_day": "", f"{name}_month": "", f"{name}_year": ""}
    return {f"{name}_day": str(value.day), f"{name}_month": str(value.month), f"{name}_year": str(value.year)}


def sign_in_verified(client: Client, user: User) -> None:
    """Signs the client in as the user, second factor done (a confirmed authenticator-app device in the session)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()


def current_code(user: User) -> str:
    """What the person's authenticator app shows now."""
    device = TOTPDevice.objects.get(user=user, confirmed=True)
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


@pytest.fixture
def make_client() -> Callable[[User], Client]:
    """make_client(user) -> a test client signed in as that user, with the second factor done."""

    def _make(user: User) -> Client:
        client = Client()
        sign_in_verified(client, user)
        return client

    return _make


@pytest.fixture
def prison(db) -> Site:
    return factories.SiteFactory.create()


@pytest.fixture
def other_prison(db) -> Site:
    return factories.SiteFactory.create()


@pytest.fixture
def community_site(db) -> Site:
    return factories.CommunitySiteFactory.create()


@pytest.fixture
def specialist(prison) -> User:
    return factories.SpecialistFactory.create(site=prison)


@pytest.fixture
def specialist_client(make_client, specialist) -> Client:
    return make_client(specialist)

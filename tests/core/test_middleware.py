"""Response headers every page carries: a request id for the audit trail, and no caching."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from tests import factories
from tests.conftest import sign_in_verified

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("signed_in", [False, True])
def test_every_response_has_a_request_id_and_is_not_stored(client, specialist, signed_in):
    participant = factories.ParticipantFactory.create(current_site=specialist.site)
    if signed_in:
        sign_in_verified(client, specialist)
    for url in (reverse("login"), reverse("people:participant-detail", args=[participant.pk]), "/no-such-page/"):
        response = client.get(url)
        assert re.fullmatch(r"[0-9a-f]{32}", response["X-Request-ID"]), url
        assert response["Cache-Control"] == "no-store" or "no-store" in response["Cache-Control"], url


def test_participant_page_is_never_cached(specialist_client, specialist):
    participant = factories.ParticipantFactory.create(current_site=specialist.site)
    response = specialist_client.get(reverse("people:participant-detail", args=[participant.pk]))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]

"""Logs: the request id on every line (JSON when IPSGATE_LOG_FORMAT=json), and no participant's personal data.

The main journey is driven with the test client (sign-in failures, a referral shown again with errors and then
saved, its decision, a contact with a note, searches by name and prison number, the person's pages, pages refused
for someone out of scope, a bad query string), with every logger at DEBUG writing through the JSON formatter; the
captured text must not hold the person's name or prison number."""

from __future__ import annotations

import datetime
import io
import json
import logging
from collections.abc import Iterator

import pytest
from django.test import Client
from django.urls import reverse

from ipsgate.core.log_format import QUIET_LOGGERS, JsonFormatter, RequestIdFilter, logging_config
from ipsgate.people.models import Participant, Referral
from tests import factories
from tests.conftest import date_fields
from tests.journey.conftest import contact_data

GIVEN, FAMILY, PRISON_NUMBER = "Journey", "Walker", "Q4821JW"


@pytest.fixture
def captured_logs() -> Iterator[io.StringIO]:
    """Every record from every logger at DEBUG (but those the settings hold at WARNING, as in production), through
    the JSON formatter with the request id."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(RequestIdFilter())
    handler.setLevel(logging.DEBUG)
    loggers = [logging.getLogger(), *(logging.getLogger(name) for name in ("ipsgate", "django", "axes"))]
    quiet = [logging.getLogger(name) for name in QUIET_LOGGERS]
    saved = [(lg, lg.level) for lg in [*loggers, *quiet]]
    for lg in loggers:
        lg.addHandler(handler)
        lg.setLevel(logging.DEBUG)
    for lg in quiet:
        lg.setLevel(logging.WARNING)
    try:
        yield stream
    finally:
        for lg, level in saved:
            lg.removeHandler(handler)
            lg.setLevel(level)


def test_json_format_carries_the_request_id(captured_logs):
    response = Client().get("/no-such-page/", headers={"X-Request-ID": "req-0123456789"})
    assert response.status_code == 404
    logging.getLogger("ipsgate.test").info("outside any request")
    lines = [json.loads(line) for line in captured_logs.getvalue().splitlines()]
    not_found = next(line for line in lines if line["message"] == "Not Found: /no-such-page/")
    assert not_found["request_id"] == "req-0123456789"
    assert not_found["level"] == "WARNING" and not_found["logger"] == "django.request"
    assert lines[-1]["request_id"] == "-"
    assert set(lines[-1]) >= {"time", "level", "logger", "message", "request_id"}


@pytest.mark.django_db
def test_a_request_id_reaches_the_lines_logged_during_the_request(captured_logs, specialist):
    Client().post(
        "/login/", {"username": specialist.username, "password": "wrong"}, headers={"X-Request-ID": "req-abcdef123"}
    )
    lines = [json.loads(line) for line in captured_logs.getvalue().splitlines()]
    security = [line for line in lines if line["logger"] == "ipsgate.security"]
    assert security and all(line["request_id"] == "req-abcdef123" for line in security)


def test_the_settings_choose_json_or_text():
    assert logging_config("json", "INFO")["handlers"]["console"]["formatter"] == "json"
    assert logging_config("", "INFO")["handlers"]["console"]["formatter"] == "text"
    assert logging_config("text", "debug")["loggers"]["ipsgate"]["level"] == "DEBUG"
    assert all(logging_config("json", "DEBUG")["loggers"][name]["level"] == "WARNING" for name in QUIET_LOGGERS)


@pytest.mark.django_db
def test_no_personal_data_reaches_the_logs_through_the_main_journey(captured_logs, make_client, specialist):
    today = factories.today()
    client = make_client(specialist)
    # Sign-in failures and a lockout are logged (staff usernames, addresses): not the person's details.
    for _ in range(5):
        Client().post("/login/", {"username": specialist.username, "password": "wrong"})

    client.get("/")
    referral = {
        "wants_paid_work": "yes",
        "given_name": GIVEN,
        "family_name": FAMILY,
        **date_fields("date_of_birth", datetime.date(1991, 4, 17)),
        "prison_number": PRISON_NUMBER,
        "current_site": str(specialist.site_id),
        "custody_status": "in_custody",
        **date_fields("expected_release_date", today + datetime.timedelta(days=14)),
        "source": "prison_mental_health",
        **date_fields("referral_date", today - datetime.timedelta(days=2)),
        "referrer_name": "Ada Inreach",
        "allocated_specialist": str(specialist.pk),
        "evaluation_arm": "IPS",
        "mentoring": "no",
    }
    shown_again = client.post(reverse("people:referral-create"), {**referral, "referral_date_day": "40"})
    assert shown_again.status_code == 200
    saved = client.post(reverse("people:referral-create"), referral)
    assert saved.status_code == 302
    person = Participant.objects.get(prison_number=PRISON_NUMBER)
    pending = Referral.objects.get(participant=person)
    decided = client.post(
        reverse("people:referral-decision", args=[person.pk, pending.pk]),
        {"outcome": "accepted", **date_fields("outcome_date", today - datetime.timedelta(days=1))},
    )
    assert decided.status_code == 302
    contact = client.post(
        reverse("journey:contact-add", args=[person.pk]), contact_data(note=f"Met {GIVEN} {FAMILY} on the wing")
    )
    assert contact.status_code == 302
    for path in (
        reverse("people:participant-detail", args=[person.pk]),
        reverse("journey:profile", args=[person.pk]),
        reverse("journey:todo"),
        reverse("people:participant-list") + f"?q={FAMILY}",
        reverse("people:participant-list") + f"?q={PRISON_NUMBER}",
    ):
        assert client.get(path).status_code == 200, path
    # A bad query string is refused and logged ("Bad Request: <path>"), without the search text.
    assert client.get(reverse("people:participant-list") + f"?q={FAMILY}&page=x").status_code == 400
    # Refused pages are logged by Django ("Not Found: <path>"): paths hold ids, not names.
    elsewhere = factories.ParticipantFactory.create()
    assert client.get(reverse("people:participant-detail", args=[elsewhere.pk])).status_code == 404
    probation = make_client(factories.UserFactory.create(role="analyst"))
    assert probation.get(reverse("people:participant-detail", args=[person.pk])).status_code in (403, 404)

    logs = captured_logs.getvalue()
    assert "security event" in logs and "Not Found" in logs  # the capture saw the journey's log lines
    for personal in (GIVEN, FAMILY, PRISON_NUMBER, PRISON_NUMBER.lower(), "1991-04-17"):
        assert personal not in logs, [line for line in logs.splitlines() if personal in line][:3]

"""A small world for the API tests: one fully recorded participant at our prison, one at another prison, and
callers in each role. Token clients are plain clients with an Authorization header (not signed in)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from ipsgate.advice.models import ConvictionRecord
from ipsgate.api.models import SHOWN_CHARACTERS, ApiToken, key_digest, new_key
from ipsgate.core.models import Site, User
from ipsgate.employers.models import Vacancy
from ipsgate.jobs.models import Application, Job
from ipsgate.journey.models import SupportContact
from ipsgate.people.models import Participant, Referral
from tests import factories


@dataclass
class Case:
    participant: Participant
    referral: Referral
    contact: SupportContact
    application: Application
    job: Job
    conviction: ConvictionRecord
    vacancy: Vacancy


def make_case(site: Site, specialist: User, **participant_fields: Any) -> Case:
    """A participant with one of every record the API returns, health and offence details included."""
    participant = factories.ParticipantFactory.create(
        current_site=site, allocated_specialist=specialist, **participant_fields
    )
    episode = factories.EpisodeFactory.create(participant=participant)
    factories.VocationalProfileFactory.create(
        participant=participant,
        adjustment_kinds=["health"],
        adjustments="Needs a quiet place to take breaks",
        disclosure_share="conviction_only",
        disclosed_by="person",
        disclosure_plan="Tell the manager after the interview",
    )
    factories.MentalHealthCareFactory.create(participant=participant)
    contact = factories.SupportContactFactory.create(participant=participant, note="Talked about CV")
    application = factories.ApplicationFactory.create(participant=participant)
    job = factories.JobFactory.create(participant=participant, employer=application.employer)
    conviction = ConvictionRecord.objects.create(
        participant=participant,
        description="Theft from a shop",
        conviction_date=datetime.date(2020, 3, 1),
        disposal="fine",
        recorded_by=specialist,
    )
    assert episode.referral is not None and application.vacancy is not None
    return Case(participant, episode.referral, contact, application, job, conviction, application.vacancy)


@pytest.fixture
def own_case(prison, specialist) -> Case:
    return make_case(prison, specialist)


@pytest.fixture
def other_case(other_prison) -> Case:
    return make_case(other_prison, factories.SpecialistFactory.create(site=other_prison))


def token_client(user: User) -> Client:
    """A client that sends a service account's token (a token has nothing to do with signing in)."""
    return Client(HTTP_AUTHORIZATION=f"Token {issue_key(user)}")


def issue_key(user: User) -> str:
    """A working key for the account, stored as ipsgate stores them but without the audit event the service writes
    (tests count events). A token is stored only as a digest, so an account that has one gets a new one."""
    key = new_key()
    ApiToken.objects.update_or_create(
        user=user,
        defaults={
            "key_digest": key_digest(key),
            "key_start": key[:SHOWN_CHARACTERS],
            "expires_at": timezone.now() + datetime.timedelta(days=30),
            "last_used_at": None,
        },
    )
    return key


@pytest.fixture
def service_account(prison) -> User:
    """A service account with a specialist's role at our prison: it sees what such a specialist sees."""
    return factories.ServiceAccountFactory.create(role="specialist", site=prison)

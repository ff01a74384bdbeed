"""A participant with every kind of record, another with their own, the staff around them."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from ipsgate.core.models import Site, User
from ipsgate.people.models import Participant
from tests import factories

from .records import make_full_record


@dataclass
class World:
    prison: Site
    other_prison: Site
    specialist: User
    team_leader: User
    subject: Participant
    other: Participant


@pytest.fixture
def world(db) -> World:
    prison = factories.SiteFactory.create()
    other_prison = factories.SiteFactory.create()
    leader = factories.TeamLeaderFactory.create(site=prison, first_name="Tess", last_name="Leader")
    factories.TeamFactory.create(leader=leader, sites=[prison])
    specialist = factories.SpecialistFactory.create(site=prison, first_name="Sam", last_name="Specialist")
    employer = factories.EmployerFactory.create(name="Shared Warehouse Ltd")
    subject = factories.ParticipantFactory.create(
        given_name="Alphonse", family_name="Aardvark", current_site=prison, allocated_specialist=specialist
    )
    other = factories.ParticipantFactory.create(
        given_name="Bartholomew", family_name="Bramblewood", current_site=prison, allocated_specialist=specialist
    )
    make_full_record(subject, tag="ALPHATAG", staff=specialist, employer=employer, released_from=prison)
    make_full_record(other, tag="BRAVOTAG", staff=specialist, employer=employer, released_from=prison)
    return World(prison, other_prison, specialist, leader, subject, other)

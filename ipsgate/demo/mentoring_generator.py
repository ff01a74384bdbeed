"""Invented peer mentors for the demo service (issue 17 §8): five mentors, one with vetting that has run out so
the mentor list shows it flagged. Names and organisations are made up."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta

from ipsgate.core.models import Site
from ipsgate.mentoring.models import Mentor

# (name, organisation, kind, lived experience, gender, capacity, vetting expires in days, prisons, interests, languages)
DEMO_MENTORS = (
    ("Sam Okafor", "Second Chances Trust", "partner", "yes", "man", 4, 300, ("HMP Leeds", "HMP Hull"),
     ["CONSTRUCTION", "WAREHOUSING"], "English"),
    ("Lena Marsh", "Second Chances Trust", "partner", "yes", "woman", 3, 20, ("HMP Leeds",),
     ["HOSPITALITY", "RETAIL"], "English, Polish"),
    ("Dev Patel", "Yorkshire IPS Through the Gate", "in_house", "not_said", "man", 5, 400, ("HMP Humber",),
     ["TECHNICAL", "OFFICE"], "English, Gujarati"),
    ("Kerry Holt", "New Leaf Mentoring", "partner", "yes", "woman", 2, -12, ("HMP Hull",),
     ["CLEANING_AND_MAINTENANCE"], "English"),
    ("Jonah Reid", "New Leaf Mentoring", "partner", "no", "man", 3, 180, ("HMP Leeds", "HMP Humber"),
     ["SPORTS", "OUTDOOR"], "English"),
)  # fmt: skip


def write_demo_mentors(*, as_of: date, site_by_name: Mapping[str, Site]) -> list[Mentor]:
    community = [site for name, site in site_by_name.items() if "Community" in name]
    made = []
    for name, organisation, kind, lived, gender, capacity, expires_in, prisons, interests, languages in DEMO_MENTORS:
        mentor = Mentor.objects.create(
            name=name,
            organisation=organisation,
            organisation_kind=kind,
            lived_experience=lived,
            training="Peer-mentor course",
            trained_on=as_of - timedelta(days=500),
            iag_level3=lived == "yes" and capacity > 3,
            dbs_level="enhanced",
            dbs_checked_on=as_of + timedelta(days=expires_in) - timedelta(days=3 * 365),
            vetting_expires=as_of + timedelta(days=expires_in),
            postcode_districts="LS9 LS10 LS11" if "HMP Leeds" in prisons else "HU3 HU4",
            capacity=capacity,
            gender=gender,
            languages=languages,
            interests=sorted(interests),
            status="active",
            status_since=as_of - timedelta(days=400),
        )
        mentor.cleared_prisons.set([site_by_name[p] for p in prisons])
        mentor.sites.set([site_by_name[p] for p in prisons] + community)
        made.append(mentor)
    return made

"""The walk over model metadata finds every kind of record linked to a participant."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.db import models

from ipsgate.people.models import Participant
from ipsgate.privacy.discovery import related_models


def test_known_children_are_found_through_their_parents():
    by_label = {related.label: related for related in related_models()}
    # Hand-listed: rows that point at the participant only through another record.
    assert by_label["jobs.ApplicationStatusChange"].lookups == ("application__participant",)
    assert by_label["journey.NeedUpdate"].lookups == ("need__participant",)
    assert by_label["journey.ProfileSectionChange"].lookups == ("profile__participant",)
    assert "job__participant" in by_label["jobs.SustainmentCheck"].lookups
    assert by_label["employers.EmployerContact"].shared is True
    assert by_label["people.Referral"].shared is False


def test_every_model_pointing_at_a_participant_is_found():
    """Cross-check against a plain scan of every model's fields (not the walk itself)."""
    found = {related.model for related in related_models()}
    pointing = set()
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if field.concrete and field.is_relation and field.related_model is Participant:
                pointing.add(model)
    pointing.discard(Participant)
    assert pointing
    assert pointing <= found


@pytest.mark.parametrize("related", related_models(), ids=lambda r: r.label)
def test_no_model_outside_the_participant_graph_is_included(related):
    assert issubclass(related.model, models.Model)
    assert related.model._meta.app_label not in {"auth", "sessions", "admin", "contenttypes"}
    assert related.model._meta.label not in {"core.User", "core.AuditEvent", "employers.Employer"}

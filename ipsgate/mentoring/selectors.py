"""Reads about peer mentors for pages."""

from __future__ import annotations

from datetime import date

from django.db.models import QuerySet

from ipsgate.rules.mentoring import Vetting

from .models import Mentor


def mentors() -> QuerySet[Mentor]:
    """Every mentor with the prisons their vetting clears: two queries however many are shown."""
    return Mentor.objects.prefetch_related("cleared_prisons").order_by("name", "id")


def with_vetting(shown: list[Mentor], today: date) -> list[tuple[Mentor, Vetting]]:
    return [(mentor, mentor.vetting(today)) for mentor in shown]

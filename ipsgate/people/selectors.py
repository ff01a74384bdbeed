"""Reads of participant data. Every selector starts from the scoping queryset (`Participant.objects.visible_to`)."""

from __future__ import annotations

from datetime import date

from django.db.models import Case, Exists, F, OuterRef, QuerySet, When
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404

from ipsgate.core.models import User
from ipsgate.rules.timeline import ReleaseTiming, release_timing

from .choices import IN_CUSTODY_STATUSES
from .models import Episode, Participant, Referral


def with_referral_flags(participants: QuerySet[Participant]) -> QuerySet[Participant]:
    """The people app's facts for list pages, as EXISTS subqueries: one query whatever the page size. Applying it
    twice (a caseload, then the case registry's facts) adds them once."""
    if "has_open_episode" in participants.query.annotations:
        return participants
    return participants.select_related("current_site", "allocated_specialist").annotate(
        has_open_episode=Exists(Episode.objects.filter(participant=OuterRef("pk"), end_date__isnull=True)),
        has_any_episode=Exists(Episode.objects.filter(participant=OuterRef("pk"))),
        has_pending_referral=Exists(Referral.objects.filter(participant=OuterRef("pk"), outcome="")),
    )


def timing_of(participant: Participant, *, today: date) -> ReleaseTiming:
    """Count down to the expected release while in custody (including after a recall, when the old actual
    release date no longer applies); count up from the actual release once out."""
    if participant.in_custody:
        return release_timing(release_date=participant.expected_release_date, released=False, today=today)
    return release_timing(
        release_date=participant.release_date, released=participant.actual_release_date is not None, today=today
    )


def release_date_for_timing() -> Case:
    """The date `timing_of` counts to or from, as a database expression (to sort a list by its Release column):
    the expected release while in custody, otherwise the actual release or, failing that, the expected one."""
    return Case(
        When(custody_status__in=IN_CUSTODY_STATUSES, then=F("expected_release_date")),
        default=Coalesce("actual_release_date", "expected_release_date"),
    )


def participant_get(user: User, pk: int) -> Participant:
    """One participant the user may see, or 404 (never 403: existence is not disclosed)."""
    return get_object_or_404(with_referral_flags(Participant.objects.visible_to(user)), pk=pk)


def caseload_for(user: User) -> QuerySet[Participant]:
    """The specialist's own active caseload, soonest release first, with the referral and episode flags."""
    return with_referral_flags(
        Participant.objects.visible_to(user)
        .filter(allocated_specialist=user)
        .active()
        .order_by(F("expected_release_date").asc(nulls_last=True), "family_name", "id")
    )

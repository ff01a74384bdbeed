"""Who may see which participant: the one place this is decided.

Every view, export, report and API endpoint starts from `participants_visible_to(user)`. A
participant outside it answers 404, so its existence is not disclosed.

- Employment specialist: their own caseload, plus participants at their base site.
- Team leader: participants at the sites of the teams they lead, or allocated to those teams' members.
- Service manager: the whole service.
- Clinician: participants at their site (read only).
- Probation practitioner: participants they are named on (read only).
- Analyst and administrator: no participant records (aggregates and configuration only).

What a role may do with the participants it sees is `core.capabilities`.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from ipsgate.people.models import Participant, ParticipantQuerySet

from .choices import Role
from .models import Site, Team, User


def participants_visible_to(user: User) -> ParticipantQuerySet:
    """The participants this user may see. Inactive or anonymous users see none."""
    participants = Participant.objects.all()
    if not user.is_authenticated or not user.is_active:
        return participants.none()
    role = user.role
    if role == Role.SPECIALIST:
        mine = Q(allocated_specialist=user)
        return participants.filter(mine | Q(current_site_id=user.site_id) if user.site_id else mine)
    if role == Role.TEAM_LEADER:
        # Subqueries, not joins through the team-site table, so no row repeats and no DISTINCT is needed.
        return participants.filter(
            Q(current_site_id__in=_team_site_ids(leader=user)) | Q(allocated_specialist__team__leader=user)
        )
    if role == Role.SERVICE_MANAGER:
        return participants
    if role == Role.CLINICIAN:
        return participants.filter(current_site_id=user.site_id) if user.site_id else participants.none()
    if role == Role.PROBATION_PRACTITIONER:
        return participants.filter(probation_practitioner=user)
    return participants.none()


def sites_for(user: User) -> QuerySet[Site]:
    """The sites where this user may take a referral or place a participant."""
    if not user.is_authenticated or not user.is_active:
        return Site.objects.none()
    if user.role == Role.SERVICE_MANAGER:
        return Site.objects.all()
    if user.role == Role.TEAM_LEADER:
        return Site.objects.filter(pk__in=_team_site_ids(leader=user))
    if user.role == Role.SPECIALIST:
        team_sites = Q(pk__in=_team_site_ids(team_id=user.team_id)) if user.team_id else Q(pk__in=[])
        return Site.objects.filter(Q(pk__in=[user.site_id]) | team_sites)
    return Site.objects.none()


def _team_site_ids(*, leader: User | None = None, team_id: int | None = None) -> QuerySet[Any, Any]:
    links = Team.sites.through.objects.all()
    if leader is not None:
        links = links.filter(team__leader=leader)
    if team_id is not None:
        links = links.filter(team_id=team_id)
    return links.values("site_id")


def specialists_for(user: User) -> QuerySet[User]:
    """Specialists this user may allocate a participant to."""
    specialists = User.objects.filter(role=Role.SPECIALIST, is_active=True)
    if user.role == Role.SERVICE_MANAGER:
        return specialists
    if user.role == Role.TEAM_LEADER:
        return specialists.filter(team__leader=user)
    if user.role == Role.SPECIALIST:
        return (
            specialists.filter(Q(id=user.id) | Q(team_id=user.team_id))
            if user.team_id
            else specialists.filter(pk=user.pk)
        )
    return specialists.none()

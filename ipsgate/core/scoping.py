"""Who may act where: the sites and specialists a user may choose, and the role checks on case data.

Which participants a user may see is decided next to the Participant model
(`ipsgate.people.models.ParticipantQuerySet.visible_to`), from the same team-site links as here:

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

from .choices import Role
from .models import Site, Team, User


def sites_for(user: User) -> QuerySet[Site]:
    """The sites where this user may take a referral or place a participant."""
    if not user.is_authenticated or not user.is_active:
        return Site.objects.none()
    if user.role == Role.SERVICE_MANAGER:
        return Site.objects.all()
    if user.role == Role.TEAM_LEADER:
        return Site.objects.filter(pk__in=team_site_ids(leader=user))
    if user.role == Role.SPECIALIST:
        team_sites = Q(pk__in=team_site_ids(team_id=user.team_id)) if user.team_id else Q(pk__in=[])
        return Site.objects.filter(Q(pk__in=[user.site_id]) | team_sites)
    return Site.objects.none()


def team_site_ids(*, leader: User | None = None, team_id: int | None = None) -> QuerySet[Any, Any]:
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

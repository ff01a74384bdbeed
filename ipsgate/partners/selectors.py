"""Reads for the partner directory: a fixed number of queries whatever its length."""

from __future__ import annotations

from django.db.models import Prefetch, Q

from ipsgate.core.models import Site

from .models import Partner, PartnerQuerySet


def partner_search(
    *,
    text: str = "",
    pathway: str = "",
    prison: Site | None = None,
    area: str = "",
    include_closed: bool = False,
) -> PartnerQuerySet:
    """Partners matching every filter given: name or eligibility text, a pathway they help with, a prison they work
    in, an area they serve (a postcode district such as LS9 also finds a partner listing "LS9, LS10"). Active
    partners only unless `include_closed`."""
    partners = Partner.objects.all()
    if not include_closed:
        partners = partners.active()
    if text:
        partners = partners.filter(Q(name__icontains=text) | Q(eligibility__icontains=text))
    if pathway:
        partners = partners.filter(pathways__pathway=pathway)
    if prison is not None:
        partners = partners.filter(prisons=prison)
    if area:
        partners = partners.filter(areas__icontains=area.strip())
    return partners.distinct().prefetch_related("pathways", Prefetch("prisons", queryset=Site.objects.order_by("name")))

"""Writes to the partner directory: each in one transaction, refused without `manage_partners`, and audited with
the fields that changed (issue 18 §1)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from ipsgate.core.audit import AuditTarget, audit_record
from ipsgate.core.capabilities import capabilities_for
from ipsgate.core.choices import AuditAction, SiteKind
from ipsgate.core.models import Site, User
from ipsgate.core.views import require

from .choices import Pathway
from .models import Partner, PartnerPathway

PARTNER_FIELDS = (
    "name",
    "kind",
    "areas",
    "eligibility",
    "how_to_refer",
    "phone",
    "email",
    "website",
    "referral_form",
    "contact_name",
    "opening_hours",
    "closed_on",
)

NO_PATHWAY = "Select at least one resettlement pathway the partner helps with"
NO_PLACE = "Select a prison or enter an area in the community that the partner serves"


def partner_target(partner: Partner) -> AuditTarget:
    return AuditTarget("partner", str(partner.pk), None)


def tidy_areas(text: str) -> str:
    """'ls1,  Leeds ,LS1' -> 'LS1, Leeds': one comma and space between areas, postcode districts in capitals, each
    area once."""
    seen: list[str] = []
    for part in text.split(","):
        area = " ".join(part.split())
        if area and any(ch.isdigit() for ch in area) and " " not in area:
            area = area.upper()  # a postcode district such as LS9
        if area and area.casefold() not in {s.casefold() for s in seen}:
            seen.append(area)
    return ", ".join(seen)


@transaction.atomic
def partner_save(
    *,
    actor: User,
    data: dict[str, Any],
    pathways: Sequence[str],
    prisons: Sequence[Site],
    partner: Partner | None = None,
) -> Partner:
    """Add or change a partner. A partner helps with at least one pathway and serves at least one prison or area;
    a closing date is not in the future. Nothing is written when any of these fails."""
    require(capabilities_for(actor).manage_partners)
    errors: dict[str, str] = {}
    chosen = sorted(set(pathways))
    if not chosen:
        errors["pathways"] = NO_PATHWAY
    elif any(value not in Pathway.values for value in chosen):
        errors["pathways"] = "Select pathways from the list"
    if any(site.kind != SiteKind.PRISON for site in prisons):
        errors["prisons"] = "Select prisons from the list"
    areas = tidy_areas(str(data.get("areas", "")))
    if not prisons and not areas:
        errors["areas"] = NO_PLACE
    closed_on = data.get("closed_on")
    if closed_on is not None and closed_on > timezone.localdate():
        errors["closed_on"] = "The date the partner closed must be today or in the past"
    if errors:
        raise ValidationError(errors)
    creating = partner is None
    partner = partner or Partner()
    before = {name: getattr(partner, name) for name in PARTNER_FIELDS} if not creating else {}
    before_pathways = set(partner.pathways.values_list("pathway", flat=True)) if not creating else set()
    before_prisons = set(partner.prisons.values_list("pk", flat=True)) if not creating else set()
    for name in PARTNER_FIELDS:
        if name in data:
            setattr(partner, name, data[name])
    partner.areas = areas
    partner.updated_by = actor
    partner.updated_at = timezone.now()
    partner.full_clean()
    partner.save()
    if set(chosen) != before_pathways:
        partner.pathways.all().delete()
        PartnerPathway.objects.bulk_create(PartnerPathway(partner=partner, pathway=value) for value in chosen)
    if {site.pk for site in prisons} != before_prisons:
        partner.prisons.set(prisons)
    changed = [name for name in PARTNER_FIELDS if creating or before[name] != getattr(partner, name)]
    if set(chosen) != before_pathways:
        changed.append("pathways")
    if {site.pk for site in prisons} != before_prisons:
        changed.append("prisons")
    audit_record(
        user=actor,
        action=AuditAction.CREATE if creating else AuditAction.UPDATE,
        target=partner_target(partner),
        detail="changed: " + ", ".join(changed) if changed and not creating else "",
    )
    return partner

"""Writes to the partner directory: each in one transaction, refused without `manage_partners`, and audited with
the fields that changed (issue 18 §1)."""

from __future__ import annotations

import datetime
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
from ipsgate.journey.choices import HEALTH_PATHWAYS
from ipsgate.journey.models import ResettlementNeed
from ipsgate.people.models import Participant
from ipsgate.rules.referrals_out import Status as RuleStatus
from ipsgate.rules.referrals_out import status_change

from .choices import Pathway, ReferralOutStatus
from .models import Partner, PartnerPathway, ReferralOut, ReferralOutUpdate

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
    "community_mental_health_team",
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
    if data.get("community_mental_health_team") and Pathway.HEALTH.value not in chosen and "pathways" not in errors:
        errors["pathways"] = "A community mental health team helps with health: select the health pathway"
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


# Referrals out (issue 18 §2)


def referral_out_target(referral: ReferralOut) -> AuditTarget:
    return AuditTarget("referral_out", str(referral.pk), referral.participant_id)


@transaction.atomic
def referral_out_create(
    *,
    actor: User,
    participant: Participant,
    partner: Partner,
    pathway: str,
    referred_on: datetime.date,
    method: str,
    asked: str,
    consent_to_share: bool,
    shared: str = "",
    need: ResettlementNeed | None = None,
) -> ReferralOut:
    """Refer the person to a partner, with their consent. Refused, writing nothing: a closed partner, a partner
    that does not help with the pathway, a need of another person or pathway, no consent, a date in the future."""
    can = capabilities_for(actor)
    require(can.edit_participants and (can.see_health_data or pathway not in HEALTH_PATHWAYS))
    errors: dict[str, str] = {}
    if partner.closed_on is not None:
        errors["partner"] = f"{partner.name} closed on {partner.closed_on:%-d %B %Y}: choose a partner that is open"
    elif not partner.pathways.filter(pathway=pathway).exists():
        errors["partner"] = f"{partner.name} does not help with {Pathway(pathway).label.lower()}: choose another"
    if need is not None and (need.participant_id != participant.pk or need.pathway != pathway):
        errors["need"] = "Choose a need of this person on the same pathway"
    if not consent_to_share:
        errors["consent_to_share"] = "The person must agree to their details being shared before you refer them"
    if referred_on > timezone.localdate():
        errors["referred_on"] = "The date of the referral must be today or in the past"
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    referral = ReferralOut(
        participant=participant,
        partner=partner,
        need=need,
        pathway=pathway,
        referred_from_id=participant.current_site_id,
        referred_on=referred_on,
        method=method,
        asked=asked,
        consent_to_share=True,
        shared=shared,
        status=ReferralOutStatus.SENT,
        status_on=referred_on,
        created_by=actor,
        created_at=now,
    )
    referral.full_clean()
    referral.save()
    ReferralOutUpdate.objects.create(
        referral=referral, status=ReferralOutStatus.SENT, happened_on=referred_on, recorded_by=actor, recorded_at=now
    )
    audit_record(user=actor, action=AuditAction.CREATE, target=referral_out_target(referral))
    return referral


@transaction.atomic
def referral_out_update(
    *, actor: User, referral: ReferralOut, status: str, happened_on: datetime.date, note: str = ""
) -> ReferralOutUpdate:
    """Move the referral along its lifecycle (`rules.referrals_out.status_change`). Refused, writing nothing: a
    change the lifecycle does not allow, a date before the referral or its last change or in the future, a decline
    without its reason."""
    can = capabilities_for(actor)
    require(can.edit_participants and (can.see_health_data or referral.pathway not in HEALTH_PATHWAYS))
    errors: dict[str, str] = {}
    change = status_change(RuleStatus(referral.status), RuleStatus(status))
    if not change.allowed:
        errors["status"] = change.explanation
    if happened_on > timezone.localdate():
        errors["happened_on"] = "The date must be today or in the past"
    elif happened_on < referral.referred_on:
        errors["happened_on"] = f"The date must be on or after the referral ({referral.referred_on:%-d %B %Y})"
    elif happened_on < referral.status_on:
        errors["happened_on"] = f"The date must be on or after the last change ({referral.status_on:%-d %B %Y})"
    if status == ReferralOutStatus.DECLINED and not note.strip():
        errors["note"] = "Enter the reason the partner gave for declining"
    if errors:
        raise ValidationError(errors)
    update = ReferralOutUpdate.objects.create(
        referral=referral,
        status=status,
        happened_on=happened_on,
        note=note,
        recorded_by=actor,
        recorded_at=timezone.now(),
    )
    referral.status = status
    referral.status_on = happened_on
    referral.save(update_fields=["status", "status_on"])
    audit_record(user=actor, action=AuditAction.UPDATE, target=referral_out_target(referral), detail=status)
    return update

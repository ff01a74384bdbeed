"""The partner directory as Open Referral UK (ORUK) JSON (issue 18 §4): the data standard local authorities and the
NHS use for directories of services, so the directory can be shared with a council's directory and loaded from one.

The shape follows ORUK 3.0 (the UK profile of the Human Services Data Specification, HSDS 3.0): the `/services`
page object with each service in full, its organisation, locations (through service-at-location), service areas,
contacts with phones, schedules and eligibility. How each partner field maps is in docs/open-referral-uk.md.

Each partner is one organisation offering one service. Ids are UUIDs derived from the partner's id (the same
partner has the same ids in every export), so a directory that loads the file twice updates rather than duplicates.
No participant data: only the directory's own fields.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from typing import Any

from django.utils import timezone

from ipsgate.core.models import Site

from .models import Partner

# A fixed namespace: uuid5(NAMESPACE, "partner/12/service") is the same in every export.
NAMESPACE = uuid.UUID("5b0c55e4-0b2f-4a5c-9a55-3f8f0e1f6a18")
PATHWAY_TAXONOMY = "ipsgate-resettlement-pathways"  # HMPPS resettlement pathways (Resettlement Passport)
ORUK_VERSION = "3.0"


def oruk_id(partner: Partner, *parts: object) -> str:
    return str(uuid.uuid5(NAMESPACE, "/".join(["partner", str(partner.pk), *map(str, parts)])))


def _phone(partner: Partner, owner: str, **links: str) -> list[dict[str, Any]]:
    if not partner.phone:
        return []
    return [
        {
            "id": oruk_id(partner, owner, "phone"),
            **links,
            "number": partner.phone,
            "extension": None,
            "type": "voice",
            "description": "Referrals",
            "languages": [],
        }
    ]


def _location(partner: Partner, site: Site) -> dict[str, Any]:
    """A prison the partner works in, as a physical location named by its prison code."""
    location_id = oruk_id(partner, "location", site.pk)
    return {
        "id": oruk_id(partner, "service_at_location", site.pk),
        "service_id": oruk_id(partner, "service"),
        "location_id": location_id,
        "description": f"{partner.name} works with people in {site.name}.",
        "location": {
            "id": location_id,
            "location_type": "physical",
            "name": site.name,
            "description": "A prison",
            "external_identifier": site.prison_code or None,
            "external_identifier_type": "prison_code" if site.prison_code else None,
            "addresses": [],
        },
    }


def oruk_service(partner: Partner) -> dict[str, Any]:
    """One partner as an ORUK service with its organisation and everything about it (uses the prefetched pathways
    and prisons)."""
    service_id = oruk_id(partner, "service")
    organization_id = oruk_id(partner, "organization")
    pathways = list(partner.pathways.all())
    prisons = list(partner.prisons.all())
    how = " ".join(part for part in (partner.how_to_refer, partner.referral_form and f"Referral form: "
                                     f"{partner.referral_form}") if part)  # fmt: skip
    contacts = []
    if partner.contact_name or partner.email or partner.phone:
        contact_id = oruk_id(partner, "contact")
        contacts.append(
            {
                "id": contact_id,
                "service_id": service_id,
                "name": partner.contact_name or None,
                "title": "Referrals",
                "email": partner.email or None,
                "phones": _phone(partner, "contact", contact_id=contact_id),
            }
        )
    return {
        "id": service_id,
        "organization_id": organization_id,
        "name": partner.name,
        "description": f"{partner.name} helps people leaving prison with: "
        + ", ".join(p.get_pathway_display().lower() for p in pathways)
        + ".",
        "url": partner.website or None,
        "email": partner.email or None,
        "status": "active" if partner.is_active else "inactive",
        "application_process": how or None,
        "eligibility_description": partner.eligibility or None,
        "minimum_age": None,
        "maximum_age": None,
        "last_modified": partner.updated_at.isoformat(),
        "organization": {
            "id": organization_id,
            "name": partner.name,
            "description": partner.get_kind_display(),
            "email": partner.email or None,
            "website": partner.website or None,
            "phones": _phone(partner, "organization", organization_id=organization_id),
        },
        "phones": _phone(partner, "service", service_id=service_id),
        "contacts": contacts,
        "schedules": [
            {
                "id": oruk_id(partner, "schedule"),
                "service_id": service_id,
                "description": partner.opening_hours,
            }
        ]
        if partner.opening_hours
        else [],
        "service_areas": [
            {
                "id": oruk_id(partner, "service_area", area.casefold()),
                "service_id": service_id,
                "name": area,
                "description": f"{partner.name} serves {area} in the community.",
                "extent": None,
                "extent_type": None,
            }
            for area in partner.area_list
        ],
        "service_at_locations": [_location(partner, site) for site in prisons],
        "attributes": [
            {
                "id": oruk_id(partner, "attribute", p.pathway),
                "link_id": service_id,
                "link_type": "service",
                "link_entity": "service",
                "value": None,
                "taxonomy_term": {
                    "id": str(uuid.uuid5(NAMESPACE, f"pathway/{p.pathway}")),
                    "code": p.pathway,
                    "name": p.get_pathway_display(),
                    "taxonomy": PATHWAY_TAXONOMY,
                },
            }
            for p in pathways
        ],
        "metadata": [],
    }


def oruk_page(partners: Iterable[Partner]) -> dict[str, Any]:
    """The whole directory as one ORUK `/services` page."""
    services: Sequence[dict[str, Any]] = [oruk_service(partner) for partner in partners]
    return {
        "total_items": len(services),
        "total_pages": 1,
        "page_number": 1,
        "size": len(services),
        "first_page": True,
        "last_page": True,
        "empty": not services,
        "oruk_version": ORUK_VERSION,
        "exported_at": timezone.now().isoformat(),
        "contents": services,
    }

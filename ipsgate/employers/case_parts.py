"""What the employers app puts on the casework pages (registered in `EmployersConfig.ready`): the job-development
contacts that discussed the person, on their timeline, so their history is in one place (issue 16 item 8)."""

from __future__ import annotations

from collections.abc import Iterator

from django.db.models import Count

from ipsgate.core.capabilities import capabilities_for
from ipsgate.core.case_registry import CaseView, TimelineEntry, case_registry

from .models import EmployerContact

TIMELINE_LIMIT = 200


def timeline(view: CaseView) -> Iterator[TimelineEntry]:
    """Employer contacts that discussed the person: one query, for the roles that read the working record. A
    contact's note is shown only when it discussed this person alone (a note about several people is not one
    person's history)."""
    if not capabilities_for(view.viewer).see_case_history:
        return
    about_them = EmployerContact.participants_discussed.through.objects.filter(participant=view.participant)
    contacts = (
        # Selected by id, so the count below counts everyone the contact discussed, not only this person.
        EmployerContact.objects.filter(pk__in=about_them.values("employercontact_id"))
        .select_related("employer", "specialist", "contact_person")
        .annotate(people=Count("participants_discussed"))
        .order_by("-contact_date", "-id")
    )
    for contact in contacts[:TIMELINE_LIMIT]:
        detail = ["Face to face." if contact.face_to_face else "Not face to face (phone, video or message)."]
        if contact.contact_person:
            detail.append(f"With {contact.contact_person}.")
        others = contact.people - 1  # annotated: everyone the contact discussed
        if others:
            detail.append(f"{others} other {'person' if others == 1 else 'people'} discussed too.")
        elif contact.note:
            detail.append(contact.note)
        yield TimelineEntry(
            contact.contact_date,
            f"{contact.get_purpose_display()} with {contact.employer.name}",
            f"employer contact by {contact.specialist.get_full_name()}",
            " ".join(detail),
            "employer",
        )


def register() -> None:
    case_registry.add_timeline("employers.contacts", timeline)

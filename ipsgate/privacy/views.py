"""A participant's data protection page, lawful basis and consent, legal hold, and the subject-access export."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from ipsgate.core.audit import AuditTarget, audit_read_when_shown, audit_record
from ipsgate.core.choices import AuditAction
from ipsgate.core.form_pages import form_page
from ipsgate.core.models import User
from ipsgate.core.views import request_user
from ipsgate.people.access import participant_for
from ipsgate.people.models import Participant

from . import services
from .export import build_export
from .forms import BasisConsentForm, LegalHoldForm
from .models import DataProtectionChange, DataProtectionRecord


def _record(participant: Participant) -> DataProtectionRecord | None:
    return DataProtectionRecord.objects.select_related("legal_hold_set_by").filter(participant=participant).first()


@require_GET
def data_protection(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    participant = participant_for(request, pk)
    record = _record(participant)
    history = DataProtectionChange.objects.filter(record=record).select_related("changed_by")[:50] if record else []
    audit_read_when_shown(request, user=user, target=services.data_protection_target(participant.pk))
    return render(
        request,
        "privacy/data_protection.html",
        {
            "participant": participant,
            "record": record,
            "history": history,
        },
    )


@require_http_methods(["GET", "POST"])
def basis_consent_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    participant = participant_for(request, pk, need="edit_participants")
    record = _record(participant)
    initial = {name: getattr(record, name) for name in services.BASIS_CONSENT_FIELDS} if record else None
    return form_page(
        request,
        form=BasisConsentForm(request.POST or None, initial=initial, date_of_birth=participant.date_of_birth),
        save=lambda data: services.basis_consent_save(actor=user, participant=participant, data=data),
        success=lambda changed: "Lawful basis and consent saved" if changed else "Nothing was changed",
        next_url=reverse("privacy:data-protection", args=[participant.pk]),
        template="privacy/basis_consent_form.html",
        context={"participant": participant},
    )


@require_http_methods(["GET", "POST"])
def legal_hold(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    participant = participant_for(request, pk, need=("see_case_records", "manage_legal_hold"))
    record = _record(participant)
    lifting = bool(record and record.legal_hold)
    action = services.legal_hold_lift if lifting else services.legal_hold_set
    return form_page(
        request,
        form=LegalHoldForm(request.POST or None, lifting=lifting),
        save=lambda data: action(actor=user, participant=participant, reason=data["reason"]),
        success="Legal hold lifted" if lifting else "Legal hold set",
        next_url=reverse("privacy:data-protection", args=[participant.pk]),
        template="privacy/legal_hold_form.html",
        context={"participant": participant, "record": record, "lifting": lifting},
    )


def _export(request: HttpRequest, pk: int) -> tuple[User, Participant]:
    # The export event each view records is the record of this read.
    needs = ("see_case_records", "export_subject_access")
    return request_user(request), participant_for(request, pk, need=needs, record_read=False)


@require_GET
def subject_access_document(request: HttpRequest, pk: int) -> HttpResponse:
    user, participant = _export(request, pk)
    export = build_export(participant_id=participant.pk, generated_by=user, now=timezone.now())
    audit_record(
        user=user,
        action=AuditAction.EXPORT,
        target=AuditTarget("subject_access_html", str(participant.pk), participant.pk),
    )
    response = render(request, "privacy/subject_access.html", {"participant": participant, "export": export})
    response["Cache-Control"] = "no-store"
    return response


@require_GET
def subject_access_json(request: HttpRequest, pk: int) -> HttpResponse:
    user, participant = _export(request, pk)
    export = build_export(participant_id=participant.pk, generated_by=user, now=timezone.now())
    audit_record(
        user=user,
        action=AuditAction.EXPORT,
        target=AuditTarget("subject_access_json", str(participant.pk), participant.pk),
    )
    response = HttpResponse(export.as_json(), content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="subject-access-{participant.pk}.json"'
    response["Cache-Control"] = "no-store"
    return response

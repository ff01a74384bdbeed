"""A participant's data protection page, lawful basis and consent, legal hold, and the subject-access export."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from ipsgate.core.audit import AuditTarget, audit_record
from ipsgate.core.capabilities import capabilities_for
from ipsgate.core.choices import AuditAction
from ipsgate.core.models import User
from ipsgate.core.views import request_user, require
from ipsgate.people.models import Participant
from ipsgate.people.selectors import participant_get

from . import services
from .export import build_export
from .forms import BasisConsentForm, LegalHoldForm
from .models import DataProtectionChange, DataProtectionRecord


def _case(request: HttpRequest, pk: int) -> tuple[User, Participant]:
    user = request_user(request)
    participant = participant_get(user, pk)  # 404 out of scope
    require(capabilities_for(user).see_case_records)
    return user, participant


def _record(participant: Participant) -> DataProtectionRecord | None:
    return DataProtectionRecord.objects.select_related("legal_hold_set_by").filter(participant=participant).first()


@require_GET
def data_protection(request: HttpRequest, pk: int) -> HttpResponse:
    user, participant = _case(request, pk)
    record = _record(participant)
    history = DataProtectionChange.objects.filter(record=record).select_related("changed_by")[:50] if record else []
    audit_record(user=user, action=AuditAction.READ, target=services.data_protection_target(participant.pk))
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
    user, participant = _case(request, pk)
    require(capabilities_for(user).edit_participants)
    record = _record(participant)
    initial = {name: getattr(record, name) for name in services.BASIS_CONSENT_FIELDS} if record else None
    form = BasisConsentForm(request.POST or None, initial=initial, date_of_birth=participant.date_of_birth)
    if request.method == "POST" and form.is_valid():
        try:
            changed = services.basis_consent_save(actor=user, participant=participant, data=form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Lawful basis and consent saved" if changed else "Nothing was changed")
            return redirect("privacy:data-protection", pk=participant.pk)
    return render(request, "privacy/basis_consent_form.html", {"participant": participant, "form": form})


@require_http_methods(["GET", "POST"])
def legal_hold(request: HttpRequest, pk: int) -> HttpResponse:
    user, participant = _case(request, pk)
    require(capabilities_for(user).manage_legal_hold)
    record = _record(participant)
    lifting = bool(record and record.legal_hold)
    form = LegalHoldForm(request.POST or None, lifting=lifting)
    if request.method == "POST" and form.is_valid():
        action = services.legal_hold_lift if lifting else services.legal_hold_set
        try:
            action(actor=user, participant=participant, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Legal hold lifted" if lifting else "Legal hold set")
            return redirect("privacy:data-protection", pk=participant.pk)
    return render(
        request,
        "privacy/legal_hold_form.html",
        {"participant": participant, "form": form, "record": record, "lifting": lifting},
    )


def _export(request: HttpRequest, pk: int) -> tuple[User, Participant]:
    user, participant = _case(request, pk)
    require(capabilities_for(user).export_subject_access)
    return user, participant


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

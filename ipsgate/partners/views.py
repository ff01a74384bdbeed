"""Pages for the partner directory (issue 18 §1): search and filter, a partner's page, add and change (team leaders
and service managers), and the CSV and XLSX exports. No participant data on any of them."""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from ipsgate.core.audit import AuditTarget, audit_record
from ipsgate.core.capabilities import capabilities_for
from ipsgate.core.choices import AuditAction, SiteKind
from ipsgate.core.form_pages import form_page
from ipsgate.core.models import Site, User
from ipsgate.core.query_params import MAX_PAGE, query_id, query_number
from ipsgate.core.views import request_user, require
from ipsgate.journey.choices import HEALTH_PATHWAYS
from ipsgate.people.access import participant_for
from ipsgate.rules.referrals_out import Status as RuleStatus
from ipsgate.rules.referrals_out import status_change
from ipsgate.rules.suppression import THRESHOLD, shown

from . import exports, selectors, services
from .choices import Pathway, ReferralOutStatus
from .forms import PartnerForm, PartnerSearchForm, ReferralOutForm, ReferralOutUpdateForm
from .models import Partner, PartnerQuerySet, ReferralOut


def _searched(request: HttpRequest) -> tuple[PartnerSearchForm, PartnerQuerySet]:
    require(capabilities_for(request_user(request)).read_partners)
    query_id(request.GET, "prison")  # a malformed id is a 400 naming the parameter, before the form sees it
    form = PartnerSearchForm(request.GET or None)
    filters: dict[str, Any] = {}
    if form.is_valid():
        data = form.cleaned_data
        filters = {
            "text": data["q"],
            "pathway": data["pathway"],
            "prison": data["prison"],
            "area": data["area"],
            "include_closed": data["closed"],
        }
    return form, selectors.partner_search(**filters)


@require_safe
def partner_list(request: HttpRequest) -> HttpResponse:
    form, partners = _searched(request)
    paginator: Paginator[Partner] = Paginator(partners, settings.IPSGATE_PAGE_SIZE)
    page = paginator.get_page(query_number(request.GET, "page", minimum=1, maximum=MAX_PAGE))
    return render(
        request,
        "partners/partner_list.html",
        {"form": form, "page": page, "query": request.GET.urlencode()},
    )


@require_safe
def partner_detail(request: HttpRequest, pk: int) -> HttpResponse:
    require(capabilities_for(request_user(request)).read_partners)
    partner = get_object_or_404(
        Partner.objects.select_related("updated_by").prefetch_related("pathways", "prisons"), pk=pk
    )
    return render(request, "partners/partner_detail.html", {"partner": partner})


@require_http_methods(["GET", "POST"])
def partner_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    user = request_user(request)
    require(capabilities_for(user).manage_partners)
    partner = get_object_or_404(Partner, pk=pk) if pk is not None else None
    initial = None
    if partner is not None:
        initial = {name: getattr(partner, name) for name in services.PARTNER_FIELDS}
        initial["pathways"] = list(partner.pathways.values_list("pathway", flat=True))
        initial["prisons"] = list(partner.prisons.all())
    form = PartnerForm(request.POST or None, initial=initial)
    return form_page(
        request,
        form=form,
        save=lambda data: services.partner_save(actor=user, partner=partner, **form.service_values()),
        success="Partner saved",
        next_url=lambda saved: saved.get_absolute_url(),
        template="partners/partner_form.html",
        context={"partner": partner},
    )


def _export(request: HttpRequest, kind: str) -> HttpResponse:
    form, partners = _searched(request)
    user = request_user(request)
    audit_record(
        user=user,
        action=AuditAction.EXPORT,
        target=AuditTarget("partner_directory", kind, None),
        detail=request.GET.urlencode()[:200],
    )
    filename = f"partner-directory-{timezone.localdate():%Y-%m-%d}"
    if kind == "csv":
        return exports.directory_csv(partners, filename=filename)
    note = "Partner organisations in the ipsgate directory: no participant data. Exported " + (
        f"{timezone.localdate():%-d %B %Y}."
    )
    return exports.directory_xlsx(partners, filename=filename, note=note)


@require_safe
def export_csv(request: HttpRequest) -> HttpResponse:
    return _export(request, "csv")


@require_safe
def export_xlsx(request: HttpRequest) -> HttpResponse:
    return _export(request, "xlsx")


# Referrals out from a person's record (issue 18 §2)


def _pathways_for(user: User) -> list[Pathway]:
    can = capabilities_for(user)
    return [p for p in Pathway if can.see_health_data or p not in HEALTH_PATHWAYS]


@require_safe
def referrals(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    participant = participant_for(request, pk, need="see_case_history")
    return render(
        request,
        "partners/referrals.html",
        {"participant": participant, "referrals": selectors.referrals_out_for(participant, user)},
    )


@require_http_methods(["GET", "POST"])
def referral_create(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    participant = participant_for(request, pk, need="edit_participants")
    pathways = _pathways_for(user)
    need_id = query_id(request.GET, "need")
    need = None
    if need_id is not None:
        need = get_object_or_404(participant.needs.filter(pathway__in=pathways), pk=need_id)
    pathway = need.pathway if need else request.GET.get("pathway", "")
    if pathway not in pathways:
        return render(request, "partners/referral_pathway.html", {"participant": participant, "pathways": pathways})
    found = selectors.suggestions(participant, pathway)
    form = ReferralOutForm(
        request.POST or None,
        partner_choices=[(str(s.partner_id), f"{s.name}. {s.explanation}") for s in found],
        initial={"referred_on": timezone.localdate()},
    )

    def save(data: dict[str, Any]) -> ReferralOut:
        return services.referral_out_create(
            actor=user,
            participant=participant,
            partner=Partner.objects.get(pk=int(data["partner"])),
            pathway=pathway,
            need=need,
            referred_on=data["referred_on"],
            method=data["method"],
            asked=data["asked"],
            consent_to_share=data["consent_to_share"] == "yes",
            shared=data["shared"],
        )

    return form_page(
        request,
        form=form,
        save=save,
        success=lambda made: f"Referral to {made.partner.name} recorded",
        next_url=reverse("partners:referrals", args=[participant.pk]),
        template="partners/referral_form.html",
        context={
            "participant": participant,
            "need": need,
            "pathway_label": Pathway(pathway).label,
            "no_partners": not found,
        },
    )


@require_http_methods(["GET", "POST"])
def referral_update(request: HttpRequest, pk: int, referral_out_pk: int) -> HttpResponse:
    user = request_user(request)
    participant = participant_for(request, pk, need="edit_participants")
    referral = get_object_or_404(
        selectors.referrals_out_for(participant, user).select_related("partner"), pk=referral_out_pk
    )
    offered = [
        (s.value, s.label)
        for s in ReferralOutStatus
        if status_change(RuleStatus(referral.status), RuleStatus(s.value)).allowed
    ]
    form = ReferralOutUpdateForm(request.POST or None, offered=offered, initial={"happened_on": timezone.localdate()})
    return form_page(
        request,
        form=form,
        save=lambda data: services.referral_out_update(actor=user, referral=referral, **data),
        success="Referral updated",
        next_url=reverse("partners:referrals", args=[participant.pk]),
        template="partners/referral_update.html",
        context={"participant": participant, "referral": referral, "offered": offered},
    )


# The service map per prison (issue 18 §3): aggregates, no participant data


@require_safe
def service_map_index(request: HttpRequest) -> HttpResponse:
    require(capabilities_for(request_user(request)).see_service_overview)
    prisons = Site.objects.filter(kind=SiteKind.PRISON).order_by("name")
    return render(request, "partners/service_map_index.html", {"prisons": prisons})


@require_safe
def service_map(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    can = capabilities_for(user)
    require(can.see_service_overview)
    prison = get_object_or_404(Site, pk=pk, kind=SiteKind.PRISON)
    end = timezone.localdate()
    start = end - datetime.timedelta(days=365)
    suppress = not can.see_small_numbers
    rows: list[dict[str, Any]] = [
        {
            "row": row,
            "referrals": shown(row.referrals, suppress=suppress),
            "small": suppress and row.referrals < THRESHOLD,
            "accepted_share": _share(row.accepted, row.referrals),
            "no_response_share": _share(row.no_response, row.referrals),
        }
        for row in selectors.service_map(prison, start=start, end=end)
    ]
    return render(
        request,
        "partners/service_map.html",
        {"prison": prison, "rows": rows, "start": start, "end": end, "gaps": sum(r["row"].gap.is_gap for r in rows)},
    )


def _share(part: int, whole: int) -> str:
    return f"{round(100 * part / whole)}%" if whole else "–"

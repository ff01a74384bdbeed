"""Pages for the partner directory (issue 18 §1): search and filter, a partner's page, add and change (team leaders
and service managers), and the CSV and XLSX exports. No participant data on any of them."""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, JsonResponse
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
from ipsgate.core.spreadsheet import Sheet, csv_response, xlsx_response
from ipsgate.core.views import request_user, require
from ipsgate.journey.choices import HEALTH_PATHWAYS
from ipsgate.people.access import participant_for
from ipsgate.rules.calendar import add_months
from ipsgate.rules.referrals_out import Status as RuleStatus
from ipsgate.rules.referrals_out import status_change
from ipsgate.rules.suppression import THRESHOLD, shown

from . import exports, open_referral, selectors, services
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


@require_safe
def export_oruk(request: HttpRequest) -> HttpResponse:
    """The directory (as filtered) as Open Referral UK JSON (`open_referral`), audited like the other exports."""
    _, partners = _searched(request)
    audit_record(
        user=request_user(request),
        action=AuditAction.EXPORT,
        target=AuditTarget("partner_directory", "oruk", None),
        detail=request.GET.urlencode()[:200],
    )
    response = JsonResponse(open_referral.oruk_page(partners), json_dumps_params={"indent": 2})
    filename = f"partner-directory-{timezone.localdate():%Y-%m-%d}.oruk.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


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


PERIOD_CHOICES = (3, 6, 12, 24)  # months offered on the page; any whole number from 1 to 60 is accepted
DEFAULT_PERIOD_MONTHS = 12


def _period(request: HttpRequest) -> tuple[int, datetime.date, datetime.date]:
    """The period asked for in `?months=` (validated: a whole number from 1 to 60, else 400 naming it), ending
    today; the last 12 months when not given."""
    months = query_number(request.GET, "months", minimum=1, maximum=60) or DEFAULT_PERIOD_MONTHS
    end = timezone.localdate()
    return months, add_months(end, -months) + datetime.timedelta(days=1), end


def _service_map_figures(request: HttpRequest, pk: int) -> dict[str, Any]:
    """What the service map page and its exports show: rows per pathway, small numbers suppressed for roles
    without case access (`see_small_numbers`)."""
    can = capabilities_for(request_user(request))
    require(can.see_service_overview)
    prison = get_object_or_404(Site, pk=pk, kind=SiteKind.PRISON)
    months, start, end = _period(request)
    suppress = not can.see_small_numbers
    rows: list[dict[str, Any]] = [
        {
            "row": row,
            "referrals": shown(row.referrals, suppress=suppress),
            "small": suppress and row.referrals < THRESHOLD,
            "accepted_share": _share(row.accepted, row.referrals),
            "no_response_share": _share(row.no_response, row.referrals),
            "median_days": _days(row.median_days_to_response),
        }
        for row in selectors.service_map(prison, start=start, end=end)
    ]
    cmht = selectors.cmht_referrals(start=start, end=end, prison=prison)
    return {
        "prison": prison,
        "rows": rows,
        "months": months,
        "start": start,
        "end": end,
        "gaps": sum(r["row"].gap.is_gap for r in rows),
        "cmht_referred": shown(cmht.referred, suppress=suppress),
        "cmht_accepted": shown(cmht.accepted, suppress=suppress),
    }


@require_safe
def service_map(request: HttpRequest, pk: int) -> HttpResponse:
    figures = _service_map_figures(request, pk)
    months = figures["months"]
    periods = sorted({*PERIOD_CHOICES, months})
    return render(
        request,
        "partners/service_map.html",
        {**figures, "periods": periods, "query": f"months={months}"},
    )


SERVICE_MAP_COLUMNS = (
    "Pathway",
    "Active partners",
    "Referrals",
    "Share accepted",
    "Median days to a response",
    "Share with no response",
    "Gap",
    "Reason",
)


def _service_map_export(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    figures = _service_map_figures(request, pk)
    prison: Site = figures["prison"]
    audit_record(
        user=request_user(request),
        action=AuditAction.EXPORT,
        target=AuditTarget("service_map", str(prison.pk), None),
        detail=f"{kind} {figures['start']:%Y-%m-%d} to {figures['end']:%Y-%m-%d}",
    )
    rows: list[list[object]] = [list(SERVICE_MAP_COLUMNS)]
    for r in figures["rows"]:
        row = r["row"]
        rows.append(
            [
                row.pathway.label,
                "; ".join(partner.name for partner in row.partners) or "None",
                _number(r["referrals"]),
                "–" if r["small"] else r["accepted_share"],
                "–" if r["small"] else r["median_days"],
                "–" if r["small"] else r["no_response_share"],
                "Gap" if row.gap.is_gap else "",
                row.gap.explanation,
            ]
        )
    period = f"{figures['start']:%-d %B %Y} to {figures['end']:%-d %B %Y}"
    cmht: list[object] = [
        "Referrals to a community mental health team (health-care page and referrals out)",
        _number(figures["cmht_referred"]),
        "Accepted",
        _number(figures["cmht_accepted"]),
    ]
    filename = f"service-map-{prison.prison_code or prison.pk}-{figures['end']:%Y-%m-%d}"
    if kind == "csv":
        return csv_response([*rows, [], cmht], filename=f"{filename}.csv")
    about: list[list[object]] = [
        [f"Service map for {prison.name}: referrals to partners made from {period}. No participant data."],
        ["Counts from 1 to 4 are shown as <5 for roles that do not work with cases."],
        cmht,
    ]
    return xlsx_response(
        [Sheet("Service map", rows, heading_rows=1), Sheet("About", about)], filename=f"{filename}.xlsx"
    )


@require_safe
def service_map_csv(request: HttpRequest, pk: int) -> HttpResponse:
    return _service_map_export(request, pk, "csv")


@require_safe
def service_map_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    return _service_map_export(request, pk, "xlsx")


@require_safe
def prison_services(request: HttpRequest, pk: int) -> HttpResponse:
    """A printable list of the open partners for people at a prison, by pathway, with how to refer: for prison
    induction and the voluntary-sector showcase. Directory data only: no participant data, no figures, and no
    navigation (it is printed)."""
    require(capabilities_for(request_user(request)).read_partners)
    prison = get_object_or_404(Site, pk=pk, kind=SiteKind.PRISON)
    partners = list(Partner.objects.active().filter(prisons=prison).prefetch_related("pathways").order_by("name", "id"))
    by_pathway = [
        (pathway, [p for p in partners if any(x.pathway == pathway for x in p.pathways.all())]) for pathway in Pathway
    ]
    return render(
        request,
        "partners/prison_services.html",
        {"prison": prison, "by_pathway": by_pathway, "today": timezone.localdate()},
    )


def _share(part: int, whole: int) -> str:
    return f"{round(100 * part / whole)}%" if whole else "–"


def _number(text: str) -> object:
    """A count shown as text ("12", or "<5" when suppressed) as a number in a spreadsheet when it is one."""
    return int(text) if text.isdigit() else text


def _days(median: float | None) -> str:
    if median is None:
        return "–"
    return f"{median:g} day" + ("" if median == 1 else "s")

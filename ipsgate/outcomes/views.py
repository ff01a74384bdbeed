"""Outcome dashboards for team leaders, service managers and analysts, with CSV and XLSX downloads of every
table. Aggregates only: no participant is named, so showing the page needs no per-participant audit;
downloads are audited as exports."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from ipsgate.core.audit import AuditTarget, audit_record
from ipsgate.core.capabilities import capabilities_for
from ipsgate.core.choices import AuditAction
from ipsgate.core.models import User
from ipsgate.core.views import request_user, require

from . import metrics as m
from .charts import dashboard_charts
from .exports import csv_response, xlsx_response
from .forms import OutcomeFilterForm, default_period
from .tables import Dashboard, build_dashboard

FILTER_FIELDS = (
    "start_day",
    "start_month",
    "start_year",
    "end_day",
    "end_month",
    "end_year",
    "site",
    "team",
    "specialist",
    "group_by",
)


def _filter_form(request: HttpRequest, user: User) -> OutcomeFilterForm:
    """Bound to the query string; with no filter in it, to the last 12 months grouped by site."""
    if any(name in request.GET for name in FILTER_FIELDS):
        data: dict[str, Any] = {name: request.GET.get(name, "") for name in FILTER_FIELDS}
    else:
        period = default_period(timezone.localdate())
        data = {
            "start_day": period.start.day,
            "start_month": period.start.month,
            "start_year": period.start.year,
            "end_day": period.end.day,
            "end_month": period.end.month,
            "end_year": period.end.year,
            "group_by": m.GroupBy.SITE.value,
        }
    return OutcomeFilterForm(data, user=user)


def dashboard_for(form: OutcomeFilterForm, user: User) -> Dashboard:
    data = form.cleaned_data
    participants = m.participants_in_scope(
        user, site=data.get("site"), team=data.get("team"), specialist=data.get("specialist")
    )
    return build_dashboard(participants, form.period, form.group, suppress=not capabilities_for(user).see_small_numbers)


def _query(form: OutcomeFilterForm) -> str:
    return urlencode({name: form.data.get(name, "") for name in FILTER_FIELDS if form.data.get(name, "") != ""})


@require_safe
def dashboard(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    can = capabilities_for(user)
    require(can.see_outcomes)
    form = _filter_form(request, user)
    context: dict[str, Any] = {"form": form, "suppressed": not can.see_small_numbers}
    if form.is_valid():
        board = dashboard_for(form, user)
        context.update(dashboard=board, charts=dashboard_charts(board), query=_query(form))
    return render(request, "outcomes/dashboard.html", context)


def _export_filter(request: HttpRequest) -> tuple[User, OutcomeFilterForm]:
    user = request_user(request)
    require(capabilities_for(user).see_outcomes)
    return user, _filter_form(request, user)


def _bad_filter(form: OutcomeFilterForm) -> HttpResponse:
    messages = "; ".join(str(e) for errors in form.errors.values() for e in errors)
    return HttpResponseBadRequest(f"The filter is not valid: {messages}", content_type="text/plain; charset=utf-8")


def audit_export(user: User, what: str, form: OutcomeFilterForm) -> None:
    period = form.period
    audit_record(
        user=user,
        action=AuditAction.EXPORT,
        target=AuditTarget("outcomes", f"{what}:{period.start}:{period.end}:{form.group.value}"[:64], None),
    )


@require_safe
def export_csv(request: HttpRequest, slug: str) -> HttpResponse:
    user, form = _export_filter(request)
    if not form.is_valid():
        return _bad_filter(form)
    table = dashboard_for(form, user).table(slug)
    if table is None:
        raise Http404
    audit_export(user, slug, form)
    return csv_response(table, filename=f"outcomes-{slug}-{form.period.start}-to-{form.period.end}")


@require_safe
def export_xlsx(request: HttpRequest) -> HttpResponse:
    user, form = _export_filter(request)
    if not form.is_valid():
        return _bad_filter(form)
    board = dashboard_for(form, user)
    audit_export(user, "all", form)
    notes = [
        "ipsgate outcome figures",
        f"Period: {board.period.label}",
        f"Grouped by: {m.GROUP_LABELS[board.group].lower()}",
        f"Exported by {user.get_username()} on {timezone.localdate():%-d %B %Y}",
    ]
    if not capabilities_for(user).see_small_numbers:
        notes.append(
            'Counts from 1 to 4 are shown as "<5"; figures that would reveal them, by themselves or by subtraction '
            'from a total, are "not shown".'
        )
        notes.append(board.suppression)
    return xlsx_response(board.tables, filename=f"outcomes-{board.period.start}-to-{board.period.end}", notes=notes)

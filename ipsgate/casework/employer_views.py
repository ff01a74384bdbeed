"""Pages for employers, employer contacts, vacancies, matching, the employer-contact report and the employment
register. Views parse input, call a selector or service, and render."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import Exists, OuterRef, Prefetch, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from ipsgate.core.audit import AuditTarget, audit_read_when_shown, audit_record_many
from ipsgate.core.capabilities import capabilities_for
from ipsgate.core.choices import AuditAction, SiteKind
from ipsgate.core.form_pages import form_page
from ipsgate.core.models import Site
from ipsgate.core.query_params import MAX_PAGE, query_number
from ipsgate.core.sorting import Column, order_queryset, sorting_from
from ipsgate.core.spreadsheet import csv_response
from ipsgate.core.views import request_user, require
from ipsgate.employers import selectors, services
from ipsgate.employers.choices import ContactPurpose
from ipsgate.employers.forms import (
    ContactPersonForm,
    EmployerContactForm,
    EmployerForm,
    EmployerSearchForm,
    VacancyForm,
    VacancySearchForm,
)
from ipsgate.employers.models import Employer, EmployerContact, Vacancy
from ipsgate.jobs.selectors import offer_conversion_by_site
from ipsgate.journey.choices import FACE_TO_FACE_MODES, ContactWith
from ipsgate.journey.models import SupportContact
from ipsgate.people.access import participant_for
from ipsgate.people.models import Participant
from ipsgate.people.services import participant_target
from ipsgate.rules.employer_disclosure import EmployerContext

from .disclosure_guard import guarded_people
from .matching import load_seeker, matching_vacancies, people_fitting
from .selectors import participant_with_arm

EMPLOYER_COLUMNS = (
    Column("name", "Employer"),
    Column("sector", "Industry"),
    Column("postcode", "Postcode"),
    Column("partnership", "Partnership"),
    Column("open_vacancies", "Open vacancies", numeric=True),
)
VACANCY_COLUMNS = (
    Column("title", "Vacancy"),
    Column("employer", "Employer"),
    Column("where", "Where"),
    Column("hours", "Hours", numeric=True),
    Column("pay", "Pay an hour", numeric=True),
    Column("closes", "Closes"),
)
WEEKS_SHOWN = 8
MOST_WEEKS_SHOWN = 26


def _page(request: HttpRequest, items: QuerySet[Any]) -> Page[Any]:
    paginator: Paginator[Any] = Paginator(items, settings.IPSGATE_PAGE_SIZE)
    return paginator.get_page(query_number(request.GET, "page", minimum=1, maximum=MAX_PAGE))


@require_safe
def employer_list(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    require(capabilities_for(user).read_employers)
    form = EmployerSearchForm(request.GET or None)
    sorting = sorting_from(request.GET, EMPLOYER_COLUMNS, default="name")
    text, sector = "", ""
    if form.is_valid():
        text, sector = form.cleaned_data["q"], form.cleaned_data["sector"]
    employers = order_queryset(selectors.employer_search(text, sector), sorting, selectors.EMPLOYER_ORDERS)
    page = _page(request, employers)
    return render(
        request,
        "employers/employer_list.html",
        {"form": form, "page": page, "sorting": sorting, "query": request.GET.urlencode()},
    )


@dataclass(frozen=True)
class EmployerContactRow:
    """One row of an employer's recent contacts: a job-development contact from the log, or in-work support with
    a manager recorded from a person's job (issue 16 item 8), so the employer's history is in one place."""

    day: datetime.date
    face_to_face: bool
    by: str
    with_person: str
    purpose: str
    people: list[Participant]


RECENT_CONTACTS = 20


def _recent_contacts(employer: Employer, visible: QuerySet[Participant]) -> list[EmployerContactRow]:
    """The log's contacts and in-work support contacts with this employer, newest first: three queries. A person is
    named only when the viewer may see them."""
    logged = (
        EmployerContact.objects.filter(employer=employer)
        .select_related("specialist", "contact_person")
        .prefetch_related(Prefetch("participants_discussed", queryset=visible, to_attr="visible_people"))[
            :RECENT_CONTACTS
        ]
    )
    in_work = (
        SupportContact.objects.filter(employer=employer, contact_with=ContactWith.EMPLOYER, took_place=True)
        .select_related("recorded_by", "participant")
        .annotate(person_visible=Exists(visible.filter(pk=OuterRef("participant_id"))))
        .order_by("-occurred_at", "-id")[:RECENT_CONTACTS]
    )
    rows = [
        EmployerContactRow(
            contact.contact_date,
            contact.face_to_face,
            contact.specialist.get_full_name(),
            contact.contact_person.name if contact.contact_person else "",
            contact.get_purpose_display(),
            list(contact.visible_people),
        )
        for contact in logged
    ]
    rows += [
        EmployerContactRow(
            timezone.localtime(contact.occurred_at).date(),
            contact.mode in FACE_TO_FACE_MODES,
            contact.recorded_by.get_full_name(),
            "",
            f"{ContactPurpose.IN_WORK_SUPPORT.label} ({contact.get_mode_display().lower()})",
            [contact.participant] if contact.person_visible else [],  # annotated: the viewer may see them
        )
        for contact in in_work
    ]
    return sorted(rows, key=lambda row: row.day, reverse=True)[:RECENT_CONTACTS]


@require_safe
def employer_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    require(capabilities_for(user).read_employers)
    employer = get_object_or_404(Employer.objects.select_related("relationship_owner"), pk=pk)
    contacts = _recent_contacts(employer, Participant.objects.visible_to(user))
    shown = list({p.pk: p for row in contacts for p in row.people}.values())
    guards = {p.pk: g for p, g in guarded_people(shown, context=EmployerContext.PAGE)}
    audit_record_many(user=user, action=AuditAction.READ, targets=[participant_target(p) for p in shown])
    return render(
        request,
        "employers/employer_detail.html",
        {
            "employer": employer,
            "people": employer.people.all(),
            "vacancies": employer.vacancies.filter(status="open").order_by("closing_date", "id")[:20],
            "contacts": [(row, [(p, guards[p.pk]) for p in row.people]) for row in contacts],
        },
    )


@require_http_methods(["GET", "POST"])
def employer_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    user = request_user(request)
    require(capabilities_for(user).edit_employers)
    employer = get_object_or_404(Employer, pk=pk) if pk is not None else None
    initial = {name: getattr(employer, name) for name in services.EMPLOYER_FIELDS} if employer else None
    return form_page(
        request,
        form=EmployerForm(request.POST or None, initial=initial),
        save=lambda data: services.employer_save(actor=user, data=data, employer=employer),
        success="Employer saved",
        next_url=lambda saved: saved.get_absolute_url(),
        template="employers/employer_form.html",
        context={"employer": employer},
    )


@require_http_methods(["GET", "POST"])
def contact_person_add(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    require(capabilities_for(user).edit_employers)
    employer = get_object_or_404(Employer, pk=pk)
    return form_page(
        request,
        form=ContactPersonForm(request.POST or None),
        save=lambda data: services.contact_person_add(actor=user, employer=employer, data=data),
        success="Person added",
        next_url=employer.get_absolute_url(),
        template="employers/simple_form.html",
        context={"employer": employer, "heading": "Add a person at this employer", "button": "Add person"},
    )


@require_http_methods(["GET", "POST"])
def employer_contact_add(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    require(capabilities_for(user).edit_employers)
    employer = get_object_or_404(Employer, pk=pk)
    caseload = (
        Participant.objects.visible_to(user).filter(allocated_specialist=user).active().order_by("family_name", "id")
    )
    people = list(caseload[:100])
    for person in people:  # the form names the people on the caseload
        audit_read_when_shown(request, user=user, target=participant_target(person))
    return form_page(
        request,
        form=EmployerContactForm(request.POST or None, people=employer.people.all(), caseload=caseload),
        save=lambda data: services.employer_contact_record(
            actor=user,
            employer=employer,
            contact_date=data["contact_date"],
            face_to_face=data["face_to_face"] == "yes",
            purpose=data["purpose"],
            contact_person=data["contact_person"],
            participants=list(data["participants"]),
            note=data["note"],
        ),
        success="Employer contact recorded",
        next_url=employer.get_absolute_url(),
        template="employers/employer_contact_form.html",
        context={"employer": employer, "guards": guarded_people(people, context=EmployerContext.PAGE)},
    )


@require_safe
def vacancy_list(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    require(capabilities_for(user).read_employers)
    form = VacancySearchForm(request.GET or None)
    filters = {"text": "", "sector": "", "status": "open"}
    if form.is_valid():
        filters = {
            "text": form.cleaned_data["q"],
            "sector": form.cleaned_data["sector"],
            "status": form.cleaned_data["status"],
        }
    sorting = sorting_from(request.GET, VACANCY_COLUMNS, default="closes")
    page = _page(request, order_queryset(selectors.vacancy_search(**filters), sorting, selectors.VACANCY_ORDERS))
    today = timezone.localdate()
    rows = [(vacancy, vacancy.pay_check(today)) for vacancy in page.object_list]
    return render(
        request,
        "employers/vacancy_list.html",
        {"form": form, "page": page, "rows": rows, "sorting": sorting, "query": request.GET.urlencode()},
    )


@require_safe
def vacancy_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The vacancy, and (for roles that may weigh offence data) the people in the user's scope who fit it."""
    user = request_user(request)
    require(capabilities_for(user).read_employers)
    vacancy = get_object_or_404(Vacancy.objects.select_related("employer"), pk=pk)
    today = timezone.localdate()
    fits: list[Any] = []
    if capabilities_for(user).find_matching_vacancies:
        matches = people_fitting(Participant.objects.visible_to(user).active(), vacancy, today=today)
        guards = {p.pk: g for p, g in guarded_people([m.participant for m in matches], context=EmployerContext.PAGE)}
        fits = [(m, guards[m.participant.pk]) for m in matches]
        audit_record_many(
            user=user, action=AuditAction.READ, targets=[participant_target(m.participant) for m in matches]
        )
    return render(
        request,
        "employers/vacancy_detail.html",
        {"vacancy": vacancy, "fits": fits, "pay": vacancy.pay_check(today)},
    )


@require_http_methods(["GET", "POST"])
def vacancy_edit(request: HttpRequest, pk: int | None = None, employer_pk: int | None = None) -> HttpResponse:
    user = request_user(request)
    require(capabilities_for(user).edit_employers)
    vacancy = get_object_or_404(Vacancy.objects.select_related("employer"), pk=pk) if pk is not None else None
    employer = vacancy.employer if vacancy else get_object_or_404(Employer, pk=employer_pk)
    fields = [name for name in services.VACANCY_FIELDS if name != "employer"]
    initial = {name: getattr(vacancy, name) for name in fields} if vacancy else {"postcode": employer.postcode}
    return form_page(
        request,
        form=VacancyForm(request.POST or None, initial=initial),
        save=lambda data: services.vacancy_save(actor=user, data={**data, "employer": employer}, vacancy=vacancy),
        success="Vacancy saved",
        next_url=lambda saved: saved.get_absolute_url(),
        template="employers/vacancy_form.html",
        context={"vacancy": vacancy, "employer": employer},
    )


@require_safe
def matching(request: HttpRequest, pk: int) -> HttpResponse:
    """Vacancies ranked for one participant, with reasons; a separate list of those not suitable, and why."""
    user = request_user(request)
    participant = participant_for(request, pk, need="find_matching_vacancies", fetch=participant_with_arm)
    if participant.service_as_usual:  # type: ignore[attr-defined]  # annotated by the selector
        # The evaluation's comparison group gets no IPS job matching: the page says why instead.
        return render(request, "employers/matching_service_as_usual.html", {"participant": participant})
    today = timezone.localdate()
    result = matching_vacancies(load_seeker(participant, today=today), today=today)
    audit_read_when_shown(request, user=user, target=AuditTarget("matching", str(pk), participant.pk))
    return render(request, "employers/matching.html", {"participant": participant, "result": result})


@require_safe
def employer_contacts_report(request: HttpRequest) -> HttpResponse:
    """Team leaders (their teams) and managers (everyone): face-to-face employer contacts per specialist per ISO
    week against the target of 6, and offer-to-start conversion per site."""
    user = request_user(request)
    require(capabilities_for(user).see_employer_contacts_report)
    count = query_number(request.GET, "weeks", minimum=1, maximum=MOST_WEEKS_SHOWN) or WEEKS_SHOWN
    mondays, rows = selectors.face_to_face_by_week(user, today=timezone.localdate(), weeks=count)
    return render(
        request,
        "employers/employer_contacts_report.html",
        {
            "mondays": mondays,
            "rows": rows,
            "target": selectors.FACE_TO_FACE_TARGET,
            "weeks": count,
            "conversion": offer_conversion_by_site(user),
        },
    )


def _register_site(request: HttpRequest, pk: int) -> Site:
    user = request_user(request)
    require(capabilities_for(user).see_employment_register)
    return get_object_or_404(Site, pk=pk, kind=SiteKind.PRISON)


@require_safe
def register_index(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    require(capabilities_for(user).see_employment_register)
    return render(request, "employers/register_index.html", {"prisons": Site.objects.filter(kind=SiteKind.PRISON)})


@require_safe
def register(request: HttpRequest, pk: int) -> HttpResponse:
    site = _register_site(request, pk)
    return render(request, "employers/register.html", {"site": site, "rows": selectors.employment_register(site)})


REGISTER_COLUMNS = (
    "Employer",
    "Industry",
    "Postcode district",
    "People taken on",
    "Jobs",
    "First start",
    "Latest start",
)


@require_safe
def register_csv(request: HttpRequest, pk: int) -> HttpResponse:
    """The register as CSV. No participant data: employers and counts, with counts under 5 shown as "<5"."""
    site = _register_site(request, pk)
    rows = [
        [
            row.employer_name,
            row.sector_label,
            row.postcode_district,
            row.people_text,
            row.jobs_text,
            row.first_start.strftime("%Y-%m"),
            row.latest_start.strftime("%Y-%m"),
        ]
        for row in selectors.employment_register(site)
    ]
    return csv_response([REGISTER_COLUMNS, *rows], filename=f"employment-register-{site.prison_code}.csv")

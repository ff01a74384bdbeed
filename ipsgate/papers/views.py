"""The papers pages: the person's papers (issued versions and next steps), building "My plan" with the person, the
CV editor, the disclosure letter, the print/phone page of an issued version and its PDF and DOCX downloads. Every
page is scoped (`participant_for`: 404 outside scope, 403 without `issue_papers`)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone, translation
from django.views.decorators.http import require_GET, require_http_methods

from ipsgate.core.capabilities import capabilities_for
from ipsgate.core.form_pages import form_page
from ipsgate.core.views import request_user
from ipsgate.journey.models import Appointment
from ipsgate.people.access import participant_for
from ipsgate.people.models import Participant

from . import content, documents, services
from .forms import PLAN_SECTION_HINTS, CvForm, LetterForm, PlanForm, StepForm
from .models import CvSection, PaperKind, PaperVersion, PlanSection

NEED = "issue_papers"


def _posted(request: HttpRequest) -> Any:
    """The POST data, even when empty (no box ticked is an answer to refuse with a message, not a fresh form)."""
    return request.POST if request.method == "POST" else None


def _version_url(version: PaperVersion) -> str:
    return reverse("papers:version", args=[version.participant_id, version.pk])


@require_GET
def papers_index(request: HttpRequest, pk: int) -> HttpResponse:
    participant = participant_for(request, pk, need=NEED)
    versions = PaperVersion.objects.filter(participant=participant).select_related("issued_by")[:100]
    steps = content.next_steps(participant, timezone.localdate())
    return render(
        request,
        "papers/index.html",
        {"participant": participant, "versions": versions, "steps": steps},
    )


@require_http_methods(["GET", "POST"])
def step_add(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    participant = participant_for(request, pk, need=NEED)
    return form_page(
        request,
        form=StepForm(_posted(request)),
        save=lambda data: services.step_add(actor=user, participant=participant, **data),
        success="Next step added",
        next_url=reverse("papers:index", args=[participant.pk]),
        template="papers/step_form.html",
        context={"participant": participant, "page_title": "Add a next step", "button": "Add the step"},
    )


def _available_sections(participant: Participant, viewer: Any, future: list[Appointment]) -> dict[str, list[str]]:
    """Each section the plan could hold now, with its lines in the person's language (the preview). A section with
    nothing to say is not offered."""
    today = timezone.localdate()
    with translation.override(participant.preferred_language):
        lines = {
            PlanSection.GOAL: content.goal_lines(participant),
            PlanSection.STEPS: content.step_lines(participant, today),
            PlanSection.APPOINTMENTS: content.appointment_lines(future),
            PlanSection.CONTACTS: content.contact_lines(participant),
            PlanSection.MONEY: content.money_lines(participant),
            PlanSection.DISCLOSURE: (
                content.disclosure_lines(participant) if capabilities_for(viewer).see_offence_data else []
            ),
            PlanSection.SUPPORT: content.support_lines(),
        }
    return {str(key): value for key, value in lines.items() if value}


@require_http_methods(["GET", "POST"])
def plan(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    participant = participant_for(request, pk, need=NEED)
    future = list(content.future_appointments(participant))
    available = _available_sections(participant, user, future)
    form = PlanForm(
        _posted(request),
        available=list(available),
        appointments=Appointment.objects.filter(participant=participant),
        future=future,
    )
    preview = [
        {"key": key, "label": label, "hint": PLAN_SECTION_HINTS[PlanSection(key)], "lines": available[key]}
        for key, label in PlanSection.choices
        if key in available
    ]
    return form_page(
        request,
        form=form,
        save=lambda data: services.plan_issue(
            actor=user, participant=participant, sections=data["sections"], appointments=data["appointments"]
        ),
        success=lambda version: f"Plan issued in {version.get_language_display()}",
        next_url=_version_url,
        template="papers/plan_form.html",
        context={"participant": participant, "preview": preview, "page_title": "My plan"},
    )


@require_http_methods(["GET", "POST"])
def cv(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    participant = participant_for(request, pk, need=NEED)
    name_prison = request.GET.get("prison") == "yes"
    latest = PaperVersion.objects.filter(participant=participant, kind=PaperKind.CV).first()
    if latest is not None and "draft" not in request.GET:
        initial = {part["key"]: "\n".join(part["lines"]) for part in latest.content}
    else:
        initial = content.cv_draft(participant, name_prison=name_prison)
    return form_page(
        request,
        form=CvForm(_posted(request), initial=initial),
        save=lambda data: services.cv_save(
            actor=user, participant=participant, texts={key: data.get(key, "") for key in CvSection.values}
        ),
        success="CV version saved",
        next_url=_version_url,
        template="papers/cv_form.html",
        context={
            "participant": participant,
            "page_title": "CV",
            "latest": latest,
            "name_prison": name_prison,
            "button": "Save this version",
        },
    )


@require_http_methods(["GET", "POST"])
def letter(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    participant = participant_for(request, pk, need=(NEED, "see_offence_data"))
    statement = content.latest_statement(participant)
    return form_page(
        request,
        form=LetterForm(_posted(request)),
        save=lambda data: services.letter_issue(
            actor=user, participant=participant, statement=statement, agreed=data["agreed"]
        ),
        success="Disclosure letter issued",
        next_url=_version_url,
        template="papers/letter_form.html",
        context={
            "participant": participant,
            "statement": statement,
            "page_title": "Disclosure letter",
            "button": "Issue the letter",
        },
    )


def _version_for(request: HttpRequest, pk: int, version_pk: int, *, record_read: bool = True) -> PaperVersion:
    participant = participant_for(request, pk, need=NEED, record_read=record_read)
    version = get_object_or_404(PaperVersion.objects.filter(participant=participant), pk=version_pk)
    if version.kind == PaperKind.LETTER or PlanSection.DISCLOSURE in version.sections:
        participant_for(request, pk, need=(NEED, "see_offence_data"), record_read=False)
    version.participant = participant
    return version


@require_GET
def version(request: HttpRequest, pk: int, version_pk: int) -> HttpResponse:
    """The print page and the phone view of an issued version: the same template the PDF is made from."""
    paper = _version_for(request, pk, version_pk)
    staff_links = {
        "back": reverse("papers:index", args=[pk]),
        "pdf": reverse("papers:version-pdf", args=[pk, version_pk]),
        "docx": reverse("papers:version-docx", args=[pk, version_pk]),
    }
    html = documents.render_html(
        paper, person_name=paper.participant.display_name, for_pdf=False, extra={"staff_links": staff_links}
    )
    return HttpResponse(html)


def _download(request: HttpRequest, pk: int, version_pk: int, file_format: str) -> HttpResponse:
    paper = _version_for(request, pk, version_pk, record_read=False)
    name = paper.participant.display_name
    if file_format == "pdf":
        body, content_type = documents.render_pdf(paper, person_name=name), "application/pdf"
    else:
        body = documents.render_docx(paper, person_name=name)
        content_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    services.download_record(actor=request_user(request), version=paper, file_format=file_format)
    response = HttpResponse(body, content_type=content_type)
    filename = f"{paper.kind}-{timezone.localtime(paper.issued_at):%Y-%m-%d}.{file_format}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


@require_GET
def version_pdf(request: HttpRequest, pk: int, version_pk: int) -> HttpResponse:
    return _download(request, pk, version_pk, "pdf")


@require_GET
def version_docx(request: HttpRequest, pk: int, version_pk: int) -> HttpResponse:
    return _download(request, pk, version_pk, "docx")

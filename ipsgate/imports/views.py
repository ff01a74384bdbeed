"""The import page for team leaders and service managers: upload → preview → confirm; blank templates per kind.

Uploading and confirming queue the check and the write as background tasks (`tasks`) and send the person to the
run's page (`run`), which says the file is being checked or imported until the task has finished, then shows the
preview or the result from the run's stored report."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from ipsgate.core.audit import AuditTarget, audit_read_when_shown, audit_record
from ipsgate.core.capabilities import capabilities_for
from ipsgate.core.choices import AuditAction
from ipsgate.core.models import User
from ipsgate.core.query_params import query_id
from ipsgate.core.scoping import sites_for, specialists_for
from ipsgate.core.spreadsheet import Sheet, csv_response, xlsx_response
from ipsgate.core.views import request_user, require

from .forms import UploadForm
from .kinds import EXPORTABLE, KINDS, FormRowsKind, ImportKindSpec, exported_records
from .models import ImportKind, ImportRun, ImportStatus
from .services import Preview, import_discard, import_start_write, import_upload, open_report

PREVIEW_ROWS = 2_000  # the preview table shows this many rows; every error is listed whatever the file's length


def _recent(user: User) -> list[ImportRun]:
    runs = ImportRun.objects.filter(uploaded_by=user).defer("content", "report")
    return list(runs.order_by("-uploaded_at", "-id")[:10])


def _audit_people_shown(request: HttpRequest, user: User, preview: Preview) -> None:
    """A row naming someone already on record shows their name, prison number or dates: a read of their record,
    recorded when the page is sent (the rows shown only)."""
    for result in preview.results[:PREVIEW_ROWS]:
        if result.participant_id is not None:
            target = AuditTarget("participant", str(result.participant_id), result.participant_id)
            audit_read_when_shown(request, user=user, target=target)


def _preview_page(request: HttpRequest, preview: Preview, *, status: int = 200) -> HttpResponse:
    _audit_people_shown(request, request_user(request), preview)
    return render(
        request,
        "imports/preview.html",
        {
            "preview": preview,
            "errors": preview.errors,
            "shown": preview.results[:PREVIEW_ROWS],
            "more": max(0, len(preview.results) - PREVIEW_ROWS),
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
def start(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    require(capabilities_for(user).import_records)
    form = UploadForm(request.POST, request.FILES) if request.method == "POST" else UploadForm()
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        run = import_upload(
            actor=user, kind=form.cleaned_data["kind"], file_name=upload.name or "upload", data=upload.read()
        )
        return redirect("imports:run", pk=run.pk)
    kinds = [(kind, KINDS[kind.value]) for kind in ImportKind if kind.value in KINDS]
    return render(
        request,
        "imports/start.html",
        {"form": form, "kinds": kinds, "recent": _recent(user), "exportable": list(EXPORTABLE)},
    )


@require_POST
def confirm(request: HttpRequest) -> HttpResponse:
    """Import (queue the write: the run's page follows it) or discard the previewed file named in the form. An
    unknown or spent import goes back to the start with a message: upload the file again."""
    user = request_user(request)
    require(capabilities_for(user).import_records)
    run_id = query_id(request.POST, "run")
    run = (
        ImportRun.objects.filter(pk=run_id, uploaded_by=user, status=ImportStatus.PREVIEWED).first()
        if run_id is not None
        else None
    )
    if run is None:
        messages.error(request, "That import is no longer waiting. Upload the file again.")
        return redirect("imports:start")
    if request.POST.get("action") == "discard":
        import_discard(actor=user, run=run)
        messages.info(request, f"{run.file_name} was not imported. Nothing was changed.")
        return redirect("imports:start")
    try:
        import_start_write(actor=user, run=run)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("imports:start")
    return redirect("imports:run", pk=run.pk)


WAITING: dict[str, str] = {ImportStatus.CHECKING: "Checking", ImportStatus.IMPORTING: "Importing"}
NOT_KEPT = "What the check found was not kept. Upload the file again"


@require_safe
def run_page(request: HttpRequest, pk: int) -> HttpResponse:
    """One import, for the person who uploaded it (anyone else: 404): waiting while its check or write runs, then
    the preview (with the confirm form while it is PREVIEWED) or the result, from its stored report. Not audited
    as a read of the import itself (audited when uploaded and imported); each person on record a shown row names
    is (`_audit_people_shown`)."""
    user = request_user(request)
    require(capabilities_for(user).import_records)
    run = get_object_or_404(ImportRun.objects.defer("content"), pk=pk, uploaded_by=user)  # the file: not needed
    spec = KINDS.get(run.kind)
    if spec is None:
        raise Http404
    if run.status in WAITING:
        return render(request, "imports/waiting.html", {"run": run, "spec": spec, "doing": WAITING[run.status]})
    report = open_report(run.report)
    if not report and run.status != ImportStatus.IMPORTED:
        report = {"refused": NOT_KEPT}
    preview = Preview.from_report(spec, run, report)
    if run.status == ImportStatus.IMPORTED:
        _audit_people_shown(request, user, preview)
        return render(request, "imports/done.html", {"run": run, "preview": preview})
    return _preview_page(request, preview)


def template_rows(spec: ImportKindSpec, user: User) -> list[list[str]]:
    """The header and one example row; the example names one of the user's own sites and specialists."""
    site = sites_for(user).order_by("name").first()
    specialist = specialists_for(user).order_by("username").first()
    example: list[str] = []
    for column in spec.columns:
        value = column.example
        if column.field in ("current_site", "prison") and site is not None:
            value = site.prison_code or site.name
        if column.field == "allocated_specialist" and specialist is not None:
            value = specialist.username
        example.append(value)
    return [[column.heading for column in spec.columns], example]


@require_safe
def blank_template(request: HttpRequest, kind_name: str, file_format: str) -> HttpResponse:
    user = request_user(request)
    require(capabilities_for(user).import_records)
    spec = KINDS.get(kind_name)
    if spec is None or file_format not in ("csv", "xlsx"):
        raise Http404
    rows = template_rows(spec, user)
    filename = f"ipsgate-{kind_name}-template"
    if file_format == "csv":
        return csv_response(rows, filename=f"{filename}.csv")
    hints = [[column.heading, "Required" if column.required else "", column.hint] for column in spec.columns]
    sheets = [
        Sheet(spec.kind.label, rows, heading_rows=1),
        Sheet("About the columns", [["Column", "", "What to write"], *hints], heading_rows=1),
    ]
    return xlsx_response(sheets, filename=f"{filename}.xlsx")


@require_safe
def export(request: HttpRequest, kind_name: str, file_format: str) -> HttpResponse:
    """Every employer (with their first contact) or every vacancy, in the columns their import reads, so a file
    exported here, changed and uploaded again changes only what was changed. Audited as an export."""
    user = request_user(request)
    require(capabilities_for(user).import_records)
    spec = KINDS.get(kind_name)
    if kind_name not in EXPORTABLE or not isinstance(spec, FormRowsKind) or file_format not in ("csv", "xlsx"):
        raise Http404
    rows = spec.export_rows(exported_records(kind_name))
    audit_record(
        user=user,
        action=AuditAction.EXPORT,
        target=AuditTarget(kind_name, "all", None),
        detail=f"{len(rows) - 1} rows, {file_format}",
    )
    filename = f"ipsgate-{kind_name}-{timezone.localdate().isoformat()}"
    if file_format == "csv":
        return csv_response(rows, filename=f"{filename}.csv")
    return xlsx_response([Sheet(spec.kind.label, rows, heading_rows=1)], filename=f"{filename}.xlsx")

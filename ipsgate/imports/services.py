"""Bulk import (issue 21): preview a file row by row, then write every row in one transaction or nothing.

`import_preview` reads the file (`reading.read_table`), checks the columns, the formula cells and duplicate prison
numbers, then checks every row through the page forms (`kinds`), and records the import (`ImportRun`: who, when,
the file's name, SHA-256 and counts). When nothing is wrong the file's bytes are kept, encrypted, until
`import_confirm` reads the same file again (its SHA-256 checked), checks every row again and writes them all in one
transaction: a row that has become wrong since the preview rolls everything back. Each created or changed
participant is audited by the service that writes it; the import itself is audited too.

The import page does the same in the background (`import_upload` → `tasks.check_import` → `check_run`;
`import_start_write` → `tasks.write_import` → `write_run`, which calls `import_confirm`), and keeps each check's or
write's report on the run (`Preview.to_report`, compressed and encrypted) for the run's page to show.
"""

from __future__ import annotations

import hashlib
import json
import zlib
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from ipsgate.core.audit import AuditTarget, audit_record
from ipsgate.core.capabilities import capabilities_for
from ipsgate.core.choices import AuditAction
from ipsgate.core.fields import field_fernet
from ipsgate.core.models import User
from ipsgate.people.validators import normalise_prison_number

from .kinds import (
    ACTION_TEXT,
    CREATE,
    KINDS,
    NOT_KNOWN,
    UNCHANGED,
    UPDATE,
    Context,
    ImportKindSpec,
    RowError,
    RowReader,
    RowResult,
    RowsRefused,
)
from .models import ImportedChange, ImportRun, ImportStatus
from .reading import FileRefused, Table, heading_key, read_table

Progress = Callable[[int], object]  # given how many more rows are done (tqdm's update fits)


def _no_progress(_: int) -> None:
    return None


@dataclass
class Preview:
    """What a file will do, or why it cannot be imported."""

    spec: ImportKindSpec
    file_name: str
    run: ImportRun | None = None
    refused: str = ""  # the whole file cannot be read: nothing else is said
    problems: list[RowError] = field(default_factory=list)  # column, formula and duplicate problems
    results: list[RowResult] = field(default_factory=list)

    @property
    def errors(self) -> list[RowError]:
        found = list(self.problems)
        for result in self.results:
            found.extend(result.errors)
        return sorted(found, key=lambda e: (e.row, e.column))

    @property
    def ok(self) -> bool:
        return not self.refused and not self.errors

    def count(self, action: str) -> int:
        return sum(1 for result in self.results if result.action == action and not result.errors)

    @property
    def count_create(self) -> int:
        return self.count(CREATE)

    @property
    def count_update(self) -> int:
        return self.count(UPDATE)

    @property
    def count_unchanged(self) -> int:
        return self.count(UNCHANGED)

    @property
    def count_not_known(self) -> int:
        return self.count(NOT_KNOWN)

    @property
    def rows_with_errors(self) -> int:
        return len({error.row for error in self.errors if error.row})

    def to_report(self) -> dict[str, Any]:
        """What the page shows of this check or write, as JSON: the refusal, the file's problems and, per row, its
        number, action, label, details, errors (each error as [row, column, message]) and the id of the person on
        record it names (or null)."""
        return {
            "version": REPORT_VERSION,
            "refused": self.refused,
            "problems": [_error_json(error) for error in self.problems],
            "rows": [
                [
                    result.row,
                    result.action,
                    result.label,
                    result.detail,
                    [_error_json(e) for e in result.errors],
                    result.participant_id,
                ]
                for result in self.results
            ],
        }

    @classmethod
    def from_report(cls, spec: ImportKindSpec, run: ImportRun | None, report: dict[str, Any]) -> Preview:
        """The preview a stored report describes (without anything to write: `import_confirm` checks the file
        again)."""
        results = [
            RowResult(
                row=int(row),
                action=action if action in ACTION_TEXT else NOT_KNOWN,
                label=str(label),
                detail=str(detail),
                errors=[_error_from_json(error) for error in errors],
                participant_id=int(rest[0]) if rest and rest[0] is not None else None,  # reports before it: none
            )
            for row, action, label, detail, errors, *rest in report.get("rows", [])
        ]
        return cls(
            spec=spec,
            file_name=run.file_name if run is not None else "",
            run=run,
            refused=str(report.get("refused", "")),
            problems=[_error_from_json(error) for error in report.get("problems", [])],
            results=results,
        )


REPORT_VERSION = 1


def _error_json(error: RowError) -> list[object]:
    return [error.row, error.column, error.message]


def _error_from_json(error: list[Any]) -> RowError:
    row, column, message = error
    return RowError(int(row), str(column), str(message))


def seal_report(report: dict[str, Any]) -> bytes:
    """A report compressed then encrypted with the field keys: it names participants and prison numbers."""
    text = json.dumps(report, separators=(",", ":"), ensure_ascii=False).encode()
    return field_fernet().encrypt(zlib.compress(text, 6))


def open_report(sealed: bytes) -> dict[str, Any]:
    """The report `seal_report` sealed; an empty dict when none was kept."""
    if not sealed:
        return {}
    report: dict[str, Any] = json.loads(zlib.decompress(field_fernet().decrypt(bytes(sealed))))
    return report


def _readers(spec: ImportKindSpec, table: Table) -> tuple[list[RowReader], list[RowError]]:
    """Each row's cells under the kind's field names; refuses unknown, repeated or missing columns."""
    by_key = {column.key: column for column in spec.columns}
    fields: list[str | None] = []
    seen: set[str] = set()
    unknown: list[str] = []
    for heading in table.headers:
        column = by_key.get(heading_key(heading))
        if column is None:
            if heading.strip():
                unknown.append(heading.strip())
            fields.append(None)
            continue
        if column.field in seen:
            raise FileRefused(f"The file has two {column.heading} columns. Keep one of them and upload it again")
        seen.add(column.field)
        fields.append(column.field)
    expected = ", ".join(column.heading for column in spec.columns)
    if unknown:
        names = ", ".join(unknown[:5])
        raise FileRefused(
            f"The file has a column this import does not read: {names}. Rename it to one of the columns in the "
            f"template ({expected}), or delete it"
            if len(unknown) == 1
            else f"The file has columns this import does not read: {names}. Rename each to one of the columns in the "
            f"template ({expected}), or delete them"
        )
    missing = [column.heading for column in spec.columns if column.required and column.field not in seen]
    if missing:
        raise FileRefused(f"The file must have a {' and a '.join(missing)} column. Use the template for this import")
    columns = spec.column_map()
    readers: list[RowReader] = []
    for number, cells in table.rows:
        values = {name: cells[i] if i < len(cells) else "" for i, name in enumerate(fields) if name}
        readers.append(RowReader(number, values, columns))
    problems: list[RowError] = []
    for number, index in table.formula_cells:
        name = fields[index] if index < len(fields) else None
        heading = columns[name].heading if name else (table.headers[index] if index < len(table.headers) else "")
        problems.append(
            RowError(
                number,
                heading,
                "The cell starts with =, +, -, @, a tab or a line break, which a spreadsheet could run as a formula. "
                "Remove that first character",
            )
        )
    if spec.unique_field and spec.unique_field in seen:
        first: dict[str, int] = {}
        heading = columns[spec.unique_field].heading
        for reader in readers:
            value = normalise_prison_number(reader.text(spec.unique_field))
            value = value if spec.unique_field == "prison_number" else " ".join(reader.text(spec.unique_field).split())
            if not value:
                continue
            if value.casefold() in first:
                problems.append(
                    RowError(
                        reader.number,
                        heading,
                        f"{value} is also on row {first[value.casefold()]}. "
                        f"Each {heading.lower()} may be in the file once",
                    )
                )
            else:
                first[value.casefold()] = reader.number
    return readers, problems


def check_file(*, actor: User, kind: str, file_name: str, data: bytes, progress: Progress = _no_progress) -> Preview:
    """Read and check every row; write nothing."""
    spec = KINDS[kind]
    preview = Preview(spec=spec, file_name=file_name)
    try:
        table = read_table(file_name, data)
        readers, preview.problems = _readers(spec, table)
    except FileRefused as refused:
        preview.refused = refused.message
        return preview
    if not readers:
        preview.refused = "The file has column headings but no rows. Add a row for each record and upload it again"
        return preview
    context = Context.for_user(actor, file_name=file_name)
    results: list[RowResult] = []
    step = max(100, len(readers) // 50)  # the command's progress bar moves in about 50 steps
    for start in range(0, len(readers), step):
        chunk = readers[start : start + step]
        results.extend(spec.check_rows(context, chunk))
        progress(len(chunk))
    preview.results = results
    return preview


def may_import(user: User) -> bool:
    return capabilities_for(user).import_records


def _require(actor: User) -> None:
    if not may_import(actor):
        raise ValidationError("Your role cannot import records.", code="not_allowed")


def _record_counts(run: ImportRun, preview: Preview) -> None:
    run.rows = len(preview.results)
    run.created = preview.count(CREATE)
    run.updated = preview.count(UPDATE)
    run.unchanged = preview.count(UNCHANGED)
    run.not_known = preview.count(NOT_KNOWN)
    run.errors = len(preview.errors) + (1 if preview.refused else 0)


def import_preview(
    *, actor: User, kind: str, file_name: str, data: bytes, progress: Progress = _no_progress
) -> Preview:
    """Check a file and record that it was uploaded. A file with nothing wrong is kept (encrypted) for
    `import_confirm`. The check writes no record of the file's (at most a security event for a prison number
    outside the importer's scope), so it runs outside the transaction that records the run: on SQLite a transaction
    holds the one write lock, and a large file's check would keep every other writer waiting."""
    _require(actor)
    preview = check_file(actor=actor, kind=kind, file_name=file_name, data=data, progress=progress)
    with transaction.atomic():
        run = _new_run(actor=actor, kind=kind, file_name=file_name, data=data)
        _record_check(run, preview, data)
        run.save()
        audit_record(user=actor, action=AuditAction.CREATE, target=AuditTarget("import_run", str(run.pk), None))
    return preview


def _new_run(*, actor: User, kind: str, file_name: str, data: bytes) -> ImportRun:
    return ImportRun(
        kind=kind,
        file_name=file_name[:200],
        sha256=hashlib.sha256(data).hexdigest(),
        size_bytes=len(data),
        uploaded_by=actor,
        uploaded_at=timezone.now(),
    )


def _record_check(run: ImportRun, preview: Preview, data: bytes) -> None:
    """What a check found, on its run (not saved): a file with nothing wrong is kept (encrypted) for
    `import_confirm`, PREVIEWED; any other is forgotten, DISCARDED. The report is kept either way."""
    run.content = field_fernet().encrypt(data) if preview.ok else b""
    run.status = ImportStatus.PREVIEWED if preview.ok else ImportStatus.DISCARDED
    run.report = seal_report(preview.to_report())
    _record_counts(run, preview)
    preview.run = run


class ImportBlocked(Exception):
    """Confirming found errors (the records changed since the preview, or the file was not the one previewed):
    nothing was written."""

    def __init__(self, preview: Preview) -> None:
        super().__init__("The import was not written")
        self.preview = preview


def _write(preview: Preview, run: ImportRun, actor: User) -> None:
    """Every row that writes, through the kind's services; each participant created or changed goes on their
    timeline. A row refused here (its errors added) or a database rule broken refuses the whole file."""
    today = timezone.localdate()
    context = Context.for_user(actor, file_name=run.file_name)
    try:
        written = preview.spec.write_rows(context, [result for result in preview.results if result.writes])
    except RowsRefused:
        raise ImportBlocked(preview) from None
    except IntegrityError:
        preview.problems.append(
            RowError(0, "", "A row broke one of the database's rules, so nothing was imported. Upload the file again")
        )
        raise ImportBlocked(preview) from None
    ImportedChange.objects.bulk_create(
        ImportedChange(run=run, participant=participant, happened_on=today, summary=result.summary)
        for result, participant in written
        if participant is not None
    )


def import_confirm(*, actor: User, run: ImportRun, progress: Progress = _no_progress) -> Preview:
    """Write every row of a previewed file in one transaction, or nothing (`ImportBlocked` with the errors)."""
    _require(actor)
    with transaction.atomic():
        run = ImportRun.objects.select_for_update().get(pk=run.pk)
        if run.uploaded_by_id != actor.pk or run.status != ImportStatus.PREVIEWED or not run.content:
            raise ValidationError("This import has already been imported or discarded. Upload the file again.")
        data = field_fernet().decrypt(bytes(run.content))
        if hashlib.sha256(data).hexdigest() != run.sha256:
            raise ValidationError("The stored file is not the one previewed. Upload the file again.")
        preview = check_file(actor=actor, kind=run.kind, file_name=run.file_name, data=data, progress=progress)
        preview.run = run
        if not preview.ok:
            raise ImportBlocked(preview)
        _write(preview, run, actor)
        progress(len(preview.results))
        _record_counts(run, preview)
        run.status = ImportStatus.IMPORTED
        run.confirmed_at = timezone.now()
        run.content = b""
        run.report = seal_report(preview.to_report())
        run.save()
        audit_record(user=actor, action=AuditAction.UPDATE, target=AuditTarget("import_run", str(run.pk), None))
    return preview


@transaction.atomic
def import_discard(*, actor: User, run: ImportRun) -> None:
    """Forget a previewed file without importing it."""
    run = ImportRun.objects.select_for_update().get(pk=run.pk, uploaded_by=actor)
    if run.status == ImportStatus.PREVIEWED:
        run.status = ImportStatus.DISCARDED
        run.content = b""
        run.save(update_fields=["status", "content"])


def import_file(*, actor: User, kind: str, file_name: str, data: bytes, progress: Progress = _no_progress) -> Preview:
    """Preview and, when nothing is wrong, confirm (the command's path without --dry-run)."""
    preview = import_preview(actor=actor, kind=kind, file_name=file_name, data=data, progress=progress)
    if not preview.ok or preview.run is None:
        return preview
    return import_confirm(actor=actor, run=preview.run, progress=progress)


def action_counts(preview: Preview) -> Counter[str]:
    return Counter(result.action for result in preview.results if not result.errors)


# --- The page's path: the check and the write run as background tasks (`tasks`), so a large file never holds a
# request past the web server's timeout. The command keeps the synchronous path above.

FAILED_CHECK = "Something went wrong while checking the file. Nothing was imported. Upload the file again"
FAILED_WRITE = "Something went wrong while importing the file. Nothing was imported. Upload the file again"


def import_upload(*, actor: User, kind: str, file_name: str, data: bytes) -> ImportRun:
    """Record an uploaded file (CHECKING, its bytes encrypted) and queue its check (`tasks.check_import`). The
    task is queued in the same transaction as the run, so the worker never sees one without the other."""
    from .tasks import check_import  # the tasks call back into this module

    _require(actor)
    with transaction.atomic():
        run = _new_run(actor=actor, kind=kind, file_name=file_name, data=data)
        run.content = field_fernet().encrypt(data)
        run.status = ImportStatus.CHECKING
        run.save()
        audit_record(user=actor, action=AuditAction.CREATE, target=AuditTarget("import_run", str(run.pk), None))
        check_import.enqueue(run.pk)
    return run


def check_run(run_id: int) -> str:
    """The background check of an uploaded file, as its uploader: the same result and report as `import_preview`.
    A run that is no longer CHECKING (checked already) is left alone. Returns the run's status."""
    run = ImportRun.objects.select_related("uploaded_by").get(pk=run_id)
    if run.status != ImportStatus.CHECKING:
        return str(run.status)
    data = field_fernet().decrypt(bytes(run.content))
    try:  # writes no record of the file's, so outside the transaction below (see `import_preview`)
        if hashlib.sha256(data).hexdigest() != run.sha256:
            raise ValidationError("The stored file is not the one uploaded. Upload the file again.")
        _require(run.uploaded_by)
        preview = check_file(actor=run.uploaded_by, kind=run.kind, file_name=run.file_name, data=data)
    except ValidationError as error:
        preview = Preview(spec=KINDS[run.kind], file_name=run.file_name, refused=" ".join(error.messages))
    with transaction.atomic():
        run = ImportRun.objects.select_for_update().select_related("uploaded_by").get(pk=run_id)
        if run.status != ImportStatus.CHECKING:  # checked meanwhile (a task run twice): that check stands
            return str(run.status)
        _record_check(run, preview, data)
        run.save()
        return str(run.status)


def import_start_write(*, actor: User, run: ImportRun) -> ImportRun:
    """Confirm a previewed file from the page: the run is IMPORTING and its write is queued (`tasks.write_import`).
    Only the uploader's PREVIEWED run may be confirmed, once."""
    from .tasks import write_import  # the tasks call back into this module

    _require(actor)
    with transaction.atomic():
        run = ImportRun.objects.select_for_update().get(pk=run.pk)
        if run.uploaded_by_id != actor.pk or run.status != ImportStatus.PREVIEWED or not run.content:
            raise ValidationError("This import has already been imported or discarded. Upload the file again.")
        run.status = ImportStatus.IMPORTING
        run.save(update_fields=["status"])
        write_import.enqueue(run.pk)
    return run


def write_run(run_id: int) -> str:
    """The background write of a confirmed file: `import_confirm` (check again, then every row or none), as its
    uploader. When the rows have become wrong, or the file cannot be confirmed, nothing is written and the run is
    DISCARDED with the errors in its report: the file as it stands cannot be imported, so the person corrects it and
    uploads it again, and its bytes are not kept any longer than that. Returns the run's status."""
    with transaction.atomic():
        run = ImportRun.objects.select_for_update().select_related("uploaded_by").get(pk=run_id)
        if run.status != ImportStatus.IMPORTING:
            return str(run.status)
        # import_confirm confirms only a PREVIEWED run; the row stays locked, so nobody else sees this state.
        run.status = ImportStatus.PREVIEWED
        run.save(update_fields=["status"])
        try:
            preview = import_confirm(actor=run.uploaded_by, run=run)
        except ImportBlocked as blocked:
            preview = blocked.preview
            _record_counts(run, preview)
        except ValidationError as error:
            preview = Preview(spec=KINDS[run.kind], file_name=run.file_name, refused=" ".join(error.messages))
            run.errors = 1
        else:
            return str(preview.run.status if preview.run is not None else ImportStatus.IMPORTED)
        run.status = ImportStatus.DISCARDED
        run.content = b""
        run.report = seal_report(preview.to_report())
        run.save()
        return str(run.status)


@transaction.atomic
def fail_run(run_id: int, message: str) -> None:
    """A background check or write that crashed: nothing was written (its transaction rolled back); the run is
    DISCARDED with the message, so its page never waits for ever."""
    run = ImportRun.objects.select_for_update().filter(pk=run_id).first()
    if run is None or run.status not in (ImportStatus.CHECKING, ImportStatus.IMPORTING):
        return
    run.status = ImportStatus.DISCARDED
    run.content = b""
    run.errors = 1
    run.report = seal_report({"version": REPORT_VERSION, "refused": message, "problems": [], "rows": []})
    run.save(update_fields=["status", "content", "errors", "report"])

"""`ipsgate import KIND FILE --as USERNAME [--dry-run]`: the import page's preview and confirm from the command line.

The import runs as a named member of staff (a team leader or service manager), within their scope and audited as
theirs, exactly as on the page. Every problem is printed with its row and column, and then nothing is written;
`--dry-run` stops after the preview. A progress bar (tqdm, on stderr) follows the rows checked and written."""

from __future__ import annotations

import sys
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from ipsgate.core.models import User
from ipsgate.imports.kinds import KINDS
from ipsgate.imports.reading import MAX_BYTES
from ipsgate.imports.services import ImportBlocked, Preview, import_confirm, import_preview, may_import


class Command(BaseCommand):
    help = "Import a caseload or a prison release list from a CSV or XLSX file (preview first; all rows or none)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("kind", choices=sorted(KINDS))
        parser.add_argument("file", type=Path)
        parser.add_argument("--as", dest="username", required=True, help="the team leader or service manager")
        parser.add_argument("--dry-run", action="store_true", help="check every row and write nothing")

    def _report(self, preview: Preview) -> None:
        if preview.refused:
            raise CommandError(f"{preview.file_name}: {preview.refused}")
        for error in preview.errors:
            column = f", {error.column}" if error.column else ""
            self.stderr.write(f"Row {error.row}{column}: {error.message}")
        counts = (
            f"{len(preview.results)} rows: {preview.count_create} to add, {preview.count_update} to update, "
            f"{preview.count_unchanged} unchanged, {preview.count_not_known} not in the service"
        )
        if preview.errors:
            raise CommandError(f"{counts}; {preview.rows_with_errors} rows have problems. Nothing was imported.")
        self.stdout.write(counts)

    def handle(self, *args: Any, **options: Any) -> None:
        actor = User.objects.filter(username=options["username"], is_active=True).first()
        if actor is None or not may_import(actor):
            raise CommandError(f"{options['username']} is not an active team leader or service manager")
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"{path} is not a file")
        if path.stat().st_size > MAX_BYTES:
            raise CommandError(f"{path} is larger than {MAX_BYTES // 1024 // 1024} MB. Split it into several files")
        data = path.read_bytes()
        with tqdm(desc="Checking rows", unit=" rows", file=sys.stderr, disable=None) as bar:
            preview = import_preview(
                actor=actor, kind=options["kind"], file_name=path.name, data=data, progress=bar.update
            )
        self._report(preview)
        if options["dry_run"] or preview.run is None:
            self.stdout.write("Dry run: nothing was written.")
            return
        total = len(preview.results) * 2
        with tqdm(total=total, desc="Importing", unit=" rows", file=sys.stderr, disable=None) as bar:
            try:
                done = import_confirm(actor=actor, run=preview.run, progress=bar.update)
            except ImportBlocked as blocked:
                self._report(blocked.preview)
                raise CommandError("Nothing was imported.") from None
        self.stdout.write(
            f"Imported {path.name}: {done.count_create} added, {done.count_update} updated, "
            f"{done.count_unchanged} unchanged."
        )

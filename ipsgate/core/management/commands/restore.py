"""`ipsgate restore FILE [--force]`: replace the database's contents with a backup, then verify the audit chain.

Refuses a database that already holds data unless --force is given."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ipsgate.core.audit import audit_verify
from ipsgate.core.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = (
        "Restore a backup made by 'ipsgate backup' into this service's database, then check the audit chain. "
        "Refuses to overwrite a database that holds data unless --force is given."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="the backup file (.sqlite3 for SQLite, .pgdump for PostgreSQL)")
        parser.add_argument(
            "--force", action="store_true", help="replace a database that already holds data (it is lost)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            backup_restore(Path(options["file"]), force=options["force"])
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Restored {options['file']}.")
        result = audit_verify()
        if not result.ok:
            raise CommandError(f"Restored, but the audit chain is broken: {result.message}", returncode=1)
        self.stdout.write(f"Audit chain: {result.message}")
        self.stdout.write(
            "Next: run 'ipsgate migrate' (a backup from an older release), then 'ipsgate retention --apply' so "
            "records anonymised since the backup was taken are anonymised again."
        )

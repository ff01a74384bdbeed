"""`ipsgate backup [--dir DIR] [--keep-days N]`: a timestamped backup of the whole database, safe while the service
runs; backups older than the keep period are then deleted."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from ipsgate.core.backup import BackupError, backup_create


class Command(BaseCommand):
    help = (
        "Back up the database into a timestamped file (SQLite: online backup API; PostgreSQL: pg_dump custom "
        "format), readable by its owner only, then delete backups older than the keep period."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dir", help="where to write it (default: IPSGATE_BACKUP_DIR)")
        parser.add_argument(
            "--keep-days",
            type=int,
            help="delete backups taken more than this many days ago (default: IPSGATE_BACKUP_KEEP_DAYS)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        directory = Path(options["dir"] or settings.IPSGATE_BACKUP_DIR)
        keep_days = options["keep_days"] if options["keep_days"] is not None else settings.IPSGATE_BACKUP_KEEP_DAYS
        try:
            result = backup_create(directory, keep_days=int(keep_days))
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Backup written: {result.path} ({result.size} bytes)")
        self.stdout.write(f"Deleted {len(result.deleted)} backups older than {keep_days} days.")

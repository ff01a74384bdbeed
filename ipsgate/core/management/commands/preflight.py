"""`ipsgate preflight`: what `ipsgate migrate` checks before it changes the database (ipsgate/__main__.py runs this
first; `--skip-preflight` skips it). Stops with exit status 1, before any change, when the database cannot be reached
or Django's checks (`check --deploy` outside the demo) find a problem; lists the migrations about to be applied and
reminds whoever runs it to take a backup first."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor

BACKUP_REMINDER = (
    "Take a backup before migrating (`ipsgate backup`, docs/deploy.md, Backups): a migration cannot always be "
    "undone, and restoring the backup is the way back."
)


class Command(BaseCommand):
    help = "Pre-flight for `ipsgate migrate`: database reachable, Django's deployment checks, pending migrations."

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            connection.ensure_connection()
        except DatabaseError as error:
            raise CommandError(f"Pre-flight: cannot reach the database ({type(error).__name__}: {error})") from error
        self.stdout.write(f"Pre-flight: the database ({connection.vendor}) answers.")

        deploy = not settings.DEBUG
        try:
            call_command("check", deploy=deploy, fail_level="WARNING", stdout=self.stdout, stderr=self.stderr)
        except CommandError as error:
            raise CommandError(
                f"Pre-flight: Django's {'deployment ' if deploy else ''}checks failed. {error}"
            ) from error
        self.stdout.write(f"Pre-flight: `check{' --deploy' if deploy else ''}` found no problems.")

        executor = MigrationExecutor(connection)
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
        if not plan:
            self.stdout.write("Pre-flight: every migration is applied already; nothing to do.")
            return
        self.stdout.write(f"Pre-flight: {len(plan)} migrations to apply:")
        for migration, backwards in plan:
            self.stdout.write(f"  {migration.app_label}.{migration.name}{' (backwards)' if backwards else ''}")
        self.stdout.write(self.style.WARNING(BACKUP_REMINDER))

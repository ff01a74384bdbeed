"""ipsgate retention --dry-run | --apply [--today YYYY-MM-DD]: apply the retention policy.

A participant is due when their last episode of support ended (or last referral was decided) more than
IPSGATE_RETENTION_YEARS ago, nothing is open or awaiting a decision, and their record is not on legal hold.
--dry-run changes nothing and prints counts and record ids only; --apply anonymises each due participant in its
own transaction. Running it again finds nothing more to do.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from ipsgate.privacy.retention import RetentionRun, retention_apply, retention_candidates


def _ids(ids: list[int]) -> str:
    return ", ".join(str(pk) for pk in ids) if ids else "none"


class Command(BaseCommand):
    help = "Anonymise participant records past the retention period (--dry-run to list them, --apply to act)."

    def add_arguments(self, parser: CommandParser) -> None:
        mode = parser.add_mutually_exclusive_group(required=True)
        mode.add_argument("--dry-run", action="store_true", help="list who is due; change nothing")
        mode.add_argument("--apply", action="store_true", help="anonymise everyone who is due")
        parser.add_argument("--today", help="the day to work from, YYYY-MM-DD (default: today)")

    def handle(self, *args: Any, **options: Any) -> None:
        today = timezone.localdate()
        if options["today"]:
            try:
                today = datetime.date.fromisoformat(options["today"])
            except ValueError:
                raise CommandError(f"--today must be a date like 2026-11-25, not {options['today']!r}") from None
        if options["apply"] and today > timezone.localdate():
            raise CommandError("With --apply, --today cannot be later than today: records are never anonymised early")
        years = int(settings.IPSGATE_RETENTION_YEARS)
        if years < 1:
            raise CommandError("IPSGATE_RETENTION_YEARS must be at least 1")
        if options["dry_run"]:
            run = retention_candidates(today=today, years=years)
            self._summary(run)
            self.stdout.write(f"Would anonymise: {_ids(run.due)}")
            self.stdout.write("Dry run: nothing was changed.")
        else:
            run = retention_apply(today=today, years=years, progress=self._progress)
            self._summary(run)
            self.stdout.write(f"Anonymised {len(run.anonymised)} participants: {_ids(run.anonymised)}")
            skipped = sorted(set(run.due) - set(run.anonymised))
            if skipped:
                self.stdout.write(f"No longer due when checked, left as they were: {_ids(skipped)}")

    def _progress(self, done: int, total: int) -> None:
        if done % 100 == 0 or done == total:
            self.stdout.write(f"  {done} of {total} checked")

    def _summary(self, run: RetentionRun) -> None:
        self.stdout.write(
            f"Retention period: {run.years} years after the last episode ended or referral was decided "
            f"(due if that was before {run.cutoff.isoformat()}, working from {run.today.isoformat()})."
        )
        self.stdout.write(f"Due for anonymisation: {len(run.due)}")
        self.stdout.write(f"Past the period but on legal hold (kept in full): {len(run.held)} ({_ids(run.held)})")

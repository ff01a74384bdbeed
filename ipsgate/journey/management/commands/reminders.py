"""ipsgate reminders [--now] [--today YYYY-MM-DD]: record reminder notifications for due tasks.

Safe to run from cron as often as you like: a reminder is recorded once per recipient, person, task and due date.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from ipsgate.journey.reminders import enqueue_reminders, run_reminders_now


class Command(BaseCommand):
    help = "Record reminders for tasks that are due (enqueued for the database worker, or --now in this process)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--now", action="store_true", help="record them in this process instead of enqueueing")
        parser.add_argument("--today", help="the day to work from, YYYY-MM-DD (default: today)")

    def handle(self, *args: Any, **options: Any) -> None:
        today = timezone.localdate()
        if options["today"]:
            try:
                today = datetime.date.fromisoformat(options["today"])
            except ValueError:
                raise CommandError(f"--today must be a date like 2026-11-25, not {options['today']!r}") from None
        if options["now"]:
            run = run_reminders_now(today=today)
            self.stdout.write(
                f"{run.specialists} specialists, {run.due} tasks due, {run.recorded} new reminders recorded."
            )
        else:
            count = enqueue_reminders(today=today)
            self.stdout.write(f"Enqueued reminders for {count} specialists; `ipsgate worker` records them.")

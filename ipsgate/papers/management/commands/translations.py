"""`ipsgate translations --check`: list participant-facing strings of the papers without a Welsh entry (missing,
empty or fuzzy), or a compiled catalogue out of date; exits non-zero if there are any. `--compile` rebuilds
`locale/cy/LC_MESSAGES/django.mo` from the `.po` file (polib, no gettext tools needed)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ipsgate.papers import catalogue


class Command(BaseCommand):
    help = "Check (or compile) the Welsh catalogue of the participant's own papers."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--check", action="store_true", help="List untranslated or fuzzy strings; fail if any.")
        parser.add_argument("--compile", action="store_true", help="Rebuild django.mo from django.po.")

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["check"] and not options["compile"]:
            raise CommandError("Say --check or --compile")
        if options["compile"]:
            catalogue.compile_catalogue()
            self.stdout.write(f"Compiled {catalogue.MO_FILE}")
        if options["check"]:
            problems = catalogue.check()
            for problem in problems:
                self.stdout.write(str(problem))
            if problems:
                raise CommandError(f"{len(problems)} Welsh catalogue problem(s): see above")
            count = len(catalogue.participant_messages())
            self.stdout.write(f"Welsh catalogue complete: {count} participant-facing strings translated.")

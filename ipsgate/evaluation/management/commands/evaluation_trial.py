"""`ipsgate evaluation_trial start NAME [--blocks 4,6] [--seed S] | stop`: configure random allocation."""

from argparse import ArgumentParser
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from ipsgate.evaluation.services import trial_start, trial_stop


class Command(BaseCommand):
    help = "Start a random allocation trial (1:1 IPS / service as usual, blocks stratified by site) or stop it."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("action", choices=["start", "stop"])
        parser.add_argument("name", nargs="?", default="")
        parser.add_argument("--blocks", default="4,6", help="Even block sizes, comma-separated (default 4,6).")
        parser.add_argument("--seed", default=None, help="Recorded seed (default: a random one, kept secret).")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "stop":
            stopped = trial_stop()
            self.stdout.write("Random allocation stopped." if stopped else "No trial was active.")
            return
        if not options["name"]:
            raise CommandError("Give the trial a name: ipsgate evaluation_trial start NAME")
        try:
            trial = trial_start(name=options["name"], block_sizes=options["blocks"], seed=options["seed"])
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from None
        self.stdout.write(f"Random allocation started: {trial.name}, blocks {trial.block_sizes}. Seed recorded.")

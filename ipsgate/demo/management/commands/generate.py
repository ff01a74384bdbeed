"""`ipsgate generate --people N --seed S`: a national-scale synthetic service for benchmarks."""

import sys
from argparse import ArgumentParser
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from tqdm import tqdm

from ipsgate.demo.generator import generate_service

# `--national`: the national benchmark dataset of issue 8 (100,000 participants, about two million support contacts,
# 20,000 employers, 200,000 vacancies). Only supported people have contacts (about 82% of participants), hence 24.
NATIONAL = {"people": 100_000, "contacts_per_person": 24.0, "employers": 20_000, "vacancies": 200_000}


class Command(BaseCommand):
    help = "Fill an empty database with a synthetic service of N participants (deterministic for a seed)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--people", type=int, default=None, help="Number of participants (1 to 1,000,000).")
        parser.add_argument(
            "--national",
            action="store_true",
            help="The national dataset: --people 100000 --contacts-per-person 24 --employers 20000 "
            "--vacancies 200000 (explicit flags still override each).",
        )
        parser.add_argument("--seed", type=int, default=1, help="Random seed; the same seed gives the same data.")
        parser.add_argument(
            "--as-of",
            type=date.fromisoformat,
            default=None,
            help="The day the data is dated around (YYYY-MM-DD); defaults to today.",
        )
        parser.add_argument(
            "--contacts-per-person",
            type=float,
            default=None,
            help="Average support contacts per supported participant (default 6).",
        )
        parser.add_argument("--employers", type=int, default=None, help="Employers beyond those the jobs need.")
        parser.add_argument("--vacancies", type=int, default=None, help="Vacancies spread over the employers.")
        parser.add_argument("--no-progress", action="store_true", help="Do not show a progress bar.")

    def handle(self, *args: Any, **options: Any) -> None:
        defaults = NATIONAL if options["national"] else {"contacts_per_person": 6.0, "employers": 0, "vacancies": 0}
        for name, value in defaults.items():
            if options.get(name) is None:
                options[name] = value
        people = options["people"]
        if people is None:
            raise CommandError("Give --people N, or --national")
        if not 1 <= people <= 1_000_000:
            raise CommandError("--people must be between 1 and 1,000,000")
        if options["contacts_per_person"] < 0:
            raise CommandError("--contacts-per-person cannot be negative")
        if options["employers"] < 0 or options["vacancies"] < 0:
            raise CommandError("--employers and --vacancies cannot be negative")
        as_of = options["as_of"] or timezone.localdate()
        with tqdm(total=people, unit="people", disable=options["no_progress"], file=sys.stderr) as bar:
            try:
                summary = generate_service(
                    people=people,
                    seed=options["seed"],
                    as_of=as_of,
                    contacts_per_person=options["contacts_per_person"],
                    progress=bar.update,
                    employers=options["employers"],
                    vacancies=options["vacancies"],
                )
            except ValueError as error:
                raise CommandError(str(error)) from error
        self.stdout.write(
            f"Generated {summary.participants} participants, {summary.referrals} referrals, "
            f"{summary.episodes} episodes, {summary.contacts} support contacts and {summary.jobs} jobs "
            f"with {summary.employers} employers and {summary.vacancies} vacancies "
            f"at {summary.sites} sites with {summary.staff} staff (seed {options['seed']}, as of {as_of})."
        )

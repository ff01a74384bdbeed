"""`ipsgate stats compare-arms|survival`: one JSON object on stdin, one JSON object on stdout.

Exit 0 with the answer; exit 2 with a one-line message on stderr naming the field (and nothing on stdout) when
the input is not valid.
"""

import json
import sys
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand

from ipsgate.rules.json_contract import InputError
from ipsgate.rules.statistics_json import compare_arms_from_json, survival_from_json

CALCULATORS = {"compare-arms": compare_arms_from_json, "survival": survival_from_json}


class Command(BaseCommand):
    # One line on stderr for bad input and nothing else: system-check warnings have no place in a calculation.
    requires_system_checks: list[str] = []
    help = (
        "Evaluation statistics on JSON from stdin: compare-arms (risks, risk difference and ratio with 95% "
        "intervals, Fisher's exact test) or survival (Kaplan-Meier medians and the log-rank test)."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("calculator", choices=sorted(CALCULATORS))

    def handle(self, *args: Any, **options: Any) -> None:
        calculator = CALCULATORS[options["calculator"]]
        try:
            payload = json.loads(sys.stdin.read())
        except json.JSONDecodeError as error:
            self._fail(f"input: not valid JSON ({error.msg} at line {error.lineno} column {error.colno})")
        try:
            answer = calculator(payload)
        except InputError as error:
            self._fail(str(error))
        sys.stdout.write(json.dumps(answer, indent=2) + "\n")

    def _fail(self, message: str) -> None:
        sys.stderr.write(message.replace("\n", " ") + "\n")
        sys.exit(2)

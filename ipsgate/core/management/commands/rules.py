"""`ipsgate rules disclosure|better-off|fidelity`: one JSON object on stdin, one JSON object on stdout.

Exit 0 with the answer; exit 2 with a one-line message on stderr naming the field (and nothing on
stdout) when the input is not valid.
"""

import json
import sys
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand
from django.db import DatabaseError

from ipsgate.rules.json_contract import InputError, better_off_from_json, disclosure_from_json, fidelity_from_json


def better_off_with_service_rates(payload: Any) -> dict[str, Any]:
    """Use the administrator-edited rates table when the database is set up, else the rates in the code."""
    from ipsgate.advice.services import rates_table, tax_years

    try:
        years = tax_years()
    except DatabaseError:
        return better_off_from_json(payload)
    return better_off_from_json(payload, tax_years=years, rates_for=rates_table)


CALCULATORS = {
    "disclosure": disclosure_from_json,
    "better-off": better_off_with_service_rates,
    "fidelity": fidelity_from_json,
}


class Command(BaseCommand):
    # The contract is one line on stderr for bad input and nothing else: system-check warnings (about
    # static assets, say) have nothing to do with a pure calculation and must not be mixed in.
    requires_system_checks: list[str] = []
    help = (
        "Run a rules calculator on JSON from stdin: disclosure (spent convictions and DBS checks) or better-off "
        "(Universal Credit in and out of work) or fidelity (IPS-25 total, band and section totals)."
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

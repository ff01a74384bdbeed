"""`ipsgate rules disclosure|better-off|fidelity`: one JSON object on stdin, one JSON object on stdout (see
`ipsgate.core.json_command` for the contract)."""

from collections.abc import Callable, Mapping
from typing import Any

from django.db import DatabaseError

from ipsgate.core.json_command import JsonCalculatorCommand
from ipsgate.rules.json_contract import better_off_from_json, disclosure_from_json, fidelity_from_json


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


class Command(JsonCalculatorCommand):
    help = (
        "Run a rules calculator on JSON from stdin: disclosure (spent convictions and DBS checks) or better-off "
        "(Universal Credit in and out of work) or fidelity (IPS-25 total, band and section totals)."
    )

    def calculators(self) -> Mapping[str, Callable[[Any], dict[str, Any]]]:
        return CALCULATORS

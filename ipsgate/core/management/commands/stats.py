"""`ipsgate stats compare-arms|survival`: one JSON object on stdin, one JSON object on stdout (see
`ipsgate.core.json_command` for the contract)."""

from collections.abc import Callable, Mapping
from typing import Any

from ipsgate.core.json_command import JsonCalculatorCommand
from ipsgate.rules.statistics_json import compare_arms_from_json, survival_from_json

CALCULATORS = {"compare-arms": compare_arms_from_json, "survival": survival_from_json}


class Command(JsonCalculatorCommand):
    help = (
        "Evaluation statistics on JSON from stdin: compare-arms (risks, risk difference and ratio with 95% "
        "intervals, Fisher's exact test) or survival (Kaplan-Meier medians and the log-rank test)."
    )

    def calculators(self) -> Mapping[str, Callable[[Any], dict[str, Any]]]:
        return CALCULATORS

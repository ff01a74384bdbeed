"""The command-line contract shared by `ipsgate rules …` and `ipsgate stats …`: one JSON object on stdin, one JSON
object on stdout and exit 0; for input that is not valid, exit 2 with a one-line message on stderr naming the field
(and nothing on stdout)."""

from __future__ import annotations

import json
import sys
from argparse import ArgumentParser
from collections.abc import Callable, Mapping
from typing import Any, NoReturn

from django.core.management.base import BaseCommand

from ipsgate.rules.json_contract import InputError


class JsonCalculatorCommand(BaseCommand):
    # One line on stderr for bad input and nothing else: system-check warnings (about static assets, say) have
    # nothing to do with a pure calculation and must not be mixed in.
    requires_system_checks: list[str] = []

    def calculators(self) -> Mapping[str, Callable[[Any], dict[str, Any]]]:
        raise NotImplementedError

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("calculator", choices=sorted(self.calculators()))

    def handle(self, *args: Any, **options: Any) -> None:
        calculator = self.calculators()[options["calculator"]]
        try:
            payload = json.loads(sys.stdin.read())
        except json.JSONDecodeError as error:
            self._fail(f"input: not valid JSON ({error.msg} at line {error.lineno} column {error.colno})")
        try:
            answer = calculator(payload)
        except InputError as error:
            self._fail(str(error))
        sys.stdout.write(json.dumps(answer, indent=2) + "\n")

    def _fail(self, message: str) -> NoReturn:
        sys.stderr.write(message.replace("\n", " ") + "\n")
        sys.exit(2)

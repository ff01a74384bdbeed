"""`ipsgate audit verify`: check the audit hash chain end to end."""

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from ipsgate.core.audit import audit_verify


class Command(BaseCommand):
    help = "Audit trail tools. 'verify' checks every event's hash and link; exits 1 on the first break."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("subcommand", choices=["verify"])

    def handle(self, *args: Any, **options: Any) -> None:
        result = audit_verify()
        if not result.ok:
            raise CommandError(f"broken: {result.message}", returncode=1)
        self.stdout.write(result.message)

"""`ipsgate api_token create|revoke <username> [--days N]`: issue or revoke a service account's API token."""

from argparse import ArgumentParser
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from ipsgate.api.services import api_token_create, api_token_revoke
from ipsgate.core.models import User


class Command(BaseCommand):
    help = (
        "API tokens for service accounts. 'create' prints a new token's key on standard output (shown once and "
        "never stored: put it in the calling system's secret store) and its expiry on standard error; 'revoke' "
        "deletes the token so it stops working at once."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("subcommand", choices=["create", "revoke"])
        parser.add_argument("username")
        parser.add_argument("--days", type=int, help="how many days the token works (default: IPSGATE_API_TOKEN_DAYS)")

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"No user called {options['username']}.")
        if options["subcommand"] == "create":
            try:
                issued = api_token_create(actor=None, user=user, days=options["days"])
            except ValidationError as error:
                raise CommandError(" ".join(error.messages)) from error
            self.stdout.write(issued.key)
            self.stderr.write(
                f"Token for {user.username}, expires {issued.token.expires_at:%Y-%m-%d %H:%M} UTC. The key is shown "
                "only now."
            )
        elif api_token_revoke(actor=None, user=user):
            self.stdout.write(f"Revoked the token of {user.username}.")
        else:
            self.stdout.write(f"{user.username} had no token.")

"""`ipsgate api_token create|revoke <username>`: issue or revoke a service account's API token."""

from argparse import ArgumentParser
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from ipsgate.api.services import api_token_create, api_token_revoke
from ipsgate.core.models import User


class Command(BaseCommand):
    help = (
        "API tokens for service accounts. 'create' prints a new token's key (shown once: store it in the calling "
        "system's secret store); 'revoke' deletes the token so it stops working at once."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("subcommand", choices=["create", "revoke"])
        parser.add_argument("username")

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"No user called {options['username']}.")
        if options["subcommand"] == "create":
            try:
                token = api_token_create(actor=None, user=user)
            except ValidationError as error:
                raise CommandError(" ".join(error.messages)) from error
            self.stdout.write(token.key)
        elif api_token_revoke(actor=None, user=user):
            self.stdout.write(f"Revoked the token of {user.username}.")
        else:
            self.stdout.write(f"{user.username} had no token.")

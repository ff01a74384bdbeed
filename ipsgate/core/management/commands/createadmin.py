"""`ipsgate createadmin`: the first administrator (or, with --role service_manager, the first service manager),
made on the server before anyone can sign in. The account has no second factor yet, so its first sign-in goes
straight to setting up an authenticator app (`MfaRequiredMiddleware`). Refused when one already exists, unless
--another."""

from __future__ import annotations

import getpass
import sys
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from ipsgate.core.choices import Role
from ipsgate.core.models import User
from ipsgate.core.services import FIRST_ACCOUNT_ROLES, create_first_account


class Command(BaseCommand):
    help = (
        "Create the first administrator (or --role service_manager: the first service manager). The password is "
        "asked for twice, or read from one line of standard input when that is not a terminal. At first sign-in the "
        "account must set up an authenticator app before anything else."
    )
    stealth_options = ("stdin",)

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--username", required=True)
        parser.add_argument("--email", required=True)
        parser.add_argument("--first-name", default="")
        parser.add_argument("--last-name", default="")
        parser.add_argument("--role", choices=[r.value for r in FIRST_ACCOUNT_ROLES], default=Role.ADMINISTRATOR.value)
        parser.add_argument(
            "--another", action="store_true", help="Create one even though an active one with the role exists."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        role = Role(options["role"])
        stdin = options.get("stdin") or sys.stdin
        user = User(
            username=options["username"],
            email=options["email"],
            first_name=options["first_name"],
            last_name=options["last_name"],
            role=role,
        )
        password = self._password(stdin, user)
        try:
            created = create_first_account(
                role=role,
                username=options["username"],
                password=password,
                email=options["email"],
                first_name=options["first_name"],
                last_name=options["last_name"],
                another=options["another"],
            )
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from error
        self.stdout.write(
            f"Created {role.label.lower()} {created.get_username()}. At first sign-in they must set up an "
            "authenticator app before any other page."
        )

    def _password(self, stdin: Any, user: User) -> str:
        if stdin.isatty():
            password = getpass.getpass("Password: ")
            if getpass.getpass("Password again: ") != password:
                raise CommandError("The passwords do not match")
        else:
            password = stdin.readline().rstrip("\n")
        try:
            validate_password(password, user)
        except ValidationError as error:
            raise CommandError("The password is not strong enough: " + " ".join(error.messages)) from error
        return password

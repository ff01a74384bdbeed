"""`ipsgate demo`: set up the embedded database with a realistic synthetic service and serve it."""

from argparse import ArgumentParser
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from ipsgate.core.choices import Role
from ipsgate.core.models import Team, User
from ipsgate.demo.evaluation_generator import write_allocations
from ipsgate.demo.fidelity_generator import write_demo_fidelity
from ipsgate.demo.generator import DEMO_PASSWORD, DEMO_STAFF, generate_service
from ipsgate.demo.import_files import BAD_ROWS, write_import_files
from ipsgate.demo.mfa import ensure_demo_devices

DEMO_PEOPLE = 120


class Command(BaseCommand):
    help = "Migrate, load the demo service (once; re-running adds nothing) and serve it on 127.0.0.1."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--port", type=int, default=8000, help="Port to serve on (default 8000).")
        parser.add_argument("--seed", type=int, default=2026, help="Random seed for the demo data.")
        parser.add_argument("--no-serve", action="store_true", help="Set up the data only; do not start a server.")

    def handle(self, *args: Any, **options: Any) -> None:
        port = options["port"]
        if not 1024 <= port <= 65535:
            raise CommandError("--port must be between 1024 and 65535")
        call_command("migrate", interactive=False, verbosity=0)
        if User.objects.filter(username=DEMO_STAFF[0].username).exists():
            self.stdout.write("The demo service is already loaded; nothing was added.")
        else:
            summary = generate_service(people=DEMO_PEOPLE, seed=options["seed"], as_of=timezone.localdate(), demo=True)
            for team in Team.objects.filter(leader__role=Role.TEAM_LEADER).select_related("leader")[:1]:
                write_demo_fidelity(team, as_of=timezone.localdate())  # an earlier review, so comparisons show
            self.stdout.write(
                f"Loaded the demo service: {summary.sites} sites, {summary.staff} staff, "
                f"{summary.participants} participants, {summary.contacts} support contacts, {summary.jobs} jobs."
            )
            arms = write_allocations(seed=options["seed"], as_of=timezone.localdate())
            self.stdout.write(f"Gave {arms} referrals an evaluation arm (IPS or service as usual).")
        ensure_demo_devices()
        self.print_logins()
        files = write_import_files(today=timezone.localdate())
        if files:
            problems = "; ".join(f"row {row}: {what}" for row, what in BAD_ROWS.items())
            self.stdout.write(
                "\nTo try the bulk import, sign in as teamleader1 and choose Import. Files to upload:\n"
                + "".join(f"  {path}\n" for path in files)
                + f"(the first has 3 rows with problems, {problems}; the second is corrected; the release list "
                "moves two people's expected release dates; the caseload updates accept a referral awaiting a "
                "decision, change a job goal and note referral details an import does not change)"
            )
        if not options["no_serve"]:
            self.stdout.write(f"\nServing on http://127.0.0.1:{port}/ (press Ctrl+C to stop)\n")
            call_command("runserver", f"127.0.0.1:{port}", use_reloader=False)

    def print_logins(self) -> None:
        self.stdout.write(f"\nDemo log-ins (password for all: {DEMO_PASSWORD}):")
        for staff in DEMO_STAFF:
            where = f" at {staff.site}" if staff.site else ""
            self.stdout.write(f"  {staff.username:<12} {staff.role.label}{where}")
        self.stdout.write(
            "\nSigning in also needs a code from an authenticator app. In this demo the code page shows the current\n"
            "code for the account (demo settings only; production never does)."
        )

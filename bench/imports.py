"""The bulk import's figure (issue 21): a 10,000-row caseload file previewed and imported through the import's own
path (every row through the referral form and service, audited), against inserting the same people, referrals and
episodes with the generator's bulk path (`ipsgate.demo.rows.insert_instances`). Everything measured is rolled
back, so the database is left as it was.

`make bench` runs it on each engine's small dataset; `python -m bench.imports` runs it alone on a fresh database
(DATABASE_URL, or a SQLite file under IPSGATE_VAR_DIR)."""

from __future__ import annotations

import csv
import datetime
import io
import time
from typing import Any

from django.db import transaction

ROWS = 10_000
HEADINGS = (
    "Prison number", "First name", "Last name", "Date of birth", "Site", "Custody status", "Expected release date",
    "Specialist", "Referral source", "Referral date", "Referrer name", "Wants paid work", "Accepted",
)  # fmt: skip


class _Rollback(Exception):
    pass


def _prison_number(n: int) -> str:
    letters = "ABCDEFGHJKLMNPQRSTUVWXYZ"
    return f"Y{n % 10_000:04d}{letters[(n // 10_000) % 24]}{letters[(n // 240_000) % 24]}"


def caseload_file(rows: int, *, site_code: str, specialist: str, today: datetime.date) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADINGS)
    for n in range(rows):
        writer.writerow(
            [
                _prison_number(n),
                f"Given{n}",
                f"Family{n}",
                f"{1960 + n % 40}-{1 + n % 12:02d}-{1 + n % 28:02d}",
                site_code,
                "In custody",
                (today + datetime.timedelta(days=30 + n % 300)).isoformat(),
                specialist,
                "Prison mental health in-reach team",
                (today - datetime.timedelta(days=10 + n % 50)).isoformat(),
                "A Nurse",
                "yes",
                "yes",
            ]  # fmt: skip
        )
    return buffer.getvalue().encode()


def _world() -> tuple[Any, Any, Any]:
    """A service manager (imports anywhere), a prison and one of its specialists: the dataset's, or made here."""
    from ipsgate.core.choices import Role, SiteKind
    from ipsgate.core.models import Site, User

    prison = Site.objects.filter(kind=SiteKind.PRISON).order_by("pk").first() or Site.objects.create(
        name="HMP Bench", kind=SiteKind.PRISON, prison_code="BEN"
    )
    specialist = User.objects.filter(role=Role.SPECIALIST, is_active=True).order_by("pk").first()
    if specialist is None:
        specialist = User.objects.create(username="bench-specialist", role=Role.SPECIALIST, site=prison)
    manager = User.objects.create(username="bench-importer", role=Role.SERVICE_MANAGER)
    return manager, prison, specialist


def measure_import(rows: int = ROWS) -> dict[str, Any]:
    from django.utils import timezone

    from ipsgate.demo.rows import insert_instances
    from ipsgate.imports.services import import_confirm, import_preview
    from ipsgate.people.models import Episode, Participant, Referral

    today = timezone.localdate()
    result: dict[str, Any] = {"rows": rows}
    try:
        with transaction.atomic():
            manager, prison, specialist = _world()
            data = caseload_file(rows, site_code=prison.prison_code, specialist=specialist.username, today=today)
            started = time.perf_counter()
            preview = import_preview(actor=manager, kind="caseload", file_name="bench.csv", data=data)
            result["preview_s"] = round(time.perf_counter() - started, 2)
            if not preview.ok:
                raise RuntimeError(f"the benchmark file has errors: {preview.refused or preview.errors[:3]}")
            started = time.perf_counter()
            assert preview.run is not None
            done = import_confirm(actor=manager, run=preview.run)
            result["import_s"] = round(time.perf_counter() - started, 2)
            result["created"] = done.count_create
            raise _Rollback
    except _Rollback:
        pass
    try:
        with transaction.atomic():
            manager, prison, specialist = _world()
            started = time.perf_counter()
            people = [
                Participant(
                    given_name=f"Given{n}",
                    family_name=f"Family{n}",
                    date_of_birth=datetime.date(1960 + n % 40, 1, 1),
                    prison_number=_prison_number(n),
                    current_site=prison,
                    custody_status="in_custody",
                    expected_release_date=today + datetime.timedelta(days=30),
                    allocated_specialist=specialist,
                )  # fmt: skip
                for n in range(rows)
            ]
            insert_instances(Participant, people)
            referrals = [
                Referral(
                    participant=person,
                    source="prison_mental_health",
                    referral_date=today,
                    referrer_name="A Nurse",
                    wants_paid_work=True,
                    outcome="accepted",
                    outcome_date=today,
                    received_by=manager,
                )  # fmt: skip
                for person in people
            ]
            insert_instances(Referral, referrals)
            episodes = [
                Episode(participant=p, referral=r, start_date=today) for p, r in zip(people, referrals, strict=True)
            ]
            insert_instances(Episode, episodes)
            result["bulk_s"] = round(time.perf_counter() - started, 2)
            _insert_what_else_the_import_writes(manager, prison, people, referrals, episodes)
            result["bulk_same_records_s"] = round(time.perf_counter() - started, 2)
            raise _Rollback
    except _Rollback:
        pass
    total = result["preview_s"] + result["import_s"]
    result["total_s"] = round(total, 2)
    result["ratio"] = round(total / max(result["bulk_s"], 0.001), 1)
    result["ratio_same_records"] = round(total / max(result["bulk_same_records_s"], 0.001), 1)
    return result


def _insert_what_else_the_import_writes(
    manager: Any, prison: Any, people: list[Any], referrals: list[Any], episodes: list[Any]
) -> None:
    """The records the import writes beyond the person, referral and episode, through the same bulk path: an
    evaluation allocation each, the audit events (the person and referral created, the referral decided, the
    episode opened; their hash chain computed) and the timeline entry. A second figure, so the ratio can also be
    read against the same records."""
    from datetime import UTC
    from datetime import datetime as clock

    from django.utils import timezone

    from ipsgate.core.audit import event_hash
    from ipsgate.core.models import AuditEvent
    from ipsgate.demo.rows import insert_instances
    from ipsgate.evaluation.models import Allocation
    from ipsgate.imports.models import ImportedChange, ImportRun

    insert_instances(
        Allocation,
        [
            Allocation(
                referral=r, arm="IPS", mentoring=False, method="chosen", stratum_site=prison, allocated_by=manager
            )
            for r in referrals
        ],
    )
    now = clock.now(UTC)
    top = AuditEvent.objects.order_by("-sequence").values_list("sequence", "hash").first() or (0, "")
    sequence, previous = top
    events = []
    for person, referral, episode in zip(people, referrals, episodes, strict=True):
        for action, kind, pk in (
            ("create", "participant", person.pk),
            ("create", "referral", referral.pk),
            ("update", "referral", referral.pk),
            ("update", "episode", episode.pk),
        ):
            sequence += 1
            event = AuditEvent(
                sequence=sequence, occurred_at=now, user_id_at_event=manager.pk, username=manager.username,
                action=action, object_type=kind, object_id=str(pk), participant_id=person.pk, request_id="",
                previous_hash=previous, detail="",
            )  # fmt: skip
            event.hash = event_hash(
                sequence=sequence, occurred_at=now, user_id=manager.pk, username=manager.username, action=action,
                object_type=kind, object_id=str(pk), participant_id=person.pk, request_id="", previous_hash=previous,
                detail="",
            )  # fmt: skip
            previous = event.hash
            events.append(event)
    insert_instances(AuditEvent, events)
    run = ImportRun.objects.create(
        kind="caseload", file_name="bench.csv", sha256="0" * 64, size_bytes=0, uploaded_by=manager,
        uploaded_at=timezone.now(),
    )  # fmt: skip
    today = timezone.localdate()
    insert_instances(
        ImportedChange,
        [
            ImportedChange(run=run, participant=p, happened_on=today, summary="Added by a caseload import")
            for p in people
        ],
    )


def main() -> None:
    import os
    import sys

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else ROWS
    print(measure_import(rows))  # noqa: T201 - a command-line report


if __name__ == "__main__":
    main()

"""`ipsgate backup` and `ipsgate restore` on the database the suite runs on (SQLite, or PostgreSQL under
scripts/with-postgres.sh): backup, load more, restore, and the database is as it was at backup time."""

from __future__ import annotations

import datetime
import os
import re
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.utils import timezone

from ipsgate.core.audit import AuditTarget, audit_record, audit_verify
from ipsgate.core.backup import backup_create, database_is_empty
from ipsgate.core.choices import AuditAction
from tests import factories

# pg_dump and pg_restore work in their own sessions: the data must be committed for them to see it.
pytestmark = pytest.mark.django_db(transaction=True)

BOTH = pytest.mark.parametrize("vendor", ["sqlite", "postgresql"])


def _only_on(vendor: str) -> None:
    if connection.vendor != vendor:
        pytest.skip(f"the {vendor} path; this run's database is {connection.vendor}")


def _row_counts() -> dict[str, int]:
    with connection.cursor() as cursor:
        counts = {}
        for table in sorted(connection.introspection.table_names()):
            cursor.execute(f'SELECT COUNT(*) FROM "{table}"')  # noqa: S608 - names from the database itself
            counts[table] = cursor.fetchone()[0]
    return counts


def _load(people: int) -> None:
    """Participants with their episodes, support contacts and audit events: rows in many tables."""
    for _ in range(people):
        participant = factories.ParticipantFactory.create()
        factories.SupportContactFactory.create(participant=participant)
        audit_record(
            user=None, action=AuditAction.CREATE, target=AuditTarget("participant", str(participant.pk), participant.pk)
        )


def _backup(directory: Path) -> Path:
    out = StringIO()
    call_command("backup", dir=str(directory), stdout=out)
    match = re.search(r"Backup written: (\S+)", out.getvalue())
    assert match, out.getvalue()
    return Path(match.group(1))


@BOTH
def test_restore_gives_back_the_database_as_it_was_at_backup_time(vendor: str, tmp_path: Path) -> None:
    _only_on(vendor)
    _load(3)
    path = _backup(tmp_path)
    at_backup = _row_counts()
    _load(2)
    assert _row_counts() != at_backup

    out = StringIO()
    call_command("restore", str(path), force=True, stdout=out)

    assert _row_counts() == at_backup
    assert "Audit chain:" in out.getvalue()
    assert audit_verify().ok
    call_command("audit", "verify", stdout=StringIO())  # the command an operator runs after a restore
    _load(1)  # the restored database takes new writes, and the chain carries on from the restored head
    assert audit_verify().ok


@BOTH
def test_restore_refuses_a_database_holding_data_without_force(vendor: str, tmp_path: Path) -> None:
    _only_on(vendor)
    _load(1)
    path = _backup(tmp_path)
    _load(1)
    before = _row_counts()

    with pytest.raises(CommandError, match=r"already holds data .* with --force"):
        call_command("restore", str(path), stdout=StringIO())

    assert _row_counts() == before


def test_a_migrated_database_with_no_accounts_and_no_audit_counts_as_empty() -> None:
    assert database_is_empty()
    factories.SpecialistFactory.create()
    assert not database_is_empty()


def test_restore_refuses_a_file_that_is_not_a_backup_for_this_database(tmp_path: Path) -> None:
    wrong = tmp_path / "notes.txt"
    wrong.write_text("not a backup")
    with pytest.raises(CommandError, match="is not an? (SQLite|PostgreSQL)"):
        call_command("restore", str(wrong), force=True, stdout=StringIO())
    with pytest.raises(CommandError, match="No backup file"):
        call_command("restore", str(tmp_path / "missing.sqlite3"), force=True, stdout=StringIO())


def test_a_backup_is_private_to_its_owner_and_old_backups_are_deleted(tmp_path: Path) -> None:
    now = timezone.now()
    suffix = ".sqlite3" if connection.vendor == "sqlite" else ".pgdump"
    old = tmp_path / f"ipsgate-{(now - datetime.timedelta(days=36)).strftime('%Y%m%dT%H%M%SZ')}{suffix}"
    recent = tmp_path / f"ipsgate-{(now - datetime.timedelta(days=34)).strftime('%Y%m%dT%H%M%SZ')}{suffix}"
    unrelated = tmp_path / "ipsgate-notes.txt"
    for path in (old, recent, unrelated):
        path.write_text("x")

    result = backup_create(tmp_path, keep_days=35, now=now)

    assert result.deleted == [old]
    assert not old.exists() and recent.exists() and unrelated.exists()
    assert result.path.exists() and result.size > 0
    assert os.stat(result.path).st_mode & 0o777 == 0o600
    assert not list(tmp_path.glob("*.partial"))
    second = backup_create(tmp_path, keep_days=35, now=now)  # same second: a new name, never an overwrite
    assert second.path != result.path and result.path.exists()

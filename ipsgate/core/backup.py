"""Backups and restores of the whole database (`ipsgate backup`, `ipsgate restore FILE`).

SQLite: SQLite's online backup API copies a consistent snapshot while the service keeps running (readers and
writers carry on; WAL mode lets the copy read while others write). PostgreSQL: `pg_dump --format=custom`, itself a
consistent snapshot taken in one transaction, restored with `pg_restore --clean --if-exists`.

A backup is written under a temporary name, flushed to disk, made readable by its owner only (it holds health and
criminal-offence data) and renamed into place, so a backup file that exists is complete. Backups older than the
keep period are deleted after each successful backup, so a record anonymised by `ipsgate retention` leaves the
backups within that period too.
"""

from __future__ import annotations

import datetime
import glob
import os
import re
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import connection
from django.utils import timezone

from .models import AuditEvent, User

SQLITE_SUFFIX = ".sqlite3"
POSTGRES_SUFFIX = ".pgdump"
BACKUP_NAME = re.compile(r"^ipsgate-(\d{8}T\d{6}Z)(?:-\d+)?(\.sqlite3|\.pgdump)$")
SQLITE_MAGIC = b"SQLite format 3\x00"
POSTGRES_MAGIC = b"PGDMP"


class BackupError(Exception):
    """A backup or restore that cannot go ahead; the message says why and what to do."""


@dataclass(frozen=True)
class BackupResult:
    path: Path
    size: int
    deleted: list[Path]


def backup_create(directory: Path, *, keep_days: int, now: datetime.datetime | None = None) -> BackupResult:
    """Write a timestamped backup of the default database into `directory`, then delete backups older than
    `keep_days` days (never the one just written)."""
    if keep_days < 1:
        raise BackupError("Backups must be kept for at least 1 day.")
    now = now or timezone.now()
    try:
        directory.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError as error:
        raise BackupError(f"Cannot create the backup directory {directory}: {error.strerror}.") from error
    suffix = SQLITE_SUFFIX if connection.vendor == "sqlite" else POSTGRES_SUFFIX
    if connection.vendor not in ("sqlite", "postgresql"):
        raise BackupError(f"Backups are supported on SQLite and PostgreSQL, not {connection.vendor}.")
    stamp = now.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
    path = directory / f"ipsgate-{stamp}{suffix}"
    counter = 1
    while path.exists():
        counter += 1
        path = directory / f"ipsgate-{stamp}-{counter}{suffix}"
    partial = path.with_name(path.name + ".partial")
    try:
        partial.touch(mode=0o600)  # private from the first byte
        if connection.vendor == "sqlite":
            _sqlite_backup(partial)
        else:
            _pg_dump(partial)
        os.chmod(partial, 0o600)
        with open(partial, "rb") as handle:
            os.fsync(handle.fileno())
        os.replace(partial, path)
    except OSError as error:
        raise BackupError(f"Cannot write the backup in {directory}: {error.strerror or error}.") from error
    finally:
        partial.unlink(missing_ok=True)
    deleted = backups_prune(directory, keep_days=keep_days, now=now, keep=path)
    return BackupResult(path=path, size=path.stat().st_size, deleted=deleted)


def backups_prune(directory: Path, *, keep_days: int, now: datetime.datetime, keep: Path) -> list[Path]:
    """Delete ipsgate backups in `directory` taken more than `keep_days` days before `now` (by the time in their
    name). Other files are left alone."""
    cutoff = now - datetime.timedelta(days=keep_days)
    deleted = []
    for candidate in sorted(directory.iterdir()):
        match = BACKUP_NAME.match(candidate.name)
        if not match or candidate == keep:
            continue
        taken = datetime.datetime.strptime(match.group(1), "%Y%m%dT%H%M%SZ").replace(tzinfo=datetime.UTC)
        if taken < cutoff:
            candidate.unlink()
            deleted.append(candidate)
    return deleted


def database_is_empty() -> bool:
    """True when restoring cannot lose anything: no tables yet (a new database), or tables but no user account and
    no audit event (a database that has only been migrated)."""
    tables = set(connection.introspection.table_names())
    return not any(model._meta.db_table in tables and model.objects.exists() for model in (User, AuditEvent))


def backup_restore(path: Path, *, force: bool) -> None:
    """Replace the default database's contents with the backup at `path`. Refuses a non-empty database unless
    `force`."""
    if not path.is_file():
        raise BackupError(f"No backup file at {path}.")
    with open(path, "rb") as handle:
        head = handle.read(len(SQLITE_MAGIC))
    if connection.vendor == "sqlite":
        if not head.startswith(SQLITE_MAGIC):
            raise BackupError(f"{path} is not an SQLite backup, and this service's database is SQLite.")
    elif connection.vendor == "postgresql":
        if not head.startswith(POSTGRES_MAGIC):
            raise BackupError(
                f"{path} is not a PostgreSQL custom-format backup, and this service's database is PostgreSQL."
            )
    else:
        raise BackupError(f"Restores are supported on SQLite and PostgreSQL, not {connection.vendor}.")
    if not force and not database_is_empty():
        raise BackupError(
            "The database already holds data (user accounts or audit events). Restoring would replace all of it "
            "with the backup. Stop the service, take a backup of what is there now (ipsgate backup), then run "
            "ipsgate restore again with --force."
        )
    if connection.vendor == "sqlite":
        _sqlite_restore(path)
    else:
        _pg_restore(path)


def _sqlite_backup(target: Path) -> None:
    connection.ensure_connection()
    source: sqlite3.Connection = connection.connection
    destination = sqlite3.connect(target)
    try:
        source.backup(destination)  # one step: a consistent snapshot, while others keep reading and writing
        destination.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal beside it
    finally:
        destination.close()


def _sqlite_restore(path: Path) -> None:
    source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        try:
            check = source.execute("PRAGMA integrity_check").fetchone()
            has_migrations = source.execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'django_migrations'"
            ).fetchone()
        except sqlite3.DatabaseError as error:
            raise BackupError(f"{path} cannot be read as an SQLite database: {error}.") from error
        if not check or check[0] != "ok":
            raise BackupError(f"{path} failed SQLite's integrity check: {check[0] if check else 'no answer'}.")
        if not has_migrations:
            raise BackupError(f"{path} is an SQLite database but not an ipsgate backup (no django_migrations).")
        connection.ensure_connection()
        destination: sqlite3.Connection = connection.connection
        source.backup(destination)  # replaces every page of the database, in one step
    finally:
        source.close()


def postgres_binary(name: str) -> str:
    """`pg_dump` or `pg_restore`: IPSGATE_PG_BIN_DIR if set, else the PATH, else the newest Debian install."""
    from django.conf import settings

    configured = getattr(settings, "IPSGATE_PG_BIN_DIR", "")
    if configured:
        return str(Path(configured) / name)
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), key=_version_key)
    if candidates:
        return candidates[-1]
    raise BackupError(f"{name} was not found. Install PostgreSQL's client programs or set IPSGATE_PG_BIN_DIR.")


def _version_key(path: str) -> int:
    match = re.search(r"/postgresql/(\d+)/", path)
    return int(match.group(1)) if match else 0


def _pg_environment() -> dict[str, str]:
    """Connection details for pg_dump/pg_restore through libpq's variables: the password never on a command line."""
    settings_dict: dict[str, Any] = connection.settings_dict
    env = dict(os.environ)
    for variable, key in (("PGHOST", "HOST"), ("PGPORT", "PORT"), ("PGUSER", "USER"), ("PGPASSWORD", "PASSWORD")):
        if settings_dict.get(key):
            env[variable] = str(settings_dict[key])
    env["PGDATABASE"] = str(settings_dict["NAME"])
    sslmode = settings_dict.get("OPTIONS", {}).get("sslmode")
    if sslmode:
        env["PGSSLMODE"] = str(sslmode)
    return env


def _run(command: list[str]) -> None:
    result = subprocess.run(command, env=_pg_environment(), capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        detail = result.stderr.strip().splitlines()[-1] if result.stderr.strip() else f"exit {result.returncode}"
        raise BackupError(f"{Path(command[0]).name} failed: {detail}")


def _pg_dump(target: Path) -> None:
    _run([postgres_binary("pg_dump"), "--format=custom", "--no-owner", "--no-privileges", f"--file={target}"])


def _pg_restore(path: Path) -> None:
    connection.close()  # no open transaction of ours in the way of the drops
    database = str(connection.settings_dict["NAME"])
    _run(
        [
            postgres_binary("pg_restore"),
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--exit-on-error",
            f"--dbname={database}",
            str(path),
        ]
    )

"""The import page's background work (django-tasks, run by `ipsgate worker`): checking an uploaded file and writing
a confirmed one, which for a large file take longer than a web request may.

A task that crashes leaves nothing written (its transaction rolls back) and its run DISCARDED with a message to
upload the file again, so the run's page never waits for ever. The log and the task's stored failure name the run
and the kind of error only: the original error's message could quote a cell of the file, so it is not kept.
"""

from __future__ import annotations

import logging

from django_tasks import task

from . import services

logger = logging.getLogger(__name__)


class ImportTaskFailed(Exception):
    """A check or write crashed; its run says so. Raised so the task is recorded as failed (for monitoring)."""


def _failed(run_id: int, doing: str, message: str, error: Exception) -> ImportTaskFailed:
    logger.error("Import run %s: the %s failed (%s)", run_id, doing, type(error).__name__)
    services.fail_run(run_id, message)
    return ImportTaskFailed(f"Import run {run_id}: the {doing} failed ({type(error).__name__})")


@task()
def check_import(run_id: int) -> str:
    """Check an uploaded file (`services.check_run`): PREVIEWED with nothing wrong, DISCARDED otherwise."""
    try:
        return services.check_run(run_id)
    except Exception as error:  # noqa: BLE001 - any crash: the run must not wait for ever; re-raised, sanitised
        raise _failed(run_id, "check", services.FAILED_CHECK, error) from None


@task()
def write_import(run_id: int) -> str:
    """Write a confirmed file (`services.write_run`): IMPORTED, or DISCARDED with the errors and nothing written."""
    try:
        return services.write_run(run_id)
    except Exception as error:  # noqa: BLE001 - as above
        raise _failed(run_id, "import", services.FAILED_WRITE, error) from None

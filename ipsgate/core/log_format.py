"""Log lines carry the request id (`RequestIdMiddleware`, echoed as X-Request-ID), so one request's lines can be
found together and matched to the audit trail. IPSGATE_LOG_FORMAT=json writes one JSON object a line, for log
collectors; otherwise plain text.

Nothing ipsgate logs holds participant data: names, prison numbers, dates of birth, notes and health or offence
details never reach a log line (tests/core/test_logs.py drives the main journey and looks). Staff usernames and
addresses appear in security events, as the security log needs them.
"""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime
from typing import Any

from .request_context import current_request_id

TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"
# Loggers whose DEBUG lines carry page or query contents (a template's context, SQL parameters): held at WARNING
# whatever level the rest is set to, so raising the level to find a fault never writes a person's details.
QUIET_LOGGERS = ("django.template", "django.db.backends")


class RequestIdFilter(logging.Filter):
    """Adds `request_id` to every record: the current request's, or for Django's own request lines (logged once the
    response has left the middleware) the id on the request they carry; "-" outside any request."""

    def filter(self, record: logging.LogRecord) -> bool:
        request = getattr(record, "request", None)
        record.request_id = current_request_id() or getattr(request, "request_id", "") or "-"
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", "-"),
        }
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


def logging_config(log_format: str, level: str) -> dict[str, Any]:
    """Django's LOGGING: everything to standard error (systemd's journal collects it), with the request id."""
    formatter = "json" if log_format.strip().lower() == "json" else "text"
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_id": {"()": "ipsgate.core.log_format.RequestIdFilter"}},
        "formatters": {
            "text": {"format": TEXT_FORMAT},
            "json": {"()": "ipsgate.core.log_format.JsonFormatter"},
        },
        "handlers": {
            "console": {"class": "logging.StreamHandler", "filters": ["request_id"], "formatter": formatter},
        },
        "root": {"handlers": ["console"], "level": "WARNING"},
        "loggers": {
            "ipsgate": {"handlers": ["console"], "level": level.upper(), "propagate": False},
            **{name: {"level": "WARNING"} for name in QUIET_LOGGERS},
        },
    }

"""Writing and verifying the append-only, hash-chained audit trail.

Every event's hash is SHA-256 over its own fields plus the previous event's hash, so changing,
removing or reordering any row breaks the chain from that row on.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

from django.db import transaction
from django.http import HttpRequest, HttpResponseBase

from .choices import AuditAction
from .models import AuditChainHead, AuditEvent, User
from .request_context import current_request_id

GENESIS_HASH = "0" * 64
AUDIT_DETAIL_MAX = 400


@dataclass(frozen=True)
class AuditTarget:
    """What an audit event is about: an object and, where it belongs to one, a participant."""

    object_type: str
    object_id: str
    participant_id: int | None


def event_hash(
    *,
    sequence: int,
    occurred_at: datetime,
    user_id: int | None,
    username: str,
    action: str,
    object_type: str,
    object_id: str,
    participant_id: int | None,
    request_id: str,
    previous_hash: str,
    detail: str = "",
) -> str:
    content: dict[str, object] = {
        "sequence": sequence,
        "occurred_at": occurred_at.astimezone(UTC).isoformat(timespec="microseconds"),
        "user_id": user_id,
        "username": username,
        "action": action,
        "object_type": object_type,
        "object_id": object_id,
        "participant_id": participant_id,
        "request_id": request_id,
        "previous_hash": previous_hash,
    }
    if detail:  # only when set, so every event written before the field existed keeps its hash
        content["detail"] = detail
    canonical = json.dumps(content, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _hash_of(event: AuditEvent) -> str:
    return event_hash(
        sequence=event.sequence,
        occurred_at=event.occurred_at,
        user_id=event.user_id_at_event,
        username=event.username,
        action=event.action,
        object_type=event.object_type,
        object_id=event.object_id,
        participant_id=event.participant_id,
        request_id=event.request_id,
        previous_hash=event.previous_hash,
        detail=event.detail,
    )


def audit_record(*, user: User | None, action: AuditAction, target: AuditTarget, detail: str = "") -> None:
    """Record one event (inside the caller's transaction, if any)."""
    audit_record_many(user=user, action=action, targets=[target], detail=detail)


PENDING_READS = "_ipsgate_pending_reads"


def audit_read_when_shown(request: HttpRequest, *, user: User, target: AuditTarget) -> None:
    """Record a read of `target` when the page showing it is sent (`ReadAuditMiddleware`, on a 200: a page, or a form
    shown again with its errors after a POST), not when the page is refused (403, 404) or the request only writes (a
    redirect after a POST, whose write the service audits). Noted twice, recorded once."""
    pending: dict[AuditTarget, User] = request.__dict__.setdefault(PENDING_READS, {})
    pending.setdefault(target, user)


def record_pending_reads(request: HttpRequest, response: HttpResponseBase) -> None:
    """Called by `ReadAuditMiddleware` once the view has answered."""
    pending: dict[AuditTarget, User] | None = request.__dict__.pop(PENDING_READS, None)
    if not pending or response.status_code != 200:
        return
    for user in {id(u): u for u in pending.values()}.values():
        audit_record_many(user=user, action=AuditAction.READ, targets=[t for t, who in pending.items() if who is user])


def audit_record_many(
    *, user: User | None, action: AuditAction, targets: Iterable[AuditTarget], detail: str = ""
) -> None:
    """Record one event per target in a constant number of queries (lock head, insert, move head).

    `detail` is for changes to staff access (whom, from and to); it never holds participant data."""
    if len(detail) > AUDIT_DETAIL_MAX:
        raise ValueError(f"Audit detail is limited to {AUDIT_DETAIL_MAX} characters")
    targets = list(targets)
    if not targets:
        return
    with transaction.atomic():
        head, _ = AuditChainHead.objects.select_for_update().get_or_create(id=1)
        occurred_at = datetime.now(UTC)
        request_id = current_request_id()
        previous = head.last_hash
        sequence = head.last_sequence
        events = []
        for target in targets:
            sequence += 1
            event = AuditEvent(
                sequence=sequence,
                occurred_at=occurred_at,
                user_id_at_event=user.pk if user else None,
                username=user.get_username() if user else "",
                action=action,
                object_type=target.object_type,
                object_id=target.object_id,
                participant_id=target.participant_id,
                request_id=request_id,
                previous_hash=previous,
                detail=detail,
            )
            event.hash = _hash_of(event)
            previous = event.hash
            events.append(event)
        AuditEvent.objects.bulk_create(events)
        AuditChainHead.objects.filter(id=1).update(last_sequence=sequence, last_hash=previous)


@dataclass(frozen=True)
class VerifyResult:
    ok: bool
    count: int
    message: str


def audit_verify(*, batch_size: int = 5000) -> VerifyResult:
    """Walk the chain in order; report the first event whose hash or link does not match."""
    previous = GENESIS_HASH
    count = 0
    for event in AuditEvent.objects.order_by("sequence").iterator(chunk_size=batch_size):
        expected = count + 1
        if event.sequence != expected:
            return VerifyResult(False, count, f"event #{expected} is missing (found #{event.sequence})")
        if event.previous_hash != previous:
            return VerifyResult(False, count, f"event #{event.sequence} does not link to the event before it")
        if _hash_of(event) != event.hash:
            return VerifyResult(False, count, f"event #{event.sequence} has been altered (hash mismatch)")
        previous = event.hash
        count = expected
    head = AuditChainHead.objects.filter(id=1).first()
    if head and (head.last_sequence != count or head.last_hash != previous):
        return VerifyResult(False, count, f"the chain ends at #{count} but the head records #{head.last_sequence}")
    return VerifyResult(True, count, f"ok, {count} events")

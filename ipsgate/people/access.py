"""The one guard for a participant-scoped page: the participant in the user's scope (404 otherwise, so existence is
not disclosed), for a role with the capability the page needs (403 otherwise), and the read audited when the page
is sent (`core.middleware.ReadAuditMiddleware`).

Every view under `participants/<pk>/` starts with `participant_for(request, pk, need=...)`; a test walks every such
route and checks that each GET leaves a read in the audit trail."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest

from ipsgate.core.audit import audit_read_when_shown
from ipsgate.core.capabilities import CAPABILITY_NAMES, capabilities_for
from ipsgate.core.models import User
from ipsgate.core.views import request_user, require

from .models import Participant
from .selectors import participant_get
from .services import participant_target


def participant_for(
    request: HttpRequest,
    pk: int,
    *,
    need: str | tuple[str, ...] = "see_case_records",
    fetch: Callable[[User, int], Participant] = participant_get,
    record_read: bool = True,
) -> Participant:
    """`need` names the capability (or capabilities, all required) the page needs (`core.capabilities`); `fetch`
    is the scoped selector the page needs (the default reads the participant with their referral flags in one
    query). A page sent in answer to a GET records one read of the participant (a refused page records none);
    `record_read=False` only where the view records a more specific event itself (an export)."""
    needs = (need,) if isinstance(need, str) else need
    unknown = [name for name in needs if name not in CAPABILITY_NAMES]
    if unknown:
        raise ValueError(f"unknown capability {unknown!r}")
    user = request_user(request)
    participant = fetch(user, pk)
    can = capabilities_for(user)
    require(all(getattr(can, name) for name in needs))
    if record_read:
        audit_read_when_shown(request, user=user, target=participant_target(participant))
    return participant

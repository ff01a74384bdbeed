"""The authentication event log (ASVS 16.3.1): one row per sign-in, failure, lockout, second-factor step, password
or device change, sign-out and session expiry. Rows never hold a password or a code."""

from __future__ import annotations

import ipaddress
import logging
from functools import lru_cache
from typing import Any

from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import pre_save
from django.http import HttpRequest

from .choices import SecurityEventKind
from .models import SecurityEvent, User

logger = logging.getLogger("ipsgate.security")

# The session key holding when the person signed in, for the 12-hour absolute lifetime.
SIGNED_IN_AT_SESSION_KEY = "ipsgate_signed_in_at"


IpNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network


@lru_cache(maxsize=8)
def _networks(proxies: tuple[str, ...]) -> tuple[IpNetwork, ...]:
    return tuple(ipaddress.ip_network(p, strict=False) for p in proxies)


def _is_trusted(address: str, networks: tuple[IpNetwork, ...]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in networks)


def _valid(address: str) -> str | None:
    try:
        return str(ipaddress.ip_address(address.strip()))
    except ValueError:
        return None


def client_ip(request: HttpRequest | None) -> str | None:
    """The client's address, for sign-in lockouts (django-axes: AXES_CLIENT_IP_CALLABLE) and the security log.

    The connecting address (REMOTE_ADDR), unless it is one of IPSGATE_TRUSTED_PROXIES and
    IPSGATE_CLIENT_IP_HEADER is set: then the address that proxy put in the header. In X-Forwarded-For (a list each
    proxy appends to) that is the last address not itself a trusted proxy, as anything left of it was written by
    the client. A header arriving from anywhere else is ignored, so nobody outside can choose the address their
    failed sign-ins are counted against; a malformed header leaves the proxy's own address.
    """
    if request is None:
        return None
    remote = request.META.get("REMOTE_ADDR") or None
    header = settings.IPSGATE_CLIENT_IP_HEADER
    if remote is None or not header:
        return remote
    networks = _networks(tuple(settings.IPSGATE_TRUSTED_PROXIES))
    if not _is_trusted(remote, networks):
        return remote
    raw = request.META.get("HTTP_" + header.upper().replace("-", "_"), "")
    addresses = [part.strip() for part in raw.split(",") if part.strip()]
    if not addresses or any(_valid(a) is None for a in addresses):
        return remote
    for address in reversed(addresses):
        if not _is_trusted(address, networks):
            return _valid(address)
    return _valid(addresses[0])


def record_security_event(
    kind: SecurityEventKind,
    *,
    request: HttpRequest | None = None,
    user: User | None = None,
    username: str = "",
    detail: str = "",
) -> SecurityEvent:
    if user is not None and not username:
        username = user.get_username()
    event = SecurityEvent.objects.create(
        kind=kind, user=user, username=username[:150], ip_address=client_ip(request), detail=detail[:200]
    )
    logger.info("security event %s user=%s ip=%s %s", kind.value, username, event.ip_address, detail)
    return event


def _signed_in(sender: Any, request: HttpRequest, user: User, **kwargs: Any) -> None:
    from django.utils import timezone

    request.session[SIGNED_IN_AT_SESSION_KEY] = timezone.now().timestamp()
    record_security_event(SecurityEventKind.SIGNED_IN, request=request, user=user)


def _sign_in_failed(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    username = str(credentials.get("username", ""))
    user = User.objects.filter(username=username).first()
    if user is not None and user.is_service_account:
        # The page says only that the username or password is wrong; the log says why.
        record_security_event(
            SecurityEventKind.SERVICE_ACCOUNT_REFUSED, request=request, user=user, detail="interactive sign-in"
        )
        return
    record_security_event(SecurityEventKind.SIGN_IN_FAILED, request=request, user=user, username=username)


def _signed_out(sender: Any, request: HttpRequest, user: User | None, **kwargs: Any) -> None:
    if user is not None:
        record_security_event(SecurityEventKind.SIGNED_OUT, request=request, user=user)


def _locked_out(sender: Any, request: HttpRequest, username: str, ip_address: str, **kwargs: Any) -> None:
    user = User.objects.filter(username=username).first()
    record_security_event(
        SecurityEventKind.LOCKED_OUT, request=request, user=user, username=username, detail="cool-off 15 minutes"
    )


def _account_disabled(sender: Any, instance: User, **kwargs: Any) -> None:
    """Disabling an account ends its sessions (deleted, so enabling it again does not bring them back) and is
    logged. Only sessions still within their 30-minute life can be in use, so only those are read."""
    if instance.pk is None or instance.is_active:
        return
    was_active = User.objects.filter(pk=instance.pk, is_active=True).exists()
    if was_active:
        end_sessions_of(instance)
        record_security_event(SecurityEventKind.ACCOUNT_DISABLED, user=instance)


def _service_account_marked(sender: Any, instance: User, **kwargs: Any) -> None:
    """Marking an account as a service account ends its sessions (the password backend would refuse them at their
    next request anyway) and is logged. `User.save` removes the password."""
    if instance.pk is None or not instance.is_service_account:
        return
    if User.objects.filter(pk=instance.pk, is_service_account=False).exists():
        end_sessions_of(instance)
        record_security_event(SecurityEventKind.SERVICE_ACCOUNT_MARKED, user=instance)


def end_sessions_of(user: User) -> int:
    from django.contrib.sessions.models import Session
    from django.utils import timezone

    ended = 0
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if session.get_decoded().get("_auth_user_id") == str(user.pk):
            session.delete()
            ended += 1
    return ended


def connect_signals() -> None:
    from axes.signals import user_locked_out

    user_logged_in.connect(_signed_in, dispatch_uid="ipsgate-signed-in")
    user_login_failed.connect(_sign_in_failed, dispatch_uid="ipsgate-sign-in-failed")
    user_logged_out.connect(_signed_out, dispatch_uid="ipsgate-signed-out")
    user_locked_out.connect(_locked_out, dispatch_uid="ipsgate-locked-out")
    pre_save.connect(_account_disabled, sender=User, dispatch_uid="ipsgate-account-disabled")
    pre_save.connect(_service_account_marked, sender=User, dispatch_uid="ipsgate-service-account-marked")

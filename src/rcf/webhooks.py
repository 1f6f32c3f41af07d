"""Optional push of hits to a member's own system: a POST of JSON signed with HMAC-SHA256, for
every kind of hit (document checks, watchlist screenings).

The signature header is ``X-RCF-Signature: sha256=<hex HMAC of the body>`` with the member's
webhook secret for that kind (shown once when the webhook is set, stored encrypted under a
purpose of its own, so one kind's secret cannot be opened as another's). Deliveries run after
the request has committed and answered, with a timeout; a failure is logged and never fails the
check or screening (the hit is in the portal inbox anyway). A payload carries references and
codes only: each kind builds its own, never with a name.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import secrets
import urllib.request
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from fastapi import BackgroundTasks
from sqlalchemy import ForeignKey, String, select
from sqlalchemy.orm import Mapped, Session, declared_attr, mapped_column

from rcf.access.policy import Actor
from rcf.accounts.credentials import decrypt_field, encrypt_field
from rcf.audit.models import AuditAction
from rcf.audit.service import record
from rcf.db import UTCDateTime, utcnow
from rcf.errors import InvalidInput

log = logging.getLogger(__name__)
SIGNATURE_HEADER = "X-RCF-Signature"


class WebhookColumns:
    """The columns of a member's webhook for one kind of hit (one table per kind)."""

    @declared_attr
    def member_id(cls) -> Mapped[int]:
        return mapped_column(ForeignKey("members.id", ondelete="CASCADE"), primary_key=True)

    url: Mapped[str] = mapped_column(String(500))
    secret_encrypted: Mapped[str] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


@dataclass(frozen=True)
class WebhookKind:
    """What differs between kinds: where the hooks live and how their changes are audited."""

    model: Any  # a mapped class with WebhookColumns
    purpose: str  # binds the encrypted secret to this kind
    event: str  # the payload's "event"
    object_type: str  # in the audit trail
    set_action: AuditAction
    removed_action: AuditAction


@dataclass(frozen=True)
class Delivery:
    url: str
    secret: str
    body: bytes


def signature(secret: str, body: bytes) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def current(session: Session, kind: WebhookKind, member_id: int) -> Any:
    """The member's webhook of this kind, or None."""
    return session.get(kind.model, member_id)


def set_webhook(
    session: Session, secret_key: str, actor: Actor, kind: WebhookKind, member_id: int, url: str
) -> str:
    """Set (or replace) a member's webhook; returns the new signing secret (shown once)."""
    url = url.strip()
    parts = urlsplit(url)
    if parts.scheme not in ("https", "http") or not parts.netloc or len(url) > 500:
        raise InvalidInput({"url": "Give an http(s) URL of at most 500 characters."})
    secret = secrets.token_urlsafe(32)
    found = current(session, kind, member_id) or kind.model(member_id=member_id)
    found.url = url
    found.secret_encrypted = encrypt_field(secret_key, kind.purpose, secret)
    session.add(found)
    _audit(session, actor, kind, kind.set_action, member_id, {"url": url})
    return secret


def remove_webhook(session: Session, actor: Actor, kind: WebhookKind, member_id: int) -> bool:
    """Remove a member's webhook; False when there was none."""
    found = current(session, kind, member_id)
    if found is None:
        return False
    session.delete(found)
    _audit(session, actor, kind, kind.removed_action, member_id, {"url": found.url})
    return True


def _audit(
    session: Session,
    actor: Actor,
    kind: WebhookKind,
    action: AuditAction,
    member_id: int,
    changes: dict[str, Any],
) -> None:
    record(
        session,
        actor=actor,
        action=action,
        object_type=kind.object_type,
        object_id=member_id,
        object_member_id=member_id,
        changes=changes,
    )


def deliveries_for(
    session: Session,
    secret_key: str,
    kind: WebhookKind,
    events: Sequence[tuple[int, dict[str, Any]]],
) -> list[Delivery]:
    """One delivery per (owner member, payload) whose owner has a webhook of this kind; read
    before the commit, delivered after the response."""
    owners = {owner for owner, _ in events}
    if not owners:
        return []
    rows = session.scalars(select(kind.model).where(kind.model.member_id.in_(owners)))
    hooks = {hook.member_id: hook for hook in rows}
    out = []
    for owner, payload in events:
        hook = hooks.get(owner)
        if hook is not None:
            secret = decrypt_field(secret_key, kind.purpose, hook.secret_encrypted)
            body = json.dumps({"event": kind.event, **payload}, sort_keys=True).encode()
            out.append(Delivery(hook.url, secret, body))
    return out


def notify(background: BackgroundTasks, timeout: float, deliveries: list[Delivery]) -> None:
    """Deliver after the response (the request never waits for a member's system)."""
    if deliveries:  # most requests: no task, so no trip through the thread pool after it
        background.add_task(deliver_all, deliveries, timeout)


def deliver_all(deliveries: Sequence[Delivery], timeout: float) -> int:
    """POST each delivery; returns how many were accepted (2xx). Failures are logged only."""
    return sum(deliver(delivery, timeout) for delivery in deliveries)


def deliver(delivery: Delivery, timeout: float) -> bool:
    request = urllib.request.Request(  # noqa: S310 - the scheme is checked when the hook is set
        delivery.url,
        data=delivery.body,
        method="POST",
        headers={
            "Content-Type": "application/json",
            SIGNATURE_HEADER: signature(delivery.secret, delivery.body),
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            ok = bool(200 <= response.status < 300)
    except Exception as error:  # network errors, timeouts, HTTP errors: logged, never raised
        log.warning("hit webhook failed: %s", type(error).__name__, extra={"url": delivery.url})
        return False
    if not ok:
        log.warning("hit webhook refused", extra={"url": delivery.url})
    return ok

"""Optional push of hits to a member's own system: a POST of JSON signed with HMAC-SHA256.

The signature header is ``X-RCF-Signature: sha256=<hex HMAC of the body>`` with the member's
webhook secret (shown once when the webhook is set, stored encrypted). Deliveries run after the
check has committed, with a timeout; a failure is logged and never fails the check (the hit is
in the portal inbox anyway).
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
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import select
from sqlalchemy.orm import Session

from rcf.access.policy import Actor
from rcf.accounts.credentials import decrypt_field, encrypt_field
from rcf.audit.models import AuditAction
from rcf.audit.service import record
from rcf.documents.checks import Hit
from rcf.documents.models import HitWebhook
from rcf.errors import InvalidInput

log = logging.getLogger(__name__)
PURPOSE = "document-hit-webhook"
SIGNATURE_HEADER = "X-RCF-Signature"


@dataclass(frozen=True)
class Delivery:
    url: str
    secret: str
    body: bytes


def signature(secret: str, body: bytes) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def set_webhook(session: Session, secret_key: str, actor: Actor, member_id: int, url: str) -> str:
    """Set (or replace) a member's webhook; returns the new signing secret (shown once)."""
    parts = urlsplit(url)
    if parts.scheme not in ("https", "http") or not parts.netloc or len(url) > 500:
        raise InvalidInput({"url": "Give an http(s) URL of at most 500 characters."})
    secret = secrets.token_urlsafe(32)
    found = session.get(HitWebhook, member_id) or HitWebhook(member_id=member_id)
    found.url = url
    found.secret_encrypted = encrypt_field(secret_key, PURPOSE, secret)
    session.add(found)
    record(
        session,
        actor=actor,
        action=AuditAction.WEBHOOK_SET,
        object_type="document_hit_webhook",
        object_id=member_id,
        object_member_id=member_id,
        changes={"url": url},
    )
    return secret


def deliveries_for(session: Session, secret_key: str, hits: Sequence[Hit]) -> list[Delivery]:
    """One delivery per hit whose owner member has a webhook (read before the response)."""
    owners = {hit.owner_member_id for hit in hits}
    if not owners:
        return []
    hooks = {
        hook.member_id: hook
        for hook in session.scalars(select(HitWebhook).where(HitWebhook.member_id.in_(owners)))
    }
    out = []
    for hit in hits:
        hook = hooks.get(hit.owner_member_id)
        if hook is not None:
            secret = decrypt_field(secret_key, PURPOSE, hook.secret_encrypted)
            out.append(Delivery(hook.url, secret, _payload(hit)))
    return out


def _payload(hit: Hit) -> bytes:
    event: dict[str, Any] = {"event": "document.hit", **hit.public()}
    return json.dumps(event, sort_keys=True).encode()


def deliver_all(deliveries: Sequence[Delivery], timeout: float) -> int:
    """POST each delivery; returns how many were accepted (2xx). Failures are logged only."""
    accepted = 0
    for delivery in deliveries:
        accepted += deliver(delivery, timeout)
    return accepted


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

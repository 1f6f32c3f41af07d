"""The document-hit kind of the members' hit webhooks (``rcf.webhooks``): each hit on a member's
register records is POSTed as ``{"event": "document.hit", ...Hit.public()}``."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.orm import Session

from rcf.access.policy import Actor
from rcf.audit.models import AuditAction
from rcf.documents.checks import Hit
from rcf.documents.models import HitWebhook
from rcf.webhooks import Delivery, WebhookKind
from rcf.webhooks import deliveries_for as _deliveries_for
from rcf.webhooks import set_webhook as _set_webhook

DOCUMENT_HITS = WebhookKind(
    model=HitWebhook,
    purpose="document-hit-webhook",
    event="document.hit",
    object_type="document_hit_webhook",
    set_action=AuditAction.WEBHOOK_SET,
    removed_action=AuditAction.WEBHOOK_REMOVED,
)


def set_webhook(session: Session, secret_key: str, actor: Actor, member_id: int, url: str) -> str:
    """Set (or replace) a member's document-hit webhook; returns the new secret (shown once)."""
    return _set_webhook(session, secret_key, actor, DOCUMENT_HITS, member_id, url)


def deliveries_for(session: Session, secret_key: str, hits: Sequence[Hit]) -> list[Delivery]:
    """One delivery per hit whose owner member has a webhook (read before the response)."""
    events = [(hit.owner_member_id, hit.public()) for hit in hits]
    return _deliveries_for(session, secret_key, DOCUMENT_HITS, events)

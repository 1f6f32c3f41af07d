"""The screening-hit kind of the members' hit webhooks (``rcf.webhooks``), which a member's
focal point sets on a page. A new hit on one of the member's watchlist entries is POSTed as
``{"event": "screening.hit", "hit_reference", "owner_reference", "handling_code"}``: the hit,
the owner's own reference of its entry, and the entry's handling code. Never the screened name
(the screening member keeps it) nor anything else of either side."""

from __future__ import annotations

from collections.abc import Sequence

from fastapi import BackgroundTasks
from sqlalchemy.orm import Session

from rcf.audit.models import AuditAction
from rcf.runtime import Runtime
from rcf.screening.models import ScreeningHit, ScreeningHitWebhook, WatchlistPerson
from rcf.webhooks import Delivery, WebhookKind, deliveries_for, notify

SCREENING_HITS = WebhookKind(
    model=ScreeningHitWebhook,
    purpose="screening-hit-webhook",
    event="screening.hit",
    object_type="screening_hit_webhook",
    set_action=AuditAction.SCREENING_WEBHOOK_SET,
    removed_action=AuditAction.SCREENING_WEBHOOK_REMOVED,
)


def payload(session: Session, hit: ScreeningHit) -> dict[str, str]:
    person = session.get(WatchlistPerson, hit.person_id) if hit.person_id else None
    return {
        "hit_reference": hit.reference,
        "owner_reference": person.reference if person else "",
        "handling_code": str(hit.handling_code),
    }


def hit_deliveries(
    session: Session, secret_key: str, hits: Sequence[ScreeningHit]
) -> list[Delivery]:
    """One delivery per new hit whose owner member has a webhook (read before the commit)."""
    events = [(hit.owner_member_id, payload(session, hit)) for hit in hits]
    return deliveries_for(session, secret_key, SCREENING_HITS, events)


def notify_owners(
    background: BackgroundTasks, runtime: Runtime, deliveries: list[Delivery]
) -> None:
    """After the response: the screening never waits for (nor fails with) an owner's system."""
    notify(background, runtime.settings.document_webhook_timeout_seconds, deliveries)

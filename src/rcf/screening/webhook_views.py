"""The focal point's page for the member's screening-hit webhook (``/screening/webhook``)."""

from __future__ import annotations

from rcf.access.permissions import Permission
from rcf.screening.hit_webhooks import SCREENING_HITS
from rcf.web.webhook_pages import WebhookPage, webhook_router

PAGE = WebhookPage(
    kind=SCREENING_HITS,
    path="/screening/webhook",
    permission=Permission.SCREENING_WEBHOOK,
    nav="screening/nav.html",
    inbox="/screening/hits",
    what="hit on your watchlist entries",
    fields='"hit_reference", "owner_reference", "handling_code"',
)
router = webhook_router(PAGE)

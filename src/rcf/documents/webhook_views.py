"""The focal point's page for the member's document-hit webhook (``/documents/webhook``)."""

from __future__ import annotations

from rcf.access.permissions import Permission
from rcf.documents.webhooks import DOCUMENT_HITS
from rcf.web.webhook_pages import WebhookPage, webhook_router

PAGE = WebhookPage(
    kind=DOCUMENT_HITS,
    path="/documents/webhook",
    permission=Permission.DOCUMENT_WEBHOOK,
    nav="documents/nav.html",
    inbox="/documents/hits",
    what="check that hits one of your register's records",
    fields='"hit_reference", "match", "status", "owner_member", "handling_code"',
)
router = webhook_router(PAGE)

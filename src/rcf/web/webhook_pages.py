"""The focal point's page for one kind of the member's hit webhooks (``rcf.webhooks``): set it,
replace it (a new secret each time, shown once) or remove it. The portal inbox keeps every hit
either way, so the page is the same for document hits and screening hits but for its texts."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.orm import Session

from rcf.access.permissions import Permission
from rcf.access.policy import Actor, require
from rcf.errors import Forbidden, InvalidInput
from rcf.web.deps import FormData, FullSession, PageActor, RuntimeDep, SessionDep
from rcf.web.templating import flash, redirect, render
from rcf.webhooks import WebhookKind, current, remove_webhook, set_webhook

TEMPLATE = "webhook.html"


@dataclass(frozen=True)
class WebhookPage:
    """What one kind's page says: where it lives, who may manage it, what is posted."""

    kind: WebhookKind
    path: str  # e.g. "/screening/webhook"
    permission: Permission
    nav: str  # the section's navigation template
    inbox: str  # the portal inbox of these hits
    what: str  # which hits are posted
    fields: str  # the payload's fields after "event"


def managed_member(actor: Actor, permission: Permission) -> int:
    """The member whose webhook ``actor`` manages: its own, as its focal point."""
    require(actor, permission)
    if actor.member_id is None:
        raise Forbidden("Only a member's focal point sets its webhook.")
    return actor.member_id


def current_url(session: Session, page: WebhookPage, actor: Actor) -> str | None:
    hook = current(session, page.kind, managed_member(actor, page.permission))
    return hook.url if hook is not None else None


def webhook_router(page: WebhookPage) -> APIRouter:
    """GET and POST ``page.path`` (show, set or replace) and POST ``page.path``/remove."""
    router = APIRouter(prefix=page.path, include_in_schema=False)

    def context(url: str | None, **more: Any) -> dict[str, Any]:
        return {"page": page, "url": url, "secret": None, "errors": {}, "values": {}, **more}

    @router.get("", response_class=HTMLResponse)
    def show(request: Request, actor: PageActor, db: SessionDep) -> Response:
        return render(request, TEMPLATE, context(current_url(db, page, actor)))

    @router.post("", response_class=HTMLResponse)
    def set_hook(
        request: Request, actor: PageActor, form: FormData, db: SessionDep, runtime: RuntimeDep
    ) -> Response:
        """Set or replace the URL; the page shows the new signing secret once."""
        member_id = managed_member(actor, page.permission)
        values = {"url": str(form.get("url", "")).strip()}
        try:
            secret = set_webhook(db, runtime.secret_key, actor, page.kind, member_id, values["url"])
        except InvalidInput as error:
            db.rollback()
            failed = context(current_url(db, page, actor), errors=error.errors, values=values)
            return render(request, TEMPLATE, failed, status=400)
        db.commit()
        return render(request, TEMPLATE, context(values["url"], secret=secret))

    @router.post("/remove")
    def remove_hook(actor: PageActor, web: FullSession, form: FormData, db: SessionDep) -> Response:
        member_id = managed_member(actor, page.permission)
        removed = remove_webhook(db, actor, page.kind, member_id)
        flash(web, "The webhook was removed." if removed else "There was no webhook to remove.")
        db.commit()
        return redirect(page.path)

    return router

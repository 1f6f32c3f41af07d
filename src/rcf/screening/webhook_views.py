"""The focal point's page for the member's screening-hit webhook: set it, replace it (a new
secret each time, shown once) or remove it. The inbox keeps every hit either way."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from rcf.errors import InvalidInput
from rcf.screening.hit_webhooks import SCREENING_HITS, current_url, managed_member
from rcf.web.deps import FormData, FullSession, PageActor, RuntimeDep, SessionDep
from rcf.web.templating import flash, redirect, render
from rcf.webhooks import remove_webhook, set_webhook

router = APIRouter(prefix="/webhook", include_in_schema=False)
TEMPLATE = "screening/webhook.html"


def _context(url: str | None, **more: Any) -> dict[str, Any]:
    return {"url": url, "secret": None, "errors": {}, "values": {}, **more}


@router.get("", response_class=HTMLResponse)
def webhook_page(request: Request, actor: PageActor, db: SessionDep) -> Response:
    return render(request, TEMPLATE, _context(current_url(db, actor)))


@router.post("", response_class=HTMLResponse)
def set_hook(
    request: Request, actor: PageActor, form: FormData, db: SessionDep, runtime: RuntimeDep
) -> Response:
    """Set or replace the URL; the page shows the new signing secret once."""
    member_id = managed_member(actor)
    values = {"url": str(form.get("url", "")).strip()}
    try:
        secret = set_webhook(
            db, runtime.secret_key, actor, SCREENING_HITS, member_id, values["url"]
        )
    except InvalidInput as error:
        db.rollback()
        context = _context(current_url(db, actor), errors=error.errors, values=values)
        return render(request, TEMPLATE, context, status=400)
    db.commit()
    return render(request, TEMPLATE, _context(values["url"], secret=secret))


@router.post("/remove")
def remove_hook(actor: PageActor, web: FullSession, form: FormData, db: SessionDep) -> Response:
    removed = remove_webhook(db, actor, SCREENING_HITS, managed_member(actor))
    flash(web, "The webhook was removed." if removed else "There was no webhook to remove.")
    db.commit()
    return redirect("/screening/webhook")

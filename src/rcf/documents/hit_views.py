"""Pages of hits: the inbox (hits on the member's records, newest unseen first) and the
confirmation exchange of one hit between the checking and the issuing member."""

from __future__ import annotations

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from rcf.access.permissions import Permission
from rcf.documents import hits as service
from rcf.documents.outputs import hit_list_out
from rcf.documents.register_schemas import DecisionIn, MessageIn
from rcf.errors import InvalidInput
from rcf.schemas import parse
from rcf.web.deps import FormData, FullSession, PageActor, SessionDep
from rcf.web.templating import flash, redirect, render

router = APIRouter(prefix="/documents/hits", include_in_schema=False)


@router.get("", response_class=HTMLResponse)
def inbox(
    request: Request, actor: PageActor, db: SessionDep, after: int | None = Query(None, ge=1)
) -> Response:
    page = hit_list_out(db, service.list_hits(db, actor, after=after, limit=50))
    unseen = service.unseen_count(db, actor)
    context = {"page": page, "unseen": unseen, "member": _member_code(db, actor.member_id)}
    return render(request, "documents/hits.html", context)


def _member_code(db: SessionDep, member_id: int | None) -> str:
    return service.member_codes(db).get(member_id or 0, "")


@router.get("/{hit_reference}", response_class=HTMLResponse)
def hit_detail(request: Request, hit_reference: str, actor: PageActor, db: SessionDep) -> Response:
    out = service.open_hit(db, actor, hit_reference)
    db.commit()
    context = {
        "hit": out,
        "errors": {},
        "is_owner": out.owner_member == _member_code(db, actor.member_id),
        "may_write": actor.has(Permission.DOCUMENT_HIT_WRITE),
    }
    return render(request, "documents/hit.html", context)


@router.post("/{hit_reference}/decision")
def decide(
    hit_reference: str, actor: PageActor, web: FullSession, form: FormData, db: SessionDep
) -> Response:
    service.get_decidable(db, actor, hit_reference)  # 404 hidden, 403 not the owner's writer
    try:
        service.decide(db, actor, hit_reference, parse(DecisionIn, dict(form)))
    except InvalidInput:
        db.rollback()
        flash(web, "Choose whether it is your document.", "error")
        db.commit()
        return redirect(f"/documents/hits/{hit_reference}")
    flash(web, "Your answer was sent to the checking member.")
    db.commit()
    return redirect(f"/documents/hits/{hit_reference}")


@router.post("/{hit_reference}/messages")
def send_message(
    hit_reference: str, actor: PageActor, web: FullSession, form: FormData, db: SessionDep
) -> Response:
    service.get_writable(db, actor, hit_reference)
    try:
        service.send_message(db, actor, hit_reference, parse(MessageIn, dict(form)))
    except InvalidInput:
        db.rollback()
        flash(web, "Write a message of at most 2,000 characters.", "error")
        db.commit()
        return redirect(f"/documents/hits/{hit_reference}")
    flash(web, "Message sent.")
    db.commit()
    return redirect(f"/documents/hits/{hit_reference}")

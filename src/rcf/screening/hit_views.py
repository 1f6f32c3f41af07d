"""Pages of screening hits: the inbox (hits on the member's entries, and its own screenings'
hits) and one hit, which the owner confirms or rules out."""

from __future__ import annotations

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from rcf.access.permissions import Permission
from rcf.errors import InvalidInput
from rcf.schemas import parse
from rcf.screening import hits as service
from rcf.screening.schemas import DecisionIn
from rcf.web.deps import FormData, FullSession, PageActor, SessionDep
from rcf.web.templating import flash, redirect, render

router = APIRouter(prefix="/screening/hits", include_in_schema=False)


@router.get("", response_class=HTMLResponse)
def inbox(
    request: Request, actor: PageActor, db: SessionDep, after: int | None = Query(None, ge=1)
) -> Response:
    page = service.list_hits(db, actor, after=after)
    unseen = service.unseen_count(db, actor)
    return render(request, "screening/hits.html", {"page": page, "unseen": unseen})


@router.get("/{hit_reference}", response_class=HTMLResponse)
def hit_detail(request: Request, hit_reference: str, actor: PageActor, db: SessionDep) -> Response:
    hit = service.open_hit(db, actor, hit_reference)
    db.commit()
    may_decide = hit.is_owner and actor.has(Permission.SCREENING_HIT_WRITE)
    return render(request, "screening/hit.html", {"hit": hit, "may_decide": may_decide})


@router.post("/{hit_reference}/decision")
def decide(
    hit_reference: str, actor: PageActor, web: FullSession, form: FormData, db: SessionDep
) -> Response:
    service.get_decidable(db, actor, hit_reference)  # 404 hidden, 403 not the owner's writer
    try:
        service.decide(db, actor, hit_reference, parse(DecisionIn, dict(form)))
    except InvalidInput:
        db.rollback()
        flash(web, "Choose whether it is the same person.", "error")
        db.commit()
        return redirect(f"/screening/hits/{hit_reference}")
    flash(web, "Your answer was sent to the screening member.")
    db.commit()
    return redirect(f"/screening/hits/{hit_reference}")

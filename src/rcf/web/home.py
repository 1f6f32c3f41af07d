"""The home page: what each role can do from here, and the record counts it may see."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from rcf.access.permissions import Permission
from rcf.bulletins.service import count_visible, list_bulletins
from rcf.web.deps import PageActor, RuntimeDep, SessionDep
from rcf.web.templating import redirect, render

router = APIRouter()


@router.get("/", response_class=HTMLResponse, include_in_schema=False)
def home(request: Request, actor: PageActor, db: SessionDep, runtime: RuntimeDep) -> HTMLResponse:
    """Each role's starting page."""
    context: dict[str, object] = {"actor": actor}
    if actor.has(Permission.BULLETIN_READ):
        context["bulletin_count"] = count_visible(db, runtime, actor)
        context["recent"] = list_bulletins(db, runtime, actor, limit=5).items
        db.commit()
    return render(request, "home.html", context)


@router.get("/favicon.ico", include_in_schema=False)
def favicon() -> HTMLResponse:
    return redirect("/static/favicon.svg")  # type: ignore[return-value]

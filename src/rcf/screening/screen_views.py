"""Pages where an officer screens one person, or every passenger of a manifest, against the
watchlist. Candidates show their score and, as far as their handling code allows, the names
and the explanation; another member's entry always gives whom to contact and the hit reference."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, BackgroundTasks, Request
from fastapi.responses import HTMLResponse, Response

from rcf.access.permissions import Permission
from rcf.access.policy import require
from rcf.errors import InvalidInput
from rcf.schemas import parse
from rcf.screening.hit_webhooks import hit_deliveries, notify_owners
from rcf.screening.manifest_screening import MAX_PASSENGERS, screen_manifest_bytes
from rcf.screening.schemas import MatchIn
from rcf.screening.screenings import screen_one
from rcf.web.deps import FormData, PageActor, RuntimeDep, SessionDep
from rcf.web.import_pages import NO_MANIFEST, manifest_upload
from rcf.web.ratelimit import count_page_use
from rcf.web.templating import render

router = APIRouter(prefix="/screening", include_in_schema=False)
QUERY_FIELDS = ("name", "birth_date", "nationality", "gender")


@router.get("", response_class=HTMLResponse)
def screen_form(request: Request, actor: PageActor) -> Response:
    require(actor, Permission.SCREENING_MATCH)
    return render(request, "screening/screen.html", {"values": {}, "errors": {}, "found": None})


@router.post("", response_class=HTMLResponse)
def screen(
    request: Request,
    actor: PageActor,
    form: FormData,
    db: SessionDep,
    runtime: RuntimeDep,
    background: BackgroundTasks,
) -> Response:
    """Screen one person; hits on other members' entries reach their owners' inboxes (and
    webhooks)."""
    require(actor, Permission.SCREENING_MATCH)
    count_page_use(request, actor, "screening")
    values: dict[str, Any] = {name: str(form.get(name, "")).strip() for name in QUERY_FIELDS}
    try:
        found = screen_one(db, runtime, actor, parse(MatchIn, values), source="page")
    except InvalidInput as error:
        db.rollback()
        refused: dict[str, Any] = {"values": values, "errors": error.errors, "found": None}
        return render(request, "screening/screen.html", refused, status=400)
    deliveries = hit_deliveries(db, runtime.secret_key, found.new_hits)
    db.commit()
    notify_owners(background, runtime, deliveries)
    context: dict[str, Any] = {"values": values, "errors": {}, "found": found.candidates[0]}
    return render(request, "screening/screen.html", context)


@router.get("/manifest", response_class=HTMLResponse)
def manifest_form(request: Request, actor: PageActor) -> Response:
    require(actor, Permission.SCREENING_MATCH)
    context: dict[str, Any] = {"errors": {}, "report": None, "max_passengers": MAX_PASSENGERS}
    return render(request, "screening/manifest.html", context)


@router.post("/manifest", response_class=HTMLResponse)
def screen_manifest(
    request: Request,
    actor: PageActor,
    form: FormData,
    db: SessionDep,
    runtime: RuntimeDep,
    background: BackgroundTasks,
) -> Response:
    """Every passenger of an uploaded manifest (CSV, XLSX or PAXLST), candidates first."""
    require(actor, Permission.SCREENING_MATCH)
    count_page_use(request, actor, "screening")
    context: dict[str, Any] = {"errors": {}, "report": None, "max_passengers": MAX_PASSENGERS}
    content = manifest_upload(form)
    if content is None:
        context["errors"] = {"file": NO_MANIFEST}
        return render(request, "screening/manifest.html", context, status=400)
    report = screen_manifest_bytes(db, runtime, actor, content, source="page-manifest")
    deliveries = hit_deliveries(db, runtime.secret_key, report.new_hits)
    db.commit()
    notify_owners(background, runtime, deliveries)
    context["report"] = report
    status = 400 if report.problems and not report.results else 200
    return render(request, "screening/manifest.html", context, status=status)

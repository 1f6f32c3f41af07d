"""Pages where an officer checks one document (number and state, or MRZ) or a whole passenger
manifest against the register. A hit shows only its status, owner, handling code and reference."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, BackgroundTasks, Request
from fastapi.responses import HTMLResponse, Response

from rcf.access.permissions import Permission
from rcf.access.policy import Actor, require
from rcf.documents.check_flow import check_manifest_file, check_one, passenger_weight
from rcf.documents.checks_api import notify
from rcf.documents.manifests import read_manifest
from rcf.documents.mrz import MrzResult, parse_mrz
from rcf.documents.register_schemas import CheckIn
from rcf.errors import InvalidInput
from rcf.incidents.import_files import UPLOAD_LIMITS
from rcf.schemas import parse
from rcf.web.deps import FormData, PageActor, RuntimeDep, SessionDep
from rcf.web.import_pages import NO_MANIFEST, manifest_upload
from rcf.web.ratelimit import count_page_use
from rcf.web.templating import render

router = APIRouter(prefix="/documents", include_in_schema=False)


def count_check(request: Request, actor: Actor, passengers: int = 0) -> None:
    """E1: a person checking by page is held to the API's per-minute limit, a manifest
    counting like an API batch, so the pages are no way round it."""
    count_page_use(request, actor, "check", weight=passenger_weight(passengers))


def check_input(form: dict[str, Any]) -> dict[str, Any]:
    """The check form as CheckIn takes it: the MRZ box wins when filled."""
    mrz = str(form.get("mrz", "")).strip()
    if mrz:
        return {"mrz": [line.strip() for line in mrz.splitlines() if line.strip()][:5]}
    data = {
        name: str(form.get(name, "")).strip()
        for name in ("document_number", "issuing_state", "document_type")
    }
    return {k: v for k, v in data.items() if v}


@router.get("/check", response_class=HTMLResponse)
def check_form(request: Request, actor: PageActor) -> Response:
    require(actor, Permission.DOCUMENT_LOOKUP)
    return render(request, "documents/check.html", {"values": {}, "errors": {}, "outcome": None})


@router.post("/check", response_class=HTMLResponse)
def check_document(
    request: Request,
    actor: PageActor,
    form: FormData,
    db: SessionDep,
    runtime: RuntimeDep,
    background: BackgroundTasks,
) -> Response:
    """Check one document; hits first appear here and in the owner's inbox."""
    require(actor, Permission.DOCUMENT_LOOKUP)
    count_check(request, actor)
    try:
        outcome = check_one(db, runtime, actor, parse(CheckIn, check_input(form)), source="page")
    except InvalidInput as error:
        db.rollback()
        refused = {"values": form, "errors": _on_fields(error.errors), "outcome": None}
        return render(request, "documents/check.html", refused, status=400)
    db.commit()
    notify(background, runtime, outcome.deliveries)
    context = {"values": form, "errors": {}, "outcome": outcome, "mrz": _mrz_of(form)}
    return render(request, "documents/check.html", context)


def _mrz_of(form: dict[str, Any]) -> MrzResult | None:
    """The MRZ's own validation, shown beside the register's answer: a failing check digit or
    an impossible date is itself a sign of a forged or altered document."""
    lines = check_input(form).get("mrz")
    return parse_mrz(lines) if lines else None


def _on_fields(errors: dict[str, str]) -> dict[str, str]:
    return {
        ("document_number" if key == "__all__" else key): message for key, message in errors.items()
    }


@router.get("/manifest", response_class=HTMLResponse)
def manifest_form(request: Request, actor: PageActor) -> Response:
    require(actor, Permission.DOCUMENT_LOOKUP)
    return render(
        request, "documents/manifest.html", {"errors": {}, "report": None, "limits": UPLOAD_LIMITS}
    )


@router.post("/manifest", response_class=HTMLResponse)
def check_manifest(
    request: Request,
    actor: PageActor,
    form: FormData,
    db: SessionDep,
    runtime: RuntimeDep,
    background: BackgroundTasks,
) -> Response:
    """Every passenger of an uploaded manifest (CSV, XLSX or PAXLST), hits first."""
    require(actor, Permission.DOCUMENT_LOOKUP)
    context: dict[str, Any] = {"errors": {}, "report": None, "limits": UPLOAD_LIMITS}
    content = manifest_upload(form)  # read (and closed) before a refusal leaves it open
    if content is None:
        count_check(request, actor)
        context["errors"] = {"file": NO_MANIFEST}
        return render(request, "documents/manifest.html", context, status=400)
    manifest = read_manifest(content, today=date.today())
    count_check(request, actor, len(manifest.passengers))
    report, deliveries = check_manifest_file(db, runtime, actor, manifest, source="page-manifest")
    db.commit()
    notify(background, runtime, deliveries)
    context["report"] = report
    return render(
        request,
        "documents/manifest.html",
        context,
        status=400 if report.problems and not report.results else 200,
    )

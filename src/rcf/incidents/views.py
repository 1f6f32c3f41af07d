"""Pages of incident reports: list, report, read, amend, withdraw and earlier versions."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from rcf.access.policy import Actor, can, get_editable, require
from rcf.access.sharing import shared_with_codes
from rcf.errors import InvalidInput
from rcf.incidents import codes, service
from rcf.incidents.list_filters import FiltersDep, filter_query
from rcf.incidents.models import Incident
from rcf.incidents.outputs import to_out
from rcf.incidents.schemas import IncidentIn
from rcf.incidents.web_form import (
    country_options,
    currency_options,
    field_ids,
    form_values,
    incident_input,
    rows_needed,
)
from rcf.members.models import Member
from rcf.schemas import parse
from rcf.web.deps import FormData, FullSession, PageActor, RuntimeDep, SessionDep, form_list
from rcf.web.templating import flash, redirect, render

router = APIRouter(prefix="/incidents", include_in_schema=False)
api_router = APIRouter(tags=["incidents"])  # the JSON routes are in rcf.incidents.api
PAGE_SIZE = 50
NEW_REPORT_DEFAULTS = {
    "transport_means": "unknown",
    "smuggled": "unknown",
    "trafficking_suspected": "unknown",
    "impact_level": "low",
    "visibility": "regional",
    "handling_code": "H0",
    "source_reliability": "X",
    "information_accuracy": "4",
}


def _member_codes(db: Session) -> dict[int, str]:
    return {m.id: m.code for m in db.scalars(select(Member))}


def _form_page(
    request: Request,
    db: Session,
    actor: Actor,
    values: dict[str, Any],
    errors: dict[str, str] | None = None,
    incident: Incident | None = None,
) -> Response:
    others = db.scalars(select(Member).where(Member.id != actor.member_id).order_by(Member.name))
    rows = {
        "persons": rows_needed(values, "persons", 8),
        "facilitators": rows_needed(values, "facilitators", 3),
        "fraudulent_documents": rows_needed(values, "fraudulent_documents", 3),
        "transit_countries": rows_needed(values, "transit_countries", 5),
    }
    lists = {name: form_list(values, name) for name in ("methods", "shared_with")}
    context = {
        "values": {**values, **lists},
        "errors": errors or {},
        "incident": incident,
        "rows": rows,
        "codes": codes,
        "countries": country_options(),
        "currencies": currency_options(),
        "members": list(others),
    }
    return render(request, "incidents/form.html", context, status=400 if errors else 200)


@router.get("", response_class=HTMLResponse)
def incidents(
    request: Request,
    actor: PageActor,
    db: SessionDep,
    runtime: RuntimeDep,
    filters: FiltersDep,
    after: int | None = Query(None, ge=1),
) -> Response:
    page = service.list_incidents(db, runtime, actor, filters, after=after, limit=PAGE_SIZE)
    total = service.count_incidents(db, runtime, actor, filters)
    db.commit()
    context = {
        "page": page,
        "total": total,
        "members": _member_codes(db),
        "filters": filter_query(filters),
        "codes": codes,
        "countries": country_options(),
        "actor": actor,
    }
    return render(request, "incidents/list.html", context)


@router.get("/new", response_class=HTMLResponse)
def new_incident(request: Request, actor: PageActor, db: SessionDep) -> Response:
    require(actor, Incident.write_permission)
    return _form_page(request, db, actor, dict(NEW_REPORT_DEFAULTS))


@router.post("", response_class=HTMLResponse)
def create_incident(
    request: Request, actor: PageActor, web: FullSession, form: FormData, db: SessionDep
) -> Response:
    require(actor, Incident.write_permission)
    parsed = incident_input(form)
    try:
        incident = service.create_incident(db, actor, parse(IncidentIn, parsed.data))
    except InvalidInput as error:
        # Undo what the service flushed before refusing: rendering may commit (flash messages).
        db.rollback()
        return _form_page(request, db, actor, form, field_ids(error.errors, parsed.positions))
    flash(web, "The incident report was saved.")
    db.commit()
    return redirect(f"/incidents/{incident.id}")


@router.get("/{incident_id}", response_class=HTMLResponse)
def incident_detail(
    request: Request, incident_id: int, actor: PageActor, db: SessionDep, runtime: RuntimeDep
) -> Response:
    incident = service.read_incident(db, runtime, actor, incident_id)
    out = to_out(db, actor, incident)
    editable = can(actor, Incident.write_permission, incident)
    db.commit()
    context = {
        "incident": out,
        "editable": editable,
        "route": _route(out.origin_country, out.transit_countries, out.destination_country),
        "country_name": codes.country_name,
    }
    return render(request, "incidents/detail.html", context)


def _route(
    origin: str | None, transit: list[str], destination: str | None
) -> list[tuple[str, str]]:
    """(role, code) of each stop; an unknown end shows as '?'."""
    stops = [("Origin", origin or "?")]
    stops += [("Transit", code) for code in transit]
    return [*stops, ("Destination", destination or "?")]


@router.get("/{incident_id}/versions", response_class=HTMLResponse)
def incident_versions(
    request: Request, incident_id: int, actor: PageActor, db: SessionDep, runtime: RuntimeDep
) -> Response:
    incident = service.read_incident(db, runtime, actor, incident_id)
    earlier = service.versions(db, runtime, actor, incident_id)
    db.commit()
    context = {"incident": incident, "versions": earlier}
    return render(request, "incidents/versions.html", context)


@router.get("/{incident_id}/edit", response_class=HTMLResponse)
def edit_incident(
    request: Request, incident_id: int, actor: PageActor, db: SessionDep, runtime: RuntimeDep
) -> Response:
    incident = get_editable(db, actor, Incident, incident_id, runtime.reciprocity)
    sharing = {**incident.sharing_fields(), "shared_with": shared_with_codes(db, incident)}
    values = form_values(service.incident_content(incident), sharing)
    return _form_page(request, db, actor, values, incident=incident)


@router.post("/{incident_id}", response_class=HTMLResponse)
def amend_incident(
    request: Request,
    incident_id: int,
    actor: PageActor,
    web: FullSession,
    form: FormData,
    db: SessionDep,
    runtime: RuntimeDep,
) -> Response:
    incident = get_editable(db, actor, Incident, incident_id, runtime.reciprocity)
    # The reference cannot change: the form shows it read-only and the stored one is used.
    parsed = incident_input({**form, "reference": incident.reference})
    try:
        data = parse(IncidentIn, parsed.data)
        service.amend_incident(db, runtime, actor, incident_id, data)
    except InvalidInput as error:
        db.rollback()  # as in create_incident: nothing half-changed may reach a commit
        errors = field_ids(error.errors, parsed.positions)
        return _form_page(request, db, actor, form, errors, incident)
    flash(web, f"The incident report was amended (now version {incident.version}).")
    db.commit()
    return redirect(f"/incidents/{incident_id}")


@router.post("/{incident_id}/withdraw")
def withdraw_incident(
    incident_id: int,
    actor: PageActor,
    web: FullSession,
    form: FormData,
    db: SessionDep,
    runtime: RuntimeDep,
) -> Response:
    service.withdraw_incident(db, runtime, actor, incident_id)
    flash(web, "The incident report was withdrawn. No one can see it any more.")
    db.commit()
    return redirect("/incidents")

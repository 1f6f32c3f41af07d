"""API routes of incident reports, for national systems with a token of scope
``incident:read`` or ``incident:write``. Persons are counts, never names."""

from __future__ import annotations

from fastapi import APIRouter, Query, Response

from rcf.incidents import service
from rcf.incidents.list_filters import FiltersDep
from rcf.incidents.outputs import IncidentOut, IncidentPage, VersionOut, to_out, version_out
from rcf.incidents.schemas import IncidentIn
from rcf.web.deps import ApiActor, RuntimeDep, SessionDep

api_router = APIRouter(prefix="/incidents", tags=["incidents"])


@api_router.get("", response_model=IncidentPage)
def list_incidents(
    actor: ApiActor,
    db: SessionDep,
    runtime: RuntimeDep,
    filters: FiltersDep,
    after: int | None = Query(
        None, ge=1, description="Keyset cursor: `next_after` of the page before."
    ),
    limit: int = Query(50, ge=1, le=1000, description="Page size (capped by the server)."),
) -> IncidentPage:
    """Incident reports you may see (your member's, those shared with it, and regional ones
    once your member contributes regional reports), newest first. Follow `next_after` for the
    next page. Filters combine: dates are inclusive, `q` searches the narratives."""
    limit = min(limit, runtime.settings.api_max_page_size)
    page = service.list_incidents(db, runtime, actor, filters, after=after, limit=limit)
    items = [to_out(db, actor, incident) for incident in page.items]
    db.commit()
    return IncidentPage(items=items, next_after=page.next_after)


@api_router.get("/{incident_id}", response_model=IncidentOut)
def get_incident(
    incident_id: int, actor: ApiActor, db: SessionDep, runtime: RuntimeDep
) -> IncidentOut:
    """One report. Outside your scope it answers 404, exactly like a missing one."""
    out = to_out(db, actor, service.read_incident(db, runtime, actor, incident_id))
    db.commit()
    return out


@api_router.get("/{incident_id}/versions", response_model=list[VersionOut])
def get_versions(
    incident_id: int, actor: ApiActor, db: SessionDep, runtime: RuntimeDep
) -> list[VersionOut]:
    """The earlier versions of a report, newest first: the content as it stood before each
    amendment. The current content is `GET /incidents/{incident_id}`."""
    return [version_out(v) for v in service.versions(db, runtime, actor, incident_id)]


@api_router.post("", response_model=IncidentOut, status_code=201)
def create_incident(data: IncidentIn, actor: ApiActor, db: SessionDep) -> IncidentOut:
    """Report an incident for the token's member and agency. `reference` is your agency's own
    identifier and must be new for your member; unknown fields are refused (422)."""
    incident = service.create_incident(db, actor, data)
    db.commit()
    return to_out(db, actor, incident)


@api_router.put("/{incident_id}", response_model=IncidentOut)
def amend_incident(
    incident_id: int, data: IncidentIn, actor: ApiActor, db: SessionDep, runtime: RuntimeDep
) -> IncidentOut:
    """Amend a report your member owns: send the whole report (the `reference` cannot change).
    The previous content is kept as a version and `version` goes up by one."""
    incident = service.amend_incident(db, runtime, actor, incident_id, data)
    db.commit()
    return to_out(db, actor, incident)


@api_router.delete("/{incident_id}", status_code=204)
def withdraw_incident(
    incident_id: int, actor: ApiActor, db: SessionDep, runtime: RuntimeDep
) -> Response:
    """Withdraw a report your member owns: it disappears for everyone at once, from lists,
    summaries and exports. Its versions stay for the audit."""
    service.withdraw_incident(db, runtime, actor, incident_id)
    db.commit()
    return Response(status_code=204)

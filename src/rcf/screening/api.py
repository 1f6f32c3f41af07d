"""API of the watchlist and of screening, for national systems with a token of scope
``screening:read`` (screen, read own entries and hits) or ``screening:write`` (change entries,
answer hits)."""

from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter, BackgroundTasks, Query, Response
from pydantic import BaseModel

from rcf.screening import hits, manifest_screening, network_api, service
from rcf.screening.hit_webhooks import hit_deliveries, notify_owners
from rcf.screening.outputs import (
    ManifestOut,
    MatchOut,
    PersonOut,
    PersonPage,
    candidate_out,
    person_out,
)
from rcf.screening.schemas import DecisionIn, ManifestIn, MatchIn, WatchlistPersonIn
from rcf.screening.screenings import screen_one
from rcf.web.deps import ApiActor, RuntimeDep, SessionDep

api_router = APIRouter(prefix="/screening", tags=["screening"])


@api_router.get("/persons", response_model=PersonPage)
def list_persons(
    actor: ApiActor,
    db: SessionDep,
    runtime: RuntimeDep,
    after: int | None = Query(
        None, ge=1, description="Keyset cursor: `next_after` of the page before."
    ),
    limit: int = Query(50, ge=1, le=1000, description="Page size (capped by the server)."),
) -> PersonPage:
    """Your member's watchlist entries, newest first. Other members' entries are never listed:
    they surface only as hits of a screening, as far as their handling code allows."""
    limit = min(limit, runtime.settings.api_max_page_size)
    page = service.list_persons(db, actor, after=after, limit=limit)
    out = PersonPage(items=[person_out(db, p) for p in page.items], next_after=page.next_after)
    db.commit()
    return out


@api_router.get("/persons/{person_id}", response_model=PersonOut)
def get_person(person_id: int, actor: ApiActor, db: SessionDep) -> PersonOut:
    """One entry of your member. Any other id answers 404, exactly like a missing one."""
    out = person_out(db, service.read_person(db, actor, person_id))
    db.commit()
    return out


@api_router.post("/persons", response_model=PersonOut, status_code=201)
def create_person(
    data: WatchlistPersonIn, actor: ApiActor, db: SessionDep, runtime: RuntimeDep
) -> PersonOut:
    """Add a person of interest for the token's member and agency. `reference` is your agency's
    own identifier, new for your member. Names in any script; birth dates `YYYY-MM-DD`, `YYYY`
    or `YYYY..YYYY`; nationalities ISO alpha-2; phones with their country code (stored E.164);
    links only to incident reports and cases you can see."""
    person = service.create_person(db, runtime, actor, data)
    db.commit()
    return person_out(db, person)


@api_router.put("/persons/{person_id}", response_model=PersonOut)
def amend_person(
    person_id: int, data: WatchlistPersonIn, actor: ApiActor, db: SessionDep, runtime: RuntimeDep
) -> PersonOut:
    """Replace an entry of your member (the whole entry; the `reference` cannot change)."""
    person = service.amend_person(db, runtime, actor, person_id, data)
    db.commit()
    return person_out(db, person)


@api_router.delete("/persons/{person_id}", status_code=204)
def withdraw_person(person_id: int, actor: ApiActor, db: SessionDep) -> Response:
    """Withdraw an entry of your member: it leaves every screening at once."""
    service.withdraw_person(db, actor, person_id)
    db.commit()
    return Response(status_code=204)


@api_router.post("/match", response_model=MatchOut)
def match(
    data: MatchIn, actor: ApiActor, db: SessionDep, runtime: RuntimeDep, background: BackgroundTasks
) -> MatchOut:
    """Screen a person (a name in any script; birth date, nationality and gender if known)
    against the watchlist entries you may screen against: your member's, and other members'
    shared with yours or regional. Candidates come strongest first, score in [0, 1], each with
    an explanation when its handling code allows. A candidate of another member gives its hit
    reference: the owner is told (its hit inbox, and its webhook if set) and answers."""
    found = screen_one(db, runtime, actor, data, source="api")
    deliveries = hit_deliveries(db, runtime.secret_key, found.new_hits)
    db.commit()
    notify_owners(background, runtime, deliveries)
    return MatchOut(candidates=[candidate_out(c) for c in found.candidates[0]])


@api_router.post("/manifest", response_model=ManifestOut)
def screen_manifest(
    data: ManifestIn,
    actor: ApiActor,
    db: SessionDep,
    runtime: RuntimeDep,
    background: BackgroundTasks,
) -> ManifestOut:
    """Screen every passenger of a manifest: `manifest` is the text of a CSV file (header row,
    the columns of document checks) or a UN/EDIFACT PAXLST message. Passengers with candidates
    come first."""
    report = manifest_screening.screen_manifest_bytes(
        db, runtime, actor, data.manifest.encode(), source="api-manifest"
    )
    deliveries = hit_deliveries(db, runtime.secret_key, report.new_hits)
    db.commit()
    notify_owners(background, runtime, deliveries)
    return manifest_screening.manifest_out(report)


class HitOut(BaseModel):
    reference: str
    status: str
    score: float
    owner_member: str
    screening_member: str
    handling_code: str
    created_at: datetime
    decided_at: datetime | None
    is_owner: bool
    person_id: int | None
    person_reference: str | None
    person_name: str | None


class HitPageOut(BaseModel):
    items: list[HitOut]
    next_after: int | None


@api_router.get("/hits", response_model=HitPageOut)
def list_hits(
    actor: ApiActor,
    db: SessionDep,
    after: int | None = Query(None, ge=1, description="Keyset cursor: `next_after`."),
) -> HitPageOut:
    """Hits on your member's entries (with the entry) and hits of your member's screenings
    (with the owner's answer), newest first."""
    page = hits.list_hits(db, actor, after=after)
    return HitPageOut(items=[HitOut(**vars(h)) for h in page.items], next_after=page.next_after)


@api_router.get("/hits/{hit_reference}", response_model=HitOut)
def get_hit(hit_reference: str, actor: ApiActor, db: SessionDep) -> HitOut:
    """One hit of your member's (as owner or as screener); others answer 404."""
    out = HitOut(**vars(hits.open_hit(db, actor, hit_reference)))
    db.commit()
    return out


@api_router.post("/hits/{hit_reference}/decision", response_model=HitOut)
def decide_hit(hit_reference: str, data: DecisionIn, actor: ApiActor, db: SessionDep) -> HitOut:
    """The owner's answer: `confirmed` (the same person) or `not_same`. Once only (409)."""
    hit = hits.decide(db, actor, hit_reference, data)
    db.commit()
    return HitOut(**vars(hits.view(db, actor, hit)))


# Last, so that its routes join the router once every route above is declared.
api_router.include_router(network_api.router)

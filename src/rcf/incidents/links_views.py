"""Probable duplicates of a report, and the analyst's links between reports of one event."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from pydantic import BaseModel
from sqlalchemy import select
from sqlalchemy.orm import Session

from rcf.access.permissions import Permission
from rcf.access.policy import Actor
from rcf.errors import InvalidInput
from rcf.incidents import duplicates
from rcf.incidents.duplicates import Candidate, Duplicates, LinkView
from rcf.incidents.models import Incident
from rcf.members.models import Member
from rcf.runtime import Runtime
from rcf.web.deps import ApiActor, FormData, FullSession, PageActor, RuntimeDep, SessionDep
from rcf.web.templating import flash, redirect, render

router = APIRouter(include_in_schema=False)  # pages
api_router = APIRouter(tags=["incidents"])  # JSON routes, mounted under /api/v1


def _member_codes(db: Session) -> dict[int, str]:
    return dict(db.execute(select(Member.id, Member.code)).all())


def _page(
    request: Request,
    db: Session,
    runtime: Runtime,
    actor: Actor,
    incident_id: int,
    errors: dict[str, str] | None = None,
) -> Response:
    found = duplicates.find_duplicates(db, runtime, actor, incident_id)
    db.commit()
    return render(
        request,
        "incidents/duplicates.html",
        {
            "found": found,
            "members": _member_codes(db),
            "may_link": actor.has(Permission.INCIDENT_LINK),
            "actor": actor,
            "errors": errors or {},
        },
        status=400 if errors else 200,
    )


def _form_id(form: dict[str, Any], name: str) -> int | None:
    value = str(form.get(name) or "").strip()
    if not value:
        return None
    if not value.isdigit() or len(value) > 12:
        raise InvalidInput({name: "Choose a report from the list."})
    return int(value)


def _back_to(form: dict[str, Any], incident_id: int) -> str:
    """Back to the duplicates page the form was sent from (an id, never a free URL)."""
    try:
        back = _form_id(form, "return_to")
    except InvalidInput:
        back = None
    return f"/incidents/{back or incident_id}/duplicates"


@router.get("/incidents/{incident_id}/duplicates", response_class=HTMLResponse)
def duplicates_page(
    request: Request, incident_id: int, actor: PageActor, db: SessionDep, runtime: RuntimeDep
) -> Response:
    return _page(request, db, runtime, actor, incident_id)


@router.post("/incidents/{incident_id}/duplicates", response_class=HTMLResponse)
def link_duplicate(
    request: Request,
    incident_id: int,
    actor: PageActor,
    web: FullSession,
    form: FormData,
    db: SessionDep,
    runtime: RuntimeDep,
) -> Response:
    try:
        canonical_id = _form_id(form, "canonical_id")
        duplicates.link_duplicate(db, runtime, actor, incident_id, canonical_id)
    except InvalidInput as error:
        db.rollback()
        return _page(request, db, runtime, actor, incident_id, error.errors)
    flash(web, "The reports were linked: the duplicate is now counted once, as the other report.")
    db.commit()
    return redirect(_back_to(form, incident_id))


@router.post("/incidents/{incident_id}/duplicates/unlink", response_class=HTMLResponse)
def unlink_duplicate(
    request: Request,
    incident_id: int,
    actor: PageActor,
    web: FullSession,
    form: FormData,
    db: SessionDep,
    runtime: RuntimeDep,
) -> Response:
    try:
        duplicates.unlink_duplicate(db, runtime, actor, incident_id)
    except InvalidInput as error:
        db.rollback()
        return _page(request, db, runtime, actor, incident_id, error.errors)
    flash(web, "The reports were unlinked: each is counted on its own again.")
    db.commit()
    return redirect(_back_to(form, incident_id))


# --- API ----------------------------------------------------------------------------------------


class ReasonOut(BaseModel):
    code: str
    text: str


class CandidateOut(BaseModel):
    id: int
    reference: str
    owner_member: str
    occurred_on: date
    country: str
    location_name: str
    origin_country: str | None
    destination_country: str | None
    persons_total: int
    transport_identifier: str
    score: int
    reasons: list[ReasonOut]


class LinkOut(BaseModel):
    duplicate_id: int
    canonical_id: int
    linked_by_member: str
    created_at: datetime


class DuplicatesOut(BaseModel):
    incident_id: int
    canonical_id: int | None
    candidates: list[CandidateOut]
    links: list[LinkOut]


def _candidate_out(candidate: Candidate, members: dict[int, str]) -> CandidateOut:
    row: Incident = candidate.incident
    return CandidateOut(
        id=row.id,
        reference=row.reference,
        owner_member=members.get(row.owner_member_id, ""),
        occurred_on=row.occurred_on,
        country=row.country,
        location_name=row.location_name,
        origin_country=row.origin_country,
        destination_country=row.destination_country,
        persons_total=row.persons_total,
        transport_identifier=row.transport_identifier,
        score=candidate.score.value,
        reasons=[ReasonOut(code=r.code, text=r.text) for r in candidate.score.reasons],
    )


def _link_out(view: LinkView, members: dict[int, str]) -> LinkOut:
    link = view.link
    return LinkOut(
        duplicate_id=link.duplicate_id,
        canonical_id=link.canonical_id,
        linked_by_member=members.get(link.linked_by_member_id, ""),
        created_at=link.created_at,
    )


def duplicates_out(found: Duplicates, members: dict[int, str]) -> DuplicatesOut:
    canonical = next((v.link.canonical_id for v in found.links if v.subject_is_duplicate), None)
    return DuplicatesOut(
        incident_id=found.subject.id,
        canonical_id=canonical,
        candidates=[_candidate_out(c, members) for c in found.candidates],
        links=[_link_out(v, members) for v in found.links],
    )


@api_router.get("/incidents/{incident_id}/duplicates", response_model=DuplicatesOut)
def duplicates_api(
    incident_id: int, actor: ApiActor, db: SessionDep, runtime: RuntimeDep
) -> DuplicatesOut:
    """Probable duplicates of a report among the reports you may see, best first, with the
    reasons (dates within 2 days, same route or place, persons within 20%, same vessel), and the
    report's existing links. Outside your scope it answers 404, exactly like a missing one."""
    found = duplicates.find_duplicates(db, runtime, actor, incident_id)
    out = duplicates_out(found, _member_codes(db))
    db.commit()
    return out

"""The page where analysts run the de-identified release (``release.py``): choose k and l,
see how many cases the release keeps and how much detail, then download the CSV.

An analyst of a member releases its own member's cases; an analyst of the RSO, the framework's
hub, releases every member's. Only cases whose person consented to statistics enter, and the
extract has no identity, free text or date finer than a year: it is what may be published.
"""

from __future__ import annotations

import io
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.orm import Session

from rcf.access.permissions import Permission
from rcf.access.policy import Actor, require
from rcf.audit.models import AuditAction
from rcf.audit.service import record
from rcf.members.models import Member, MemberKind
from rcf.trafficking.release import Release, release
from rcf.trafficking.release_cases import statistics_cases
from rcf.trafficking.release_files import write_release
from rcf.web.deps import FormData, PageActor, SessionDep
from rcf.web.templating import render

router = APIRouter(prefix="/trafficking", include_in_schema=False)
# A page anyone with the permission can use publishes by its nature: k stays at CTDC's level
# or stricter, whatever an operator may choose at the command line.
K_RANGE, L_RANGE = (11, 1000), (1, 10)
DEFAULTS = {"k": "11", "l": "2"}


def released_member(session: Session, actor: Actor) -> str | None:
    """The member whose cases the actor releases; None (every member) for the RSO's analysts."""
    member = session.get(Member, actor.member_id) if actor.member_id else None
    if member is None or member.kind == MemberKind.RSO:
        return None
    return member.code


def _bounded(
    form: dict[str, Any], name: str, bounds: tuple[int, int], errors: dict[str, str]
) -> int:
    text = str(form.get(name, "")).strip()
    low, high = bounds
    if not text.isdigit() or not low <= int(text) <= high:
        errors[name] = f"Give a whole number from {low} to {high}."
        return low
    return int(text)


def _page(
    request: Request, db: Session, actor: Actor, status: int = 200, **context: Any
) -> Response:
    member = released_member(db, actor)
    values = {"values": DEFAULTS, "errors": {}, "result": None, "member": member, **context}
    return render(request, "trafficking/release.html", values, status=status)


@router.get("/release", response_class=HTMLResponse)
def release_form(request: Request, actor: PageActor, db: SessionDep) -> Response:
    require(actor, Permission.TRAFFICKING_RELEASE)
    return _page(request, db, actor)


@router.post("/release", response_class=HTMLResponse)
def run_release(request: Request, actor: PageActor, form: FormData, db: SessionDep) -> Response:
    """Preview (counts and detail kept) or, with ``download``, the CSV itself (audited)."""
    require(actor, Permission.TRAFFICKING_RELEASE)
    errors: dict[str, str] = {}
    k, l_value = _bounded(form, "k", K_RANGE, errors), _bounded(form, "l", L_RANGE, errors)
    values = {"k": str(form.get("k", "")), "l": str(form.get("l", ""))}
    if errors:
        return _page(request, db, actor, 400, values=values, errors=errors)
    member = released_member(db, actor)
    result = release(statistics_cases(db, member), k=k, l=l_value)
    if not form.get("download"):
        return _page(request, db, actor, values=values, result=result, kept=result.detail_kept())
    _audit(db, actor, member, result, k)
    db.commit()
    return _csv(result, member, k)


def _audit(db: Session, actor: Actor, member: str | None, result: Release, k: int) -> None:
    record(
        db,
        actor=actor,
        action=AuditAction.RECORD_EXPORTED,
        object_type="trafficking_release",
        object_id=f"{len(result.rows)} cases",
        object_member_id=actor.member_id,
        changes={"member": member or "all", "k": k, "identity": "none"},
    )


def _csv(result: Release, member: str | None, k: int) -> Response:
    buffer = io.StringIO()
    write_release(result, buffer)
    name = f"trafficking-release-{(member or 'all').lower()}-k{k}.csv"
    return Response(
        buffer.getvalue(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )

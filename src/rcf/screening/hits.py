"""Screening hits: the owner's inbox of hits on its entries, the screening member's list of its
own, and the owner's answer (the same person, or not). A hit is seen by those two members only
(``policy.screening_hit_clause``, inside the query); to anyone else it answers like a missing
one. The screening member learns the owner's answer, never more of the entry than the handling
code allowed at the screening."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from rcf.access.permissions import Permission
from rcf.access.policy import Actor, require, screening_hit_clause
from rcf.audit.models import AuditAction
from rcf.audit.service import record
from rcf.db import utcnow
from rcf.documents.hits import member_codes
from rcf.errors import Conflict, Forbidden, NotFound
from rcf.screening.models import ScreeningHit, ScreeningHitStatus, WatchlistPerson
from rcf.screening.schemas import DecisionIn


@dataclass(frozen=True)
class HitView:
    reference: str
    status: str
    score: float
    owner_member: str
    screening_member: str
    handling_code: str
    created_at: datetime
    decided_at: datetime | None
    is_owner: bool
    # The owner's own entry (for the owner's people only).
    person_id: int | None = None
    person_reference: str | None = None
    person_name: str | None = None


@dataclass(frozen=True)
class HitPage:
    items: list[HitView]
    next_after: int | None


def _visible(actor: Actor) -> Any:
    return screening_hit_clause(
        actor, ScreeningHit.owner_member_id, ScreeningHit.screening_member_id
    )


def list_hits(
    session: Session, actor: Actor, *, after: int | None = None, limit: int = 50
) -> HitPage:
    """Hits on the member's entries and of its screenings, newest first (pending first)."""
    stmt = select(ScreeningHit).where(_visible(actor))
    if after is not None:
        stmt = stmt.where(ScreeningHit.id < after)
    rows = list(session.scalars(stmt.order_by(ScreeningHit.id.desc()).limit(limit + 1)))
    items = rows[:limit]
    views = [view(session, actor, hit) for hit in items]
    views.sort(key=lambda hit: hit.status != ScreeningHitStatus.PENDING)
    return HitPage(views, items[-1].id if len(rows) > limit else None)


def unseen_count(session: Session, actor: Actor) -> int:
    """Hits on the member's entries nobody of the member has opened yet (the inbox badge)."""
    if actor.member_id is None or not actor.has(Permission.SCREENING_HIT_READ):
        return 0
    stmt = select(func.count(ScreeningHit.id)).where(
        ScreeningHit.owner_member_id == actor.member_id, ScreeningHit.owner_seen_at.is_(None)
    )
    return session.scalar(stmt) or 0


def get_hit(session: Session, actor: Actor, reference: str) -> ScreeningHit:
    found = session.scalars(
        select(ScreeningHit).where(ScreeningHit.reference == reference[:32], _visible(actor))
    ).first()
    if found is None:
        raise NotFound()
    return found


def open_hit(session: Session, actor: Actor, reference: str) -> HitView:
    """One hit; the owner's first opening marks it seen."""
    hit = get_hit(session, actor, reference)
    if hit.owner_member_id == actor.member_id and hit.owner_seen_at is None:
        hit.owner_seen_at = utcnow()
    return view(session, actor, hit)


def view(session: Session, actor: Actor, hit: ScreeningHit) -> HitView:
    codes = member_codes(session)
    is_owner = hit.owner_member_id == actor.member_id
    person = session.get(WatchlistPerson, hit.person_id) if is_owner and hit.person_id else None
    return HitView(
        reference=hit.reference,
        status=str(hit.status),
        score=round(hit.score, 4),
        owner_member=codes.get(hit.owner_member_id, ""),
        screening_member=codes.get(hit.screening_member_id or 0, ""),
        handling_code=str(hit.handling_code),
        created_at=hit.created_at,
        decided_at=hit.decided_at,
        is_owner=is_owner,
        person_id=person.id if person else None,
        person_reference=person.reference if person else None,
        person_name=person.primary_name if person else None,
    )


def get_decidable(session: Session, actor: Actor, reference: str) -> ScreeningHit:
    """A hit the actor may answer: 404 when hidden, 403 unless a writer of the owner member."""
    hit = get_hit(session, actor, reference)
    require(actor, Permission.SCREENING_HIT_WRITE)
    if hit.owner_member_id != actor.member_id:
        raise Forbidden("Only the member that owns the entry answers a hit.")
    return hit


def decide(session: Session, actor: Actor, reference: str, data: DecisionIn) -> ScreeningHit:
    """The owner confirms that the screened person is its entry's, or says not (once)."""
    hit = get_decidable(session, actor, reference)
    if hit.status is not ScreeningHitStatus.PENDING:
        raise Conflict("This hit has already been answered.")
    hit.status = ScreeningHitStatus(data.decision)
    hit.decided_at, hit.decided_by_id = utcnow(), actor.user_id
    record(
        session,
        actor=actor,
        action=AuditAction.SCREENING_HIT_DECIDED,
        object_type="screening_hit",
        object_id=hit.reference,
        object_member_id=hit.owner_member_id,
        changes={"decision": data.decision},
    )
    return hit

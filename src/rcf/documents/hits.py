"""The confirmation exchange of a hit: the owner (issuing) member confirms it or says it is not
the same document; both members exchange messages. A hit is visible to those two members only
(``policy.hit_clause``, inside the query); to anyone else it answers like a missing one."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from rcf.access.permissions import Permission
from rcf.access.policy import Actor, hit_clause, require
from rcf.audit.models import AuditAction
from rcf.audit.service import record
from rcf.db import utcnow
from rcf.documents.models import DocumentHit, DocumentRecord, HitMessage, HitStatus
from rcf.documents.register_schemas import DecisionIn, HitDetailOut, HitMessageOut, MessageIn
from rcf.errors import Conflict, Forbidden, NotFound
from rcf.members.models import Member


@dataclass(frozen=True)
class HitPage:
    items: list[DocumentHit]
    next_after: int | None


def member_codes(session: Session) -> dict[int, str]:
    rows = session.execute(select(Member.id, Member.code))
    return {member_id: code for member_id, code in rows}  # noqa: C416 - typed rows


def _visible(actor: Actor) -> Any:
    return hit_clause(actor, DocumentHit.owner_member_id, DocumentHit.checking_member_id)


def list_hits(
    session: Session, actor: Actor, *, after: int | None = None, limit: int = 50
) -> HitPage:
    """Hits on the member's records and hits of its checks: pending first, then newest."""
    stmt = select(DocumentHit).where(_visible(actor))
    if after is not None:
        stmt = stmt.where(DocumentHit.id < after)
    rows = list(session.scalars(stmt.order_by(DocumentHit.id.desc()).limit(limit + 1)))
    items = rows[:limit]
    items.sort(key=lambda hit: hit.status is not HitStatus.PENDING)
    return HitPage(items, items[-1].id if len(rows) > limit else None)


def unseen_count(session: Session, actor: Actor) -> int:
    """Hits on the member's records nobody of the member has opened yet (the inbox badge)."""
    if actor.member_id is None or not actor.has(Permission.DOCUMENT_HIT_READ):
        return 0
    stmt = select(func.count(DocumentHit.id)).where(
        DocumentHit.owner_member_id == actor.member_id, DocumentHit.owner_seen_at.is_(None)
    )
    return session.scalar(stmt) or 0


def get_hit(session: Session, actor: Actor, reference: str) -> DocumentHit:
    found = session.scalars(
        select(DocumentHit).where(DocumentHit.reference == reference[:32], _visible(actor))
    ).first()
    if found is None:
        raise NotFound()
    return found


def open_hit(session: Session, actor: Actor, reference: str) -> HitDetailOut:
    """A hit's detail; the owner's first opening marks it seen."""
    hit = get_hit(session, actor, reference)
    if hit.owner_member_id == actor.member_id and hit.owner_seen_at is None:
        hit.owner_seen_at = utcnow()
    return detail(session, actor, hit)


def detail(session: Session, actor: Actor, hit: DocumentHit) -> HitDetailOut:
    codes = member_codes(session)
    messages = session.scalars(
        select(HitMessage).where(HitMessage.hit_id == hit.id).order_by(HitMessage.id)
    )
    national_reference = None
    if hit.owner_member_id == actor.member_id and hit.record_id is not None:
        national_reference = session.scalar(
            select(DocumentRecord.national_reference).where(DocumentRecord.id == hit.record_id)
        )
    return HitDetailOut(
        hit_reference=hit.reference,
        status=hit.status,
        match=hit.match,
        document_status=hit.document_status,
        owner_member=codes.get(hit.owner_member_id, ""),
        checking_member=codes.get(hit.checking_member_id or 0, ""),
        handling_code=hit.handling_code,
        checked_number=hit.checked_number,
        created_at=hit.created_at.isoformat(),
        decided_at=hit.decided_at.isoformat() if hit.decided_at else None,
        messages=[
            HitMessageOut(member=codes.get(m.author_member_id, ""), body=m.body, at=_at(m))
            for m in messages
        ],
        national_reference=national_reference,
    )


def _at(message: HitMessage) -> str:
    return message.created_at.isoformat()


def get_decidable(session: Session, actor: Actor, reference: str) -> DocumentHit:
    """A hit the actor may decide: 404 when hidden, 403 unless a writer of the owner member."""
    hit = get_writable(session, actor, reference)
    if hit.owner_member_id != actor.member_id:
        raise Forbidden("Only the issuing member decides whether a hit is its document.")
    return hit


def get_writable(session: Session, actor: Actor, reference: str) -> DocumentHit:
    """A hit the actor may write messages in: 404 when hidden, 403 without the permission."""
    hit = get_hit(session, actor, reference)
    require(actor, Permission.DOCUMENT_HIT_WRITE)
    return hit


def decide(session: Session, actor: Actor, reference: str, data: DecisionIn) -> DocumentHit:
    """The owner member confirms the hit or says it is another document (once)."""
    hit = get_decidable(session, actor, reference)
    if hit.status is not HitStatus.PENDING:
        raise Conflict("This hit has already been decided.")
    hit.status = HitStatus(data.decision)
    hit.decided_at, hit.decided_by_id = utcnow(), actor.user_id
    if data.message.strip():
        _add_message(session, actor, hit, data.message.strip())
    _audit(session, actor, AuditAction.HIT_DECIDED, hit, {"decision": data.decision})
    return hit


def send_message(session: Session, actor: Actor, reference: str, data: MessageIn) -> DocumentHit:
    """A message from either member of the hit to the other."""
    hit = get_writable(session, actor, reference)
    _add_message(session, actor, hit, data.body)
    _audit(session, actor, AuditAction.HIT_MESSAGE_SENT, hit, {})
    return hit


def _add_message(session: Session, actor: Actor, hit: DocumentHit, body: str) -> None:
    assert actor.member_id is not None  # a visible hit implies a member
    session.add(
        HitMessage(
            hit_id=hit.id, author_member_id=actor.member_id, author_user_id=actor.user_id, body=body
        )
    )


def _audit(
    session: Session, actor: Actor, action: AuditAction, hit: DocumentHit, changes: dict[str, Any]
) -> None:
    record(
        session,
        actor=actor,
        action=action,
        object_type="document_hit",
        object_id=hit.reference,
        object_member_id=hit.owner_member_id,
        changes=changes,
    )

"""Rules of bulletins. Every read goes through the core policy's ``scope()``."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from rcf.access.policy import Actor, get_editable, get_visible, require, scope
from rcf.access.sharing import apply_sharing, shared_with_codes
from rcf.audit.models import AuditAction
from rcf.audit.service import diff, record, record_listing
from rcf.bulletins.models import Bulletin, BulletinCategory
from rcf.bulletins.schemas import BulletinIn, BulletinOut
from rcf.db import utcnow
from rcf.errors import InvalidInput
from rcf.members.models import Agency, Member
from rcf.runtime import Runtime


@dataclass(frozen=True)
class Page:
    items: list[Bulletin]
    next_after: int | None


def list_bulletins(
    session: Session,
    runtime: Runtime,
    actor: Actor,
    *,
    after: int | None = None,
    limit: int = 50,
    category: BulletinCategory | None = None,
) -> Page:
    """Newest first, keyset-paginated on id (no offsets, so no unbounded scans)."""
    stmt = scope(select(Bulletin), session, actor, Bulletin, runtime.reciprocity)
    if category is not None:
        stmt = stmt.where(Bulletin.category == category)
    if after is not None:
        stmt = stmt.where(Bulletin.id < after)
    rows = list(session.scalars(stmt.order_by(Bulletin.id.desc()).limit(limit + 1)))
    items = rows[:limit]
    record_listing(session, actor=actor, object_type=Bulletin.record_type, records=items)
    return Page(items, items[-1].id if len(rows) > limit else None)


def count_visible(session: Session, runtime: Runtime, actor: Actor) -> int:
    stmt = scope(select(func.count(Bulletin.id)), session, actor, Bulletin, runtime.reciprocity)
    return session.scalar(stmt) or 0


def read_bulletin(session: Session, runtime: Runtime, actor: Actor, bulletin_id: int) -> Bulletin:
    """One bulletin; reading another member's record is audited for its owner to see."""
    bulletin = get_visible(session, actor, Bulletin, bulletin_id, runtime.reciprocity)
    if bulletin.owner_member_id != actor.member_id:
        record(
            session,
            actor=actor,
            action=AuditAction.RECORD_READ,
            object_type="bulletin",
            object_id=bulletin.id,
            object_member_id=bulletin.owner_member_id,
        )
    return bulletin


def create_bulletin(session: Session, actor: Actor, data: BulletinIn) -> Bulletin:
    require(actor, Bulletin.write_permission)
    if actor.member_id is None or actor.agency_id is None:
        raise InvalidInput({"__all__": "Only a member's user can create records."})
    bulletin = Bulletin(
        title=data.title,
        category=data.category,
        body=data.body,
        owner_member_id=actor.member_id,
        owner_agency_id=actor.agency_id,
        created_by_id=actor.user_id,
    )
    session.add(bulletin)
    session.flush()
    sharing = apply_sharing(session, bulletin, data.sharing)
    record(
        session,
        actor=actor,
        action=AuditAction.RECORD_CREATED,
        object_type="bulletin",
        object_id=bulletin.id,
        object_member_id=bulletin.owner_member_id,
        changes={**_content(bulletin), **sharing},
    )
    return bulletin


def update_bulletin(
    session: Session, runtime: Runtime, actor: Actor, bulletin_id: int, data: BulletinIn
) -> Bulletin:
    bulletin = get_editable(session, actor, Bulletin, bulletin_id, runtime.reciprocity)
    before = {
        **_content(bulletin),
        **bulletin.sharing_fields(),
        "shared_with": shared_with_codes(session, bulletin),
    }
    bulletin.title, bulletin.category, bulletin.body = data.title, data.category, data.body
    bulletin.updated_at = utcnow()
    after = {**_content(bulletin), **apply_sharing(session, bulletin, data.sharing)}
    record(
        session,
        actor=actor,
        action=AuditAction.RECORD_UPDATED,
        object_type="bulletin",
        object_id=bulletin.id,
        object_member_id=bulletin.owner_member_id,
        changes=diff(before, after),
    )
    return bulletin


def withdraw_bulletin(session: Session, runtime: Runtime, actor: Actor, bulletin_id: int) -> None:
    """Withdrawn records vanish for everyone at once (they stay in the database for the audit)."""
    bulletin = get_editable(session, actor, Bulletin, bulletin_id, runtime.reciprocity)
    bulletin.withdrawn_at = utcnow()
    record(
        session,
        actor=actor,
        action=AuditAction.RECORD_WITHDRAWN,
        object_type="bulletin",
        object_id=bulletin.id,
        object_member_id=bulletin.owner_member_id,
    )


def _content(bulletin: Bulletin) -> dict[str, object]:
    return {"title": bulletin.title, "category": bulletin.category, "body": bulletin.body}


def to_out(session: Session, actor: Actor, bulletin: Bulletin) -> BulletinOut:
    """The bulletin as the actor may see it; only the owner learns whom else it is shared with."""
    member = session.get(Member, bulletin.owner_member_id)
    agency = session.get(Agency, bulletin.owner_agency_id)
    own = bulletin.owner_member_id == actor.member_id
    return BulletinOut(
        id=bulletin.id,
        title=bulletin.title,
        category=bulletin.category,
        body=bulletin.body,
        owner_member=member.code if member else "",
        owner_agency=agency.name if agency else "",
        shared_with=shared_with_codes(session, bulletin) if own else [],
        created_at=bulletin.created_at,
        updated_at=bulletin.updated_at,
        **bulletin.sharing_fields(),
    )

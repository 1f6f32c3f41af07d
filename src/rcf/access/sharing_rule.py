"""The general sharing rule inside queries (``scope()``, ``get_visible()``...), as the policy's
docstring states it, and the write-like decisions on one visible record (``can()``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import Select, and_, exists, false, or_, select, union_all
from sqlalchemy.orm import Session

from rcf.access.actor import Actor, require
from rcf.access.permissions import Permission
from rcf.access.reciprocity import Reciprocity, meets_reciprocity
from rcf.access.shared_records import (
    HandlingCode,
    R,
    RecordShare,
    SharedRecord,
    Visibility,
    shares_with,
)
from rcf.errors import Forbidden, NotFound


def visible_clause(
    session: Session, actor: Actor, model: type[SharedRecord], rule: Reciprocity
) -> Any:
    """The WHERE clause of the records ``actor`` may see (withdrawn ones excluded).

    Two shapes with the same meaning, chosen for speed: a contributor sees most regional rows,
    so a newest-first scan fills a page at once; anyone else sees few rows, found through
    indexes instead of a scan of the whole table.
    """
    member = actor.member_id
    if member is None:
        return false()
    if meets_reciprocity(session, actor, model, rule):
        return _contributor_clause(member, model)
    return _own_or_shared_clause(member, model)


def _contributor_clause(member: int, model: type[SharedRecord]) -> Any:
    # OFFSET 0 keeps PostgreSQL from hashing every share of the member before the scan;
    # it probes the record_shares primary key row by row instead.
    shared_with_me = exists(shares_with(member, model).offset(0))
    allowed = _sharing_rule(member, True, model.owner_member_id, model.visibility, shared_with_me)
    return and_(model.withdrawn_at.is_(None), allowed)


def _own_or_shared_clause(member: int, model: type[SharedRecord]) -> Any:
    # Without reciprocity only own and explicitly shared rows remain: found through the owner
    # index and the share list instead of a scan of the whole table.
    own_or_shared = union_all(
        select(model.id).where(model.owner_member_id == member),
        select(RecordShare.record_id).where(
            RecordShare.member_id == member, RecordShare.record_type == model.record_type
        ),
    )
    return and_(
        model.withdrawn_at.is_(None),
        model.id.in_(own_or_shared),
        or_(model.owner_member_id == member, model.visibility == Visibility.MEMBERS),
    )


def _sharing_rule(
    member: int, meets: bool, owner: Any, visibility: Any, shared_with_me: Any
) -> Any:
    """The rule itself over any columns: own, regional (with reciprocity), or shared with me."""
    allowed = [owner == member, and_(visibility == Visibility.MEMBERS, shared_with_me)]
    if meets:  # first: most rows a contributor sees are regional
        allowed.insert(0, visibility == Visibility.REGIONAL)
    return or_(*allowed)


GroupClause = Callable[[Any, Any, Any], Any]


def group_visibility(
    session: Session, actor: Actor, model: type[SharedRecord], rule: Reciprocity
) -> GroupClause:
    """The sharing rule over pre-aggregated rows of *live* records of ``model`` (rollups), each
    keyed by owner member, visibility and the members the records are shared with, written
    ``",3,7,"`` (empty unless the visibility is ``members``). Returns a function of those three
    columns giving the WHERE clause; reciprocity is decided once, here."""
    require(actor, model.read_permission)
    member = actor.member_id
    if member is None:
        return lambda owner, visibility, shared_with: false()
    meets = meets_reciprocity(session, actor, model, rule)

    def clause(owner: Any, visibility: Any, shared_with: Any) -> Any:
        shared_with_me = shared_with.contains(f",{member},", autoescape=True)
        return _sharing_rule(member, meets, owner, visibility, shared_with_me)

    return clause


def scope(
    stmt: Select[Any],
    session: Session,
    actor: Actor,
    model: type[SharedRecord],
    rule: Reciprocity,
    permission: Permission | None = None,
) -> Select[Any]:
    """Add the sharing rules to ``stmt`` (a select over ``model``); 403 without the permission."""
    require(actor, permission or model.read_permission)
    return stmt.where(visible_clause(session, actor, model, rule))


def get_visible(
    session: Session, actor: Actor, model: type[R], record_id: int, rule: Reciprocity
) -> R:
    """Load one record through ``scope()``; a hidden record raises the same 404 as a missing one."""
    stmt = scope(select(model).where(model.id == record_id), session, actor, model, rule)
    found: R | None = session.scalars(stmt).first()
    if found is None:
        raise NotFound()
    return found


def get_editable(
    session: Session, actor: Actor, model: type[R], record_id: int, rule: Reciprocity
) -> R:
    """A record the actor may change: 404 when hidden, 403 when visible but not theirs."""
    found = get_visible(session, actor, model, record_id, rule)
    if not can(actor, model.write_permission, found):
        raise Forbidden("Only the member that owns this record can change it.")
    return found


def can(actor: Actor, permission: Permission, record: SharedRecord) -> bool:
    """Decide a write-like action on one record the actor can already see."""
    if not actor.has(permission):
        return False
    return record.owner_member_id == actor.member_id


def can_pass_on(actor: Actor, record: SharedRecord) -> bool:
    """Whether the actor may re-share or export the record to others (H2 binds non-owners)."""
    if record.owner_member_id == actor.member_id:
        return True
    return record.handling_code != HandlingCode.H2

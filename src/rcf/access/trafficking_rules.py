"""Trafficking cases, referrals and their attachments: stricter than the general sharing rule."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TypeVar

from sqlalchemy import Select, and_, exists, false, or_, select
from sqlalchemy.orm import Session

from rcf.access.actor import Actor, require
from rcf.access.permissions import Permission
from rcf.access.roles import Role
from rcf.access.shared_records import R, SharedRecord, Visibility, shares_with
from rcf.errors import Forbidden, NotFound

# --- Trafficking cases: stricter than the general rule ----------------------------------------
# A case is never regional: the owner member sees it, and a member it was shared with sees it
# while the person's consent stands (withdrawal stops all sharing at once, inside the query).
# The victim's identity is for the owning agency's case workers only.


def case_clause(actor: Actor, model: Any) -> Any:
    """The WHERE clause of the trafficking cases ``actor`` may see (``model``: the case)."""
    member = actor.member_id
    if member is None:
        return false()
    shared_with_me = exists(shares_with(member, model))
    shared = and_(
        model.visibility == Visibility.MEMBERS,
        model.consent_withdrawn_at.is_(None),
        shared_with_me,
    )
    return and_(model.withdrawn_at.is_(None), or_(model.owner_member_id == member, shared))


def scope_cases(stmt: Select[Any], actor: Actor, model: Any) -> Select[Any]:
    require(actor, Permission.TRAFFICKING_READ)
    return stmt.where(case_clause(actor, model))


def get_visible_case(session: Session, actor: Actor, model: type[R], case_id: int) -> R:
    """One case through ``case_clause``; hidden answers the same 404 as missing."""
    found: R | None = session.scalars(
        scope_cases(select(model).where(model.id == case_id), actor, model)
    ).first()
    if found is None:
        raise NotFound()
    return found


def may_see_identity(actor: Actor, case: SharedRecord) -> bool:
    """Only a case worker of the agency that owns the case sees who the person is."""
    return (
        actor.has(Permission.TRAFFICKING_IDENTITY)
        and actor.member_id == case.owner_member_id
        and actor.agency_id == case.owner_agency_id
    )


def get_editable_case(session: Session, actor: Actor, model: type[R], case_id: int) -> R:
    """A case the actor may change: its owning agency's case workers. Without the write
    permission 403 whatever the id (nothing to learn); hidden 404; visible but another
    agency's 403."""
    require(actor, Permission.TRAFFICKING_WRITE)
    found = get_visible_case(session, actor, model, case_id)
    if not (actor.has(Permission.TRAFFICKING_WRITE) and may_see_identity(actor, found)):
        raise Forbidden("Only case workers of the agency that owns this case can change it.")
    return found


# --- Trafficking referrals: the two members of a referral, and no one else ---------------------
# The sender sees its referrals; the receiver sees one once four eyes approved it and while the
# person's consent stands (inside the query: withdrawal hides it at once). The identity sent is
# for the sender's case workers and, once accepted, the receiver's assigned agency's.


def referral_clause(actor: Actor, referral: Any, case: Any) -> Any:
    """The WHERE clause of the referrals ``actor`` may see (``case``: the case model)."""
    member = actor.member_id
    if member is None:
        return false()
    consent_stands = exists(
        select(case.id).where(case.id == referral.case_id, case.consent_withdrawn_at.is_(None))
    )
    received = and_(
        referral.receiver_member_id == member,
        referral.approval != "pending",
        consent_stands,
    )
    return or_(referral.sender_member_id == member, received)


Ref = TypeVar("Ref")


def get_visible_referral(
    session: Session, actor: Actor, referral: type[Ref], case: Any, referral_id: int
) -> Ref:
    require(actor, Permission.TRAFFICKING_READ)
    stmt = select(referral).where(referral.id == referral_id)  # type: ignore[attr-defined]
    found: Ref | None = session.scalars(stmt.where(referral_clause(actor, referral, case))).first()
    if found is None:
        raise NotFound()
    return found


def require_referral_actor(actor: Actor) -> None:
    """Who may act on referrals at all: case workers, and focal points (who answer them)."""
    if not (actor.has(Permission.TRAFFICKING_WRITE) or is_focal_point(actor)):
        raise Forbidden("Your role does not allow this action.")


def is_focal_point(actor: Actor) -> bool:
    return actor.role is Role.FOCAL_POINT and actor.has(Permission.TRAFFICKING_READ)


def is_sender_case_worker(actor: Actor, referral: Any) -> bool:
    return (
        actor.has(Permission.TRAFFICKING_IDENTITY)
        and actor.member_id == referral.sender_member_id
        and actor.agency_id == referral.sender_agency_id
    )


def is_receiving_case_worker(actor: Actor, referral: Any) -> bool:
    return (
        actor.has(Permission.TRAFFICKING_IDENTITY)
        and actor.member_id == referral.receiver_member_id
        and referral.receiver_agency_id is not None
        and actor.agency_id == referral.receiver_agency_id
    )


def is_referral_party(actor: Actor, referral: Any) -> bool:
    """May make the moves of its side: the sending agency's case workers, the focal points of
    both members, the receiving agency's case workers. (Messages, like the identity sent, are
    for the case workers alone: ``may_see_referral_identity``.)"""
    members = (referral.sender_member_id, referral.receiver_member_id)
    focal = is_focal_point(actor) and actor.member_id in members
    return (
        focal or is_sender_case_worker(actor, referral) or is_receiving_case_worker(actor, referral)
    )


def may_see_referral_identity(actor: Actor, referral: Any, *, accepted: bool) -> bool:
    if is_sender_case_worker(actor, referral):
        return True
    return accepted and is_receiving_case_worker(actor, referral)


def attachment_clause(
    actor: Actor, attachment: Any, referral: Any, case: Any, opened_states: Iterable[str]
) -> Any:
    """The WHERE clause of the attachments ``actor`` may open, in a query joining each to its
    ``referral``: on a referral it sees, for the sending agency's case workers, and the
    receiving agency's once the referral was accepted and is not declined or withdrawn
    (``opened_states``). Files hold identity, like the identity sent."""
    if actor.member_id is None or not actor.has(Permission.TRAFFICKING_IDENTITY):
        return false()
    sender = and_(
        referral.sender_member_id == actor.member_id,
        referral.sender_agency_id == actor.agency_id,
    )
    receiver = and_(
        referral.receiver_member_id == actor.member_id,
        referral.receiver_agency_id == actor.agency_id,
        referral.status.in_(list(opened_states)),
    )
    return and_(
        referral.id == attachment.referral_id,
        referral_clause(actor, referral, case),
        or_(sender, receiver),
    )

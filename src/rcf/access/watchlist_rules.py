"""The watchlist of persons of interest: listing, screening, and what a screening hit discloses.

A member lists and opens only its own entries. Screening searches more: the caller's own
entries and other members' entries the core's sharing rule lets it see (listed members, or
regional with reciprocity), never another member's national ones. What a hit on another
member's entry shows depends on the entry's handling code; nobody can list those entries.
The network view meets another member's entry only where the member already met it: through
a screening hit of its own, or a confirmed link to one of its own entries.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import and_, exists, false, or_, select
from sqlalchemy.orm import Session, aliased

from rcf.access.actor import Actor, own_member_clause, require
from rcf.access.permissions import Permission
from rcf.access.reciprocity import Reciprocity
from rcf.access.shared_records import HandlingCode, SharedRecord
from rcf.access.sharing_rule import visible_clause


def watchlist_clause(actor: Actor, owner_column: Any) -> Any:
    """Watchlist entries ``actor`` may list and open: its own member's, nobody else's."""
    require(actor, Permission.SCREENING_READ)
    return own_member_clause(actor, owner_column)


def screening_clause(
    session: Session, actor: Actor, model: type[SharedRecord], rule: Reciprocity
) -> Any:
    """Watchlist entries ``actor`` screens against (live ones only): the core's sharing rule."""
    require(actor, Permission.SCREENING_MATCH)
    return visible_clause(session, actor, model, rule)


# What a hit on another member's entry shows besides "contact member B, hit reference X" (the
# hit itself). H0 data may be used to prevent and combat crime: the names, dates and the
# explanation help the officer judge the hit. H1 keeps names (no evidence in court anyway);
# H2 (not to be passed on) and H3 (stated restrictions) show the contact line only.
SCREENING_DISCLOSURE: dict[HandlingCode, frozenset[str]] = {
    HandlingCode.H0: frozenset({"names", "birth_dates", "nationalities", "gender", "explanation"}),
    HandlingCode.H1: frozenset({"names", "explanation"}),
    HandlingCode.H2: frozenset(),
    HandlingCode.H3: frozenset(),
}
OWN_ENTRY_DISCLOSURE = frozenset(
    {"names", "birth_dates", "nationalities", "gender", "explanation", "entry"}
)


def screening_disclosure(
    actor: Actor, owner_member_id: int, handling_code: HandlingCode
) -> frozenset[str]:
    """The parts of a matched entry the screening ``actor`` may see (``entry``: its id and the
    owner's reference, for the owner's own people only)."""
    if owner_member_id == actor.member_id:
        return OWN_ENTRY_DISCLOSURE
    return SCREENING_DISCLOSURE.get(HandlingCode(handling_code), frozenset())


def screening_hit_clause(actor: Actor, owner_column: Any, screening_column: Any) -> Any:
    """Screening hits ``actor`` may see: those on its member's entries and its member's own."""
    require(actor, Permission.SCREENING_HIT_READ)
    return own_member_clause(actor, owner_column, screening_column)


def network_person_clause(
    session: Session,
    actor: Actor,
    model: type[SharedRecord],
    rule: Reciprocity,
    *,
    hits: Any,
    confirmed_pairs: Any,
) -> Any:
    """Watchlist entries ``actor`` may meet in the network view: within the core's sharing
    rule, its own member's, and another member's only where its member already met the entry,
    as other members' entries surface nowhere else: a screening hit of its member on it
    (``hits``: a table with ``person_id`` and ``screening_member_id``), or a confirmed link
    (``confirmed_pairs``: a subquery of ``left_id``, ``right_id``) to one of its own live
    entries. Without this, sweeping ids would list every shared entry's name."""
    require(actor, model.read_permission)
    member = actor.member_id
    if member is None:
        return false()
    met = or_(
        model.owner_member_id == member,
        exists().where(hits.person_id == model.id, hits.screening_member_id == member),
        _confirmed_to_own(model, member, confirmed_pairs),
    )
    return and_(visible_clause(session, actor, model, rule), met)


def _confirmed_to_own(model: type[SharedRecord], member: int, pairs: Any) -> Any:
    """Entries a confirmed link ties to one of ``member``'s own live entries (either side)."""
    mine = aliased(model)
    own_live = select(mine.id).where(mine.owner_member_id == member, mine.withdrawn_at.is_(None))
    return or_(
        exists().where(pairs.c.left_id == model.id, pairs.c.right_id.in_(own_live)),
        exists().where(pairs.c.right_id == model.id, pairs.c.left_id.in_(own_live)),
    )

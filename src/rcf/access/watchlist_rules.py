"""The watchlist of persons of interest: listing, screening, and what a screening hit discloses.

A member lists and opens only its own entries. Screening searches more: the caller's own
entries and other members' entries the core's sharing rule lets it see (listed members, or
regional with reciprocity), never another member's national ones. What a hit on another
member's entry shows depends on the entry's handling code; nobody can list those entries.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

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

"""The lost/stolen travel-document register and the hits of document checks.

Only the issuing member's people list, add, amend and withdraw its records; the RSO
administrator may open one by id to correct it (audited); everyone else learns of one record
at a time, through a hit on a number they checked (and never lists the register).
"""

from __future__ import annotations

from typing import Any

from rcf.access.actor import Actor, own_member_clause, require
from rcf.access.permissions import Permission


def register_list_clause(actor: Actor, owner_column: Any) -> Any:
    """Register records ``actor`` may list: its own member's, nobody else's (not even the RSO's
    administrator's, who corrects one record by id)."""
    require(actor, Permission.DOCUMENT_REGISTER_READ)
    return own_member_clause(actor, owner_column)


def register_record_clause(actor: Actor, owner_column: Any) -> Any:
    """One register record by id: its owner's, or any for the RSO administrator's correction."""
    require(actor, Permission.DOCUMENT_REGISTER_READ)
    if actor.has(Permission.DOCUMENT_REGISTER_CORRECT):
        return owner_column.is_not(None)
    return register_list_clause(actor, owner_column)


def may_change_register_record(actor: Actor, owner_member_id: int) -> bool:
    """Amend or withdraw a record the actor can already see (visible but not this: 403)."""
    if actor.has(Permission.DOCUMENT_REGISTER_CORRECT):
        return True
    return actor.has(Permission.DOCUMENT_REGISTER_WRITE) and owner_member_id == actor.member_id


def may_report_document(actor: Actor, actor_state: str | None, issuing_state: str) -> bool:
    """Only the agencies of the member whose state issued a document report it."""
    return actor_state is not None and actor_state == issuing_state


def hit_clause(actor: Actor, owner_column: Any, checking_column: Any) -> Any:
    """Hits ``actor`` may see: those on its member's records and those its member's checks made."""
    require(actor, Permission.DOCUMENT_HIT_READ)
    return own_member_clause(actor, owner_column, checking_column)

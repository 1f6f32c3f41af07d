"""Administrative objects: which users, API tokens and audit entries an actor administers or reads,
and which roles it may grant.

A focal point administers its own member; the RSO administrator the whole platform.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import or_

from rcf.access.actor import Actor, require
from rcf.access.permissions import Permission
from rcf.access.roles import Role, grantable_roles
from rcf.members.models import MemberKind


def user_clause(actor: Actor, user_member_column: Any) -> Any:
    """Which users (by their member column) ``actor`` may administer."""
    require(actor, Permission.USER_MANAGE)
    if actor.role == Role.RSO_ADMIN:
        return user_member_column.is_not(None)
    return user_member_column == actor.member_id


def token_clause(actor: Actor, token_member_column: Any) -> Any:
    """Which API tokens ``actor`` may see and revoke: its own member's."""
    require(actor, Permission.TOKEN_MANAGE)
    return token_member_column == actor.member_id


def audit_clause(actor: Actor, entry_member_column: Any, object_member_column: Any) -> Any:
    """Audit entries ``actor`` may read: the platform's (RSO), or those made by its member's
    people and those about its member's records, including reads by other members."""
    require(actor, Permission.AUDIT_READ)
    if actor.has(Permission.AUDIT_READ_PLATFORM):
        return entry_member_column.is_(None) | entry_member_column.is_not(None)
    return or_(entry_member_column == actor.member_id, object_member_column == actor.member_id)


def audit_changes_visible(actor: Actor, action: str, object_member_id: int | None) -> bool:
    """The before/after values of a record's change are the record's content: only the owning
    member's people see them. The platform view shows who did what and when, never what a
    national record says (C5: field by field)."""
    return not action.startswith("record.") or object_member_id == actor.member_id


def may_grant(actor: Actor, role: Role, target_member_kind: str | None) -> bool:
    """No one grants a role above their own; rso_admin exists only inside the RSO (C10)."""
    if actor.role is None or role not in grantable_roles(actor.role):
        return False
    # ``==``, not ``is``: a role may be passed as a plain str.
    return role != Role.RSO_ADMIN or target_member_kind == MemberKind.RSO

"""Who is asking, as the policy sees it (``Actor``), and the check every rule starts with."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import false, or_

from rcf.access.permissions import Permission
from rcf.access.roles import Role
from rcf.errors import Forbidden
from rcf.members.models import MemberKind


@dataclass(frozen=True)
class Actor:
    """Who is asking, as the policy sees it: one user, possibly through a scoped API token."""

    user_id: int | None
    label: str
    member_id: int | None
    agency_id: int | None
    member_kind: str | None
    role: Role | None
    permissions: frozenset[Permission] = field(default_factory=frozenset)
    token_id: int | None = None
    request_id: str = ""
    client_address: str = ""

    @classmethod
    def anonymous(cls, *, request_id: str = "", client_address: str = "") -> Actor:
        return cls(
            None, "anonymous", None, None, None, None, frozenset(), None, request_id, client_address
        )

    @classmethod
    def system(cls, label: str = "system (cli)", member_id: int | None = None) -> Actor:
        """The platform operator at the command line: every permission, audited as such."""
        return cls(
            None,
            label,
            member_id,
            None,
            None,
            Role.RSO_ADMIN,
            frozenset(Permission),
            None,
            "cli",
            "",
        )

    def __post_init__(self) -> None:
        # A role may arrive as a plain str (a column read without its enum type); make it the
        # enum so identity checks such as ``actor.role is Role.RSO_ADMIN`` hold for everyone.
        if self.role is not None and not isinstance(self.role, Role):
            object.__setattr__(self, "role", Role(self.role))

    def has(self, permission: Permission) -> bool:
        return permission in self.permissions

    @property
    def is_rso(self) -> bool:
        return self.member_kind == MemberKind.RSO


def require(actor: Actor, permission: Permission) -> None:
    """Refuse (403) an actor whose role or token does not grant ``permission``."""
    if not actor.has(permission):
        raise Forbidden("Your role does not allow this action.")


def own_member_clause(actor: Actor, *member_columns: Any) -> Any:
    """Rows where any of ``member_columns`` names the actor's member; none for an actor without
    a member (the anonymous, the platform operator at the command line)."""
    if actor.member_id is None:
        return false()
    return or_(*(column == actor.member_id for column in member_columns))

"""API routes about the caller's own identity."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel

from rcf.web.deps import ApiActor

router = APIRouter(tags=["accounts"])


class Me(BaseModel):
    user: str
    member_id: int | None
    role: str | None
    permissions: list[str]


@router.get("/me", response_model=Me)
def me(actor: ApiActor) -> Me:
    """Who the token acts for, and what it may do (the role narrowed to the token's scopes)."""
    return Me(
        user=actor.label,
        member_id=actor.member_id,
        role=str(actor.role) if actor.role else None,
        permissions=sorted(str(p) for p in actor.permissions),
    )

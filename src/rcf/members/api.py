"""API routes of the members directory (read-only for national systems)."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter
from pydantic import BaseModel

from rcf.members import service
from rcf.members.models import Member, MemberKind, MemberStatus
from rcf.web.deps import ApiActor, SessionDep

router = APIRouter(tags=["members"])


class AgencyOut(BaseModel):
    id: int
    name: str
    kind: str


class MemberOut(BaseModel):
    code: str
    name: str
    kind: MemberKind
    status: MemberStatus
    joined_on: date | None
    agencies: list[AgencyOut]


def _out(member: Member) -> MemberOut:
    return MemberOut(
        code=member.code,
        name=member.name,
        kind=member.kind,
        status=member.status,
        joined_on=member.joined_on,
        agencies=[AgencyOut(id=a.id, name=a.name, kind=a.kind) for a in member.agencies],
    )


@router.get("/members", response_model=list[MemberOut])
def list_members(
    actor: ApiActor, db: SessionDep, kind: MemberKind | None = None
) -> list[MemberOut]:
    """Every member, observer and the RSO, with their agencies (about 70 entries: no paging)."""
    return [_out(m) for m in service.list_members(db, actor, kind)]


@router.get("/members/{code}", response_model=MemberOut)
def get_member(code: str, actor: ApiActor, db: SessionDep) -> MemberOut:
    """One member by its code (ISO 3166-1 alpha-3 for states)."""
    return _out(service.get_member(db, actor, code))

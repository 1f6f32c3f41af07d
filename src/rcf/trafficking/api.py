"""API routes of trafficking cases, for national case-management systems with a token of scope
``trafficking:read`` or ``trafficking:write``. The identity is in the answer only for the owning
agency's case workers; everyone else allowed to see a case gets its pseudonymous number."""

from __future__ import annotations

from fastapi import APIRouter, Query
from pydantic import BaseModel
from sqlalchemy.orm import Session

from rcf.access.policy import Actor
from rcf.members.models import Member
from rcf.runtime import Runtime
from rcf.trafficking import service
from rcf.trafficking.models import TraffickingCase
from rcf.trafficking.outputs import CaseOut, to_out
from rcf.trafficking.schemas import CaseIn
from rcf.web.deps import ApiActor, RuntimeDep, SessionDep

api_router = APIRouter(prefix="/trafficking/cases", tags=["trafficking"])


class CasePage(BaseModel):
    items: list[CaseOut]
    next_after: int | None


def out(
    db: Session, runtime: Runtime, actor: Actor, case: TraffickingCase, *, private: bool = True
) -> CaseOut:
    owner = db.get(Member, case.owner_member_id)
    code = owner.code if owner else ""
    return to_out(db, runtime, actor, case, code, include_private=private)


@api_router.get("", response_model=CasePage)
def list_cases(
    actor: ApiActor,
    db: SessionDep,
    runtime: RuntimeDep,
    after: int | None = Query(None, ge=1, description="Keyset cursor: `next_after` before."),
    limit: int = Query(50, ge=1, le=500, description="Page size."),
) -> CasePage:
    """Cases you may see (your member's, and those shared with it while consent stands),
    newest first. A list never carries the identity (`identity` is null): read one case
    for it, which is audited."""
    page = service.list_cases(db, actor, after=after, limit=limit)
    items = [out(db, runtime, actor, case, private=False) for case in page.items]
    db.commit()
    return CasePage(items=items, next_after=page.next_after)


@api_router.get("/{case_id}", response_model=CaseOut)
def get_case(case_id: int, actor: ApiActor, db: SessionDep, runtime: RuntimeDep) -> CaseOut:
    """One case. Outside your scope it answers 404, exactly like a missing one."""
    result = out(db, runtime, actor, service.read_case(db, actor, case_id))
    db.commit()
    return result


@api_router.post("", response_model=CaseOut, status_code=201)
def create_case(data: CaseIn, actor: ApiActor, db: SessionDep, runtime: RuntimeDep) -> CaseOut:
    """Open a case for the token's agency. Identity fields are encrypted before storage."""
    case = service.create_case(db, runtime, actor, data)
    result = out(db, runtime, actor, case)
    db.commit()
    return result


@api_router.put("/{case_id}", response_model=CaseOut)
def amend_case(
    case_id: int, data: CaseIn, actor: ApiActor, db: SessionDep, runtime: RuntimeDep
) -> CaseOut:
    """Amend a case of your agency: send the whole case; `version` goes up by one."""
    case = service.amend_case(db, runtime, actor, case_id, data)
    result = out(db, runtime, actor, case)
    db.commit()
    return result


@api_router.post("/{case_id}/consent-withdrawal", response_model=CaseOut)
def withdraw_consent(case_id: int, actor: ApiActor, db: SessionDep, runtime: RuntimeDep) -> CaseOut:
    """Record that the person withdrew consent: all sharing stops at once."""
    case = service.withdraw_consent(db, runtime, actor, case_id)
    result = out(db, runtime, actor, case)
    db.commit()
    return result

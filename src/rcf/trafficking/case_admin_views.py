"""Routes of case withdrawal and of the identity-number look-up (pages and API). The number
travels in a POST body, never in a URL (URLs end up in logs and browser histories)."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse
from pydantic import BaseModel, Field

from rcf.access.permissions import Permission
from rcf.access.policy import require
from rcf.errors import InvalidInput
from rcf.trafficking import case_admin
from rcf.web.deps import ApiActor, FormData, FullSession, PageActor, RuntimeDep, SessionDep
from rcf.web.templating import flash, redirect, render

router = APIRouter(prefix="/trafficking", include_in_schema=False)
api_router = APIRouter(prefix="/trafficking", tags=["trafficking"])


class LookupIn(BaseModel):
    number: str = Field(max_length=200, description="An identity document number, as written.")


class CaseRef(BaseModel):
    id: int
    case_number: str


# --- Pages --------------------------------------------------------------------------------------


@router.get("/identity-lookup", response_class=HTMLResponse)
def lookup_form(request: Request, actor: PageActor) -> Response:
    require(actor, Permission.TRAFFICKING_WRITE)
    return render(request, "trafficking/lookup.html", {"errors": {}, "found": None})


@router.post("/identity-lookup", response_class=HTMLResponse)
def lookup_page(
    request: Request, actor: PageActor, form: FormData, db: SessionDep, runtime: RuntimeDep
) -> Response:
    require(actor, Permission.TRAFFICKING_WRITE)
    try:
        found = case_admin.look_up(db, runtime, actor, str(form.get("number", "")))
    except InvalidInput as error:
        db.rollback()
        return render(request, "trafficking/lookup.html", {"errors": error.errors, "found": None},
                      status=400)  # fmt: skip
    db.commit()
    return render(request, "trafficking/lookup.html", {"errors": {}, "found": found})


@router.post("/cases/{case_id}/withdraw")
def withdraw_page(
    case_id: int, actor: PageActor, web: FullSession, form: FormData, db: SessionDep
) -> Response:
    case = case_admin.withdraw_case(db, actor, case_id)
    flash(web, f"Case {case.case_number} was withdrawn.")
    db.commit()
    return redirect("/trafficking/cases")


# --- API ----------------------------------------------------------------------------------------


@api_router.post("/identity-lookup", response_model=list[CaseRef])
def lookup(
    actor: ApiActor, db: SessionDep, runtime: RuntimeDep, data: LookupIn | None = None
) -> list[CaseRef]:
    """Cases of your own agency holding this identity document number (case workers only).
    The number is matched through a keyed blind index: never stored, never logged."""
    require(actor, Permission.TRAFFICKING_WRITE)
    found = case_admin.look_up(db, runtime, actor, data.number if data else "")
    db.commit()
    return [CaseRef(id=case.id, case_number=case.case_number) for case in found]


@api_router.delete("/cases/{case_id}", status_code=204)
def withdraw(case_id: int, actor: ApiActor, db: SessionDep) -> Response:
    """Withdraw a case of your agency: it then answers 404 to everyone, and its open
    referrals are withdrawn."""
    case_admin.withdraw_case(db, actor, case_id)
    db.commit()
    return Response(status_code=204)

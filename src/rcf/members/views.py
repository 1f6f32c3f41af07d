"""Pages of the members directory; editing is the RSO administrator's."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from rcf.access.permissions import Permission
from rcf.access.policy import require
from rcf.errors import InvalidInput
from rcf.members import service
from rcf.members.models import AgencyKind, MemberKind, MemberStatus
from rcf.members.schemas import AgencyIn, MemberUpdate
from rcf.schemas import parse
from rcf.web.deps import FormData, FullSession, PageActor, SessionDep
from rcf.web.templating import flash, redirect, render

router = APIRouter(include_in_schema=False)


@router.get("/members", response_class=HTMLResponse)
def directory(
    request: Request, actor: PageActor, db: SessionDep, kind: MemberKind | None = None
) -> Response:
    members = service.list_members(db, actor, kind)
    processes = service.list_processes(db, actor)
    return render(
        request,
        "members/directory.html",
        {"members": members, "processes": processes, "kind": kind, "kinds": MemberKind},
    )


@router.get("/members/{code}", response_class=HTMLResponse)
def member_detail(request: Request, code: str, actor: PageActor, db: SessionDep) -> Response:
    member = service.get_member(db, actor, code)
    context = _detail_context(member, {}, {})
    context["focal_points"] = service.focal_points(db, actor, member)
    return render(request, "members/detail.html", context)


def _detail_context(
    member: object, values: dict[str, object], errors: dict[str, str]
) -> dict[str, object]:
    return {
        "member": member,
        "values": values,
        "errors": errors,
        "statuses": MemberStatus,
        "agency_kinds": AgencyKind,
    }


@router.post("/members/{code}", response_class=HTMLResponse)
def update_member(
    request: Request, code: str, actor: PageActor, web: FullSession, form: FormData, db: SessionDep
) -> Response:
    require(actor, Permission.MEMBER_MANAGE)
    member = service.get_member(db, actor, code)
    try:
        service.update_member(db, actor, code, parse(MemberUpdate, _blank_to_none(form)))
    except InvalidInput as error:
        return render(
            request, "members/detail.html", _detail_context(member, form, error.errors), status=400
        )
    flash(web, "The member was updated.")
    db.commit()
    return redirect(f"/members/{member.code}")


@router.post("/members/{code}/agencies", response_class=HTMLResponse)
def add_agency(
    request: Request, code: str, actor: PageActor, web: FullSession, form: FormData, db: SessionDep
) -> Response:
    require(actor, Permission.MEMBER_MANAGE)
    member = service.get_member(db, actor, code)
    try:
        service.save_agency(db, actor, member, parse(AgencyIn, form))
    except InvalidInput as error:
        errors = {f"agency_{k}": v for k, v in error.errors.items()}
        return render(
            request,
            "members/detail.html",
            _detail_context(member, {f"agency_{k}": v for k, v in form.items()}, errors),
            status=400,
        )
    flash(web, "The agency was saved.")
    db.commit()
    return redirect(f"/members/{member.code}")


def _blank_to_none(form: dict[str, object]) -> dict[str, object]:
    return {key: (None if value == "" else value) for key, value in form.items()}

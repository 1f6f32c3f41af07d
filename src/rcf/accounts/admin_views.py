"""Pages where focal points (their member) and the RSO administrator (everyone) manage users
and API tokens."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from rcf.access.permissions import Permission, token_scopes
from rcf.access.policy import Actor, require, user_clause
from rcf.access.roles import grantable_roles
from rcf.accounts import service
from rcf.accounts.schemas import TokenCreate, UserCreate, UserUpdate
from rcf.errors import InvalidInput
from rcf.members.models import Agency
from rcf.schemas import parse
from rcf.web.deps import FormData, FullSession, PageActor, RuntimeDep, SessionDep, form_list
from rcf.web.templating import flash, redirect, render

router = APIRouter(prefix="/admin", include_in_schema=False)


def _agencies(db: Session, actor: Actor) -> list[Agency]:
    stmt = select(Agency).where(user_clause(actor, Agency.member_id))
    return sorted(db.scalars(stmt), key=lambda a: (a.member.code, a.name))


def _user_form(
    request: Request,
    db: Session,
    actor: Actor,
    template: str,
    values: dict[str, Any],
    errors: dict[str, str] | None = None,
    **extra: Any,
) -> Response:
    assert actor.role is not None
    return render(
        request,
        template,
        {
            "values": values,
            "errors": errors or {},
            "agencies": _agencies(db, actor),
            "roles": grantable_roles(actor.role),
            **extra,
        },
        status=400 if errors else 200,
    )


@router.get("/users", response_class=HTMLResponse)
def users(request: Request, actor: PageActor, db: SessionDep) -> Response:
    found = list(db.scalars(service.users_query(actor)))
    return render(request, "accounts/users.html", {"users": found})


@router.get("/users/new", response_class=HTMLResponse)
def new_user_form(request: Request, actor: PageActor, db: SessionDep) -> Response:
    require(actor, Permission.USER_MANAGE)
    return _user_form(request, db, actor, "accounts/user_new.html", {})


@router.post("/users", response_class=HTMLResponse)
def create_user(
    request: Request, actor: PageActor, form: FormData, db: SessionDep, runtime: RuntimeDep
) -> Response:
    try:
        created = service.create_user(db, runtime, actor, parse(UserCreate, form))
    except InvalidInput as error:
        return _user_form(request, db, actor, "accounts/user_new.html", form, error.errors)
    db.commit()
    return render(
        request,
        "accounts/user_created.html",
        {"created": created.user, "temporary_password": created.temporary_password},
    )


@router.get("/users/{user_id}", response_class=HTMLResponse)
def user_detail(request: Request, user_id: int, actor: PageActor, db: SessionDep) -> Response:
    user = service.get_user(db, actor, user_id)
    values = {"full_name": user.full_name, "agency_id": user.agency_id, "role": user.role}
    return _user_form(request, db, actor, "accounts/user_detail.html", values, subject=user)


@router.post("/users/{user_id}", response_class=HTMLResponse)
def update_user(
    request: Request,
    user_id: int,
    actor: PageActor,
    web: FullSession,
    form: FormData,
    db: SessionDep,
) -> Response:
    subject = service.get_user(db, actor, user_id)
    try:
        service.update_user(db, actor, user_id, parse(UserUpdate, form))
    except InvalidInput as error:
        return _user_form(
            request, db, actor, "accounts/user_detail.html", form, error.errors, subject=subject
        )
    flash(web, "The user was updated.")
    db.commit()
    return redirect(f"/admin/users/{user_id}")


@router.post("/users/{user_id}/disable")
def disable_user(
    user_id: int, actor: PageActor, web: FullSession, form: FormData, db: SessionDep
) -> Response:
    service.set_active(db, actor, user_id, False)
    flash(web, "The user was disabled and signed out everywhere.")
    db.commit()
    return redirect(f"/admin/users/{user_id}")


@router.post("/users/{user_id}/enable")
def enable_user(
    user_id: int, actor: PageActor, web: FullSession, form: FormData, db: SessionDep
) -> Response:
    service.set_active(db, actor, user_id, True)
    flash(web, "The user was enabled.")
    db.commit()
    return redirect(f"/admin/users/{user_id}")


@router.post("/users/{user_id}/reset-2fa")
def reset_second_factor(
    user_id: int, actor: PageActor, web: FullSession, form: FormData, db: SessionDep
) -> Response:
    service.reset_second_factor(db, actor, user_id)
    flash(web, "The second factor was reset; the user sets up a new one at next sign-in.")
    db.commit()
    return redirect(f"/admin/users/{user_id}")


@router.post("/users/{user_id}/reset-password", response_class=HTMLResponse)
def reset_password(
    request: Request,
    user_id: int,
    actor: PageActor,
    form: FormData,
    db: SessionDep,
    runtime: RuntimeDep,
) -> Response:
    reset = service.reset_password(db, runtime, actor, user_id)
    db.commit()
    return render(
        request,
        "accounts/user_created.html",
        {"created": reset.user, "temporary_password": reset.temporary_password, "reset": True},
    )


# --- API tokens ---------------------------------------------------------------------------------


def _token_form(
    request: Request,
    db: Session,
    actor: Actor,
    values: dict[str, Any],
    errors: dict[str, str] | None = None,
) -> Response:
    require(actor, Permission.TOKEN_MANAGE)
    owners = [u for u in db.scalars(service.users_query(actor)) if u.is_active]
    return render(
        request,
        "accounts/token_new.html",
        {
            "values": values,
            "errors": errors or {},
            "owners": owners,
            "scopes": token_scopes(),
        },
        status=400 if errors else 200,
    )


@router.get("/tokens", response_class=HTMLResponse)
def tokens(request: Request, actor: PageActor, db: SessionDep) -> Response:
    found = list(db.scalars(service.tokens_query(actor)))
    return render(request, "accounts/tokens.html", {"tokens": found})


@router.get("/tokens/new", response_class=HTMLResponse)
def new_token_form(request: Request, actor: PageActor, db: SessionDep) -> Response:
    return _token_form(request, db, actor, {"days": 90})


@router.post("/tokens", response_class=HTMLResponse)
def create_token(
    request: Request, actor: PageActor, form: FormData, db: SessionDep, runtime: RuntimeDep
) -> Response:
    values = {**form, "scopes": form_list(form, "scopes")}
    try:
        created = service.create_token(db, runtime, actor, parse(TokenCreate, values))
    except InvalidInput as error:
        return _token_form(request, db, actor, values, error.errors)
    db.commit()
    return render(
        request, "accounts/token_created.html", {"token": created.token, "secret": created.secret}
    )


@router.post("/tokens/{token_id}/revoke")
def revoke_token(
    token_id: int, actor: PageActor, web: FullSession, form: FormData, db: SessionDep
) -> Response:
    service.revoke_token(db, actor, token_id)
    flash(web, "The token was revoked; it stops working at once.")
    db.commit()
    return redirect("/admin/tokens")

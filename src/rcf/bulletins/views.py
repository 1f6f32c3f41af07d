"""Pages of bulletins: list, read, write, amend and withdraw."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from rcf.access.policy import (
    Actor,
    HandlingCode,
    InformationAccuracy,
    SourceReliability,
    Visibility,
    can,
    get_editable,
    require,
)
from rcf.access.sharing import shared_with_codes
from rcf.bulletins import service
from rcf.bulletins.models import Bulletin, BulletinCategory
from rcf.bulletins.schemas import BulletinIn
from rcf.errors import InvalidInput
from rcf.members.models import Member
from rcf.schemas import parse
from rcf.web.deps import FormData, FullSession, PageActor, RuntimeDep, SessionDep, sharing_input
from rcf.web.templating import flash, redirect, render

router = APIRouter(prefix="/bulletins", include_in_schema=False)


def bulletin_input(form: dict[str, Any]) -> dict[str, Any]:
    """Nest the flat form into the API's shape, so both validate through one schema."""
    return {
        "title": form.get("title", ""),
        "category": form.get("category", ""),
        "body": form.get("body", ""),
        "sharing": sharing_input(form),
    }


def _flat_errors(errors: dict[str, str]) -> dict[str, str]:
    return {key.removeprefix("sharing."): message for key, message in errors.items()}


def _form_page(
    request: Request,
    db: Session,
    actor: Actor,
    values: dict[str, Any],
    errors: dict[str, str] | None = None,
    bulletin: Bulletin | None = None,
) -> Response:
    others = db.scalars(select(Member).where(Member.id != actor.member_id).order_by(Member.name))
    return render(
        request,
        "bulletins/form.html",
        {
            "values": values,
            "errors": _flat_errors(errors or {}),
            "bulletin": bulletin,
            "categories": BulletinCategory,
            "visibilities": Visibility,
            "handling_codes": HandlingCode,
            "reliabilities": SourceReliability,
            "accuracies": InformationAccuracy,
            "members": list(others),
        },
        status=400 if errors else 200,
    )


@router.get("", response_class=HTMLResponse)
def bulletins(
    request: Request,
    actor: PageActor,
    db: SessionDep,
    runtime: RuntimeDep,
    after: int | None = Query(None, ge=1),
    category: BulletinCategory | None = None,
) -> Response:
    page = service.list_bulletins(db, runtime, actor, after=after, category=category)
    db.commit()
    members = {m.id: m.code for m in db.scalars(select(Member))}
    return render(
        request,
        "bulletins/list.html",
        {
            "page": page,
            "members": members,
            "category": category,
            "categories": BulletinCategory,
            "actor": actor,
        },
    )


@router.get("/new", response_class=HTMLResponse)
def new_bulletin(request: Request, actor: PageActor, db: SessionDep) -> Response:
    require(actor, Bulletin.write_permission)
    return _form_page(
        request,
        db,
        actor,
        {
            "visibility": "national",
            "handling_code": "H0",
            "source_reliability": "X",
            "information_accuracy": "4",
        },
    )


@router.post("", response_class=HTMLResponse)
def create_bulletin(
    request: Request, actor: PageActor, web: FullSession, form: FormData, db: SessionDep
) -> Response:
    require(actor, Bulletin.write_permission)
    try:
        bulletin = service.create_bulletin(db, actor, parse(BulletinIn, bulletin_input(form)))
    except InvalidInput as error:
        # Undo what the service flushed before refusing: rendering may commit (flash messages).
        db.rollback()
        return _form_page(request, db, actor, form, error.errors)
    flash(web, "The bulletin was saved.")
    db.commit()
    return redirect(f"/bulletins/{bulletin.id}")


@router.get("/{bulletin_id}", response_class=HTMLResponse)
def bulletin_detail(
    request: Request, bulletin_id: int, actor: PageActor, db: SessionDep, runtime: RuntimeDep
) -> Response:
    bulletin = service.read_bulletin(db, runtime, actor, bulletin_id)
    out = service.to_out(db, actor, bulletin)
    db.commit()
    return render(
        request,
        "bulletins/detail.html",
        {"bulletin": out, "editable": can(actor, Bulletin.write_permission, bulletin)},
    )


@router.get("/{bulletin_id}/edit", response_class=HTMLResponse)
def edit_bulletin(
    request: Request, bulletin_id: int, actor: PageActor, db: SessionDep, runtime: RuntimeDep
) -> Response:
    bulletin = get_editable(db, actor, Bulletin, bulletin_id, runtime.reciprocity)
    values = {
        "title": bulletin.title,
        "category": bulletin.category,
        "body": bulletin.body,
        **bulletin.sharing_fields(),
        "shared_with": shared_with_codes(db, bulletin),
    }
    return _form_page(request, db, actor, values, bulletin=bulletin)


@router.post("/{bulletin_id}", response_class=HTMLResponse)
def update_bulletin(
    request: Request,
    bulletin_id: int,
    actor: PageActor,
    web: FullSession,
    form: FormData,
    db: SessionDep,
    runtime: RuntimeDep,
) -> Response:
    bulletin = get_editable(db, actor, Bulletin, bulletin_id, runtime.reciprocity)
    try:
        service.update_bulletin(
            db, runtime, actor, bulletin_id, parse(BulletinIn, bulletin_input(form))
        )
    except InvalidInput as error:
        db.rollback()  # as in create_bulletin: nothing half-changed may reach a commit
        return _form_page(request, db, actor, form, error.errors, bulletin)
    flash(web, "The bulletin was updated.")
    db.commit()
    return redirect(f"/bulletins/{bulletin_id}")


@router.post("/{bulletin_id}/withdraw")
def withdraw_bulletin(
    bulletin_id: int,
    actor: PageActor,
    web: FullSession,
    form: FormData,
    db: SessionDep,
    runtime: RuntimeDep,
) -> Response:
    service.withdraw_bulletin(db, runtime, actor, bulletin_id)
    flash(web, "The bulletin was withdrawn. No one can see it any more.")
    db.commit()
    return redirect("/bulletins")

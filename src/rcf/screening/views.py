"""Pages of the member's watchlist: list, read, add, amend and withdraw its own entries."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from rcf.access.permissions import Permission
from rcf.access.policy import Actor, require
from rcf.errors import InvalidInput
from rcf.members.models import Member
from rcf.schemas import parse
from rcf.screening import importing, service
from rcf.screening.models import PersonRole, WatchlistPerson
from rcf.screening.outputs import person_out
from rcf.screening.schemas import WatchlistPersonIn
from rcf.web.deps import (
    FormData,
    FullSession,
    PageActor,
    RuntimeDep,
    SessionDep,
    form_list,
    sharing_input,
)
from rcf.web.templating import flash, redirect, render

router = APIRouter(prefix="/screening/persons", include_in_schema=False)

DEFAULTS = {
    "visibility": "national",
    "handling_code": "H0",
    "source_reliability": "X",
    "information_accuracy": "4",
}


def _lines(text: Any) -> list[str]:
    """A text box with one value per line (commas also separate short codes)."""
    return [line.strip() for line in str(text or "").splitlines() if line.strip()]


def _codes(text: Any) -> list[str]:
    return [code.strip() for code in str(text or "").replace(",", " ").split() if code.strip()]


def _documents(text: Any) -> list[dict[str, str]]:
    """``NUMBER STATE`` per line (the state may be left out), read as a file's cell is."""
    return importing.documents_cell(";".join(_lines(text)))


def _links(text: Any) -> list[dict[str, str]]:
    """``incident 12`` or ``case 7`` per line, read as a file's cell is."""
    return importing.links_cell(";".join(_lines(text)))


def person_input(form: dict[str, Any]) -> dict[str, Any]:
    """Nest the flat form into the API's shape, so both validate through one schema."""
    return {
        "reference": form.get("reference", ""),
        "primary_name": form.get("primary_name", ""),
        "aliases": _lines(form.get("aliases")),
        "birth_dates": _codes(form.get("birth_dates")),
        "nationalities": _codes(form.get("nationalities")),
        "gender": form.get("gender", ""),
        "documents": _documents(form.get("documents")),
        "phones": _lines(form.get("phones")),
        "roles": form_list(form, "roles"),
        "remarks": form.get("remarks", ""),
        "links": _links(form.get("links")),
        "sharing": sharing_input(form),
    }


def form_values(data: dict[str, Any]) -> dict[str, Any]:
    """An entry in the API's shape as the form's flat values."""
    kinds = {"incident": "incident", "trafficking_case": "case"}
    return {
        **{k: data[k] for k in ("reference", "primary_name", "gender", "remarks", "roles")},
        "aliases": "\n".join(data["aliases"]),
        "birth_dates": ", ".join(data["birth_dates"]),
        "nationalities": ", ".join(data["nationalities"]),
        "documents": "\n".join(f"{d['number']} {d['issuing_state']}" for d in data["documents"]),
        "phones": "\n".join(data["phones"]),
        "links": "\n".join(
            f"{kinds.get(str(k['record_type']), k['record_type'])} {k['record_id']}"
            for k in data["links"]
        ),
        **data["sharing"],
    }


def _field_errors(errors: dict[str, str]) -> dict[str, str]:
    flat: dict[str, str] = {}
    for key, message in errors.items():
        flat.setdefault(key.removeprefix("sharing.").split(".")[0], message)
    return flat


def _form_page(
    request: Request,
    db: Session,
    actor: Actor,
    values: dict[str, Any],
    errors: dict[str, str] | None = None,
    person: WatchlistPerson | None = None,
) -> Response:
    others = db.scalars(select(Member).where(Member.id != actor.member_id).order_by(Member.name))
    context = {
        "values": values,
        "errors": _field_errors(errors or {}),
        "person": person,
        "roles": PersonRole,
        "members": list(others),
    }
    return render(request, "screening/form.html", context, status=400 if errors else 200)


@router.get("", response_class=HTMLResponse)
def persons(
    request: Request,
    actor: PageActor,
    db: SessionDep,
    after: int | None = Query(None, ge=1),
    q: str = Query("", max_length=100),
) -> Response:
    page = service.list_persons(db, actor, after=after, text=q)
    context = {"page": page, "q": q, "may_write": actor.has(Permission.SCREENING_WRITE)}
    response = render(request, "screening/list.html", context)
    db.commit()
    return response


@router.get("/new", response_class=HTMLResponse)
def new_person(request: Request, actor: PageActor, db: SessionDep) -> Response:
    require(actor, Permission.SCREENING_WRITE)
    return _form_page(request, db, actor, dict(DEFAULTS))


@router.post("", response_class=HTMLResponse)
def create_person(
    request: Request,
    actor: PageActor,
    web: FullSession,
    form: FormData,
    db: SessionDep,
    runtime: RuntimeDep,
) -> Response:
    require(actor, Permission.SCREENING_WRITE)
    try:
        data = parse(WatchlistPersonIn, person_input(form))
        person = service.create_person(db, runtime, actor, data)
    except InvalidInput as error:
        db.rollback()  # nothing the service flushed may reach a commit (flash messages commit)
        return _form_page(request, db, actor, form, error.errors)
    flash(web, "The person of interest was added to your watchlist.")
    db.commit()
    return redirect(f"/screening/persons/{person.id}")


@router.get("/{person_id}", response_class=HTMLResponse)
def person_detail(request: Request, person_id: int, actor: PageActor, db: SessionDep) -> Response:
    person = service.read_person(db, actor, person_id)
    out = person_out(db, person)
    db.commit()
    editable = actor.has(Permission.SCREENING_WRITE)
    return render(request, "screening/detail.html", {"person": out, "editable": editable})


@router.get("/{person_id}/edit", response_class=HTMLResponse)
def edit_person(request: Request, person_id: int, actor: PageActor, db: SessionDep) -> Response:
    person = service.get_editable_person(db, actor, person_id)
    values = form_values(service.person_input(db, person))
    return _form_page(request, db, actor, values, person=person)


@router.post("/{person_id}", response_class=HTMLResponse)
def amend_person(
    request: Request,
    person_id: int,
    actor: PageActor,
    web: FullSession,
    form: FormData,
    db: SessionDep,
    runtime: RuntimeDep,
) -> Response:
    person = service.get_editable_person(db, actor, person_id)
    try:
        data = parse(WatchlistPersonIn, person_input(form))
        service.save_amendment(db, runtime, actor, person, data)
    except InvalidInput as error:
        db.rollback()
        return _form_page(request, db, actor, form, error.errors, person)
    flash(web, "The entry was amended.")
    db.commit()
    return redirect(f"/screening/persons/{person_id}")


@router.post("/{person_id}/withdraw")
def withdraw_person(
    person_id: int, actor: PageActor, web: FullSession, form: FormData, db: SessionDep
) -> Response:
    service.withdraw_person(db, actor, person_id)
    flash(web, "The entry was withdrawn: it no longer appears in any screening.")
    db.commit()
    return redirect("/screening/persons")

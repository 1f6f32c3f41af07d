"""Pages of the document register: the issuing member's people list, add, amend and withdraw
its records; the RSO administrator opens one by id to correct it. Nobody else lists it."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.orm import Session

from rcf.access.permissions import Permission
from rcf.access.policy import Actor, HandlingCode, may_change_register_record, require
from rcf.documents import register
from rcf.documents.models import DocumentRecord, DocumentStatus, DocumentType, FraudType
from rcf.documents.register_schemas import RecordIn
from rcf.errors import InvalidInput
from rcf.schemas import parse
from rcf.web.deps import FormData, FullSession, PageActor, RuntimeDep, SessionDep
from rcf.web.templating import flash, redirect, render

router = APIRouter(prefix="/documents/register", include_in_schema=False)

FORM_FIELDS = (*register.PLAIN_FIELDS, "review_date")
OPTIONAL = frozenset({"fraud_type", "issue_date", "expiry_date", "loss_date", "review_date"})


def record_input(form: dict[str, Any]) -> dict[str, Any]:
    """The flat form as RecordIn takes it: blank optional fields are absent."""
    data = {name: str(form.get(name, "")).strip() for name in FORM_FIELDS}
    return {k: v for k, v in data.items() if v or k not in OPTIONAL}


def _form_page(
    request: Request,
    actor: Actor,
    values: dict[str, Any],
    errors: dict[str, str] | None = None,
    found: DocumentRecord | None = None,
) -> Response:
    context = {
        "values": values,
        "errors": errors or {},
        "record": found,
        "editable": found is None or may_change_register_record(actor, found.owner_member_id),
        "types": DocumentType,
        "statuses": DocumentStatus,
        "fraud_types": FraudType,
        "handling_codes": HandlingCode,
    }
    return render(request, "documents/record.html", context, status=400 if errors else 200)


@router.get("", response_class=HTMLResponse)
def register_list(
    request: Request, actor: PageActor, db: SessionDep, after: int | None = Query(None, ge=1)
) -> Response:
    """The member's own register, newest first."""
    page = register.list_records(db, actor, after=after, limit=50)
    db.commit()
    return render(request, "documents/register.html", {"page": page, "actor": actor})


@router.get("/new", response_class=HTMLResponse)
def new_record(request: Request, actor: PageActor, db: SessionDep) -> Response:
    require(actor, Permission.DOCUMENT_REGISTER_WRITE)
    state = register.member_state(db, actor.member_id) or ""
    values = {"issuing_state": state, "handling_code": "H0", "document_type": "passport"}
    return _form_page(request, actor, values)


@router.post("", response_class=HTMLResponse)
def create_record(
    request: Request,
    actor: PageActor,
    web: FullSession,
    form: FormData,
    db: SessionDep,
    runtime: RuntimeDep,
) -> Response:
    require(actor, Permission.DOCUMENT_REGISTER_WRITE)
    years = runtime.settings.document_review_years
    try:
        found = register.create_record(
            db, actor, parse(RecordIn, record_input(form)), review_years=years
        )
    except InvalidInput as error:
        db.rollback()
        return _form_page(request, actor, form, error.errors)
    flash(web, "The document was added to the register.")
    db.commit()
    return redirect(f"/documents/register/{found.id}")


@router.get("/{record_id}", response_class=HTMLResponse)
def record_detail(request: Request, record_id: int, actor: PageActor, db: SessionDep) -> Response:
    found = register.read_record(db, actor, record_id)
    values = {name: getattr(found, name) or "" for name in FORM_FIELDS}
    db.commit()
    return _form_page(request, actor, values, found=found)


@router.post("/{record_id}", response_class=HTMLResponse)
def amend_record(
    request: Request,
    record_id: int,
    actor: PageActor,
    web: FullSession,
    form: FormData,
    db: SessionDep,
    runtime: RuntimeDep,
) -> Response:
    found = register.get_changeable(db, actor, record_id)
    years = runtime.settings.document_review_years
    try:
        data = parse(RecordIn, record_input(form))
        register.amend_record(db, actor, record_id, data, review_years=years)
    except InvalidInput as error:
        db.rollback()
        return _form_page(request, actor, form, error.errors, _reload(db, actor, found.id))
    flash(web, "The record was updated.")
    db.commit()
    return redirect(f"/documents/register/{record_id}")


def _reload(db: Session, actor: Actor, record_id: int) -> DocumentRecord:
    return register.get_record(db, actor, record_id)


@router.post("/{record_id}/withdraw")
def withdraw_record(
    record_id: int, actor: PageActor, web: FullSession, form: FormData, db: SessionDep
) -> Response:
    register.withdraw_record(db, actor, record_id)
    flash(web, "The record was withdrawn: checks no longer find it.")
    db.commit()
    return redirect("/documents/register")

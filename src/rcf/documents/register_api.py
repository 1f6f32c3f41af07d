"""API of the document register, for the issuing member's national systems (token scope
``document:read`` to list, ``document:write`` to report). Other members never list it: they
check numbers (``checks_api``)."""

from __future__ import annotations

from fastapi import APIRouter, Query, Response

from rcf.documents import register
from rcf.documents.register_schemas import RecordIn, RecordOut, RecordPage
from rcf.web.deps import ApiActor, RuntimeDep, SessionDep

api_router = APIRouter(prefix="/documents/register", tags=["documents"])


@api_router.get("", response_model=RecordPage)
def list_records(
    actor: ApiActor,
    db: SessionDep,
    runtime: RuntimeDep,
    after: int | None = Query(
        None, ge=1, description="Keyset cursor: `next_after` of the page before."
    ),
    limit: int = Query(50, ge=1, le=1000, description="Page size (capped by the server)."),
) -> RecordPage:
    """Your own member's live register records, newest first. No one else's: other members'
    records are reached only through a check, one hit at a time."""
    limit = min(limit, runtime.settings.api_max_page_size)
    page = register.list_records(db, actor, after=after, limit=limit)
    out = RecordPage(
        items=[RecordOut.model_validate(r) for r in page.items], next_after=page.next_after
    )
    db.commit()
    return out


@api_router.post("", response_model=RecordOut, status_code=201)
def create_record(
    data: RecordIn, actor: ApiActor, db: SessionDep, runtime: RuntimeDep
) -> RecordOut:
    """Report a lost, stolen, revoked or fraudulent document. Only documents issued by your
    own state (403 otherwise). `national_reference` must be new for your member."""
    found = register.create_record(
        db, actor, data, review_years=runtime.settings.document_review_years
    )
    db.commit()
    return RecordOut.model_validate(found)


@api_router.get("/{record_id}", response_model=RecordOut)
def get_record(record_id: int, actor: ApiActor, db: SessionDep) -> RecordOut:
    """One of your member's records (404 for any other, exactly like a missing one)."""
    out = RecordOut.model_validate(register.read_record(db, actor, record_id))
    db.commit()
    return out


@api_router.put("/{record_id}", response_model=RecordOut)
def amend_record(
    record_id: int, data: RecordIn, actor: ApiActor, db: SessionDep, runtime: RuntimeDep
) -> RecordOut:
    """Amend a record: send it whole (`national_reference` and the issuing state cannot change).
    A review date not sent keeps the one the record has."""
    found = register.amend_record(
        db, actor, record_id, data, review_years=runtime.settings.document_review_years
    )
    db.commit()
    return RecordOut.model_validate(found)


@api_router.delete("/{record_id}", status_code=204)
def withdraw_record(record_id: int, actor: ApiActor, db: SessionDep) -> Response:
    """Withdraw a record: checks stop finding it at once."""
    register.withdraw_record(db, actor, record_id)
    db.commit()
    return Response(status_code=204)

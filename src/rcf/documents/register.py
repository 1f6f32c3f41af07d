"""Rules of the document register: only the issuing member's agencies add, amend and withdraw
its records (the RSO administrator may correct one, audited); reads go through the policy's
register clauses inside the query; every write is audited in its transaction."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from rcf.access.permissions import Permission
from rcf.access.policy import (
    Actor,
    may_change_register_record,
    may_report_document,
    register_list_clause,
    register_record_clause,
    require,
)
from rcf.audit.models import AuditAction
from rcf.audit.service import diff, record, record_listing
from rcf.db import utcnow
from rcf.documents.models import DocumentRecord
from rcf.documents.numbers import confusable_key, is_known_state, normalise_state
from rcf.documents.register_schemas import RecordIn
from rcf.errors import Forbidden, InvalidInput, NotFound
from rcf.members.models import Member

RECORD_TYPE = "document_record"
# Fields of RecordIn copied as they are onto the row (review_date gets its default).
PLAIN_FIELDS = (
    "national_reference", "document_number", "issuing_state", "document_type", "status",
    "fraud_type", "issue_date", "expiry_date", "loss_date", "remarks", "handling_code",
)  # fmt: skip


class Outcome(StrEnum):
    CREATED = "created"
    AMENDED = "amended"
    UNCHANGED = "unchanged"
    WITHDRAWN = "withdrawn"  # withdrawn earlier; an import does not bring it back


@dataclass(frozen=True)
class RecordPage:
    items: list[DocumentRecord]
    next_after: int | None


def check_key(issuing_state: str, number: str) -> str:
    """What a check looks up: the state and the confusable key of the number."""
    return f"{issuing_state}:{confusable_key(number)}"


def member_state(session: Session, member_id: int | None) -> str | None:
    """The ICAO code of a member that is a state (None for organisations and the RSO)."""
    code = session.scalar(select(Member.code).where(Member.id == member_id))
    state = normalise_state(code) if code else None
    return state if state and is_known_state(state) else None


def content_hash(data: RecordIn) -> str:
    return hashlib.sha256(data.model_dump_json().encode()).hexdigest()


def default_review_date(years: int, today: date | None = None) -> date:
    """SLTD's rule: removed after ``years`` unless the member sets an earlier date."""
    today = today or date.today()
    try:
        return today.replace(year=today.year + years)
    except ValueError:  # 29 February
        return today.replace(year=today.year + years, day=28)


# --- Reading ------------------------------------------------------------------------------------


def list_records(
    session: Session, actor: Actor, *, after: int | None = None, limit: int = 50
) -> RecordPage:
    """The actor's own member's live records, newest first (keyset on id); audited."""
    stmt = select(DocumentRecord).where(
        register_list_clause(actor, DocumentRecord.owner_member_id),
        DocumentRecord.withdrawn_at.is_(None),
    )
    if after is not None:
        stmt = stmt.where(DocumentRecord.id < after)
    rows = list(session.scalars(stmt.order_by(DocumentRecord.id.desc()).limit(limit + 1)))
    items = rows[:limit]
    record_listing(session, actor=actor, object_type=RECORD_TYPE, records=items)
    return RecordPage(items, items[-1].id if len(rows) > limit else None)


def get_record(session: Session, actor: Actor, record_id: int) -> DocumentRecord:
    """One live record inside the actor's scope; hidden or missing: the same 404."""
    found = session.scalars(
        select(DocumentRecord).where(
            DocumentRecord.id == record_id,
            register_record_clause(actor, DocumentRecord.owner_member_id),
            DocumentRecord.withdrawn_at.is_(None),
        )
    ).first()
    if found is None:
        raise NotFound()
    return found


def read_record(session: Session, actor: Actor, record_id: int) -> DocumentRecord:
    found = get_record(session, actor, record_id)
    _audit(session, actor, AuditAction.RECORD_READ, found)
    return found


def get_changeable(session: Session, actor: Actor, record_id: int) -> DocumentRecord:
    """A record the actor may amend or withdraw: 404 when hidden, 403 when only visible."""
    found = get_record(session, actor, record_id)
    if not may_change_register_record(actor, found.owner_member_id):
        raise Forbidden("Only the issuing member's agencies can change this record.")
    return found


# --- Writing ------------------------------------------------------------------------------------


def create_record(
    session: Session, actor: Actor, data: RecordIn, *, review_years: int
) -> DocumentRecord:
    """Report a document of the actor's own state (403 for any other issuing state)."""
    require(actor, Permission.DOCUMENT_REGISTER_WRITE)
    if actor.member_id is None or actor.agency_id is None:
        raise InvalidInput({"__all__": "Only a member's agency can report documents."})
    state = member_state(session, actor.member_id)
    if not may_report_document(actor, state, data.issuing_state):
        message = f"Your member can only report documents issued by {state or 'its own state'}."
        raise InvalidInput({"issuing_state": message})
    if _find_by_reference(session, actor.member_id, data.national_reference) is not None:
        message = "Your member already has a record with this reference."
        raise InvalidInput({"national_reference": message})
    found = DocumentRecord(
        owner_member_id=actor.member_id,
        owner_agency_id=actor.agency_id,
        created_by_id=actor.user_id,
    )
    _fill(found, data, review_years)
    session.add(found)
    session.flush()
    _audit(
        session, actor, AuditAction.RECORD_CREATED, found, {"reference": found.national_reference}
    )
    return found


def amend_record(
    session: Session, actor: Actor, record_id: int, data: RecordIn, *, review_years: int
) -> DocumentRecord:
    found = get_changeable(session, actor, record_id)
    return _amend(session, actor, found, data, review_years)


def _amend(
    session: Session, actor: Actor, found: DocumentRecord, data: RecordIn, review_years: int
) -> DocumentRecord:
    if data.national_reference != found.national_reference:
        raise InvalidInput({"national_reference": "The reference of a record cannot change."})
    if data.issuing_state != member_state(session, found.owner_member_id):
        raise InvalidInput({"issuing_state": "The issuing state must stay the owner's state."})
    before = content_of(found)
    if data.review_date is None:  # an amendment keeps the date it had
        data = data.model_copy(update={"review_date": found.review_date})
    _fill(found, data, review_years)
    found.updated_at = utcnow()
    changes = diff(before, content_of(found))
    if found.owner_member_id != actor.member_id:
        changes["correction_by_rso"] = True
    _audit(session, actor, AuditAction.RECORD_UPDATED, found, changes)
    return found


def withdraw_record(session: Session, actor: Actor, record_id: int) -> None:
    """Gone from checks and lists at once; kept (withdrawn) for the audit and past hits."""
    found = get_changeable(session, actor, record_id)
    found.withdrawn_at = utcnow()
    changes = {"correction_by_rso": True} if found.owner_member_id != actor.member_id else {}
    _audit(session, actor, AuditAction.RECORD_WITHDRAWN, found, changes)


def save_imported(session: Session, actor: Actor, data: RecordIn, *, review_years: int) -> Outcome:
    """Create, amend or leave alone the record with this reference (imports are idempotent)."""
    assert actor.member_id is not None
    existing = _find_by_reference(session, actor.member_id, data.national_reference)
    if existing is None:
        create_record(session, actor, data, review_years=review_years)
        return Outcome.CREATED
    if existing.withdrawn_at is not None:
        return Outcome.WITHDRAWN
    if existing.content_hash == content_hash(data):
        return Outcome.UNCHANGED
    _amend(session, actor, existing, data, review_years)
    return Outcome.AMENDED


def remove_reviewed(session: Session, actor: Actor, today: date | None = None) -> int:
    """Delete records whose review date has come (checks already ignore them); audited once."""
    today = today or date.today()
    gone = session.execute(delete(DocumentRecord).where(DocumentRecord.review_date <= today))
    count = int(getattr(gone, "rowcount", 0) or 0)
    record(
        session,
        actor=actor,
        action=AuditAction.RECORD_WITHDRAWN,
        object_type="document_review",
        object_id=today.isoformat(),
        changes={"removed": count},
    )
    return count


def content_of(found: DocumentRecord) -> dict[str, Any]:
    values = {name: getattr(found, name) for name in PLAIN_FIELDS}
    values["review_date"] = found.review_date
    return {k: (v.isoformat() if isinstance(v, date) else v) for k, v in values.items()}


def _fill(found: DocumentRecord, data: RecordIn, review_years: int) -> None:
    for name in PLAIN_FIELDS:
        setattr(found, name, getattr(data, name))
    found.check_key = check_key(data.issuing_state, data.document_number)
    found.review_date = data.review_date or default_review_date(review_years)
    found.content_hash = content_hash(data)


def _find_by_reference(session: Session, member_id: int, reference: str) -> DocumentRecord | None:
    return session.scalars(
        select(DocumentRecord).where(
            DocumentRecord.owner_member_id == member_id,
            DocumentRecord.national_reference == reference,
        )
    ).first()


def _audit(
    session: Session,
    actor: Actor,
    action: AuditAction,
    found: DocumentRecord,
    changes: dict[str, Any] | None = None,
) -> None:
    record(
        session,
        actor=actor,
        action=action,
        object_type=RECORD_TYPE,
        object_id=found.id,
        object_member_id=found.owner_member_id,
        changes=changes,
    )

"""Writing a record's sharing metadata, including the list of members it is shared with."""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from rcf.access.policy import RecordShare, SharedRecord
from rcf.access.schemas import SharingIn
from rcf.errors import InvalidInput
from rcf.members.models import Member


def apply_sharing(session: Session, record: SharedRecord, data: SharingIn) -> dict[str, Any]:
    """Set the record's sharing fields and share list; returns the new values for the audit."""
    members = _members_by_code(session, data.shared_with)
    for name, value in data.model_dump(exclude={"shared_with"}).items():
        setattr(record, name, value)
    session.flush()
    session.execute(
        delete(RecordShare).where(
            RecordShare.record_type == record.record_type, RecordShare.record_id == record.id
        )
    )
    for member in members:
        if member.id != record.owner_member_id:
            session.add(
                RecordShare(
                    record_type=record.record_type, record_id=record.id, member_id=member.id
                )
            )
    return {**record.sharing_fields(), "shared_with": data.shared_with}


def shared_with_codes(session: Session, record: SharedRecord) -> list[str]:
    return list(
        session.scalars(
            select(Member.code)
            .join(RecordShare, RecordShare.member_id == Member.id)
            .where(
                RecordShare.record_type == record.record_type, RecordShare.record_id == record.id
            )
            .order_by(Member.code)
        )
    )


def _members_by_code(session: Session, codes: list[str]) -> list[Member]:
    if not codes:
        return []
    found = list(session.scalars(select(Member).where(Member.code.in_(codes))))
    missing = sorted(set(codes) - {m.code for m in found})
    if missing:
        raise InvalidInput({"shared_with": f"Unknown member code: {', '.join(missing)}."})
    return found

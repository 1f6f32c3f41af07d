"""API routes of cross-border referrals. The receiver sees only the fields the sender chose;
the identity among them only its assigned agency's case workers, after accepting (audited)."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from rcf.access.policy import Actor
from rcf.db import utcnow
from rcf.runtime import Runtime
from rcf.trafficking import referral_messages as message_service
from rcf.trafficking import referral_service as service
from rcf.trafficking import referrals as rules
from rcf.trafficking.referral_models import TraffickingReferral
from rcf.web.deps import ApiActor, RuntimeDep, SessionDep

api_router = APIRouter(prefix="/trafficking/referrals", tags=["trafficking"])


class ReferralIn(BaseModel):
    case_id: int = Field(ge=1)
    receiver: str = Field(min_length=2, max_length=8, description="Member code, e.g. IDN.")
    purpose: rules.ReferralPurpose
    fields: list[str] = Field(description="The fields to send; nothing else travels.")


class MoveIn(BaseModel):
    to: str = Field(max_length=32)
    agency_id: int | None = Field(None, description="On acceptance: the agency assigned.")


class MessageIn(BaseModel):
    body: str = Field(max_length=4000)


class MessageOut(BaseModel):
    id: int
    from_member: str
    body: str
    created_at: datetime


class ReferralOut(BaseModel):
    id: int
    direction: Literal["outgoing", "incoming"]
    sender: str
    receiver: str
    receiver_agency_id: int | None
    purpose: str
    status: str
    approval: str
    fields: list[str]
    case: dict[str, Any]
    identity: dict[str, Any] | None
    identity_visible: bool
    case_id: int | None = Field(description="The sender's own case; null for the receiver.")
    due_at: datetime | None
    overdue: bool
    allowed_moves: list[str]
    status_since: datetime


def out(
    db: Session,
    runtime: Runtime,
    actor: Actor,
    referral: TraffickingReferral,
    *,
    with_identity: bool = True,
) -> ReferralOut:
    codes = service.member_codes(db, referral.sender_member_id, referral.receiver_member_id)
    sender_side = actor.member_id == referral.sender_member_id
    view = service.as_rules(referral)
    # A list decrypts nothing: no identity, and no audit entry for an opening nobody saw.
    identity = service.sent_identity(db, runtime, actor, referral) if with_identity else None
    return ReferralOut(
        id=referral.id,
        direction="outgoing" if sender_side else "incoming",
        sender=codes.get(referral.sender_member_id, ""),
        receiver=codes.get(referral.receiver_member_id, ""),
        receiver_agency_id=referral.receiver_agency_id,
        purpose=str(referral.purpose),
        status=str(referral.status),
        approval=referral.approval,
        fields=list(referral.fields),
        case=dict(referral.case_fields),
        identity=identity,
        identity_visible=identity is not None,
        case_id=referral.case_id if sender_side else None,
        due_at=rules.due_at(view),
        overdue=rules.is_overdue(view, utcnow()),
        allowed_moves=[str(s) for s in rules.allowed_moves(view, service.rules_actor(actor))],
        status_since=referral.status_since,
    )


@api_router.get("", response_model=list[ReferralOut])
def list_referrals(
    actor: ApiActor,
    db: SessionDep,
    runtime: RuntimeDep,
    box: Literal["inbox", "outbox"] = Query("inbox", description="Received or sent."),
) -> list[ReferralOut]:
    """Referrals your member received (inbox) or sent (outbox), newest first; a list never
    carries the identity."""
    items = service.list_referrals(db, actor, box)
    result = [out(db, runtime, actor, r, with_identity=False) for r in items]
    db.commit()
    return result


@api_router.post("", response_model=ReferralOut, status_code=201)
def create_referral(
    data: ReferralIn, actor: ApiActor, db: SessionDep, runtime: RuntimeDep
) -> ReferralOut:
    """Refer a case of your agency. Identity fields wait for a second case worker's approval."""
    referral = service.create_referral(
        db,
        runtime,
        actor,
        case_id=data.case_id,
        receiver=data.receiver,
        purpose=data.purpose,
        fields=data.fields,
    )
    result = out(db, runtime, actor, referral)
    db.commit()
    return result


@api_router.get("/{referral_id}", response_model=ReferralOut)
def get_referral(
    referral_id: int, actor: ApiActor, db: SessionDep, runtime: RuntimeDep
) -> ReferralOut:
    """One referral; outside your scope 404, exactly like a missing one."""
    result = out(db, runtime, actor, service.read_referral(db, actor, referral_id))
    db.commit()
    return result


@api_router.post("/{referral_id}/approval", response_model=ReferralOut)
def approve_referral(
    referral_id: int, actor: ApiActor, db: SessionDep, runtime: RuntimeDep
) -> ReferralOut:
    """Four eyes: another case worker of the sending agency approves the identity sent."""
    result = out(db, runtime, actor, service.approve(db, actor, referral_id))
    db.commit()
    return result


@api_router.post("/{referral_id}/transitions", response_model=ReferralOut)
def move_referral(
    referral_id: int, data: MoveIn, actor: ApiActor, db: SessionDep, runtime: RuntimeDep
) -> ReferralOut:
    """Move the referral; an illegal move answers 409 naming the allowed ones."""
    referral = service.move(db, actor, referral_id, data.to, data.agency_id)
    result = out(db, runtime, actor, referral)
    db.commit()
    return result


@api_router.get("/{referral_id}/messages", response_model=list[MessageOut])
def list_messages(
    referral_id: int, actor: ApiActor, db: SessionDep, runtime: RuntimeDep
) -> list[MessageOut]:
    """The secure messages between the two sides, for the case workers who may see the
    identity sent: the sending agency's, and the assigned receiving agency's once accepted
    (each opening audited). Everyone else, focal points included, is refused (403)."""
    pairs = message_service.read_messages(db, runtime, actor, referral_id)
    referral_members = {m.author_member_id for m, _ in pairs}
    codes = service.member_codes(db, *referral_members)
    result = [
        MessageOut(id=m.id, from_member=codes.get(m.author_member_id, ""), body=text,
                   created_at=m.created_at)
        for m, text in pairs
    ]  # fmt: skip
    db.commit()
    return result


@api_router.post("/{referral_id}/messages", response_model=MessageOut, status_code=201)
def post_message(
    referral_id: int, data: MessageIn, actor: ApiActor, db: SessionDep, runtime: RuntimeDep
) -> MessageOut:
    """Write to the other side; the text is stored encrypted."""
    message = message_service.post_message(db, runtime, actor, referral_id, data.body)
    code = service.member_codes(db, message.author_member_id).get(message.author_member_id, "")
    result = MessageOut(id=message.id, from_member=code, body=data.body.strip(),
                        created_at=message.created_at)  # fmt: skip
    db.commit()
    return result

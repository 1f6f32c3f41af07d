"""Secure messages of a referral.

Free text may name the person, so a message is identity: sealed, and read or written only by
those who may open the identity sent (``may_open_identity``), each opening audited.
"""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.orm import Session

from rcf.access.permissions import Permission
from rcf.access.policy import Actor, get_visible_referral, require
from rcf.db import utcnow
from rcf.errors import Conflict, Forbidden, InvalidInput
from rcf.runtime import Runtime
from rcf.trafficking import referrals as rules
from rcf.trafficking.models import TraffickingCase
from rcf.trafficking.referral_models import ReferralMessage, TraffickingReferral
from rcf.trafficking.referral_sealing import may_open_identity, message_address, referral_cipher
from rcf.trafficking.referral_service import audit_change

R = TraffickingReferral
NOT_FOR_MESSAGES = (
    "Messages may hold the person's identity: only the case workers who may see the identity "
    "sent read and write them."
)


def _messages_referral(session: Session, actor: Actor, referral_id: int) -> TraffickingReferral:
    """The referral whose messages ``actor`` may read and write. A role that never sees
    identity is refused before the lookup (403 whatever the id), a hidden referral is 404."""
    if not actor.has(Permission.TRAFFICKING_IDENTITY):
        raise Forbidden(NOT_FOR_MESSAGES)
    referral = get_visible_referral(session, actor, R, TraffickingCase, referral_id)
    if not may_open_identity(actor, referral):
        raise Forbidden(NOT_FOR_MESSAGES)
    return referral


def post_message(
    session: Session, runtime: Runtime, actor: Actor, referral_id: int, body: str
) -> ReferralMessage:
    require(actor, Permission.TRAFFICKING_WRITE)
    referral = _messages_referral(session, actor, referral_id)
    if referral.status in rules.FINAL:
        raise Conflict("The referral is closed to messages.")
    text = body.strip()
    if not text:
        raise InvalidInput({"body": "Write a message."})
    message = ReferralMessage(
        uid=str(uuid.uuid4()),
        referral_id=referral.id,
        author_id=actor.user_id,
        author_member_id=actor.member_id,
        created_at=utcnow(),
    )
    box = referral_cipher(session, runtime, actor, referral)
    message.body_sealed = box.encrypt(text, message_address(referral, message))
    session.add(message)
    session.flush()
    audit_change(session, actor, referral, {"message": message.id})
    return message


def read_messages(
    session: Session, runtime: Runtime, actor: Actor, referral_id: int
) -> list[tuple[ReferralMessage, str]]:
    """The messages with their text (each opening audited)."""
    referral = _messages_referral(session, actor, referral_id)
    stmt = select(ReferralMessage).where(ReferralMessage.referral_id == referral.id)
    messages = list(session.scalars(stmt.order_by(ReferralMessage.id)))
    box = referral_cipher(session, runtime, actor, referral)
    return [(m, box.decrypt(m.body_sealed, message_address(referral, m))) for m in messages]

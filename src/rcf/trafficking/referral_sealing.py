"""What travels with a referral beyond its coded fields (the identity sent, messages,
attachments): who may open it, and the cipher that seals it, bound to the referral's ``uid``,
auditing every opening."""

from __future__ import annotations

from sqlalchemy.orm import Session

from rcf.access.policy import Actor, may_see_referral_identity
from rcf.audit.models import AuditAction
from rcf.audit.service import record
from rcf.runtime import Runtime
from rcf.trafficking import referrals as rules
from rcf.trafficking.crypto import FieldAddress, FieldCipher, cipher_from_settings
from rcf.trafficking.referral_models import ReferralMessage, TraffickingReferral

R = TraffickingReferral
ACCEPTED_STATES = frozenset(rules.TRANSITIONS) - {
    rules.S.REQUESTED,
    rules.S.DECLINED,
    rules.S.WITHDRAWN,
}


def may_open_identity(actor: Actor, referral: TraffickingReferral) -> bool:
    """Who may open what travels with a referral beyond its coded fields (the identity sent,
    messages, attachments): the sending agency's case workers, and the receiving agency's
    once the referral was accepted (not declined or withdrawn). Focal points decide on the
    coded fields and never read these."""
    accepted = referral.status in ACCEPTED_STATES
    return may_see_referral_identity(actor, referral, accepted=accepted)


def referral_cipher(
    session: Session,
    runtime: Runtime,
    actor: Actor,
    referral: TraffickingReferral,
    *,
    attachment_id: int | None = None,
    audited_column: str | None = None,
) -> FieldCipher:
    """The deployment's cipher, auditing every opening as ``actor`` reading ``referral`` (of
    ``audited_column`` only, when given: downloading an attachment opens its name too, and one
    act is one entry)."""

    def on_decrypt(address: FieldAddress) -> None:
        if audited_column is not None and address.column != audited_column:
            return
        changes: dict[str, object] = {"field": address.column}
        if attachment_id is not None:
            changes["attachment"] = attachment_id
        record(
            session,
            actor=actor,
            action=AuditAction.IDENTITY_DECRYPTED,
            object_type=R.record_type,
            object_id=referral.id,
            object_member_id=referral.sender_member_id,
            changes=changes,
        )

    key_file = runtime.settings.resolved_trafficking_key_file
    return cipher_from_settings(key_file, on_decrypt=on_decrypt)


def identity_address(referral: TraffickingReferral) -> FieldAddress:
    return FieldAddress(R.__tablename__, "identity", referral.uid)


def message_address(referral: TraffickingReferral, message: ReferralMessage) -> FieldAddress:
    return FieldAddress(ReferralMessage.__tablename__, "body", f"{referral.uid}/{message.uid}")

"""Two acts on cases besides editing them: withdrawing a case (entered in error, or no longer
to be kept), and finding a case of one's own agency by an identity document number.

The look-up uses the blind index (``crypto.blind_index``): the number typed is neither stored
nor compared in the clear, and nothing is decrypted. It is audited without the number.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from rcf.access.permissions import Permission
from rcf.access.policy import Actor, get_editable_case, require
from rcf.audit.models import AuditAction
from rcf.audit.service import record
from rcf.db import utcnow
from rcf.errors import InvalidInput
from rcf.runtime import Runtime
from rcf.trafficking import service
from rcf.trafficking.models import TraffickingCase
from rcf.trafficking.referral_service import stop_for_withdrawn_consent

NUMBER_LENGTH = 60


def withdraw_case(session: Session, actor: Actor, case_id: int) -> TraffickingCase:
    """Withdraw a case of the actor's agency: from now it answers like a missing one to
    everyone (the policy checks ``withdrawn_at`` in the query) and its open referrals stop,
    the identity sent erased."""
    case = get_editable_case(session, actor, TraffickingCase, case_id)
    case.withdrawn_at = case.updated_at = utcnow()
    stop_for_withdrawn_consent(session, case.id)
    record(
        session,
        actor=actor,
        action=AuditAction.RECORD_WITHDRAWN,
        object_type=TraffickingCase.record_type,
        object_id=case.id,
        object_member_id=case.owner_member_id,
    )
    return case


def look_up(session: Session, runtime: Runtime, actor: Actor, number: str) -> list[TraffickingCase]:
    """The actor's agency's cases holding this identity number (case workers only; audited
    with the number of matches, never the number)."""
    require(actor, Permission.TRAFFICKING_WRITE)
    require(actor, Permission.TRAFFICKING_IDENTITY)
    text = number.strip()
    if not text or len(text) > NUMBER_LENGTH:
        raise InvalidInput(
            {"number": f"Give an identity number of up to {NUMBER_LENGTH} characters."}
        )
    found = service.find_by_identity_number(session, runtime, actor, text)
    record(
        session,
        actor=actor,
        action=AuditAction.RECORD_READ,
        object_type="trafficking_identity_lookup",
        object_id=f"{len(found)} match(es)",
        object_member_id=actor.member_id,
        changes={"cases": [case.id for case in found]},
    )
    return found

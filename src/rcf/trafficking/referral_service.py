"""Rules of cross-border referrals in the database, on top of the pure rules in ``referrals``.

Every read goes through the policy's referral clause (inside the query). The identity fields
the sender chose are decrypted from the case (audited) and sealed again for the referral,
bound to its ``uid`` (``referral_sealing``); the receiver opens them only after accepting,
each opening audited. Messages are in ``referral_messages``, attachments in
``referral_attachments``.
"""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Select, select, update
from sqlalchemy.orm import Session

from rcf.access.permissions import Permission
from rcf.access.policy import (
    Actor,
    get_editable_case,
    get_visible_referral,
    is_focal_point,
    is_referral_party,
    is_sender_case_worker,
    referral_clause,
    require,
    require_referral_actor,
)
from rcf.audit.models import AuditAction
from rcf.audit.service import record
from rcf.db import utcnow
from rcf.errors import Conflict, Forbidden, InvalidInput
from rcf.members.models import Agency, Member
from rcf.runtime import Runtime
from rcf.trafficking import referrals as rules
from rcf.trafficking.codes import ConsentPurpose
from rcf.trafficking.models import TraffickingCase
from rcf.trafficking.referral_models import Approval, TraffickingReferral
from rcf.trafficking.referral_sealing import (
    identity_address,
    may_open_identity,
    referral_cipher,
)
from rcf.trafficking.service import private_fields

R = TraffickingReferral


def audit_change(
    session: Session, actor: Actor, referral: TraffickingReferral, changes: dict[str, Any]
) -> None:
    """Audit a change of the referral (a move, an approval, a message, a file) as ``actor``'s."""
    record(
        session,
        actor=actor,
        action=AuditAction.RECORD_UPDATED,
        object_type=R.record_type,
        object_id=referral.id,
        object_member_id=referral.sender_member_id,
        changes=changes,
    )


# --- Consent and the rules' view of a referral -------------------------------------------------


def consent_of(case: TraffickingCase) -> rules.Consent | None:
    if case.consent_given_on is None:
        return None
    given = datetime.combine(case.consent_given_on, datetime.min.time(), tzinfo=UTC)
    purposes = frozenset(ConsentPurpose(p) for p in case.consent_purposes)
    return rules.Consent(purposes, given, case.consent_withdrawn_at)


def as_rules(referral: TraffickingReferral) -> rules.Referral:
    return rules.Referral(
        referral.sender_member_id,
        referral.receiver_member_id,
        referral.requested_by_id,
        referral.purpose,
        referral.status,
        referral.status_since,
    )


def rules_actor(actor: Actor) -> rules.Actor:
    return rules.Actor(
        actor.user_id or 0,
        actor.member_id or 0,
        may_approve_identity=actor.has(Permission.TRAFFICKING_IDENTITY),
    )


# --- Sending -----------------------------------------------------------------------------------


def create_referral(
    session: Session,
    runtime: Runtime,
    actor: Actor,
    *,
    case_id: int,
    receiver: str,
    purpose: rules.ReferralPurpose,
    fields: list[str],
) -> TraffickingReferral:
    """A referral of the case to ``receiver``: consent checked first; with identity fields it
    waits for a second case worker's approval (four eyes) before the receiver sees it."""
    require(actor, Permission.TRAFFICKING_WRITE)
    receiver_member = _receiver(session, actor, receiver)
    chosen = frozenset(fields)
    _check_fields(chosen)
    case = get_editable_case(session, actor, TraffickingCase, case_id)
    now = utcnow()
    identity = _identity_with_consent(case, chosen, now)
    referral = _new_referral(
        actor, case, receiver_member, purpose, chosen, now, four_eyes=bool(identity)
    )
    session.add(referral)
    session.flush()
    if identity:
        _seal_identity(session, runtime, actor, case, referral, identity)
    record(
        session,
        actor=actor,
        action=AuditAction.RECORD_CREATED,
        object_type=R.record_type,
        object_id=referral.id,
        object_member_id=referral.sender_member_id,
        changes={"to": receiver_member.code, "fields": referral.fields, "purpose": str(purpose)},
    )
    return referral


def _identity_with_consent(
    case: TraffickingCase, chosen: frozenset[str], now: datetime
) -> frozenset[str]:
    """The identity fields among ``chosen``, once the person's consent covers sending them."""
    consent = consent_of(case)
    rules.check_consent(consent, ConsentPurpose.REFERRAL, now=now)
    identity = chosen & rules.IDENTITY_FIELDS
    if identity:
        rules.check_consent(consent, ConsentPurpose.IDENTITY_SHARING, now=now)
    return identity


def _new_referral(
    actor: Actor,
    case: TraffickingCase,
    receiver: Member,
    purpose: rules.ReferralPurpose,
    chosen: frozenset[str],
    now: datetime,
    *,
    four_eyes: bool,
) -> TraffickingReferral:
    """The new referral row, waiting for a second case worker's approval if ``four_eyes``."""
    return R(
        uid=str(uuid.uuid4()),
        case_id=case.id,
        sender_member_id=case.owner_member_id,
        sender_agency_id=case.owner_agency_id,
        receiver_member_id=receiver.id,
        purpose=purpose,
        status=rules.S.REQUESTED,
        status_since=now,
        approval=Approval.PENDING if four_eyes else Approval.NOT_NEEDED,
        requested_by_id=actor.user_id,
        fields=sorted(chosen),
        case_fields=case_snapshot(case, chosen),
        created_at=now,
    )


def _receiver(session: Session, actor: Actor, code: str) -> Member:
    found = session.scalars(select(Member).where(Member.code == code.upper())).first()
    if found is None:
        raise InvalidInput({"receiver": f"No member has the code {code!r}."})
    if found.id == actor.member_id:
        raise InvalidInput({"receiver": "A referral goes to another member."})
    return found


def _check_fields(chosen: frozenset[str]) -> None:
    if not chosen or chosen - rules.SHAREABLE_FIELDS:
        allowed = ", ".join(sorted(rules.SHAREABLE_FIELDS))
        raise InvalidInput({"fields": f"Choose the fields to send from: {allowed}."})


def case_snapshot(case: TraffickingCase, chosen: frozenset[str]) -> dict[str, Any]:
    """The chosen non-identifying fields, as they are now (nothing else is copied)."""
    values: dict[str, Any] = {
        "case_number": case.case_number,
        "gender": str(case.gender),
        "age_band": str(case.age_band),
        "citizenship": list(case.citizenships),
        "languages": list(case.languages),
        "trafficking_status": str(case.trafficking_status),
        "exploitation_types": list(case.exploitation_types),
        "means_of_control": list(case.means_of_control),
        "journey": [_event(e) for e in case.journey],
        "protection_flags": list(case.protection_flags),
        "support_needs": [f for f in case.protection_flags if f != "urgent_medical_need"],
        "medical_needs": [f for f in case.protection_flags if f == "urgent_medical_need"],
    }
    return {name: values[name] for name in sorted(chosen & rules.CASE_FIELDS)}


def _event(event: Any) -> dict[str, Any]:
    when = event.occurred_on.isoformat() if event.occurred_on else None
    return {"event_type": str(event.event_type), "country": event.country, "occurred_on": when}


def _seal_identity(
    session: Session,
    runtime: Runtime,
    actor: Actor,
    case: TraffickingCase,
    referral: TraffickingReferral,
    identity: frozenset[str],
) -> None:
    opened = private_fields(session, runtime, actor, case)
    if opened is None:  # get_editable_case let only the owning agency's case workers through
        raise Forbidden("Only case workers of the owning agency can send identity data.")
    chosen = {name: opened.get(name, "") for name in sorted(identity)}
    box = referral_cipher(session, runtime, actor, referral)
    referral.identity_sealed = box.encrypt(json.dumps(chosen), identity_address(referral))


def approve(session: Session, actor: Actor, referral_id: int) -> TraffickingReferral:
    """The second pair of eyes: another authorised case worker of the sending agency."""
    require(actor, Permission.TRAFFICKING_WRITE)
    referral = get_visible_referral(session, actor, R, TraffickingCase, referral_id)
    if referral.approval != Approval.PENDING:
        raise Conflict("This referral is not waiting for approval.")
    if not is_sender_case_worker(actor, referral):
        raise Forbidden("Only case workers of the sending agency can approve.")
    case = session.get(TraffickingCase, referral.case_id)
    requester = rules.Actor(referral.requested_by_id, referral.sender_member_id, True)
    rules.check_outgoing(
        frozenset(referral.fields),
        requester=requester,
        approver=rules_actor(actor),
        consent=consent_of(case) if case else None,
        now=utcnow(),
    )
    referral.approval = Approval.APPROVED
    referral.approved_by_id = actor.user_id
    audit_change(session, actor, referral, {"approval": Approval.APPROVED})
    return referral


# --- Moving through the state machine ----------------------------------------------------------


def move(
    session: Session, actor: Actor, referral_id: int, to: str, agency_id: int | None = None
) -> TraffickingReferral:
    """Move the referral; an illegal move is refused (409) naming the allowed ones. Accepting
    assigns an agency of the receiving member."""
    require_referral_actor(actor)
    referral = get_visible_referral(session, actor, R, TraffickingCase, referral_id)
    target = _status(referral, to)
    now = utcnow()
    moved = rules.transition(as_rules(referral), target, actor=rules_actor(actor), now=now)
    _check_authority(actor, referral, target)
    if target is rules.S.ACCEPTED:
        referral.receiver_agency_id = _receiving_agency(session, referral, agency_id).id
    referral.status, referral.status_since = moved.status, moved.status_since
    if target in (rules.S.DECLINED, rules.S.WITHDRAWN):
        referral.identity_sealed = None  # nothing sent stays once it cannot be used
    audit_change(session, actor, referral, {"status": str(target)})
    return referral


def _status(referral: TraffickingReferral, to: str) -> rules.ReferralStatus:
    try:
        return rules.ReferralStatus(to)
    except ValueError:
        allowed = ", ".join(s.value for s in rules.TRANSITIONS[referral.status]) or "nothing"
        raise InvalidInput(
            {"to": f"Unknown status; this referral can become: {allowed}."}
        ) from None


def _check_authority(actor: Actor, referral: TraffickingReferral, to: rules.ReferralStatus) -> None:
    if referral.approval == Approval.PENDING and to is not rules.S.WITHDRAWN:
        raise Conflict("The referral waits for four-eyes approval; it can only be withdrawn.")
    if to in (rules.S.ACCEPTED, rules.S.DECLINED):
        if not is_focal_point(actor):
            raise Forbidden("Only the receiving member's focal point accepts or declines.")
        return
    if not is_referral_party(actor, referral):
        raise Forbidden("You are not a party to this referral.")


def _receiving_agency(
    session: Session, referral: TraffickingReferral, agency_id: int | None
) -> Agency:
    agency = session.get(Agency, agency_id) if agency_id is not None else None
    if agency is None or agency.member_id != referral.receiver_member_id:
        raise InvalidInput({"agency_id": "Assign an agency of the receiving member."})
    return agency


def stop_for_withdrawn_consent(session: Session, case_id: int) -> None:
    """Consent withdrawn: every open referral of the case is withdrawn and the identity sent is
    erased, at once (the policy already hides the referral from the receiver)."""
    now = utcnow()
    open_states = [s for s in rules.TRANSITIONS if s not in rules.FINAL]
    session.execute(
        update(R)
        .where(R.case_id == case_id, R.status.in_(open_states))
        .values(status=rules.S.WITHDRAWN, status_since=now)
    )
    session.execute(update(R).where(R.case_id == case_id).values(identity_sealed=None))


# --- Reading -----------------------------------------------------------------------------------


def scoped(actor: Actor) -> Select[Any]:
    require(actor, Permission.TRAFFICKING_READ)
    return select(R).where(referral_clause(actor, R, TraffickingCase))


def list_referrals(session: Session, actor: Actor, box: str) -> list[TraffickingReferral]:
    """``outbox``: sent by the actor's member; ``inbox``: received by it."""
    stmt = scoped(actor)
    if box == "inbox":
        stmt = stmt.where(R.receiver_member_id == actor.member_id)
    else:
        stmt = stmt.where(R.sender_member_id == actor.member_id)
    return list(session.scalars(stmt.order_by(R.id.desc()).limit(200)))


def read_referral(session: Session, actor: Actor, referral_id: int) -> TraffickingReferral:
    referral = get_visible_referral(session, actor, R, TraffickingCase, referral_id)
    record(
        session,
        actor=actor,
        action=AuditAction.RECORD_READ,
        object_type=R.record_type,
        object_id=referral.id,
        object_member_id=referral.sender_member_id,
    )
    return referral


def sent_identity(
    session: Session, runtime: Runtime, actor: Actor, referral: TraffickingReferral
) -> dict[str, Any] | None:
    """Exactly the identity fields sent, for those allowed (audited); None for everyone else."""
    if referral.identity_sealed is None or not may_open_identity(actor, referral):
        return None
    box = referral_cipher(session, runtime, actor, referral)
    opened: dict[str, Any] = json.loads(
        box.decrypt(referral.identity_sealed, identity_address(referral))
    )
    return opened


def member_codes(session: Session, *ids: int) -> dict[int, str]:
    rows = session.execute(select(Member.id, Member.code).where(Member.id.in_(ids)))
    return {int(member_id): str(code) for member_id, code in rows}

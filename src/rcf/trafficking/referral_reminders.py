"""Due dates of referrals in the database: the reminders ``rcf trafficking reminders`` puts in
the responsible side's inbox, and the pending / overdue counts of the dashboard.

The timing is the pure rule ``referrals.reminder_due`` (two days before the due date, on it,
then every three days while overdue); the last reminder sent for a referral is read from the
database, so running the command twice sends nothing the second time (idempotent, cron-able).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from rcf.access.permissions import Permission
from rcf.access.policy import Actor, referral_clause, require
from rcf.audit.models import AuditAction
from rcf.audit.service import record
from rcf.trafficking import referrals as rules
from rcf.trafficking.models import TraffickingCase
from rcf.trafficking.referral_models import Approval, ReferralReminder, TraffickingReferral
from rcf.trafficking.referral_service import as_rules, scoped

R = TraffickingReferral
OPEN_STATES = [s for s in rules.TRANSITIONS if s not in rules.FINAL]


def send_reminders(session: Session, *, now: datetime) -> list[ReferralReminder]:
    """The reminders due at ``now`` for every open referral, each added once and audited."""
    # The last reminder for the state the referral is in (the state machine never returns to
    # a state, so a reminder of an earlier state never counts for a later one).
    last_sent = (
        select(
            ReferralReminder.referral_id,
            ReferralReminder.status,
            func.max(ReferralReminder.created_at).label("at"),
        )
        .group_by(ReferralReminder.referral_id, ReferralReminder.status)
        .subquery()
    )
    rows = session.execute(
        select(R, last_sent.c.at)
        .outerjoin(last_sent, and_(last_sent.c.referral_id == R.id, last_sent.c.status == R.status))
        .where(R.status.in_(OPEN_STATES), R.approval != Approval.PENDING)
        .order_by(R.id)
    )
    sent = []
    for referral, last_at in rows.all():
        due = rules.reminder_due(as_rules(referral), now=now, last_reminded_at=last_at)
        if due is not None:
            sent.append(_remind(session, referral, due, now))
    return sent


def _remind(
    session: Session, referral: TraffickingReferral, due: rules.Reminder, now: datetime
) -> ReferralReminder:
    sender = due.side is rules.Side.SENDER
    reminder = ReferralReminder(
        referral_id=referral.id,
        member_id=referral.sender_member_id if sender else referral.receiver_member_id,
        side=str(due.side),
        status=referral.status,
        due_at=due.due_at,
        overdue=due.overdue,
        created_at=now,
    )
    session.add(reminder)
    record(
        session,
        actor=Actor.system("system (reminders)"),
        action=AuditAction.RECORD_UPDATED,
        object_type=R.record_type,
        object_id=referral.id,
        object_member_id=referral.sender_member_id,
        changes={"reminder": "overdue" if due.overdue else "due soon", "side": str(due.side)},
    )
    return reminder


# --- What the responsible side sees -------------------------------------------------------------


@dataclass(frozen=True)
class Waiting:
    """An open referral whose next move is the actor's member's, with its due date."""

    referral: TraffickingReferral
    due_at: datetime | None
    overdue: bool


def waiting_on_us(session: Session, actor: Actor, *, now: datetime) -> list[Waiting]:
    """Open referrals (through the policy's clause) whose next move is the actor's member's,
    soonest due first: what the dashboard counts as pending, and overdue among them."""
    stmt = scoped(actor).where(R.status.in_(OPEN_STATES), R.approval != Approval.PENDING)
    waiting = []
    for referral in session.scalars(stmt.order_by(R.status_since)):
        view = as_rules(referral)
        side = rules.responsible_side(view)
        mine = (
            referral.sender_member_id if side is rules.Side.SENDER else referral.receiver_member_id
        )
        if mine == actor.member_id:
            waiting.append(Waiting(referral, rules.due_at(view), rules.is_overdue(view, now)))
    return waiting


def current_reminders(session: Session, actor: Actor) -> list[tuple[ReferralReminder, int]]:
    """The reminders in the actor's member's inbox that still apply (the referral has not moved
    since), newest first, with the referral id; on referrals the actor may see."""
    require(actor, Permission.TRAFFICKING_READ)
    stmt = (
        select(ReferralReminder, R.id)
        .join(R, R.id == ReferralReminder.referral_id)
        .where(
            referral_clause(actor, R, TraffickingCase),
            ReferralReminder.member_id == actor.member_id,
            ReferralReminder.status == R.status,
            ReferralReminder.created_at >= R.status_since,
        )
        .order_by(ReferralReminder.id.desc())
        .limit(50)
    )
    return [(reminder, int(rid)) for reminder, rid in session.execute(stmt)]

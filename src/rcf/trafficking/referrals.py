"""Cross-border referral rules, as pure functions on small dataclasses: the state machine, due
dates and reminders, consent, data minimisation and the four-eyes rule for identity data.

The service (next to the models) loads a referral through the sharing policy, calls these
functions, and writes the change and its audit entry in one transaction.

State machine (who may make each move)::

    requested  -> accepted (receiver), declined (receiver)
    accepted   -> in_transit (sender), reintegration_support (receiver, when no journey)
    in_transit -> arrived (receiver)
    arrived    -> reintegration_support (receiver), closed (receiver)
    reintegration_support -> closed (receiver)

plus ``withdrawn`` (sender) from any state that is not final. Declined, closed and withdrawn are
final. Any other move is refused with a message naming the allowed ones.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from enum import StrEnum

from rcf.errors import Conflict, Forbidden, InvalidInput, NotFound
from rcf.trafficking.codes import Code, ConsentPurpose


class ReferralStatus(Code):
    REQUESTED = "requested"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    IN_TRANSIT = "in_transit"
    ARRIVED = "arrived"
    REINTEGRATION_SUPPORT = "reintegration_support"
    CLOSED = "closed"
    WITHDRAWN = "withdrawn"


class ReferralPurpose(Code):
    SAFE_RETURN = "safe_return"
    REINTEGRATION = "reintegration"
    SERVICES = "services"  # services in the receiving member, no journey


class Side(StrEnum):
    SENDER = "sender"
    RECEIVER = "receiver"


S, Sender, Receiver = ReferralStatus, Side.SENDER, Side.RECEIVER
TRANSITIONS: dict[ReferralStatus, dict[ReferralStatus, Side]] = {
    S.REQUESTED: {S.ACCEPTED: Receiver, S.DECLINED: Receiver, S.WITHDRAWN: Sender},
    S.ACCEPTED: {S.IN_TRANSIT: Sender, S.REINTEGRATION_SUPPORT: Receiver, S.WITHDRAWN: Sender},
    S.IN_TRANSIT: {S.ARRIVED: Receiver, S.WITHDRAWN: Sender},
    S.ARRIVED: {S.REINTEGRATION_SUPPORT: Receiver, S.CLOSED: Receiver, S.WITHDRAWN: Sender},
    S.REINTEGRATION_SUPPORT: {S.CLOSED: Receiver, S.WITHDRAWN: Sender},
    S.DECLINED: {},
    S.CLOSED: {},
    S.WITHDRAWN: {},
}
FINAL = frozenset(status for status, moves in TRANSITIONS.items() if not moves)

# Days each state may last before the next move is due, and who must make it.
DUE_DAYS = {S.REQUESTED: 5, S.ACCEPTED: 30, S.IN_TRANSIT: 14, S.ARRIVED: 7}
DUE_DAYS |= {S.REINTEGRATION_SUPPORT: 180}
DUE_SOON = timedelta(days=2)
OVERDUE_REMINDER_EVERY = timedelta(days=3)


@dataclass(frozen=True)
class Actor:
    """A signed-in person as the rules need them; the service fills it from account and role."""

    user_id: int
    member_id: int
    may_approve_identity: bool = False


@dataclass(frozen=True)
class Referral:
    sender_member_id: int
    receiver_member_id: int
    requested_by: int
    purpose: ReferralPurpose
    status: ReferralStatus
    status_since: datetime


class IllegalTransition(Conflict):
    title = "This move is not allowed"
    type_slug = "illegal-referral-transition"


class ConsentRefused(Forbidden):
    title = "No consent for this sharing"
    type_slug = "consent-refused"


class FourEyesRequired(Forbidden):
    title = "A second authorised person must approve"
    type_slug = "four-eyes-required"


def side_of(referral: Referral, actor: Actor) -> Side:
    """The actor's side; a person of neither member gets NotFound, as for a missing record."""
    if actor.member_id == referral.sender_member_id:
        return Side.SENDER
    if actor.member_id == referral.receiver_member_id:
        return Side.RECEIVER
    raise NotFound()


def allowed_moves(referral: Referral, actor: Actor) -> list[ReferralStatus]:
    """The statuses this actor may move the referral to now (for buttons)."""
    side = side_of(referral, actor)
    return [to for to, who in TRANSITIONS[referral.status].items() if who is side]


def transition(referral: Referral, to: ReferralStatus, *, actor: Actor, now: datetime) -> Referral:
    """The referral moved to ``to``; IllegalTransition naming the allowed moves otherwise."""
    side = side_of(referral, actor)
    moves = TRANSITIONS[referral.status]
    if to not in moves:
        raise IllegalTransition(_illegal(referral.status, to))
    if moves[to] is not side:
        raise IllegalTransition(
            f"Only the {moves[to].value} can move a referral from {referral.status.label.lower()}"
            f" to {to.label.lower()}."
        )
    return replace(referral, status=to, status_since=now)


def _illegal(current: ReferralStatus, to: ReferralStatus) -> str:
    allowed = [status.value for status in TRANSITIONS[current]]
    if not allowed:
        return f"A {current.value} referral is final; it cannot become {to.value}."
    return f"A {current.value} referral can become {_or(allowed)}, not {to.value}."


def _or(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " or " + words[-1]


# --- Due dates and reminders ---------------------------------------------------------------------


@dataclass(frozen=True)
class Reminder:
    side: Side
    due_at: datetime
    overdue: bool


def due_at(referral: Referral) -> datetime | None:
    """When the next move is due; None for a final referral."""
    days = DUE_DAYS.get(referral.status)
    return None if days is None else referral.status_since + timedelta(days=days)


def responsible_side(referral: Referral) -> Side | None:
    """Who owes the next move: the sender only for dispatching an accepted journey."""
    if referral.status in FINAL:
        return None
    if referral.status is S.ACCEPTED and referral.purpose is not ReferralPurpose.SERVICES:
        return Side.SENDER
    return Side.RECEIVER


def is_overdue(referral: Referral, now: datetime) -> bool:
    due = due_at(referral)
    return due is not None and now >= due


def reminder_due(
    referral: Referral, *, now: datetime, last_reminded_at: datetime | None
) -> Reminder | None:
    """The reminder to send now, if any: once when due soon (2 days before), then on the due
    date and every 3 days while overdue."""
    due, side = due_at(referral), responsible_side(referral)
    if due is None or side is None or now < due - DUE_SOON:
        return None
    last = (
        last_reminded_at if last_reminded_at and last_reminded_at >= referral.status_since else None
    )
    if now < due:
        return Reminder(side, due, False) if last is None else None
    if last is None or last < due or now - last >= OVERDUE_REMINDER_EVERY:
        return Reminder(side, due, True)
    return None


# --- Consent, data minimisation and four eyes ---------------------------------------------


@dataclass(frozen=True)
class Consent:
    """The person's consent: the purposes agreed, and when it was withdrawn (if it was)."""

    purposes: frozenset[ConsentPurpose]
    given_at: datetime
    withdrawn_at: datetime | None = None

    def allows(self, purpose: ConsentPurpose, at: datetime) -> bool:
        if self.withdrawn_at is not None and at >= self.withdrawn_at:
            return False
        return at >= self.given_at and purpose in self.purposes


def check_consent(consent: Consent | None, purpose: ConsentPurpose, *, now: datetime) -> None:
    """ConsentRefused unless the person agreed to ``purpose`` and has not withdrawn."""
    if consent is None:
        raise ConsentRefused("There is no recorded consent; nothing can be shared.")
    if consent.withdrawn_at is not None and now >= consent.withdrawn_at:
        raise ConsentRefused("The person withdrew consent; no further sharing is possible.")
    if not consent.allows(purpose, now):
        raise ConsentRefused(f"The person did not consent to: {purpose.label.lower()}.")


IDENTITY_FIELDS = frozenset(
    {"names", "birth_date", "identity_documents", "contact", "address", "photo"}
)
CASE_FIELDS = frozenset(
    {
        "case_number",
        "gender",
        "age_band",
        "citizenship",
        "languages",
        "trafficking_status",
        "exploitation_types",
        "means_of_control",
        "journey",
        "protection_flags",
        "support_needs",
        "medical_needs",
    }
)
SHAREABLE_FIELDS = IDENTITY_FIELDS | CASE_FIELDS


def check_outgoing(
    fields: frozenset[str],
    *,
    requester: Actor,
    approver: Actor | None,
    consent: Consent | None,
    now: datetime,
) -> None:
    """May these fields travel? Consent first; identity fields also need a second authorised
    person of the sending member (four eyes). Raises the reason it may not."""
    unknown = fields - SHAREABLE_FIELDS
    if not fields or unknown:
        message = "Choose the fields to send from: " + ", ".join(sorted(SHAREABLE_FIELDS)) + "."
        raise InvalidInput({"fields": message})
    check_consent(consent, ConsentPurpose.REFERRAL, now=now)
    if fields & IDENTITY_FIELDS:
        check_consent(consent, ConsentPurpose.IDENTITY_SHARING, now=now)
        check_four_eyes(requester, approver)


def check_four_eyes(requester: Actor, approver: Actor | None) -> None:
    """The approver of identity data is another authorised person of the same member."""
    if approver is None:
        raise FourEyesRequired(
            "Sending identity data needs the approval of a second authorised person of your member."
        )
    if approver.user_id == requester.user_id:
        raise FourEyesRequired("The approver must be a different person from the requester.")
    if approver.member_id != requester.member_id:
        raise FourEyesRequired("The approver must belong to the sending member.")
    if not approver.may_approve_identity:
        raise FourEyesRequired("The approver is not authorised to release identity data.")

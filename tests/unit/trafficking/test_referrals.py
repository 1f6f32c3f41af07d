"""Referral rules: the state machine refuses illegal moves, reminders come on time, consent is
checked before anything travels, and identity data needs a second authorised person."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from rcf.errors import InvalidInput, NotFound
from rcf.trafficking.codes import ConsentPurpose
from rcf.trafficking.referrals import (
    TRANSITIONS,
    Actor,
    Consent,
    ConsentRefused,
    FourEyesRequired,
    IllegalTransition,
    Referral,
    ReferralPurpose,
    ReferralStatus,
    Side,
    allowed_moves,
    check_outgoing,
    due_at,
    is_overdue,
    reminder_due,
    responsible_side,
    transition,
)

S = ReferralStatus
T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
THA, IDN, MYS = 1, 2, 3
CASE_WORKER_A = Actor(user_id=10, member_id=THA)
SUPERVISOR_A = Actor(user_id=11, member_id=THA, may_approve_identity=True)
FOCAL_POINT_B = Actor(user_id=20, member_id=IDN, may_approve_identity=True)
STRANGER_C = Actor(user_id=30, member_id=MYS, may_approve_identity=True)


def referral(status: ReferralStatus = S.REQUESTED, **changes: object) -> Referral:
    values: dict[str, object] = {
        "sender_member_id": THA,
        "receiver_member_id": IDN,
        "requested_by": CASE_WORKER_A.user_id,
        "purpose": ReferralPurpose.SAFE_RETURN,
        "status": status,
        "status_since": T0,
        **changes,
    }
    return Referral(**values)  # type: ignore[arg-type]


def test_the_happy_path_from_request_to_closure() -> None:
    steps = [
        (S.ACCEPTED, FOCAL_POINT_B),
        (S.IN_TRANSIT, CASE_WORKER_A),
        (S.ARRIVED, FOCAL_POINT_B),
        (S.REINTEGRATION_SUPPORT, FOCAL_POINT_B),
        (S.CLOSED, FOCAL_POINT_B),
    ]
    current = referral()
    for day, (status, actor) in enumerate(steps, start=1):
        current = transition(current, status, actor=actor, now=T0 + timedelta(days=day))
        assert current.status is status
        assert current.status_since == T0 + timedelta(days=day)


@pytest.mark.parametrize(
    ("current", "target", "message"),
    [
        (S.REQUESTED, S.ARRIVED, "can become accepted, declined or withdrawn, not arrived"),
        (S.ACCEPTED, S.CLOSED, "can become in_transit, reintegration_support or withdrawn"),
        (S.IN_TRANSIT, S.ACCEPTED, "can become arrived or withdrawn, not accepted"),
        (S.DECLINED, S.ACCEPTED, "declined referral is final"),
        (S.CLOSED, S.REQUESTED, "closed referral is final"),
    ],
)
def test_an_illegal_move_is_refused_naming_the_allowed_ones(
    current: ReferralStatus, target: ReferralStatus, message: str
) -> None:
    with pytest.raises(IllegalTransition, match=message) as caught:
        transition(referral(current), target, actor=FOCAL_POINT_B, now=T0)

    assert caught.value.status == 409


def test_every_state_pair_not_in_the_table_is_refused() -> None:
    for current in S:
        for target in S:
            if target in TRANSITIONS[current]:
                continue
            with pytest.raises(IllegalTransition):
                transition(referral(current), target, actor=FOCAL_POINT_B, now=T0)
            with pytest.raises(IllegalTransition):
                transition(referral(current), target, actor=CASE_WORKER_A, now=T0)


def test_the_sender_cannot_accept_its_own_referral_nor_the_receiver_withdraw_it() -> None:
    with pytest.raises(IllegalTransition, match="Only the receiver"):
        transition(referral(), S.ACCEPTED, actor=SUPERVISOR_A, now=T0)
    with pytest.raises(IllegalTransition, match="Only the sender"):
        transition(referral(), S.WITHDRAWN, actor=FOCAL_POINT_B, now=T0)


def test_a_third_member_gets_not_found() -> None:
    with pytest.raises(NotFound):
        transition(referral(), S.ACCEPTED, actor=STRANGER_C, now=T0)
    with pytest.raises(NotFound):
        allowed_moves(referral(), STRANGER_C)


def test_allowed_moves_depend_on_the_side() -> None:
    assert allowed_moves(referral(), FOCAL_POINT_B) == [S.ACCEPTED, S.DECLINED]
    assert allowed_moves(referral(), CASE_WORKER_A) == [S.WITHDRAWN]
    assert allowed_moves(referral(S.CLOSED), FOCAL_POINT_B) == []


# --- Due dates and reminders ---------------------------------------------------------------------


def test_due_dates_and_who_owes_the_next_move() -> None:
    assert due_at(referral()) == T0 + timedelta(days=5)
    assert responsible_side(referral()) is Side.RECEIVER
    assert responsible_side(referral(S.ACCEPTED)) is Side.SENDER
    services = referral(S.ACCEPTED, purpose=ReferralPurpose.SERVICES)
    assert responsible_side(services) is Side.RECEIVER
    assert due_at(referral(S.CLOSED)) is None
    assert responsible_side(referral(S.DECLINED)) is None


def test_overdue_from_the_due_date() -> None:
    assert not is_overdue(referral(), T0 + timedelta(days=5) - timedelta(seconds=1))
    assert is_overdue(referral(), T0 + timedelta(days=5))
    assert not is_overdue(referral(S.CLOSED), T0 + timedelta(days=500))


def test_reminders_once_when_due_soon_then_every_three_days_when_overdue() -> None:
    due = T0 + timedelta(days=5)
    pending = referral()

    assert reminder_due(pending, now=due - timedelta(days=3), last_reminded_at=None) is None
    soon = reminder_due(pending, now=due - timedelta(days=1), last_reminded_at=None)
    assert soon is not None
    assert not soon.overdue
    assert soon.side is Side.RECEIVER
    sent_soon = due - timedelta(days=1)
    assert reminder_due(pending, now=due - timedelta(hours=1), last_reminded_at=sent_soon) is None
    late = reminder_due(pending, now=due, last_reminded_at=sent_soon)
    assert late is not None
    assert late.overdue
    assert late.due_at == due
    assert reminder_due(pending, now=due + timedelta(days=2), last_reminded_at=due) is None
    assert reminder_due(pending, now=due + timedelta(days=3), last_reminded_at=due) is not None
    assert reminder_due(referral(S.CLOSED), now=due, last_reminded_at=None) is None


def test_a_reminder_of_an_earlier_state_does_not_silence_the_new_one() -> None:
    moved = referral(S.ACCEPTED, status_since=T0 + timedelta(days=3))
    due = T0 + timedelta(days=33)

    found = reminder_due(moved, now=due, last_reminded_at=T0 + timedelta(days=2))

    assert found is not None
    assert found.side is Side.SENDER


# --- Consent, minimisation and four eyes -------------------------------------------------------


def consent(*purposes: ConsentPurpose, withdrawn_at: datetime | None = None) -> Consent:
    return Consent(frozenset(purposes), given_at=T0, withdrawn_at=withdrawn_at)


FULL = (ConsentPurpose.REFERRAL, ConsentPurpose.IDENTITY_SHARING)
LATER = T0 + timedelta(days=1)


def test_case_fields_travel_with_referral_consent_and_no_approver() -> None:
    check_outgoing(
        frozenset({"case_number", "age_band", "support_needs"}),
        requester=CASE_WORKER_A,
        approver=None,
        consent=consent(ConsentPurpose.REFERRAL),
        now=LATER,
    )


def test_identity_fields_travel_with_consent_and_a_second_authorised_person() -> None:
    check_outgoing(
        frozenset({"names", "birth_date", "case_number"}),
        requester=CASE_WORKER_A,
        approver=SUPERVISOR_A,
        consent=consent(*FULL),
        now=LATER,
    )


@pytest.mark.parametrize(
    ("approver", "message"),
    [
        (None, "second authorised person"),
        (Actor(user_id=10, member_id=THA, may_approve_identity=True), "different person"),
        (FOCAL_POINT_B, "belong to the sending member"),
        (Actor(user_id=12, member_id=THA), "not authorised"),
    ],
)
def test_identity_fields_without_a_valid_second_person_are_refused(
    approver: Actor | None, message: str
) -> None:
    with pytest.raises(FourEyesRequired, match=message):
        check_outgoing(
            frozenset({"names"}),
            requester=CASE_WORKER_A,
            approver=approver,
            consent=consent(*FULL),
            now=LATER,
        )


def test_identity_fields_need_their_own_consent() -> None:
    with pytest.raises(ConsentRefused, match="sharing identity data"):
        check_outgoing(
            frozenset({"photo"}),
            requester=CASE_WORKER_A,
            approver=SUPERVISOR_A,
            consent=consent(ConsentPurpose.REFERRAL),
            now=LATER,
        )


@pytest.mark.parametrize("fields", [{"case_number"}, {"names"}])
def test_nothing_travels_once_consent_is_withdrawn(fields: set[str]) -> None:
    withdrawn = consent(*FULL, withdrawn_at=LATER)

    check_outgoing(
        frozenset(fields),
        requester=CASE_WORKER_A,
        approver=SUPERVISOR_A,
        consent=withdrawn,
        now=LATER - timedelta(seconds=1),
    )
    with pytest.raises(ConsentRefused, match="withdrew consent"):
        check_outgoing(
            frozenset(fields),
            requester=CASE_WORKER_A,
            approver=SUPERVISOR_A,
            consent=withdrawn,
            now=LATER,
        )


def test_no_recorded_consent_means_no_sharing() -> None:
    with pytest.raises(ConsentRefused, match="no recorded consent"):
        check_outgoing(
            frozenset({"age_band"}), requester=CASE_WORKER_A, approver=None, consent=None, now=LATER
        )


@pytest.mark.parametrize("fields", [set(), {"age_band", "favourite_colour"}])
def test_the_fields_must_be_chosen_from_the_list(fields: set[str]) -> None:
    with pytest.raises(InvalidInput) as caught:
        check_outgoing(
            frozenset(fields),
            requester=CASE_WORKER_A,
            approver=None,
            consent=consent(*FULL),
            now=LATER,
        )
    assert "names" in caught.value.errors["fields"]

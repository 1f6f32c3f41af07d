"""Referral due dates: ``rcf trafficking reminders`` puts a reminder in the responsible side's
inbox once per due state (running it again sends nothing), and the dashboard shows the
referrals waiting on the member, pending and overdue."""

from __future__ import annotations

from datetime import timedelta

from fastapi.testclient import TestClient
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from rcf.access.roles import Role
from rcf.accounts.auth import actor_for_user
from rcf.db import utcnow
from rcf.runtime import Runtime
from rcf.settings import Settings
from rcf.trafficking import referral_service
from rcf.trafficking.referral_models import ReferralReminder, TraffickingReferral
from rcf.trafficking.referrals import ReferralPurpose
from tests.factories import World, make_case, sign_in
from tests.functional.test_cli import rcf_cli


def referral(db: Session, runtime: Runtime, world: World, days_ago: float) -> int:
    """A referral from A to B (no identity), requested ``days_ago`` days ago."""
    worker = world.persona("A", Role.CASE_WORKER)
    case = make_case(db, runtime, worker)
    made = referral_service.create_referral(
        db,
        runtime,
        actor_for_user(worker.user),
        case_id=case.id,
        receiver="IDN",
        purpose=ReferralPurpose.SAFE_RETURN,
        fields=["gender"],
    )
    since = utcnow() - timedelta(days=days_ago)
    db.execute(update(TraffickingReferral).where(TraffickingReferral.id == made.id)
               .values(status_since=since))  # fmt: skip
    db.commit()
    return int(made.id)


def reminders(settings: Settings, *extra: str) -> str:
    result = rcf_cli(settings, "trafficking", "reminders", *extra)
    assert result.exit_code == 0, result.output
    return result.stdout.strip()


def test_a_reminder_is_sent_once_per_due_state(
    test_settings: Settings, db: Session, runtime: Runtime, world: World
) -> None:
    overdue = referral(db, runtime, world, days_ago=6)  # due after 5 days
    due_soon = referral(db, runtime, world, days_ago=4)
    referral(db, runtime, world, days_ago=1)  # not yet

    assert reminders(test_settings) == "2 reminder(s) sent (1 overdue)."
    assert reminders(test_settings) == "0 reminder(s) sent (0 overdue)."
    in_three_days = (utcnow() + timedelta(days=3, minutes=1)).strftime("%Y-%m-%dT%H:%M:%S")
    # Three days on: the first is still overdue (again), the second has become overdue, the
    # third is due soon.
    assert reminders(test_settings, "--at", in_three_days) == "3 reminder(s) sent (2 overdue)."

    db.expire_all()
    sent = db.scalars(select(ReferralReminder).order_by(ReferralReminder.id)).all()
    assert [(r.referral_id, r.overdue) for r in sent[:2]] == [(overdue, True), (due_soon, False)]
    assert {r.member_id for r in sent} == {world.members["B"].id}  # the receiver owes the answer


def test_the_responsible_side_sees_pending_and_overdue(
    client: TestClient, test_settings: Settings, db: Session, runtime: Runtime, world: World
) -> None:
    rid = referral(db, runtime, world, days_ago=6)
    referral(db, runtime, world, days_ago=1)
    reminders(test_settings)

    sign_in(client, world.persona("B", Role.FOCAL_POINT))
    board = client.get("/trafficking/dashboard").text
    assert "2 pending, 1 overdue." in board
    assert f'href="/trafficking/referrals/{rid}">Referral {rid}</a>: requested' in board
    inbox = client.get("/trafficking/referrals?box=inbox").text
    assert "<h2>Reminders</h2>" in inbox
    assert f"Referral {rid}</a>: the move after requested was due" in inbox

    for member, role in (("A", Role.CASE_WORKER), ("C", Role.FOCAL_POINT)):
        client.cookies.clear()
        sign_in(client, world.persona(member, role))
        page = client.get("/trafficking/dashboard").text
        assert "0 pending, 0 overdue." in page  # the sender waits; C is no party
        assert "<h2>Reminders</h2>" not in client.get("/trafficking/referrals").text


def test_a_move_clears_the_reminder_and_the_next_one_is_the_senders(
    client: TestClient, test_settings: Settings, db: Session, runtime: Runtime, world: World
) -> None:
    rid = referral(db, runtime, world, days_ago=6)
    reminders(test_settings)
    focal = actor_for_user(world.persona("B", Role.FOCAL_POINT).user)
    referral_service.move(db, focal, rid, "accepted", world.agencies["B"].id)
    db.execute(update(TraffickingReferral).where(TraffickingReferral.id == rid)
               .values(status_since=utcnow() - timedelta(days=31)))  # fmt: skip
    db.commit()

    assert reminders(test_settings) == "1 reminder(s) sent (1 overdue)."

    sign_in(client, world.persona("B", Role.FOCAL_POINT))
    assert "<h2>Reminders</h2>" not in client.get("/trafficking/referrals").text
    client.cookies.clear()
    sign_in(client, world.persona("A", Role.CASE_WORKER))
    outbox = client.get("/trafficking/referrals?box=outbox").text
    assert f"Referral {rid}</a>: the move after accepted was due" in outbox
    assert "1 pending, 1 overdue." in client.get("/trafficking/dashboard").text

"""A user's own account page: recovery codes and housekeeping of sessions."""

from __future__ import annotations

import re
from datetime import timedelta

from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from rcf.access.roles import Role
from rcf.accounts.models import LoginFailure, RecoveryCode, WebSession
from rcf.db import utcnow
from tests.factories import PASSWORD, World, csrf_from, sign_in

CODE = re.compile(r"<code>([a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4})</code>")


def test_new_recovery_codes_replace_the_old_ones(
    client: TestClient, world: World, db: Session
) -> None:
    persona = world.persona("A", Role.FOCAL_POINT)
    token = sign_in(client, persona)
    first = client.post("/account/recovery-codes", data={"password": PASSWORD, "csrf_token": token})
    second = client.post(
        "/account/recovery-codes", data={"password": PASSWORD, "csrf_token": token}
    )
    old, new = CODE.findall(first.text), CODE.findall(second.text)
    assert len(old) == len(new) == 10
    assert not set(old) & set(new)
    live = db.scalar(
        select(func.count())
        .select_from(RecoveryCode)
        .where(RecoveryCode.user_id == persona.user.id, RecoveryCode.used_at.is_(None))
    )
    assert live == 10


def test_recovery_codes_need_the_password(client: TestClient, world: World, db: Session) -> None:
    persona = world.persona("A", Role.FOCAL_POINT)
    token = sign_in(client, persona)
    response = client.post(
        "/account/recovery-codes", data={"password": "not my password", "csrf_token": token}
    )
    assert response.status_code == 303
    assert "not right" in client.get("/account").text
    assert db.scalar(select(func.count()).select_from(RecoveryCode)) == 0


def test_sign_in_clears_dead_sessions_and_old_failures(
    client: TestClient, world: World, db: Session
) -> None:
    persona = world.persona("A", Role.VIEWER)
    sign_in(client, persona)
    db.execute(WebSession.__table__.update().values(last_seen_at=utcnow() - timedelta(hours=2)))
    db.add(
        LoginFailure(
            account_key="someone@else.test",
            client_address="10.0.0.9",
            at=utcnow() - timedelta(hours=2),
        )
    )
    db.commit()
    with TestClient(client.app, base_url="https://testserver", follow_redirects=False) as other:
        sign_in(other, persona)
        assert csrf_from(other, "/account")
    assert db.scalar(select(func.count()).select_from(WebSession)) == 1
    assert db.scalar(select(func.count()).select_from(LoginFailure)) == 0

"""Web sessions end when they should (A4): a new id at every sign-in, and refused after sign-out,
idle and absolute timeouts, disabling the user and a password change."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from rcf.access.roles import Role
from rcf.accounts.credentials import token_digest
from rcf.accounts.models import User, WebSession
from rcf.db import utcnow
from rcf.web.deps import SESSION_COOKIE
from tests.factories import Persona, World, csrf_from, sign_in

TOKEN_CHARACTERS = re.compile(r"^[A-Za-z0-9_-]+$")


def new_client(app: FastAPI) -> TestClient:
    return TestClient(app, base_url="https://testserver", follow_redirects=False)


def session_cookie(client: TestClient) -> str:
    value = client.cookies.get(SESSION_COOKIE)
    assert value, "no session cookie"
    return value


def reaches_account(app: FastAPI, cookie: str) -> bool:
    """Whether a browser holding only this cookie value gets the account page."""
    with new_client(app) as browser:
        browser.cookies.set(SESSION_COOKIE, cookie)
        response = browser.get("/account")
    if response.status_code == 303:
        assert response.headers["location"].startswith("/login")
        return False
    assert response.status_code == 200, response.status_code
    return True


def backdate_session(db: Session, cookie: str, **ages: timedelta) -> None:
    """Move a session's timestamps into the past (``created_at=...``, ``last_seen_at=...``)."""
    now = utcnow()
    db.execute(
        update(WebSession)
        .where(WebSession.token_hash == token_digest(cookie))
        .values({name: now - age for name, age in ages.items()})
    )
    db.commit()


def backdate_password(db: Session, persona: Persona, age: timedelta) -> None:
    """So that an old session is not refused for a reason other than the one tested."""
    db.execute(
        update(User).where(User.id == persona.user.id).values(password_changed_at=utcnow() - age)
    )
    db.commit()


# --- A new session id at sign-in ----------------------------------------------------------------


def test_cookie_set_before_sign_in_is_replaced(app: FastAPI, world: World) -> None:
    planted = "attacker-chosen-session-value-0123456789abcdef"
    with new_client(app) as client:
        client.cookies.set(SESSION_COOKIE, planted, domain="testserver.local")
        sign_in(client, world.persona("A", Role.VIEWER))
        cookie = session_cookie(client)

    assert cookie != planted
    assert reaches_account(app, cookie)
    assert not reaches_account(app, planted)


def test_second_factor_issues_a_new_session_id(
    app: FastAPI, client: TestClient, world: World
) -> None:
    focal = world.persona("A", Role.FOCAL_POINT)
    token = csrf_from(client, "/login")
    client.post(
        "/login", data={"email": focal.email, "password": focal.password, "csrf_token": token}
    )
    pending = session_cookie(client)
    token = csrf_from(client, "/login/second-factor")
    response = client.post(
        "/login/second-factor", data={"code": focal.next_code(), "csrf_token": token}
    )
    assert response.status_code == 303
    full = session_cookie(client)

    assert full != pending
    assert reaches_account(app, full)
    assert not reaches_account(app, pending)


def test_each_sign_in_gets_a_fresh_random_token(app: FastAPI, world: World, db: Session) -> None:
    viewer = world.persona("A", Role.VIEWER)
    cookies = []
    for _ in range(2):
        with new_client(app) as client:
            sign_in(client, viewer)
            cookies.append(session_cookie(client))

    assert cookies[0] != cookies[1]
    for cookie in cookies:
        # 128 bits need at least 22 URL-safe characters; the platform uses 256 bits.
        assert len(cookie) >= 43
        assert TOKEN_CHARACTERS.match(cookie)
    # Only a digest is stored, never the cookie value.
    stored = set(db.scalars(select(WebSession.token_hash)))
    assert stored == {token_digest(c) for c in cookies}


# --- Sessions end -------------------------------------------------------------------------------


def test_cookie_is_refused_after_sign_out(app: FastAPI, client: TestClient, world: World) -> None:
    csrf = sign_in(client, world.persona("A", Role.VIEWER))
    cookie = session_cookie(client)

    response = client.post("/logout", data={"csrf_token": csrf})

    assert response.status_code == 303
    assert response.headers["location"] == "/login"
    assert not reaches_account(app, cookie)


@pytest.mark.parametrize(
    ("idle_minutes", "alive"), [(29, True), (31, False)], ids=["29_min", "31_min"]
)
def test_idle_timeout(
    app: FastAPI, client: TestClient, world: World, db: Session, idle_minutes: int, alive: bool
) -> None:
    sign_in(client, world.persona("A", Role.VIEWER))
    cookie = session_cookie(client)

    backdate_session(db, cookie, last_seen_at=timedelta(minutes=idle_minutes))

    assert reaches_account(app, cookie) is alive


@pytest.mark.parametrize(("age_hours", "alive"), [(11, True), (13, False)], ids=["11_h", "13_h"])
def test_absolute_timeout_even_when_active(
    app: FastAPI, client: TestClient, world: World, db: Session, age_hours: int, alive: bool
) -> None:
    viewer = world.persona("A", Role.VIEWER)
    sign_in(client, viewer)
    cookie = session_cookie(client)
    backdate_password(db, viewer, timedelta(days=2))

    # Signed in long ago but used a minute ago.
    backdate_session(
        db, cookie, created_at=timedelta(hours=age_hours), last_seen_at=timedelta(minutes=1)
    )

    assert reaches_account(app, cookie) is alive


def test_idle_session_is_refused_on_every_page(
    app: FastAPI, client: TestClient, world: World, db: Session
) -> None:
    sign_in(client, world.persona("A", Role.VIEWER))
    backdate_session(db, session_cookie(client), last_seen_at=timedelta(minutes=31))

    for path in ("/", "/bulletins", "/account"):
        response = client.get(path)
        assert response.status_code == 303
        assert response.headers["location"].startswith("/login")


def test_disabling_a_user_ends_their_sessions(app: FastAPI, world: World, db: Session) -> None:
    viewer = world.persona("A", Role.VIEWER)
    with new_client(app) as victim, new_client(app) as admin:
        sign_in(victim, viewer)
        cookie = session_cookie(victim)
        assert reaches_account(app, cookie)
        csrf = sign_in(admin, world.persona("A", Role.FOCAL_POINT))

        response = admin.post(f"/admin/users/{viewer.user.id}/disable", data={"csrf_token": csrf})
        assert response.status_code == 303

        assert victim.get("/account").status_code == 303
    assert not reaches_account(app, cookie)
    db.expire_all()
    remaining = db.scalar(select(func.count()).where(WebSession.user_id == viewer.user.id))
    assert remaining == 0


def test_disabled_user_is_refused_even_if_a_session_row_survived(
    app: FastAPI, client: TestClient, world: World, db: Session
) -> None:
    viewer = world.persona("A", Role.VIEWER)
    sign_in(client, viewer)
    cookie = session_cookie(client)

    db.execute(update(User).where(User.id == viewer.user.id).values(is_active=False))
    db.commit()

    assert not reaches_account(app, cookie)


def test_password_change_ends_other_sessions(app: FastAPI, world: World) -> None:
    viewer = world.persona("A", Role.VIEWER)
    with new_client(app) as laptop, new_client(app) as phone:
        csrf = sign_in(laptop, viewer)
        sign_in(phone, viewer)
        laptop_before, phone_cookie = session_cookie(laptop), session_cookie(phone)

        response = laptop.post(
            "/account/password",
            data={
                "current_password": viewer.password,
                "new_password": "a completely new passphrase",
                "confirm_password": "a completely new passphrase",
                "csrf_token": csrf,
            },
        )
        assert response.status_code == 303

        # The browser that changed the password goes on under a new session id.
        assert laptop.get("/account").status_code == 200
        assert session_cookie(laptop) != laptop_before
    assert not reaches_account(app, phone_cookie)
    assert not reaches_account(app, laptop_before)


def test_session_from_before_a_password_change_is_refused(
    app: FastAPI, client: TestClient, world: World, db: Session
) -> None:
    """Even a session row not deleted (e.g. password reset from the command line)."""
    viewer = world.persona("A", Role.VIEWER)
    sign_in(client, viewer)
    cookie = session_cookie(client)

    backdate_session(db, cookie, created_at=timedelta(minutes=5))
    db.execute(update(User).where(User.id == viewer.user.id).values(password_changed_at=utcnow()))
    db.commit()

    assert not reaches_account(app, cookie)

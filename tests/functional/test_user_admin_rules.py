"""Administering users and tokens (C10): a focal point administers its own member only and never
grants a role above its own; the RSO administrator administers everyone, and rso_admin exists only
inside the RSO. Each change writes exactly one audit entry naming it; a refusal writes none.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from rcf.access.policy import Actor, may_grant
from rcf.access.roles import ROLE_RANK, Role
from rcf.accounts.models import ApiToken, User, WebSession
from rcf.audit.models import AuditAction, AuditEntry
from rcf.members.models import MemberKind
from rcf.runtime import Runtime
from tests.factories import Persona, World, api_token, make_user, sign_in

Browser = Callable[[], TestClient]
NEW_PASSWORD = "a fresh and long passphrase 2026"
TEMPORARY = re.compile(r'<code class="secret">([^<]+)</code>')


@pytest.fixture
def browser(app: FastAPI) -> Iterator[Browser]:
    with ExitStack() as stack:

        def open_browser() -> TestClient:
            client = TestClient(app, base_url="https://testserver", follow_redirects=False)
            return stack.enter_context(client)

        yield open_browser


def audit_count(db: Session) -> int:
    db.commit()  # a fresh snapshot of what the app committed
    return db.scalar(select(func.count()).select_from(AuditEntry)) or 0


def entries(db: Session, action: AuditAction, object_id: int) -> list[AuditEntry]:
    db.commit()
    return list(
        db.scalars(
            select(AuditEntry).where(
                AuditEntry.action == action, AuditEntry.object_id == str(object_id)
            )
        )
    )


def user_row(db: Session, user_id: int) -> dict[str, Any]:
    db.commit()
    user = db.get(User, user_id)
    assert user is not None
    db.refresh(user)
    return {c.key: getattr(user, c.key) for c in User.__mapper__.column_attrs}


def live_sessions(db: Session, user_id: int) -> int:
    db.commit()
    return (
        db.scalar(select(func.count()).select_from(WebSession).where(WebSession.user_id == user_id))
        or 0
    )


def user_form(csrf: str, agency_id: int, role: Role | str, **fields: Any) -> dict[str, Any]:
    return {
        "csrf_token": csrf,
        "email": "new.person@agency.test",
        "full_name": "New Person",
        "agency_id": str(agency_id),
        "role": str(role),
        **fields,
    }


def persona_of(world: World, member: str, role: Role) -> Persona:
    return world.persona(member, role)


# --- A's focal point and B's users --------------------------------------------------------------


def test_focal_point_does_not_see_other_members_users(
    client: TestClient, db: Session, world: World
) -> None:
    sign_in(client, world.persona("A", Role.FOCAL_POINT))
    listing = client.get("/admin/users")
    assert listing.status_code == 200
    for role in (Role.VIEWER, Role.FOCAL_POINT):
        assert world.persona("A", role).email in listing.text
        assert world.persona("B", role).email not in listing.text
    assert world.persona("RSO", Role.RSO_ADMIN).email not in listing.text
    missing = client.get("/admin/users/987654")
    hidden = client.get(f"/admin/users/{world.persona('B', Role.VIEWER).user.id}")
    assert (hidden.status_code, hidden.content) == (404, missing.content)


@pytest.mark.parametrize(
    ("path", "form"),
    [
        ("/admin/users/{id}", {"full_name": "Renamed", "agency_id": "{agency}", "role": "viewer"}),
        ("/admin/users/{id}/disable", {}),
        ("/admin/users/{id}/enable", {}),
        ("/admin/users/{id}/reset-2fa", {}),
    ],
)
def test_focal_point_cannot_change_other_members_users(
    client: TestClient, db: Session, world: World, path: str, form: dict[str, str]
) -> None:
    csrf = sign_in(client, world.persona("A", Role.FOCAL_POINT))
    target = world.persona("B", Role.FOCAL_POINT).user  # has a second factor to lose
    a_agency = str(world.agencies["A"].id)
    data = {k: v.replace("{agency}", a_agency) for k, v in form.items()}
    before, audited = user_row(db, target.id), audit_count(db)
    response = client.post(path.format(id=target.id), data={**data, "csrf_token": csrf})
    missing = client.post(path.format(id=987654), data={**data, "csrf_token": csrf})
    assert response.status_code == 404
    assert response.content == missing.content
    assert user_row(db, target.id) == before
    assert audit_count(db) == audited


def test_focal_point_cannot_create_a_user_in_another_member(
    client: TestClient, db: Session, world: World
) -> None:
    csrf = sign_in(client, world.persona("A", Role.FOCAL_POINT))
    audited = audit_count(db)
    response = client.post("/admin/users", data=user_form(csrf, world.agencies["B"].id, "viewer"))
    assert response.status_code == 400
    assert 'id="agency_id-error"' in response.text  # the message beside the field
    assert "Choose one of your member&#39;s agencies." in response.text
    assert db.scalar(select(User.id).where(User.email == "new.person@agency.test")) is None
    assert audit_count(db) == audited


@pytest.mark.parametrize(("agency", "field"), [("A", "role"), ("RSO", "agency_id")])
def test_focal_point_cannot_grant_rso_admin(
    client: TestClient, db: Session, world: World, agency: str, field: str
) -> None:
    csrf = sign_in(client, world.persona("A", Role.FOCAL_POINT))
    form = client.get("/admin/users/new")
    assert 'value="rso_admin"' not in form.text  # not even offered
    audited = audit_count(db)
    data = user_form(csrf, world.agencies[agency].id, Role.RSO_ADMIN)
    response = client.post("/admin/users", data=data)
    assert response.status_code == 400
    assert f'id="{field}-error"' in response.text
    assert db.scalar(select(User.id).where(User.email == "new.person@agency.test")) is None
    assert audit_count(db) == audited


def test_focal_point_cannot_promote_a_user_to_rso_admin(
    client: TestClient, db: Session, world: World
) -> None:
    csrf = sign_in(client, world.persona("A", Role.FOCAL_POINT))
    target = world.persona("A", Role.VIEWER).user
    before, audited = user_row(db, target.id), audit_count(db)
    data = {
        "csrf_token": csrf,
        "full_name": "Promoted",
        "agency_id": str(world.agencies["A"].id),
        "role": "rso_admin",
    }
    response = client.post(f"/admin/users/{target.id}", data=data)
    assert response.status_code == 400
    assert "You cannot give this role." in response.text
    assert user_row(db, target.id) == before
    assert audit_count(db) == audited


@pytest.mark.parametrize("granter", list(Role))
@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("kind", [MemberKind.MEMBER_STATE, MemberKind.RSO])
def test_no_one_grants_above_their_own_role(granter: Role, role: Role, kind: MemberKind) -> None:
    actor = Actor(1, "granter", 1, 1, MemberKind.MEMBER_STATE, granter)
    expected = ROLE_RANK[role] <= ROLE_RANK[granter] and (
        role is not Role.RSO_ADMIN or kind == MemberKind.RSO
    )
    assert may_grant(actor, role, kind) is expected
    # Roles read from the database are plain strings: the answer must not change.
    assert may_grant(actor, str(role), str(kind)) is expected  # type: ignore[arg-type]


def test_a_role_from_the_database_is_the_enum() -> None:
    actor = Actor(1, "x", 1, 1, MemberKind.RSO, "rso_admin")  # type: ignore[arg-type]
    assert actor.role is Role.RSO_ADMIN


# --- Inside one member: nobody acts on a user ranked above them ---------------------------------


@pytest.fixture
def rso_focal_point(db: Session, runtime: Runtime, world: World) -> Persona:
    """A focal point inside the RSO: the one place where a higher-ranked user (the RSO
    administrator) is in a focal point's own member."""
    persona = make_user(db, runtime, world.agencies["RSO"], Role.FOCAL_POINT)
    db.commit()
    return persona


@pytest.mark.parametrize(
    ("path", "form", "status"),
    [
        ("/admin/users/{id}", {"full_name": "Demoted", "role": "viewer"}, 400),
        ("/admin/users/{id}/disable", {}, 409),
        ("/admin/users/{id}/reset-2fa", {}, 409),
    ],
)
def test_focal_point_cannot_act_on_a_higher_ranked_user_of_its_member(
    client: TestClient,
    db: Session,
    world: World,
    rso_focal_point: Persona,
    path: str,
    form: dict[str, str],
    status: int,
) -> None:
    csrf = sign_in(client, rso_focal_point)
    target = world.persona("RSO", Role.RSO_ADMIN).user
    before, audited = user_row(db, target.id), audit_count(db)
    data = {**form, "agency_id": str(world.agencies["RSO"].id), "csrf_token": csrf}
    response = client.post(path.format(id=target.id), data=data)
    assert response.status_code == status
    assert user_row(db, target.id) == before
    assert audit_count(db) == audited


def test_focal_point_cannot_make_a_token_acting_for_a_higher_ranked_user(
    client: TestClient, db: Session, world: World, rso_focal_point: Persona
) -> None:
    csrf = sign_in(client, rso_focal_point)
    target = world.persona("RSO", Role.RSO_ADMIN).user
    audited = audit_count(db)
    data = {
        "csrf_token": csrf,
        "name": "impersonation",
        "user_id": str(target.id),
        "scopes": ["member:write"],
        "days": "30",
    }
    response = client.post("/admin/tokens", data=data)
    assert response.status_code == 400
    db.commit()
    assert db.scalar(select(func.count()).select_from(ApiToken)) == 0
    assert audit_count(db) == audited


# --- The RSO administrator ----------------------------------------------------------------------


@pytest.mark.parametrize("member", ["A", "B", "C", "RSO"])
def test_rso_admin_creates_users_in_any_member(
    client: TestClient, db: Session, world: World, member: str
) -> None:
    csrf = sign_in(client, world.persona("RSO", Role.RSO_ADMIN))
    audited = audit_count(db)
    agency = world.agencies[member]
    response = client.post("/admin/users", data=user_form(csrf, agency.id, Role.FOCAL_POINT))
    assert response.status_code == 200, response.text
    db.commit()
    made = db.scalars(select(User).where(User.email == "new.person@agency.test")).one()
    assert (made.member_id, made.agency_id, made.role) == (
        agency.member_id,
        agency.id,
        "focal_point",
    )
    assert made.must_change_password
    created = entries(db, AuditAction.USER_CREATED, made.id)
    assert len(created) == 1
    assert created[0].actor_user_id == world.persona("RSO", Role.RSO_ADMIN).user.id
    assert audit_count(db) == audited + 1


@pytest.mark.parametrize(("member", "allowed"), [("A", False), ("C", False), ("RSO", True)])
def test_rso_admin_role_exists_only_inside_the_rso(
    client: TestClient, db: Session, world: World, member: str, allowed: bool
) -> None:
    csrf = sign_in(client, world.persona("RSO", Role.RSO_ADMIN))
    audited = audit_count(db)
    data = user_form(csrf, world.agencies[member].id, Role.RSO_ADMIN)
    response = client.post("/admin/users", data=data)
    assert response.status_code == (200 if allowed else 400)
    made = db.scalar(select(User.id).where(User.email == "new.person@agency.test"))
    assert (made is not None) is allowed
    assert audit_count(db) == audited + (1 if allowed else 0)


def test_rso_admin_cannot_move_an_rso_admin_out_of_the_rso(
    client: TestClient, db: Session, runtime: Runtime, world: World
) -> None:
    other = make_user(db, runtime, world.agencies["RSO"], Role.RSO_ADMIN, email="second@rso.test")
    db.commit()
    csrf = sign_in(client, world.persona("RSO", Role.RSO_ADMIN))
    before, audited = user_row(db, other.user.id), audit_count(db)
    data = {
        "csrf_token": csrf,
        "full_name": "Moved",
        "agency_id": str(world.agencies["A"].id),
        "role": "rso_admin",
    }
    assert client.post(f"/admin/users/{other.user.id}", data=data).status_code == 400
    assert user_row(db, other.user.id) == before
    assert audit_count(db) == audited


# --- A new user's first sign-in -----------------------------------------------------------------


def test_new_user_must_change_the_temporary_password_first(
    browser: Browser, db: Session, world: World
) -> None:
    admin = browser()
    csrf = sign_in(admin, world.persona("A", Role.FOCAL_POINT))
    response = admin.post("/admin/users", data=user_form(csrf, world.agencies["A"].id, "viewer"))
    assert response.status_code == 200
    match = TEMPORARY.search(response.text)
    assert match
    temporary = match.group(1)

    newcomer = browser()
    newcomer_csrf = _sign_in_with(newcomer, "new.person@agency.test", temporary)
    for path in ("/", "/bulletins", "/members", "/account"):
        answer = newcomer.get(path)
        assert (answer.status_code, answer.headers["location"]) == (303, "/account/password")
    refused = newcomer.post(
        "/bulletins", data={"csrf_token": newcomer_csrf, "title": "x", "body": "x"}
    )
    assert (refused.status_code, refused.headers["location"]) == (303, "/account/password")
    assert newcomer.get("/account/password").status_code == 200

    changed = newcomer.post(
        "/account/password",
        data={
            "csrf_token": newcomer_csrf,
            "current_password": temporary,
            "new_password": NEW_PASSWORD,
            "confirm_password": NEW_PASSWORD,
        },
    )
    assert changed.status_code == 303, changed.text
    assert newcomer.get("/").status_code == 200
    made = db.scalars(select(User).where(User.email == "new.person@agency.test")).one()
    db.refresh(made)
    assert not made.must_change_password
    assert len(entries(db, AuditAction.PASSWORD_CHANGED, made.id)) == 1


def _sign_in_with(client: TestClient, email: str, password: str) -> str:
    page = client.get("/login")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert token
    response = client.post(
        "/login", data={"email": email, "password": password, "csrf_token": token.group(1)}
    )
    assert (response.status_code, response.headers["location"]) == (303, "/"), response.text
    page = client.get("/account/password")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert token
    return token.group(1)


# --- Changes that succeed, each audited once ----------------------------------------------------


def test_disabling_a_user_ends_their_sessions_and_tokens(
    browser: Browser, db: Session, runtime: Runtime, world: World
) -> None:
    target = world.persona("A", Role.CONTRIBUTOR)
    victim = browser()
    sign_in(victim, target)
    token = api_token(db, runtime, target, ["bulletin:read"])
    assert victim.get("/").status_code == 200
    assert live_sessions(db, target.user.id) == 1

    admin = browser()
    csrf = sign_in(admin, world.persona("A", Role.FOCAL_POINT))
    response = admin.post(f"/admin/users/{target.user.id}/disable", data={"csrf_token": csrf})
    assert response.status_code == 303

    assert live_sessions(db, target.user.id) == 0
    ended = victim.get("/")
    assert (ended.status_code, ended.headers["location"]) == (303, "/login?next=/")
    api = victim.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})
    assert api.status_code == 401
    assert not user_row(db, target.user.id)["is_active"]
    assert len(entries(db, AuditAction.USER_DISABLED, target.user.id)) == 1


def test_each_change_writes_one_audit_entry(
    client: TestClient, db: Session, runtime: Runtime, world: World
) -> None:
    admin = world.persona("A", Role.FOCAL_POINT)
    csrf = sign_in(client, admin)
    target = world.persona("A", Role.VIEWER).user
    a_agency = str(world.agencies["A"].id)
    changes = [
        (
            f"/admin/users/{target.id}",
            {"full_name": "Renamed", "agency_id": a_agency, "role": "contributor"},
            AuditAction.USER_UPDATED,
        ),
        (f"/admin/users/{target.id}/disable", {}, AuditAction.USER_DISABLED),
        (f"/admin/users/{target.id}/enable", {}, AuditAction.USER_ENABLED),
        (f"/admin/users/{target.id}/reset-2fa", {}, AuditAction.TOTP_RESET),
    ]
    for path, form, action in changes:
        response = client.post(path, data={**form, "csrf_token": csrf})
        assert response.status_code == 303, (path, response.text)
        found = entries(db, action, target.id)
        assert len(found) == 1, action
        assert found[0].actor_user_id == admin.user.id
        assert found[0].object_member_id == target.member_id
    updated = entries(db, AuditAction.USER_UPDATED, target.id)[0]
    assert updated.changes["role"] == {"before": "viewer", "after": "contributor"}
    assert user_row(db, target.id)["role"] == "contributor"


# --- API tokens ---------------------------------------------------------------------------------


def test_focal_point_cannot_see_or_revoke_other_members_tokens(
    client: TestClient, db: Session, runtime: Runtime, world: World
) -> None:
    b_secret = api_token(db, runtime, world.persona("B", Role.VIEWER), ["bulletin:read"])
    b_token = db.scalars(select(ApiToken)).one()
    csrf = sign_in(client, world.persona("A", Role.FOCAL_POINT))
    assert world.persona("B", Role.VIEWER).email not in client.get("/admin/tokens").text
    audited = audit_count(db)

    refused = client.post(f"/admin/tokens/{b_token.id}/revoke", data={"csrf_token": csrf})
    missing = client.post("/admin/tokens/987654/revoke", data={"csrf_token": csrf})
    assert (refused.status_code, refused.content) == (404, missing.content)

    db.commit()
    db.refresh(b_token)
    assert b_token.revoked_at is None
    me = client.get("/api/v1/me", headers={"Authorization": f"Bearer {b_secret}"})
    assert me.status_code == 200
    assert audit_count(db) == audited


def test_focal_point_revokes_own_members_token_once(
    client: TestClient, db: Session, runtime: Runtime, world: World
) -> None:
    secret = api_token(db, runtime, world.persona("A", Role.VIEWER), ["bulletin:read"])
    token = db.scalars(select(ApiToken)).one()
    csrf = sign_in(client, world.persona("A", Role.FOCAL_POINT))
    for _ in range(2):  # revoking twice is harmless and audited once
        answer = client.post(f"/admin/tokens/{token.id}/revoke", data={"csrf_token": csrf})
        assert answer.status_code == 303
    me = client.get("/api/v1/me", headers={"Authorization": f"Bearer {secret}"})
    assert me.status_code == 401
    revoked = entries(db, AuditAction.TOKEN_REVOKED, token.id)
    assert len(revoked) == 1
    assert revoked[0].actor_user_id == world.persona("A", Role.FOCAL_POINT).user.id


@pytest.mark.parametrize(("member", "role"), [("RSO", Role.RSO_ADMIN), ("A", Role.CONTRIBUTOR)])
def test_only_focal_points_manage_tokens(
    client: TestClient, db: Session, runtime: Runtime, world: World, member: str, role: Role
) -> None:
    api_token(db, runtime, world.persona("A", Role.VIEWER), ["bulletin:read"])
    token = db.scalars(select(ApiToken)).one()
    csrf = sign_in(client, world.persona(member, role))
    audited = audit_count(db)
    assert client.get("/admin/tokens").status_code == 403
    response = client.post(f"/admin/tokens/{token.id}/revoke", data={"csrf_token": csrf})
    assert response.status_code == 403
    db.commit()
    db.refresh(token)
    assert token.revoked_at is None
    assert audit_count(db) == audited

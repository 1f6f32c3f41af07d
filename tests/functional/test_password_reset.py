"""An administrator resets a forgotten password: a one-time password, sessions end."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from rcf.access.roles import Role
from rcf.accounts.credentials import Passwords
from rcf.accounts.models import User
from rcf.audit.models import AuditEntry
from rcf.cli import app as cli
from rcf.settings import Settings
from tests.factories import World, csrf_from, sign_in

TEMPORARY = '<code class="secret">'


def _temporary_from(html: str) -> str:
    start = html.index(TEMPORARY) + len(TEMPORARY)
    return html[start : html.index("</code>", start)]


def test_focal_point_resets_a_password(client: TestClient, world: World, db: Session) -> None:
    viewer = world.persona("A", Role.VIEWER)
    with TestClient(client.app, base_url="https://testserver", follow_redirects=False) as other:
        sign_in(other, viewer)
        token = sign_in(client, world.persona("A", Role.FOCAL_POINT))
        page = client.post(
            f"/admin/users/{viewer.user.id}/reset-password", data={"csrf_token": token}
        )
        assert page.status_code == 200
        temporary = _temporary_from(page.text)
        assert other.get("/").status_code == 303  # the viewer's session ended
    viewer.password = temporary
    with TestClient(client.app, base_url="https://testserver", follow_redirects=False) as fresh:
        csrf = csrf_from(fresh, "/login")
        signed = fresh.post(
            "/login", data={"email": viewer.email, "password": temporary, "csrf_token": csrf}
        )
        assert signed.status_code == 303
        assert fresh.get("/").headers["location"] == "/account/password"
    actions = db.scalars(
        select(AuditEntry.action).where(AuditEntry.object_id == str(viewer.user.id))
    )
    assert "account.password_reset" in list(actions)


def test_nobody_resets_a_higher_role_or_another_members_user(
    client: TestClient, world: World
) -> None:
    token = sign_in(client, world.persona("A", Role.FOCAL_POINT))
    rso = world.persona("RSO", Role.RSO_ADMIN).user.id
    other = world.persona("B", Role.VIEWER).user.id
    assert (
        client.post(f"/admin/users/{rso}/reset-password", data={"csrf_token": token}).status_code
        == 404
    )
    assert (
        client.post(f"/admin/users/{other}/reset-password", data={"csrf_token": token}).status_code
        == 404
    )
    own = world.persona("A", Role.FOCAL_POINT).user.id
    assert (
        client.post(f"/admin/users/{own}/reset-password", data={"csrf_token": token}).status_code
        == 409
    )


def test_cli_reset_password_prints_a_working_temporary_password(
    world: World, db: Session, test_settings: Settings
) -> None:
    email = world.persona("B", Role.ANALYST).email
    env = {
        "RCF_DATABASE_URL": test_settings.resolved_database_url,
        "RCF_SECRET_KEY": test_settings.resolved_secret_key,
        "RCF_ARGON2_TIME_COST": "1",
        "RCF_ARGON2_MEMORY_KIB": "64",
    }
    result = CliRunner().invoke(cli, ["users", "reset-password", email], env=env)
    assert result.exit_code == 0, result.output
    temporary = result.output.strip().splitlines()[-1]
    db.expire_all()
    user = db.scalars(select(User).where(User.email == email)).one()
    assert user.must_change_password
    assert Passwords(1, 64).verify(user.password_hash, temporary)

"""The `rcf` command line, run in-process against the test database (or a fresh one)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from click.testing import Result
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from rcf.access.roles import Role
from rcf.accounts.models import ApiToken, User
from rcf.audit.models import AuditAction, AuditEntry
from rcf.bulletins.models import Bulletin
from rcf.cli import app as cli_app
from rcf.demo import DEMO_PASSWORD
from rcf.settings import Settings
from tests.factories import World, csrf_from

NEW_PASSWORD = "a long new password for the cli 2026"


def rcf_cli(settings: Settings, *args: str, input: str | None = None, **env: str) -> Result:
    """Run `rcf ARGS` with the test database and key, as an operator's shell would."""
    environment = {
        "RCF_DATABASE_URL": settings.resolved_database_url,
        "RCF_SECRET_KEY": settings.resolved_secret_key,
        "RCF_ENVIRONMENT": "test",
        "RCF_DATA_DIR": str(settings.data_dir),
        "RCF_ARGON2_TIME_COST": "1",
        "RCF_ARGON2_MEMORY_KIB": "64",
        **env,
    }
    return CliRunner().invoke(cli_app, list(args), env=environment, input=input)


def one_line(text: str) -> str:
    return " ".join(text.split())


def sign_in_status(client: TestClient, email: str, password: str) -> tuple[int, str]:
    csrf = csrf_from(client, "/login")
    response = client.post(
        "/login", data={"email": email, "password": password, "csrf_token": csrf}
    )
    return response.status_code, response.headers.get("location", "")


def audit_actions(db: Session) -> list[str]:
    db.expire_all()
    return list(db.scalars(select(AuditEntry.action).order_by(AuditEntry.seq)))


# --- rcf db upgrade | check ---------------------------------------------------------------------


@pytest.fixture
def empty_sqlite(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    path = tmp_path / "fresh.sqlite3"
    return path, {"RCF_DATABASE_URL": f"sqlite:///{path}", "RCF_DATA_DIR": str(tmp_path)}


def test_db_upgrade_then_check_agree(
    test_settings: Settings, empty_sqlite: tuple[Path, dict[str, str]]
) -> None:
    path, env = empty_sqlite

    upgrade = rcf_cli(test_settings, "db", "upgrade", **env)
    check = rcf_cli(test_settings, "db", "check", **env)

    assert upgrade.exit_code == 0, upgrade.output
    assert path.exists()
    assert check.exit_code == 0, check.output
    assert "Models and migrations agree" in check.stdout


@pytest.mark.parametrize(
    ("damage", "named"),
    [
        ("DROP TABLE record_shares", "record_shares"),
        ("DROP INDEX ix_audit_entries_action", "ix_audit_entries_action"),
    ],
    ids=["table missing", "index missing"],
)
def test_db_check_reports_drift(
    damage: str,
    named: str,
    test_settings: Settings,
    empty_sqlite: tuple[Path, dict[str, str]],
) -> None:
    """A schema that lacks part of the models (as if a migration were missing) fails the check."""
    path, env = empty_sqlite
    assert rcf_cli(test_settings, "db", "upgrade", **env).exit_code == 0
    with sqlite3.connect(path) as connection:
        connection.execute(damage)

    check = rcf_cli(test_settings, "db", "check", **env)

    assert check.exit_code == 1
    assert "Models and migrations differ" in one_line(check.stderr)
    assert named in check.stderr


def test_db_check_passes_on_the_database_under_test(test_settings: Settings, db: Session) -> None:
    """The test database (SQLite, or PostgreSQL with RCF_TEST_DATABASE_URL) matches the models."""
    check = rcf_cli(test_settings, "db", "check")

    assert check.exit_code == 0, check.output


def test_a_bad_configuration_exits_2(test_settings: Settings, tmp_path: Path) -> None:
    result = rcf_cli(
        test_settings,
        "audit",
        "verify",
        RCF_ENVIRONMENT="production",
        RCF_SECRET_KEY="change-me",
        RCF_DATA_DIR=str(tmp_path),
    )

    assert result.exit_code == 2
    assert "RCF_SECRET_KEY" in one_line(result.stderr)
    assert "change-me" not in result.stderr


# --- rcf users ... ------------------------------------------------------------------------------


def create_user(settings: Settings, email: str, role: str, password: str, **where: str) -> Result:
    return rcf_cli(
        settings,
        "users",
        "create",
        email,
        "--name",
        "Created At The Console",
        "--member",
        where.get("member", "THA"),
        "--agency",
        where.get("agency", "Immigration"),
        "--role",
        role,
        "--password-stdin",
        input=password + "\n",
    )


def test_users_create_reads_the_password_from_stdin(
    test_settings: Settings, world: World, db: Session, client: TestClient
) -> None:
    result = create_user(test_settings, "New.Officer@THA.test", "viewer", NEW_PASSWORD)

    assert result.exit_code == 0, result.output
    assert "Created new.officer@tha.test (viewer)" in result.stdout
    user = db.scalars(select(User).where(User.email == "new.officer@tha.test")).one()
    assert user.role == Role.VIEWER
    assert user.member_id == world.members["A"].id
    assert NEW_PASSWORD not in user.password_hash
    assert user.password_hash.startswith("$argon2id$")
    entry = db.scalars(
        select(AuditEntry).where(AuditEntry.action == AuditAction.USER_CREATED)
    ).one()
    assert entry.actor_label == "system (cli)"
    assert entry.object_member_id == world.members["A"].id
    assert sign_in_status(client, "new.officer@tha.test", NEW_PASSWORD) == (303, "/")


def test_users_create_the_first_rso_admin(
    test_settings: Settings, world: World, db: Session
) -> None:
    result = create_user(test_settings, "chief@rso.test", "rso_admin", NEW_PASSWORD, member="RSO")

    assert result.exit_code == 0, result.output
    assert db.scalars(select(User.role).where(User.email == "chief@rso.test")).one() == "rso_admin"


@pytest.mark.parametrize(
    ("email", "role", "password", "where", "message"),
    [
        ("weak@tha.test", "viewer", "short", {}, "characters"),
        ("viewer@tha.test", "viewer", NEW_PASSWORD, {}, "already exists"),
        ("not-an-email", "viewer", NEW_PASSWORD, {}, "email"),
        ("boss@tha.test", "rso_admin", NEW_PASSWORD, {}, "only to users of the RSO"),
        ("lost@tha.test", "viewer", NEW_PASSWORD, {"agency": "Nowhere"}, "No agency 'Nowhere'"),
    ],
    ids=["weak password", "duplicate email", "bad email", "rso_admin outside RSO", "no agency"],
)
def test_users_create_refuses_cleanly(
    email: str,
    role: str,
    password: str,
    where: dict[str, str],
    message: str,
    test_settings: Settings,
    world: World,
    db: Session,
) -> None:
    users_before, actions_before = db.scalar(select(func.count(User.id))), audit_actions(db)

    result = create_user(test_settings, email, role, password, **where)

    assert result.exit_code == 1
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert message in one_line(result.stderr)
    assert password not in result.output
    assert db.scalar(select(func.count(User.id))) == users_before
    assert audit_actions(db) == actions_before


def test_users_disable_ends_sign_in(
    test_settings: Settings, world: World, db: Session, client: TestClient
) -> None:
    persona = world.persona("A", Role.CONTRIBUTOR)

    result = rcf_cli(test_settings, "users", "disable", persona.email)

    assert result.exit_code == 0, result.output
    db.expire_all()
    assert db.get(User, persona.user.id).is_active is False  # type: ignore[union-attr]
    assert AuditAction.USER_DISABLED in audit_actions(db)
    assert sign_in_status(client, persona.email, persona.password)[0] == 400


def test_users_commands_name_an_unknown_user(test_settings: Settings, world: World) -> None:
    for command in ("disable", "reset-2fa"):
        result = rcf_cli(test_settings, "users", command, "nobody@nowhere.test")
        assert result.exit_code == 1
        assert "No user 'nobody@nowhere.test'" in result.stderr


def test_users_reset_2fa_sends_the_user_back_to_enrolment(
    test_settings: Settings, world: World, db: Session, client: TestClient
) -> None:
    focal = world.persona("A", Role.FOCAL_POINT)

    result = rcf_cli(test_settings, "users", "reset-2fa", focal.email)

    assert result.exit_code == 0, result.output
    db.expire_all()
    user = db.get(User, focal.user.id)
    assert user is not None
    assert user.totp_secret_encrypted is None
    assert user.totp_confirmed is False
    assert AuditAction.TOTP_RESET in audit_actions(db)
    assert sign_in_status(client, focal.email, focal.password) == (303, "/login/enrol")


# --- rcf tokens ... -----------------------------------------------------------------------------


def create_token(settings: Settings, email: str, *scopes: str) -> Result:
    options = [part for scope in scopes for part in ("--scope", scope)]
    return rcf_cli(settings, "tokens", "create", email, "--name", "national system", *options)


def test_tokens_create_prints_a_working_token_and_revoke_stops_it(
    test_settings: Settings, world: World, db: Session, client: TestClient
) -> None:
    persona = world.persona("B", Role.CONTRIBUTOR)

    created = create_token(test_settings, persona.email, "bulletin:read", "member:read")

    assert created.exit_code == 0, created.output
    secret = created.stdout.strip().splitlines()[-1]
    assert secret.startswith("rcf_")
    headers = {"Authorization": f"Bearer {secret}"}
    me = client.get("/api/v1/me", headers=headers)
    assert me.status_code == 200
    assert me.json()["user"].startswith(persona.email)
    assert me.json()["permissions"] == ["bulletin:record:read", "member:directory:read"]
    token = db.scalars(select(ApiToken).where(ApiToken.user_id == persona.user.id)).one()
    assert secret not in token.token_hash
    assert AuditAction.TOKEN_CREATED in audit_actions(db)

    revoked = rcf_cli(test_settings, "tokens", "revoke", str(token.id))

    assert revoked.exit_code == 0, revoked.output
    assert client.get("/api/v1/me", headers=headers).status_code == 401
    assert AuditAction.TOKEN_REVOKED in audit_actions(db)


def test_a_token_stops_working_when_its_user_is_disabled(
    test_settings: Settings, world: World, client: TestClient
) -> None:
    persona = world.persona("B", Role.VIEWER)
    secret = create_token(test_settings, persona.email, "bulletin:read").stdout.split()[-1]
    headers = {"Authorization": f"Bearer {secret}"}
    assert client.get("/api/v1/me", headers=headers).status_code == 200

    assert rcf_cli(test_settings, "users", "disable", persona.email).exit_code == 0

    assert client.get("/api/v1/me", headers=headers).status_code == 401


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["tokens", "create", "viewer@idn.test", "--name", "x", "--scope", "audit:read"], "scope"),
        (
            ["tokens", "create", "ghost@idn.test", "--name", "x", "--scope", "bulletin:read"],
            "No user",
        ),
        (["tokens", "revoke", "999999"], "No token 999999"),
    ],
    ids=["unknown scope", "unknown user", "unknown token"],
)
def test_tokens_commands_refuse_cleanly(
    args: list[str], message: str, test_settings: Settings, world: World, db: Session
) -> None:
    result = rcf_cli(test_settings, *args)

    assert result.exit_code == 1
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert message in one_line(result.stderr)
    assert db.scalar(select(func.count(ApiToken.id))) == 0


# --- rcf demo -----------------------------------------------------------------------------------


def test_demo_refuses_outside_demo_mode(test_settings: Settings, db: Session) -> None:
    result = rcf_cli(test_settings, "demo")

    assert result.exit_code == 2
    assert "RCF_ENVIRONMENT=demo" in result.stderr
    assert db.scalar(select(func.count(User.id))) == 0


def test_demo_seeds_once_and_prints_the_logins(test_settings: Settings, db: Session) -> None:
    first = rcf_cli(test_settings, "demo", "--incidents", "200", RCF_ENVIRONMENT="demo")
    assert first.exit_code == 0, first.output
    users = db.scalar(select(func.count(User.id)))
    bulletins = db.scalar(select(func.count(Bulletin.id)))
    entries = db.scalar(select(func.count(AuditEntry.id)))

    second = rcf_cli(test_settings, "demo", "--incidents", "200", RCF_ENVIRONMENT="demo")

    assert second.exit_code == 0, second.output
    db.expire_all()
    assert db.scalar(select(func.count(User.id))) == users
    assert db.scalar(select(func.count(Bulletin.id))) == bulletins
    assert db.scalar(select(func.count(AuditEntry.id))) == entries
    assert (users or 0) >= 10
    assert bulletins == 5
    for text in (DEMO_PASSWORD, "viewer@tha.demo.rcf", "focal-point@mys.demo.rcf", "rso-admin"):
        assert text in second.stdout
    assert second.stdout == first.stdout
    assert rcf_cli(test_settings, "audit", "verify").exit_code == 0

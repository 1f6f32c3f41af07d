"""The audit trail end to end: what sign-ins and reads write (G1), who sees it, that it holds
no secret (G3, F1), and `rcf audit verify` on an intact and a tampered chain (G2)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from click.testing import Result
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import func, select, text
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from rcf.access.roles import Role
from rcf.audit.models import AuditAction, AuditEntry
from rcf.cli import app as cli_app
from rcf.runtime import Runtime
from rcf.settings import Settings
from tests.factories import Persona, World, api_token, csrf_from, sign_in

AUDIT_ROW_SEQ = re.compile(r"<tr[^>]*>\s*<td[^>]*>(\d+)</td>")


def rcf_cli(settings: Settings, *args: str, **env: str) -> Result:
    environment = {
        "RCF_DATABASE_URL": settings.resolved_database_url,
        "RCF_SECRET_KEY": settings.resolved_secret_key,
        "RCF_ENVIRONMENT": "test",
        "RCF_DATA_DIR": str(settings.data_dir),
        **env,
    }
    return CliRunner().invoke(cli_app, list(args), env=environment)


def last_seq(db: Session) -> int:
    db.expire_all()
    return db.scalar(select(func.max(AuditEntry.seq))) or 0


def entries_after(db: Session, seq: int) -> list[AuditEntry]:
    db.expire_all()
    return list(db.scalars(select(AuditEntry).where(AuditEntry.seq > seq).order_by(AuditEntry.seq)))


def post_login(client: TestClient, email: str, password: str) -> int:
    csrf = csrf_from(client, "/login")
    response = client.post(
        "/login", data={"email": email, "password": password, "csrf_token": csrf}
    )
    return response.status_code


def visible_seqs(client: TestClient, **params: str) -> set[int]:
    page = client.get("/audit", params=params)
    assert page.status_code == 200, page.text
    return {int(seq) for seq in AUDIT_ROW_SEQ.findall(page.text)}


@pytest.fixture
def another_client(app: FastAPI) -> Iterator[TestClient]:
    """A second browser, for a second persona at the same time."""
    with TestClient(app, base_url="https://testserver", follow_redirects=False) as second:
        yield second


# --- G1: sign-ins -------------------------------------------------------------------------------


def test_a_successful_sign_in_writes_exactly_one_entry(
    client: TestClient, world: World, db: Session
) -> None:
    persona = world.persona("A", Role.VIEWER)
    before, started = last_seq(db), datetime.now(UTC)

    assert post_login(client, persona.email, persona.password) == 303

    (entry,) = entries_after(db, before)
    assert entry.action == AuditAction.LOGIN_SUCCEEDED
    assert entry.decision == "allowed"
    assert entry.actor_user_id == persona.user.id
    assert entry.actor_label == persona.email
    assert entry.member_id == world.members["A"].id
    assert entry.agency_id == world.agencies["A"].id
    assert entry.object_member_id == world.members["A"].id
    assert entry.at.tzinfo is not None
    assert entry.at.utcoffset().total_seconds() == 0  # type: ignore[union-attr]
    assert started <= entry.at <= datetime.now(UTC)
    assert entry.request_id
    assert entry.client_address


@pytest.mark.parametrize("known_account", [True, False], ids=["wrong password", "unknown user"])
def test_a_failed_sign_in_writes_exactly_one_denied_entry(
    known_account: bool, client: TestClient, world: World, db: Session
) -> None:
    persona = world.persona("A", Role.VIEWER)
    email = persona.email if known_account else "nobody@tha.test"
    before, started = last_seq(db), datetime.now(UTC)

    assert post_login(client, email, "not the password at all") == 400

    (entry,) = entries_after(db, before)
    assert entry.action == AuditAction.LOGIN_FAILED
    assert entry.decision == "denied"
    assert entry.actor_user_id is None
    assert entry.actor_label == "anonymous"
    assert entry.object_id == (str(persona.user.id) if known_account else "-")
    assert started <= entry.at <= datetime.now(UTC)
    assert entry.at.utcoffset().total_seconds() == 0  # type: ignore[union-attr]


# --- G1: reads of another member's records ------------------------------------------------------


def test_reading_another_members_bulletin_writes_one_read_entry(
    client: TestClient, world: World, db: Session
) -> None:
    reader = world.persona("B", Role.VIEWER)
    bulletin = world.bulletins["a_regional"]
    sign_in(client, reader)
    before = last_seq(db)

    assert client.get(f"/bulletins/{bulletin.id}").status_code == 200

    (entry,) = entries_after(db, before)
    assert entry.action == AuditAction.RECORD_READ
    assert entry.decision == "allowed"
    assert entry.object_type == "bulletin"
    assert entry.object_id == str(bulletin.id)
    assert entry.object_member_id == world.members["A"].id
    assert entry.member_id == world.members["B"].id
    assert entry.actor_user_id == reader.user.id


def test_reading_the_api_copy_is_audited_the_same_way(
    client: TestClient, world: World, db: Session, runtime: Runtime
) -> None:
    token = api_token(db, runtime, world.persona("B", Role.VIEWER), ["bulletin:read"])
    bulletin = world.bulletins["a_regional"]
    before = last_seq(db)

    response = client.get(
        f"/api/v1/bulletins/{bulletin.id}", headers={"Authorization": f"Bearer {token}"}
    )

    assert response.status_code == 200
    (entry,) = entries_after(db, before)
    assert entry.action == AuditAction.RECORD_READ
    assert entry.object_member_id == world.members["A"].id
    assert entry.member_id == world.members["B"].id


def test_reading_ones_own_or_a_hidden_bulletin_writes_no_read_entry(
    client: TestClient, another_client: TestClient, world: World, db: Session
) -> None:
    sign_in(client, world.persona("A", Role.VIEWER))
    sign_in(another_client, world.persona("C", Role.VIEWER))
    before = last_seq(db)

    assert client.get(f"/bulletins/{world.bulletins['a_national'].id}").status_code == 200
    assert another_client.get(f"/bulletins/{world.bulletins['a_national'].id}").status_code == 404

    assert [e.action for e in entries_after(db, before)] == []


@pytest.fixture
def foreign_read(client: TestClient, world: World, db: Session) -> AuditEntry:
    """B's viewer reads A's regional bulletin; the entry that read wrote."""
    sign_in(client, world.persona("B", Role.VIEWER))
    before = last_seq(db)
    assert client.get(f"/bulletins/{world.bulletins['a_regional'].id}").status_code == 200
    client.cookies.clear()
    (entry,) = entries_after(db, before)
    return entry


def test_the_owners_focal_point_sees_who_read_its_records(
    another_client: TestClient, world: World, db: Session, foreign_read: AuditEntry
) -> None:
    sign_in(another_client, world.persona("A", Role.FOCAL_POINT))

    page = another_client.get("/audit", params={"foreign_reads": "true"})
    seqs = visible_seqs(another_client, foreign_reads="true")

    assert seqs == {foreign_read.seq}
    assert world.persona("B", Role.VIEWER).email in page.text
    assert foreign_read.seq in visible_seqs(another_client)


def _signed_in_as(client: TestClient, persona: Persona) -> TestClient:
    sign_in(client, persona)
    return client


def test_audit_entries_are_scoped_to_the_readers_member(
    another_client: TestClient, world: World, db: Session, foreign_read: AuditEntry
) -> None:
    """C's focal point sees neither A's nor B's entries; B's sees its own member's read of A's
    record; the RSO administrator sees the platform's trail."""
    a_entries = set(
        db.scalars(select(AuditEntry.seq).where(AuditEntry.member_id == world.members["A"].id))
    )
    assert a_entries

    c_focal = visible_seqs(_signed_in_as(another_client, world.persona("C", Role.FOCAL_POINT)))
    another_client.cookies.clear()
    b_focal = visible_seqs(_signed_in_as(another_client, world.persona("B", Role.FOCAL_POINT)))
    another_client.cookies.clear()
    rso = visible_seqs(_signed_in_as(another_client, world.persona("RSO", Role.RSO_ADMIN)))

    assert foreign_read.seq not in c_focal
    assert not c_focal & a_entries
    assert foreign_read.seq in b_focal
    assert not b_focal & a_entries
    assert foreign_read.seq in rso
    assert a_entries <= rso


@pytest.mark.parametrize("role", [Role.VIEWER, Role.CONTRIBUTOR, Role.ANALYST])
def test_roles_without_audit_permission_get_403(
    role: Role, client: TestClient, world: World
) -> None:
    sign_in(client, world.persona("A", role))

    assert client.get("/audit").status_code == 403


# --- G3 / F1: no secret in the trail ------------------------------------------------------------


def _whole_trail(db: Session) -> str:
    rows = db.execute(text("SELECT * FROM audit_entries")).all()
    head = db.execute(text("SELECT * FROM audit_head")).all()
    return "\n".join(" ".join(str(value) for value in row) for row in [*rows, *head])


def test_no_password_token_or_second_factor_secret_reaches_the_trail(
    client: TestClient,
    another_client: TestClient,
    world: World,
    db: Session,
    runtime: Runtime,
) -> None:
    viewer = world.persona("A", Role.VIEWER)
    focal = world.persona("A", Role.FOCAL_POINT)
    new_password = "a different long password 2026"
    wrong_guess = "wrong guess for the password 99"

    assert post_login(client, viewer.email, wrong_guess) == 400
    csrf = sign_in(client, viewer)
    cookie = client.cookies.get("__Host-rcf_session")
    changed = client.post(
        "/account/password",
        data={
            "current_password": viewer.password,
            "new_password": new_password,
            "confirm_password": new_password,
            "csrf_token": csrf,
        },
    )
    assert changed.status_code == 303, changed.text
    sign_in(another_client, focal)
    token = api_token(db, runtime, world.persona("A", Role.CONTRIBUTOR), ["bulletin:read"])
    assert (
        another_client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"}).status_code
        == 200
    )

    trail = _whole_trail(db)
    actions = set(db.scalars(select(AuditEntry.action)))
    assert {AuditAction.LOGIN_FAILED, AuditAction.PASSWORD_CHANGED} <= actions
    assert AuditAction.TOKEN_CREATED in actions
    secrets = {
        "old password": viewer.password,
        "new password": new_password,
        "wrong guess": wrong_guess,
        "session cookie": cookie,
        "csrf token": csrf,
        "api token": token,
        "api token body": token.removeprefix("rcf_"),
        "totp secret": focal.totp_secret,
    }
    for name, secret in secrets.items():
        assert secret, name
        assert secret not in trail, f"the {name} is in the audit trail"


# --- G2: rcf audit verify -----------------------------------------------------------------------


def tamper(runtime: Runtime, statement: str) -> None:
    with runtime.engine.begin() as connection:
        connection.execute(text(statement))


def test_audit_verify_passes_on_an_intact_trail(
    test_settings: Settings, world: World, db: Session
) -> None:
    entries = last_seq(db)
    assert entries >= 5

    result = rcf_cli(test_settings, "audit", "verify")

    assert result.exit_code == 0, result.output
    assert f"Audit chain intact: {entries} entries." in result.stdout


@pytest.mark.parametrize(
    ("statement", "seq"),
    [
        ("UPDATE audit_entries SET actor_label = 'someone else' WHERE seq = 2", 2),
        ("DELETE FROM audit_entries WHERE seq = 3", 3),
        ("UPDATE audit_entries SET seq = seq + 100 WHERE seq = 4", 4),
        ("DELETE FROM audit_entries WHERE seq >= 4", 4),
    ],
    ids=["edited", "deleted", "moved", "truncated"],
)
def test_audit_verify_exits_1_naming_the_first_bad_entry(
    statement: str, seq: int, test_settings: Settings, world: World, runtime: Runtime
) -> None:
    tamper(runtime, statement)

    result = rcf_cli(test_settings, "audit", "verify")

    assert result.exit_code == 1
    message = " ".join(result.stderr.split())
    assert f"Audit chain broken at entry seq={seq}" in message
    assert "intact" not in result.stdout


def test_audit_verify_needs_the_deployments_key(test_settings: Settings, world: World) -> None:
    """A copy of the database checked (or forged) without the secret key does not pass."""
    result = rcf_cli(
        test_settings, "audit", "verify", RCF_SECRET_KEY="another key of the right length 0123"
    )

    assert result.exit_code == 1
    assert "seq=1" in result.stderr

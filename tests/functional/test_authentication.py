"""Signing in, end to end through the real forms: throttling (A1), no user enumeration (A2), the
second factor (A3), password rules (A5) and refusing unsafe set-ups (A6)."""

from __future__ import annotations

import re
import secrets
import time
from pathlib import Path

import pyotp
import pytest
from alembic import command
from fastapi import FastAPI
from fastapi.testclient import TestClient
from httpx2 import Response
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from rcf.access.policy import Actor
from rcf.access.roles import Role
from rcf.accounts.auth import account_key
from rcf.accounts.models import LoginFailure, RecoveryCode, User
from rcf.accounts.service import new_recovery_codes
from rcf.app import create_app
from rcf.cli import app as cli_app
from rcf.cli.database import alembic_config
from rcf.runtime import Runtime
from rcf.settings import Settings, SettingsError
from tests.factories import Persona, World, csrf_from, sign_in

SECOND_FACTOR = "/login/second-factor"


# --- Helpers ------------------------------------------------------------------------------------


def new_client(app: FastAPI) -> TestClient:
    return TestClient(app, base_url="https://testserver", follow_redirects=False)


def runtime_with(runtime: Runtime, **overrides: object) -> Runtime:
    """The test runtime (same database) with some settings changed."""
    settings = runtime.settings.model_copy(update=overrides)
    return Runtime(
        settings=settings,
        engine=runtime.engine,
        sessions=runtime.sessions,
        passwords=runtime.passwords,
    )


def post_login(
    client: TestClient, email: str, password: str, headers: dict[str, str] | None = None
) -> Response:
    token = csrf_from(client, "/login")
    return client.post(
        "/login",
        data={"email": email, "password": password, "csrf_token": token},
        headers=headers,
    )


def password_step(client: TestClient, persona: Persona) -> None:
    """Pass the password step only: the session now waits for the second factor."""
    response = post_login(client, persona.email, persona.password)
    assert response.status_code == 303
    assert response.headers["location"] == SECOND_FACTOR


def post_code(client: TestClient, code: str) -> Response:
    token = csrf_from(client, SECOND_FACTOR)
    return client.post(SECOND_FACTOR, data={"code": code, "csrf_token": token})


def totp_code(persona: Persona, steps_from_now: int = 0) -> str:
    assert persona.totp_secret is not None
    step = int(time.time() // 30) + steps_from_now
    return pyotp.TOTP(persona.totp_secret).at(step * 30)


def valid_codes(persona: Persona) -> set[str]:
    """Every code the server could accept now (or a moment from now)."""
    return {totp_code(persona, offset) for offset in (-1, 0, 1, 2)}


def wrong_code(persona: Persona) -> str:
    valid = valid_codes(persona)
    return next(f"{n:06d}" for n in range(1_000_000) if f"{n:06d}" not in valid)


def failures_for(db: Session, email: str) -> int:
    db.expire_all()
    return (
        db.scalar(select(func.count()).where(LoginFailure.account_key == account_key(email))) or 0
    )


def is_signed_in(client: TestClient) -> bool:
    return client.get("/account").status_code == 200


def without_csrf(html: str) -> str:
    return re.sub(r'name="csrf_token" value="[^"]*"', 'name="csrf_token" value=""', html)


# --- A1 Brute force -----------------------------------------------------------------------------


def test_sixth_wrong_password_is_throttled_with_retry_after(
    client: TestClient, world: World, db: Session
) -> None:
    viewer = world.persona("A", Role.VIEWER)
    for _ in range(5):
        assert post_login(client, viewer.email, "not the password").status_code == 400
    assert failures_for(db, viewer.email) == 5

    # The wait after exactly five failures is short (it doubles with each further failure),
    # so the next try is made at once.
    throttled = post_login(client, viewer.email, "not the password either")

    assert throttled.status_code == 429
    assert int(throttled.headers["retry-after"]) >= 1


def test_right_password_is_refused_while_throttled(
    client: TestClient, world: World, db: Session
) -> None:
    viewer = world.persona("A", Role.VIEWER)
    for _ in range(5):
        assert post_login(client, viewer.email, "not the password").status_code == 400

    response = post_login(client, viewer.email, viewer.password)

    assert response.status_code == 429
    assert "retry-after" in response.headers
    assert "__Host-rcf_session" not in response.headers.get("set-cookie", "")
    assert not is_signed_in(client)


def test_wait_grows_with_every_failure(client: TestClient, world: World, db: Session) -> None:
    viewer = world.persona("A", Role.VIEWER)
    # Ten failures within the hour (as if an attacker had kept going): 2**5 seconds to wait.
    db.add_all(
        LoginFailure(account_key=viewer.email, client_address="198.51.100.7") for _ in range(10)
    )
    db.commit()

    response = post_login(client, viewer.email, viewer.password)

    assert response.status_code == 429
    assert 20 <= int(response.headers["retry-after"]) <= 33


def test_rotating_x_forwarded_for_does_not_reset_the_count(
    client: TestClient, world: World, db: Session
) -> None:
    viewer = world.persona("A", Role.VIEWER)
    for n in range(5):
        spoofed = {"X-Forwarded-For": f"203.0.113.{n + 1}", "X-Real-IP": f"203.0.113.{n + 1}"}
        assert post_login(client, viewer.email, "wrong", headers=spoofed).status_code == 400

    response = post_login(
        client, viewer.email, viewer.password, headers={"X-Forwarded-For": "192.0.2.99"}
    )

    assert response.status_code == 429
    assert not is_signed_in(client)
    addresses = set(db.scalars(select(LoginFailure.client_address)))
    assert addresses == {"testclient"}


def test_password_spraying_hits_the_per_client_limit(
    runtime: Runtime, world: World, db: Session
) -> None:
    app = create_app(runtime=runtime_with(runtime, login_max_failures_per_client=4))
    targets = [world.persona(m, r) for m in ("A", "B") for r in (Role.VIEWER, Role.ANALYST)]
    with new_client(app) as client:
        for n, persona in enumerate(targets):
            spoofed = {"X-Forwarded-For": f"203.0.113.{n + 1}"}
            response = post_login(client, persona.email, "Winter2026!", headers=spoofed)
            assert response.status_code == 400

        # A fifth account, never tried before, with its right password: the client is refused.
        fresh = world.persona("C", Role.VIEWER)
        response = post_login(client, fresh.email, fresh.password)

    assert response.status_code == 429
    assert int(response.headers["retry-after"]) > 3000  # the rest of the hour
    assert failures_for(db, fresh.email) == 0  # refused for the client, not for the account


# --- A2 No user enumeration ---------------------------------------------------------------------


@pytest.mark.parametrize("case", ["wrong_password", "disabled_account"])
def test_known_and_unknown_accounts_get_the_same_answer(
    client: TestClient, world: World, db: Session, case: str
) -> None:
    viewer = world.persona("A", Role.VIEWER)
    password = "not the password"
    if case == "disabled_account":
        viewer.user.is_active = False
        db.commit()
        password = viewer.password
    known = post_login(client, viewer.email, password)
    unknown_email = "nobody@tha.test"
    unknown = post_login(client, unknown_email, password)

    assert known.status_code == unknown.status_code == 400
    known_body = without_csrf(known.text).replace(viewer.email, "EMAIL")
    unknown_body = without_csrf(unknown.text).replace(unknown_email, "EMAIL")
    assert known_body == unknown_body
    assert "The email address or password is not right." in known.text
    assert "set-cookie" not in known.headers
    assert "set-cookie" not in unknown.headers


# --- A3 Second factor ---------------------------------------------------------------------------


def test_totp_code_is_accepted_once(app: FastAPI, world: World) -> None:
    focal = world.persona("A", Role.FOCAL_POINT)
    code = totp_code(focal)
    with new_client(app) as first, new_client(app) as second:
        password_step(first, focal)
        assert post_code(first, code).status_code == 303
        assert is_signed_in(first)

        password_step(second, focal)
        replay = post_code(second, code)

        assert replay.status_code == 400
        assert "That code is not right." in replay.text
        assert not is_signed_in(second)


@pytest.mark.parametrize("steps", [-3, 3])
def test_totp_code_three_steps_away_is_refused(
    client: TestClient, world: World, steps: int
) -> None:
    focal = world.persona("A", Role.FOCAL_POINT)
    far = totp_code(focal, steps)
    assert far not in {totp_code(focal, offset) for offset in (-1, 0, 1)}
    password_step(client, focal)

    assert post_code(client, far).status_code == 400
    assert not is_signed_in(client)
    # The same session still accepts a code of the current step.
    assert post_code(client, totp_code(focal)).status_code == 303
    assert is_signed_in(client)


@pytest.mark.parametrize(
    "path", ["/", "/account", "/account/password", "/admin/users", "/admin/tokens", "/bulletins"]
)
def test_session_waiting_for_second_factor_reaches_nothing(
    client: TestClient, world: World, path: str
) -> None:
    password_step(client, world.persona("A", Role.FOCAL_POINT))

    response = client.get(path)

    assert response.status_code == 303
    assert response.headers["location"].startswith("/login")


def test_session_waiting_for_second_factor_cannot_enrol_a_new_one(
    client: TestClient, world: World, db: Session
) -> None:
    focal = world.persona("A", Role.FOCAL_POINT)
    secret_before = focal.user.totp_secret_encrypted
    password_step(client, focal)

    page = client.get("/login/enrol")
    assert page.status_code == 303
    assert page.headers["location"] == SECOND_FACTOR
    token = csrf_from(client, SECOND_FACTOR)
    attempt = client.post("/login/enrol", data={"code": "123456", "csrf_token": token})

    assert attempt.status_code == 303
    assert attempt.headers["location"] == SECOND_FACTOR
    assert not is_signed_in(client)
    db.expire_all()
    user = db.get(User, focal.user.id)
    assert user is not None
    assert user.totp_secret_encrypted == secret_before
    assert user.totp_pending_encrypted is None


def test_focal_point_without_second_factor_must_enrol_first(
    client: TestClient, world: World, db: Session
) -> None:
    focal = world.persona("C", Role.FOCAL_POINT)
    focal.user.totp_secret_encrypted, focal.user.totp_confirmed = None, False
    db.commit()
    response = post_login(client, focal.email, focal.password)
    assert response.status_code == 303
    assert response.headers["location"] == "/login/enrol"
    assert not is_signed_in(client)

    page = client.get("/login/enrol")
    assert page.status_code == 200
    assert "<svg" in page.text
    match = re.search(r'<code class="secret">([A-Z2-7]{16,})</code>', page.text)
    assert match
    code = pyotp.TOTP(match.group(1)).now()
    token = csrf_from(client, "/login/enrol")
    confirmed = client.post("/login/enrol", data={"code": code, "csrf_token": token})

    assert confirmed.status_code == 200
    assert (
        len(
            re.findall(r"<li><code>[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}</code></li>", confirmed.text)
        )
        == 10
    )
    assert is_signed_in(client)
    db.expire_all()
    user = db.get(User, focal.user.id)
    assert user is not None
    assert user.has_2fa


def test_confirming_an_enrolment_never_started_goes_back(
    client: TestClient, world: World, db: Session
) -> None:
    csrf = sign_in(client, world.persona("A", Role.FOCAL_POINT))

    response = client.post(
        "/account/two-factor/confirm", data={"code": "123456", "csrf_token": csrf}
    )

    assert response.status_code == 303
    assert response.headers["location"] == "/account"


def test_moving_the_second_factor_requires_the_password(
    client: TestClient, world: World, db: Session
) -> None:
    focal = world.persona("A", Role.FOCAL_POINT)
    csrf = sign_in(client, focal)

    refused = client.post("/account/two-factor", data={"password": "a guess", "csrf_token": csrf})
    assert refused.status_code == 303
    assert "Your password is not right." in client.get("/account").text
    db.expire_all()
    assert db.scalar(select(User.totp_pending_encrypted).where(User.id == focal.user.id)) is None

    page = client.post("/account/two-factor", data={"password": focal.password, "csrf_token": csrf})
    assert page.status_code == 200
    match = re.search(r'<code class="secret">([A-Z2-7]{16,})</code>', page.text)
    assert match
    new_secret = match.group(1)
    assert new_secret != focal.totp_secret
    confirmed = client.post(
        "/account/two-factor/confirm",
        data={"code": pyotp.TOTP(new_secret).now(), "csrf_token": csrf},
    )
    assert confirmed.status_code == 200
    assert "Your recovery codes" in confirmed.text

    # From now on only the new authenticator signs in.
    client.cookies.clear()
    password_step(client, focal)
    assert post_code(client, totp_code(focal)).status_code == 400
    assert post_code(client, pyotp.TOTP(new_secret).at(time.time() + 30)).status_code == 303


def test_guessing_the_second_factor_is_throttled(
    client: TestClient, world: World, db: Session
) -> None:
    focal = world.persona("A", Role.FOCAL_POINT)
    password_step(client, focal)
    for _ in range(5):
        assert post_code(client, wrong_code(focal)).status_code == 400
    assert failures_for(db, focal.email) == 5

    response = post_code(client, totp_code(focal))

    assert response.status_code == 429
    assert "retry-after" in response.headers
    assert not is_signed_in(client)


def test_recovery_code_works_once(app: FastAPI, world: World, db: Session) -> None:
    focal = world.persona("A", Role.FOCAL_POINT)
    codes = new_recovery_codes(db, Actor.system(), focal.user)
    db.commit()
    typed = codes[3].upper().replace("-", " ")  # as read aloud from paper
    with new_client(app) as first, new_client(app) as second:
        password_step(first, focal)
        assert post_code(first, typed).status_code == 303
        assert is_signed_in(first)

        password_step(second, focal)
        assert post_code(second, codes[3]).status_code == 400
        assert not is_signed_in(second)
        # Another code of the same set still works.
        assert post_code(second, codes[4]).status_code == 303
    db.expire_all()
    used = db.scalar(
        select(func.count()).where(
            RecoveryCode.user_id == focal.user.id, RecoveryCode.used_at.is_not(None)
        )
    )
    assert used == 2


# --- A5 Passwords -------------------------------------------------------------------------------


def change_password(
    client: TestClient, csrf: str, current: str, new: str, confirm: str | None = None
) -> Response:
    return client.post(
        "/account/password",
        data={
            "current_password": current,
            "new_password": new,
            "confirm_password": new if confirm is None else confirm,
            "csrf_token": csrf,
        },
    )


def field_error(html: str, field: str) -> str:
    match = re.search(rf'<p class="error-message" id="{field}-error">(.*?)</p>', html, re.S)
    assert match, f"no error beside {field}"
    return match.group(1)


@pytest.mark.parametrize(
    ("new_password", "message"),
    [
        ("short pass", "Use at least 12 characters."),
        ("correcthorsebatterystaple", "This password is too common."),
        ("Password1234", "This password is too common."),
        ("viewer@tha.test", "Do not use your email address as your password."),
        ("x" * 129, "Use at most 128 characters."),
    ],
    ids=["too_short", "common", "common_any_case", "email", "too_long"],
)
def test_weak_new_password_is_refused_beside_its_field(
    client: TestClient, world: World, db: Session, new_password: str, message: str
) -> None:
    viewer = world.persona("A", Role.VIEWER)
    hash_before = viewer.user.password_hash
    csrf = sign_in(client, viewer)

    response = change_password(client, csrf, viewer.password, new_password)

    assert response.status_code == 400
    assert message in field_error(response.text, "new_password")
    db.expire_all()
    assert db.scalar(select(User.password_hash).where(User.id == viewer.user.id)) == hash_before


def test_long_unicode_passphrase_is_accepted(app: FastAPI, world: World, db: Session) -> None:
    viewer = world.persona("A", Role.VIEWER)
    passphrase = "Ĉevalo baterio ĝusta — 正しい馬の電池ホチキス — ม้าแบตเตอรี่ 🐎🔋 " * 2
    assert 64 < len(passphrase) <= 128
    with new_client(app) as client:
        csrf = sign_in(client, viewer)
        response = change_password(client, csrf, viewer.password, passphrase)
        assert response.status_code == 303
        assert response.headers["location"] == "/account"

    db.expire_all()
    stored = db.scalar(select(User.password_hash).where(User.id == viewer.user.id))
    assert stored is not None
    assert stored.startswith("$argon2id$")
    assert passphrase not in stored
    with new_client(app) as client:
        assert post_login(client, viewer.email, viewer.password).status_code == 400
        assert post_login(client, viewer.email, passphrase).status_code == 303


def test_changing_password_requires_the_current_one(
    app: FastAPI, client: TestClient, world: World
) -> None:
    viewer = world.persona("A", Role.VIEWER)
    csrf = sign_in(client, viewer)

    response = change_password(client, csrf, "a guess at the password", "a brand new passphrase")

    assert response.status_code == 400
    assert "current password is not right" in field_error(response.text, "current_password")
    with new_client(app) as other:
        assert post_login(other, viewer.email, viewer.password).status_code == 303


def test_confirmation_must_match(client: TestClient, world: World) -> None:
    viewer = world.persona("A", Role.VIEWER)
    csrf = sign_in(client, viewer)

    response = change_password(
        client, csrf, viewer.password, "a brand new passphrase", "a brand new passphrasf"
    )

    assert response.status_code == 400
    assert "differ" in field_error(response.text, "confirm_password")


def test_stored_password_hashes_are_argon2id(world: World, db: Session) -> None:
    hashes = list(db.scalars(select(User.password_hash)))
    assert hashes
    assert all(h.startswith("$argon2id$") for h in hashes)


# --- A6 No default accounts, no default secret --------------------------------------------------

GOOD_KEY = secrets.token_urlsafe(36)  # 48 characters


@pytest.fixture
def cli_database(tmp_path: Path) -> str:
    """A freshly migrated, empty SQLite database."""
    url = f"sqlite:///{tmp_path / 'fresh.sqlite3'}"
    command.upgrade(alembic_config(url), "head")
    return url


@pytest.mark.parametrize("environment", ["development", "test", "production"])
def test_demo_command_refuses_outside_demo_mode(
    cli_database: str, tmp_path: Path, environment: str
) -> None:
    env = {
        "RCF_ENVIRONMENT": environment,
        "RCF_DATABASE_URL": cli_database,
        "RCF_DATA_DIR": str(tmp_path),
        "RCF_SECRET_KEY": GOOD_KEY,
    }

    result = CliRunner().invoke(cli_app, ["demo"], env=env)

    assert result.exit_code == 2
    assert "RCF_ENVIRONMENT=demo" in result.output
    engine = create_engine(cli_database)
    with engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM users")).scalar_one() == 0
    engine.dispose()


@pytest.mark.parametrize(
    "key",
    ["", "change-me", "CHANGEME", "secret", "insecure", "x" * 31],
    ids=["missing", "change-me", "CHANGEME", "secret", "insecure", "31_chars"],
)
def test_production_refuses_a_missing_default_or_short_secret(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, key: str
) -> None:
    monkeypatch.delenv("RCF_SECRET_KEY", raising=False)
    monkeypatch.delenv("RCF_SECRET_KEY_FILE", raising=False)
    with pytest.raises(SettingsError, match="RCF_SECRET_KEY"):
        Settings(environment="production", secret_key=key, data_dir=tmp_path)
    assert not (tmp_path / "secret_key").exists()


def test_production_refuses_a_short_secret_key_file(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("RCF_SECRET_KEY", raising=False)
    key_file = tmp_path / "key"
    key_file.write_text("change-me\n", encoding="utf-8")
    with pytest.raises(SettingsError):
        Settings(environment="production", secret_key_file=key_file, data_dir=tmp_path)


def test_production_starts_with_a_long_random_secret(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("RCF_SECRET_KEY", raising=False)
    key_file = tmp_path / "key"
    key_file.write_text(GOOD_KEY + "\n", encoding="utf-8")

    direct = Settings(environment="production", secret_key=GOOD_KEY, data_dir=tmp_path)
    from_file = Settings(environment="production", secret_key_file=key_file, data_dir=tmp_path)

    assert len(GOOD_KEY) == 48
    assert direct.is_production
    assert direct.resolved_secret_key == from_file.resolved_secret_key == GOOD_KEY


# --- After sign-in ------------------------------------------------------------------------------


def test_pages_name_the_signed_in_role(client: TestClient, world: World) -> None:
    """Roles read back from the database keep their labels (and the token form renders)."""
    sign_in(client, world.persona("A", Role.FOCAL_POINT))

    header = client.get("/account").text
    token_form = client.get("/admin/tokens/new")

    assert "focal_point THA · THA · National focal point" in header
    assert token_form.status_code == 200
    assert "viewer@tha.test (Viewer)" in token_form.text

"""Browser and API defences, end to end: CSRF (B1), cookies and headers (B2), stored XSS (B3),
hidden docs in production (C13), identity headers (C14), API tokens (C15), request limits (D8,
E1) and error pages (F3)."""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable, Iterator
from datetime import timedelta
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import func, select, text, update
from sqlalchemy.orm import Session

from rcf.access.roles import Role
from rcf.accounts.auth import actor_for_user
from rcf.accounts.credentials import token_digest
from rcf.accounts.models import ApiToken, User
from rcf.accounts.service import revoke_token, set_active
from rcf.app import create_app
from rcf.bulletins.models import Bulletin
from rcf.db import utcnow
from rcf.runtime import Runtime
from rcf.settings import Settings
from rcf.web.deps import CSRF_COOKIE, SESSION_COOKIE
from tests.factories import World, api_token, csrf_from, sign_in

XSS = "<img src=x onerror=alert(1)>"
XSS_ESCAPED = "&lt;img src=x onerror=alert(1)&gt;"
EVIL = "https://evil.example"
PROBLEM_JSON = "application/problem+json"


def new_client(app: FastAPI, **kwargs: Any) -> TestClient:
    return TestClient(app, base_url="https://testserver", follow_redirects=False, **kwargs)


def runtime_with(runtime: Runtime, **overrides: object) -> Runtime:
    """The test runtime (same database) with some settings changed."""
    return Runtime(
        settings=runtime.settings.model_copy(update=overrides),
        engine=runtime.engine,
        sessions=runtime.sessions,
        passwords=runtime.passwords,
    )


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def user_count(db: Session) -> int:
    return db.scalar(select(func.count()).select_from(User)) or 0


def bulletin_count(db: Session) -> int:
    return db.scalar(select(func.count()).select_from(Bulletin)) or 0


def bulletin_json(title: str = "Boat sighted off the coast") -> dict[str, Any]:
    return {"title": title, "category": "alert", "body": "Synthetic text."}


# --- B1 CSRF ------------------------------------------------------------------------------------


@pytest.fixture
def focal_client(client: TestClient, world: World) -> tuple[TestClient, str]:
    """A's focal point, signed in; with its CSRF token."""
    return client, sign_in(client, world.persona("A", Role.FOCAL_POINT))


def new_user_form(world: World) -> dict[str, str]:
    return {
        "email": "new.officer@tha.test",
        "full_name": "New Officer",
        "agency_id": str(world.agencies["A"].id),
        "role": "viewer",
    }


def test_user_form_with_token_and_own_origin_works(
    focal_client: tuple[TestClient, str], world: World, db: Session
) -> None:
    """The control for the refusals below: the same request, done properly, creates the user."""
    client, csrf = focal_client
    before = user_count(db)

    response = client.post(
        "/admin/users",
        data={**new_user_form(world), "csrf_token": csrf},
        headers={"Origin": "https://testserver"},
    )

    assert response.status_code == 200
    assert user_count(db) == before + 1


@pytest.mark.parametrize("token", ["missing", "empty", "forged", "anonymous_cookie"])
def test_post_without_valid_csrf_token_is_refused(
    focal_client: tuple[TestClient, str], world: World, db: Session, token: str
) -> None:
    client, csrf = focal_client
    sent = {
        "missing": None,
        "empty": "",
        "forged": csrf[:-4] + "AAAA",
        "anonymous_cookie": client.cookies.get(CSRF_COOKIE),  # the pre-sign-in token
    }[token]
    assert sent != csrf
    form = new_user_form(world)
    if sent is not None:
        form["csrf_token"] = sent
    before = user_count(db)

    response = client.post("/admin/users", data=form)

    assert response.status_code == 403
    assert user_count(db) == before
    assert db.scalar(select(User).where(User.email == "new.officer@tha.test")) is None


@pytest.mark.parametrize(
    "headers",
    [{"Origin": EVIL}, {"Origin": "null"}, {"Referer": f"{EVIL}/phish.html"}],
    ids=["origin", "null_origin", "referer"],
)
def test_post_from_a_foreign_origin_is_refused(
    focal_client: tuple[TestClient, str], world: World, db: Session, headers: dict[str, str]
) -> None:
    client, csrf = focal_client
    before = user_count(db)

    response = client.post(
        "/admin/users", data={**new_user_form(world), "csrf_token": csrf}, headers=headers
    )

    assert response.status_code == 403
    assert user_count(db) == before


def test_sign_in_form_needs_its_csrf_token(client: TestClient, world: World) -> None:
    viewer = world.persona("A", Role.VIEWER)

    response = client.post("/login", data={"email": viewer.email, "password": viewer.password})

    assert response.status_code == 403
    assert SESSION_COOKIE not in response.headers.get("set-cookie", "")


# --- B2 Cookies and headers ---------------------------------------------------------------------


def cookie_attributes(set_cookie: str) -> tuple[str, set[str]]:
    name = set_cookie.split("=", 1)[0]
    attributes = {part.strip().lower() for part in set_cookie.split(";")[1:]}
    return name, attributes


def test_session_and_csrf_cookies_are_locked_down(client: TestClient, world: World) -> None:
    viewer = world.persona("A", Role.VIEWER)
    form_page = client.get("/login")
    response = client.post(
        "/login",
        data={
            "email": viewer.email,
            "password": viewer.password,
            "csrf_token": csrf_from(client, "/login"),
        },
    )
    assert response.status_code == 303
    cookies = dict(
        cookie_attributes(c)
        for r in (form_page, response)
        for c in r.headers.get_list("set-cookie")
    )

    assert set(cookies) == {SESSION_COOKIE, CSRF_COOKIE}
    for name, attributes in cookies.items():
        assert name.startswith("__Host-")
        assert {"secure", "httponly", "path=/"} <= attributes
        assert not any(a.startswith("domain=") for a in attributes)
        assert attributes & {"samesite=lax", "samesite=strict"}


@pytest.mark.parametrize("path", ["/account", "/bulletins", "/login", "/no-such-page"])
def test_security_headers(client: TestClient, world: World, path: str) -> None:
    sign_in(client, world.persona("A", Role.VIEWER))

    headers = client.get(path).headers

    assert "max-age=" in headers["strict-transport-security"]
    csp = [d.strip() for d in headers["content-security-policy"].split(";")]
    assert {"object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'"} <= set(csp)
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] in {"no-referrer", "same-origin", "strict-origin"}
    assert "no-store" in headers["cache-control"]


def test_cors_does_not_reflect_a_foreign_origin(
    client: TestClient, world: World, db: Session, runtime: Runtime
) -> None:
    token = api_token(db, runtime, world.persona("A", Role.VIEWER), ["bulletin:read"])

    simple = client.get("/api/v1/bulletins", headers={**bearer(token), "Origin": EVIL})
    preflight = client.options(
        "/api/v1/bulletins",
        headers={
            "Origin": EVIL,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "authorization",
        },
    )

    assert simple.status_code == 200
    for response in (simple, preflight):
        assert "access-control-allow-origin" not in response.headers
        assert "access-control-allow-credentials" not in response.headers


# --- B3 Stored XSS ------------------------------------------------------------------------------


def assert_escaped(html: str) -> None:
    assert XSS not in html
    assert "onerror=alert(1)>" not in html
    assert XSS_ESCAPED in html


def test_bulletin_title_and_body_are_escaped(client: TestClient, world: World, db: Session) -> None:
    csrf = sign_in(client, world.persona("A", Role.CONTRIBUTOR))
    response = client.post(
        "/bulletins",
        data={
            "title": XSS,
            "category": "alert",
            "body": f"First line\n{XSS}",
            "visibility": "regional",
            "handling_code": "H0",
            "source_reliability": "X",
            "information_accuracy": "4",
            "csrf_token": csrf,
        },
    )
    assert response.status_code == 303
    detail_path = response.headers["location"]

    assert_escaped(client.get("/bulletins").text)
    detail = client.get(detail_path).text
    assert_escaped(detail)
    assert detail.count(XSS_ESCAPED) >= 3  # page title, heading and body
    # Another member's analyst sees the same, escaped.
    client.cookies.clear()
    sign_in(client, world.persona("B", Role.ANALYST))
    assert_escaped(client.get(detail_path).text)


def test_bulletin_form_re_shows_rejected_input_escaped(client: TestClient, world: World) -> None:
    csrf = sign_in(client, world.persona("A", Role.CONTRIBUTOR))

    response = client.post(
        "/bulletins",
        data={"title": XSS, "category": "not-a-category", "body": XSS, "csrf_token": csrf},
    )

    assert response.status_code == 400
    assert_escaped(response.text)


def test_user_full_name_is_escaped(
    focal_client: tuple[TestClient, str], world: World, db: Session
) -> None:
    client, csrf = focal_client
    form = {**new_user_form(world), "full_name": XSS, "csrf_token": csrf}
    created = client.post("/admin/users", data=form)
    assert created.status_code == 200
    assert_escaped(created.text)
    user = db.scalars(select(User).where(User.email == form["email"])).one()

    assert_escaped(client.get("/admin/users").text)
    assert_escaped(client.get(f"/admin/users/{user.id}").text)


def test_own_full_name_is_escaped_in_the_page_header(
    client: TestClient, world: World, db: Session
) -> None:
    viewer = world.persona("A", Role.VIEWER)
    db.execute(update(User).where(User.id == viewer.user.id).values(full_name=XSS))
    db.commit()
    sign_in(client, viewer)

    for path in ("/", "/account"):
        assert_escaped(client.get(path).text)


# --- C13 No API docs in production --------------------------------------------------------------


@pytest.fixture
def production_client(runtime: Runtime, db: Session) -> Iterator[TestClient]:
    settings = Settings(
        **{
            **runtime.settings.model_dump(),
            "environment": "production",
            "secret_key": runtime.settings.secret_key,
            "trafficking_key_file": runtime.settings.resolved_trafficking_key_file,
        }
    )
    assert settings.is_production
    production = Runtime(settings, runtime.engine, runtime.sessions, runtime.passwords)
    with new_client(create_app(runtime=production)) as client:
        yield client


@pytest.mark.parametrize(
    "path", ["/api/docs", "/api/openapi.json", "/api/redoc", "/docs", "/redoc", "/openapi.json"]
)
def test_api_docs_are_hidden_in_production(production_client: TestClient, path: str) -> None:
    response = production_client.get(path)

    assert response.status_code == 404
    assert "openapi" not in response.text.lower()


def test_api_description_is_served_outside_production(client: TestClient) -> None:
    """The control for the test above."""
    response = client.get("/api/openapi.json")

    assert response.status_code == 200
    assert "/api/v1/bulletins" in response.json()["paths"]


# --- C14 Identity headers are ignored -----------------------------------------------------------


def spoofed_identity(world: World) -> dict[str, str]:
    focal = world.persona("A", Role.FOCAL_POINT).user
    return {
        "X-User-Id": str(focal.id),
        "X-Member-Id": str(world.members["A"].id),
        "X-Remote-User": focal.email,
        "X-Forwarded-User": focal.email,
    }


def test_identity_headers_do_not_sign_anyone_in(client: TestClient, world: World) -> None:
    headers = spoofed_identity(world)

    page = client.get("/account", headers=headers)
    api = client.get("/api/v1/me", headers=headers)

    assert page.status_code == 303
    assert page.headers["location"].startswith("/login")
    assert api.status_code == 401


def test_identity_headers_do_not_change_who_a_token_acts_for(
    client: TestClient, world: World, db: Session, runtime: Runtime
) -> None:
    c_viewer = world.persona("C", Role.VIEWER)
    token = api_token(db, runtime, c_viewer, ["bulletin:read", "member:read"])
    headers = {**bearer(token), **spoofed_identity(world)}

    me = client.get("/api/v1/me", headers=headers)
    hidden = client.get(f"/api/v1/bulletins/{world.bulletins['a_national'].id}", headers=headers)

    assert me.status_code == 200
    assert me.json()["member_id"] == world.members["C"].id
    assert me.json()["user"].startswith(c_viewer.email)
    assert hidden.status_code == 404


def test_session_cookie_does_not_authenticate_the_api(client: TestClient, world: World) -> None:
    sign_in(client, world.persona("A", Role.FOCAL_POINT))

    assert client.get("/api/v1/me").status_code == 401


# --- C15 API tokens -----------------------------------------------------------------------------


def test_read_only_token_cannot_write(
    client: TestClient, world: World, db: Session, runtime: Runtime
) -> None:
    contributor = world.persona("A", Role.CONTRIBUTOR)  # the role may write; the token may not
    read_only = api_token(db, runtime, contributor, ["bulletin:read"])
    before = bulletin_count(db)

    response = client.post("/api/v1/bulletins", json=bulletin_json(), headers=bearer(read_only))

    assert response.status_code == 403
    assert response.headers["content-type"] == PROBLEM_JSON
    assert bulletin_count(db) == before


def test_write_token_can_write(
    client: TestClient, world: World, db: Session, runtime: Runtime
) -> None:
    """The control for the test above."""
    writer = api_token(db, runtime, world.persona("A", Role.CONTRIBUTOR), ["bulletin:write"])
    before = bulletin_count(db)

    response = client.post("/api/v1/bulletins", json=bulletin_json(), headers=bearer(writer))

    assert response.status_code == 201
    assert bulletin_count(db) == before + 1


def _revoke(db: Session, world: World, token_id: int) -> None:
    revoke_token(db, actor_for_user(world.persona("A", Role.FOCAL_POINT).user), token_id)


def _disable_owner(db: Session, world: World, token_id: int) -> None:
    owner = world.persona("A", Role.VIEWER).user
    set_active(db, actor_for_user(world.persona("A", Role.FOCAL_POINT).user), owner.id, False)


def _expire(db: Session, world: World, token_id: int) -> None:
    db.execute(
        update(ApiToken)
        .where(ApiToken.id == token_id)
        .values(expires_at=utcnow() - timedelta(minutes=1))
    )


@pytest.mark.parametrize(
    "end_token", [_revoke, _disable_owner, _expire], ids=["revoked", "owner_disabled", "expired"]
)
def test_ended_token_is_refused(
    client: TestClient,
    world: World,
    db: Session,
    runtime: Runtime,
    end_token: Callable[[Session, World, int], None],
) -> None:
    token = api_token(db, runtime, world.persona("A", Role.VIEWER), ["bulletin:read"])
    token_id = db.scalars(select(ApiToken.id)).one()
    assert client.get("/api/v1/me", headers=bearer(token)).status_code == 200

    end_token(db, world, token_id)
    db.commit()
    response = client.get("/api/v1/me", headers=bearer(token))

    assert response.status_code == 401
    assert response.headers["content-type"] == PROBLEM_JSON
    assert response.headers["www-authenticate"] == "Bearer"


@pytest.mark.parametrize("name", ["token", "access_token", "api_key"])
def test_token_in_the_url_is_refused_and_not_logged(
    client: TestClient,
    world: World,
    db: Session,
    runtime: Runtime,
    caplog: pytest.LogCaptureFixture,
    name: str,
) -> None:
    token = api_token(db, runtime, world.persona("A", Role.VIEWER), ["bulletin:read"])
    caplog.set_level(logging.DEBUG)

    response = client.get(f"/api/v1/me?{name}={token}")

    assert response.status_code == 401
    assert response.headers["content-type"] == PROBLEM_JSON
    assert response.json()["status"] == 401
    assert token not in response.text
    server_records = [r for r in caplog.records if not r.name.startswith("httpx")]
    logged = [r.getMessage() + json.dumps(vars(r), default=str) for r in server_records]
    assert any("/api/v1/me" in line for line in logged), "the request should have been logged"
    assert not any(token in line for line in logged)


def test_token_table_holds_only_a_hash(world: World, db: Session, runtime: Runtime) -> None:
    secret = api_token(db, runtime, world.persona("A", Role.VIEWER), ["bulletin:read"])
    random_part = secret.removeprefix("rcf_")

    row = db.execute(text("SELECT * FROM api_tokens")).mappings().one()

    assert row["token_hash"] == token_digest(secret)
    for value in row.values():
        assert secret not in str(value)
        assert random_part not in str(value)
        assert random_part[8:20] not in str(value)


def test_token_belongs_to_one_member(
    client: TestClient, world: World, db: Session, runtime: Runtime
) -> None:
    """A user moved to another member's agency does not carry the old member's tokens along."""
    viewer = world.persona("A", Role.VIEWER)
    token = api_token(db, runtime, viewer, ["bulletin:read"])
    db.execute(
        update(User)
        .where(User.id == viewer.user.id)
        .values(member_id=world.members["B"].id, agency_id=world.agencies["B"].id)
    )
    db.commit()

    assert client.get("/api/v1/me", headers=bearer(token)).status_code == 401


# --- D8 / E1 Request limits ---------------------------------------------------------------------


def deep_json(kind: str, depth: int = 10_000) -> bytes:
    if kind == "arrays":
        return b"[" * depth + b"]" * depth
    return b'{"a":' * depth + b"1" + b"}" * depth


@pytest.mark.parametrize("kind", ["arrays", "objects"])
@pytest.mark.parametrize(
    "content_type", ["application/json", "Application/JSON; charset=utf-8", None]
)
def test_deeply_nested_json_is_refused_with_422(
    client: TestClient,
    world: World,
    db: Session,
    runtime: Runtime,
    kind: str,
    content_type: str | None,
) -> None:
    token = api_token(db, runtime, world.persona("A", Role.CONTRIBUTOR), ["bulletin:write"])
    headers = bearer(token)
    if content_type:
        headers["Content-Type"] = content_type

    response = client.post("/api/v1/bulletins", content=deep_json(kind), headers=headers)

    assert response.status_code == 422
    assert response.headers["content-type"] == PROBLEM_JSON
    assert response.json()["status"] == 422


def test_huge_number_is_a_validation_error(
    client: TestClient, world: World, db: Session, runtime: Runtime
) -> None:
    token = api_token(db, runtime, world.persona("A", Role.CONTRIBUTOR), ["bulletin:write"])
    body = b'{"title": 1e400, "category": "alert", "body": "x"}'

    response = client.post(
        "/api/v1/bulletins",
        content=body,
        headers={**bearer(token), "Content-Type": "application/json"},
    )

    assert response.status_code == 422
    assert response.headers["content-type"] == PROBLEM_JSON


@pytest.mark.parametrize("streamed", [False, True], ids=["declared", "streamed"])
def test_body_over_the_limit_is_refused_with_413(
    runtime: Runtime, world: World, db: Session, streamed: bool
) -> None:
    app = create_app(runtime=runtime_with(runtime, max_request_bytes=4096))
    token = api_token(db, runtime, world.persona("A", Role.CONTRIBUTOR), ["bulletin:write"])
    payload = json.dumps(bulletin_json() | {"body": "x" * 5000}).encode()
    content: bytes | Iterator[bytes] = (
        iter([payload[:3000], payload[3000:]]) if streamed else payload
    )

    with new_client(app) as client:
        response = client.post(
            "/api/v1/bulletins",
            content=content,
            headers={**bearer(token), "Content-Type": "application/json"},
        )
        fits = client.post(
            "/api/v1/bulletins",
            json=bulletin_json() | {"body": "x" * 1000},
            headers=bearer(token),
        )

    assert response.status_code == 413
    assert response.headers["content-type"] == PROBLEM_JSON
    assert fits.status_code == 201
    assert bulletin_count(db) == len(world.bulletins) + 1


def test_api_rate_limit_answers_429_with_retry_after(
    runtime: Runtime, world: World, db: Session
) -> None:
    app = create_app(runtime=runtime_with(runtime, api_rate_limit_per_minute=3))
    first = api_token(db, runtime, world.persona("A", Role.VIEWER), ["bulletin:read"])
    second = api_token(db, runtime, world.persona("B", Role.VIEWER), ["bulletin:read"])

    with new_client(app) as client:
        allowed = [client.get("/api/v1/bulletins", headers=bearer(first)) for _ in range(3)]
        limited = client.get("/api/v1/bulletins", headers=bearer(first))
        other = client.get("/api/v1/bulletins", headers=bearer(second))

    assert [r.status_code for r in allowed] == [200, 200, 200]
    assert limited.status_code == 429
    assert limited.headers["content-type"] == PROBLEM_JSON
    assert 1 <= int(limited.headers["retry-after"]) <= 60
    assert other.status_code == 200  # counted per token


# --- F3 Errors ----------------------------------------------------------------------------------

SECRET_DETAIL = "connection to db-7.internal failed for rcf_admin:hunter2"


@pytest.fixture
def exploding_app(runtime: Runtime, db: Session) -> FastAPI:
    app = create_app(runtime=runtime)

    def explode() -> None:
        raise RuntimeError(SECRET_DETAIL)

    app.add_api_route("/explode", explode)
    app.add_api_route("/api/v1/explode", explode)
    return app


def test_unexpected_error_shows_a_generic_page_with_a_request_id(
    exploding_app: FastAPI, caplog: pytest.LogCaptureFixture
) -> None:
    with new_client(exploding_app, raise_server_exceptions=False) as client:
        response = client.get("/explode")

    assert response.status_code == 500
    assert response.headers["content-type"].startswith("text/html")
    match = re.search(r"Request id: <code>([0-9a-f]{16})</code>", response.text)
    assert match
    for leak in (SECRET_DETAIL, "hunter2", "Traceback", "RuntimeError", 'File "'):
        assert leak not in response.text
    assert_logged_with_traceback(caplog, match.group(1))
    assert response.headers["x-request-id"] == match.group(1)
    assert "object-src 'none'" in response.headers["content-security-policy"]
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["cache-control"] == "no-store"


def test_unexpected_api_error_is_a_generic_problem_with_a_request_id(
    exploding_app: FastAPI, caplog: pytest.LogCaptureFixture
) -> None:
    with new_client(exploding_app, raise_server_exceptions=False) as client:
        response = client.get("/api/v1/explode")

    assert response.status_code == 500
    assert response.headers["content-type"] == PROBLEM_JSON
    body = response.json()
    assert set(body) == {"type", "title", "status", "detail", "request_id"}
    assert re.fullmatch(r"[0-9a-f]{16}", body["request_id"])
    for leak in (SECRET_DETAIL, "Traceback", "RuntimeError"):
        assert leak not in response.text
    assert_logged_with_traceback(caplog, body["request_id"])


def assert_logged_with_traceback(caplog: pytest.LogCaptureFixture, request_id: str) -> None:
    """The operator can find the failure in the log from the id the user quotes."""
    found = [r for r in caplog.records if getattr(r, "request_id", None) == request_id]
    assert any(r.exc_info and SECRET_DETAIL in str(r.exc_info[1]) for r in found)


def test_signed_in_user_gets_a_404_page_for_a_missing_record(
    client: TestClient, world: World
) -> None:
    sign_in(client, world.persona("A", Role.VIEWER))

    response = client.get("/bulletins/987654")

    assert response.status_code == 404
    assert "Not found" in response.text
    assert "Request id" not in response.text
    # The page still knows who is signed in.
    assert world.persona("A", Role.VIEWER).user.full_name in response.text

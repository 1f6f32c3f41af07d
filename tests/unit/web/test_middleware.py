"""The request guard on its own: JSON depth scanning, body size limits and response headers."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse
from starlette.routing import Route
from starlette.testclient import TestClient

from rcf.web.middleware import MAX_JSON_DEPTH, RequestGuard, json_depth_exceeds

# --- json_depth_exceeds -------------------------------------------------------------------------


def nested(depth: int) -> bytes:
    return b"[" * depth + b"]" * depth


@pytest.mark.parametrize(
    ("body", "limit", "exceeds"),
    [
        (b"", 3, False),
        (b"{}", 1, False),
        (b"[[[]]]", 3, False),
        (b"[[[[]]]]", 3, True),
        (b'{"a": {"b": {"c": 1}}}', 3, False),
        (b'{"a": {"b": {"c": {"d": 1}}}}', 3, True),
        (b'[{"a": [1]}]', 3, False),
        (b'[{"a": [[1]]}]', 3, True),
        (b"[[], [], [], [], []]", 2, False),  # wide is not deep
    ],
)
def test_depth_is_counted_outside_strings(body: bytes, limit: int, exceeds: bool) -> None:
    assert json_depth_exceeds(body, limit) is exceeds


@pytest.mark.parametrize(
    "body",
    [
        b'{"note": "[[[[[[[[[[{{{{{{{{{{"}',
        b'["]]]]]]]]", "[[[[[[[[[["]',
        b'{"quote": "he said \\"[[[[[[[[\\" twice"}',
        b'{"path": "C:\\\\", "x": "[[[[[[[["}',
        b'{"a": "\\\\\\"[[[[[[[[[["}',
    ],
    ids=["brackets", "unbalanced", "escaped_quotes", "escaped_backslash", "escapes_mixed"],
)
def test_brackets_inside_strings_do_not_count(body: bytes) -> None:
    json.loads(body)  # each body is valid JSON
    assert not json_depth_exceeds(body, limit=3)


def test_string_closed_after_an_escaped_backslash_ends_where_json_says() -> None:
    # "\\" is one backslash: the string ends there, and the brackets after it are structure.
    body = b'["\\\\", [[[[1]]]]]'
    assert json.loads(body) == ["\\", [[[[1]]]]]
    assert json_depth_exceeds(body, limit=3)


def test_default_limit() -> None:
    assert not json_depth_exceeds(nested(MAX_JSON_DEPTH))
    assert json_depth_exceeds(nested(MAX_JSON_DEPTH + 1))
    assert json_depth_exceeds(nested(10_000))


def test_depth_bomb_with_a_huge_string_in_front_is_still_caught() -> None:
    body = b'["' + b"x" * 100_000 + b'", ' + nested(100) + b"]"
    assert json_depth_exceeds(body)


# --- RequestGuard -------------------------------------------------------------------------------


async def echo(request: Request) -> JSONResponse:
    body = await request.body()
    return JSONResponse({"received": len(body)})


async def hello(request: Request) -> PlainTextResponse:
    return PlainTextResponse("hello")


@pytest.fixture
def guarded() -> Iterator[TestClient]:
    app = Starlette(
        routes=[
            Route("/echo", echo, methods=["POST"]),
            Route("/hello", hello),
            Route("/static/x.css", hello),
        ]
    )
    app.add_middleware(RequestGuard, max_body=1024)
    with TestClient(app, base_url="https://testserver") as client:
        yield client


def test_body_at_the_limit_passes(guarded: TestClient) -> None:
    response = guarded.post("/echo", content=b"x" * 1024)
    assert response.status_code == 200
    assert response.json() == {"received": 1024}


@pytest.mark.parametrize("streamed", [False, True], ids=["declared", "streamed"])
def test_body_over_the_limit_is_refused(guarded: TestClient, streamed: bool) -> None:
    body = b"x" * 1025
    content = iter([body[:600], body[600:]]) if streamed else body

    response = guarded.post("/echo", content=content)

    assert response.status_code == 413
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["status"] == 413
    assert response.headers["x-content-type-options"] == "nosniff"


@pytest.mark.parametrize(
    "content_type", ["application/json", "application/merge-patch+json", "APPLICATION/JSON"]
)
def test_deep_json_is_refused_before_the_app(guarded: TestClient, content_type: str) -> None:
    response = guarded.post("/echo", content=nested(100), headers={"Content-Type": content_type})

    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["detail"] == "JSON nested too deeply."


def test_deep_brackets_in_a_non_json_body_pass(guarded: TestClient) -> None:
    response = guarded.post("/echo", content=nested(100), headers={"Content-Type": "text/csv"})
    assert response.status_code == 200


def test_every_response_carries_security_headers_and_a_request_id(guarded: TestClient) -> None:
    first, second = guarded.get("/hello"), guarded.get("/hello")

    for response in (first, second):
        assert "object-src 'none'" in response.headers["content-security-policy"]
        assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
        assert response.headers["strict-transport-security"].startswith("max-age=")
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["cache-control"] == "no-store"
        assert len(response.headers["x-request-id"]) == 16
    assert first.headers["x-request-id"] != second.headers["x-request-id"]


def test_static_files_may_be_cached(guarded: TestClient) -> None:
    response = guarded.get("/static/x.css")
    assert "cache-control" not in response.headers
    assert response.headers["x-content-type-options"] == "nosniff"

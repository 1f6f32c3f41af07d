"""ASGI middleware: request ids, security headers, request size and JSON depth limits."""

from __future__ import annotations

import json
import logging
import secrets
import time
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

log = logging.getLogger("rcf.access")

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)
SECURITY_HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"strict-transport-security", b"max-age=63072000; includeSubDomains"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),  # no-referrer would make browsers send Origin: null
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
]
MAX_JSON_DEPTH = 64


def _problem(status: int, title: str, detail: str, request_id: str) -> tuple[bytes, list[Any]]:
    body = json.dumps(
        {"type": f"about:blank#{status}", "title": title, "status": status, "detail": detail}
    ).encode()
    headers = [
        (b"content-type", b"application/problem+json"),
        (b"content-length", str(len(body)).encode()),
        (b"x-request-id", request_id.encode()),
    ]
    return body, headers


def json_depth_exceeds(body: bytes, limit: int = MAX_JSON_DEPTH) -> bool:
    """Scan nesting depth without parsing, so a depth-10,000 body cannot exhaust the stack."""
    depth, in_string, escaped = 0, False, False
    for byte in body:
        if in_string:
            if escaped:
                escaped = False
            elif byte == 0x5C:
                escaped = True
            elif byte == 0x22:
                in_string = False
            continue
        if byte == 0x22:
            in_string = True
        elif byte in (0x5B, 0x7B):
            depth += 1
            if depth > limit:
                return True
        elif byte in (0x5D, 0x7D):
            depth -= 1
    return False


class RequestGuard:
    """Gives every request an id, caps body size, refuses deep JSON and adds security headers."""

    def __init__(self, app: ASGIApp, *, max_body: int) -> None:
        self.app = app
        self.max_body = max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = secrets.token_hex(8)
        scope.setdefault("state", {})["request_id"] = request_id
        started = time.perf_counter()
        status_holder: dict[str, int] = {}
        body = await self._read_body(scope, receive, send, request_id)
        if body is None:
            return

        replayed = False

        async def replay() -> Message:
            # The body once, then the real channel: a response that waits for the client to
            # disconnect must block on receive(), not spin on an endless empty body.
            nonlocal replayed
            if replayed:
                return await receive()
            replayed = True
            return {"type": "http.request", "body": body, "more_body": False}

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                status_holder["status"] = message["status"]
                message["headers"] = [
                    *message.get("headers", []),
                    *self._headers(scope, request_id),
                ]
            await send(message)

        await self.app(scope, replay, send_with_headers)
        _log_request(scope, request_id, status_holder.get("status", 0), started)

    async def _read_body(
        self, scope: Scope, receive: Receive, send: Send, request_id: str
    ) -> bytes | None:
        declared = dict(scope.get("headers", [])).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_body:
            await self._refuse_too_large(send, request_id)
            return None
        chunks, size, more = [], 0, True
        while more:
            message = await receive()
            if message["type"] == "http.disconnect":
                return None
            chunks.append(message.get("body", b""))
            size += len(chunks[-1])
            more = message.get("more_body", False)
            if size > self.max_body:
                await self._refuse_too_large(send, request_id)
                return None
        body = b"".join(chunks)
        if _is_json(scope) and json_depth_exceeds(body):
            await self._refuse(send, 422, "Invalid input", "JSON nested too deeply.", request_id)
            return None
        return body

    async def _refuse_too_large(self, send: Send, request_id: str) -> None:
        detail = f"Requests are limited to {self.max_body} bytes."
        await self._refuse(send, 413, "Request too large", detail, request_id)

    async def _refuse(
        self, send: Send, status: int, title: str, detail: str, request_id: str
    ) -> None:
        body, headers = _problem(status, title, detail, request_id)
        await send(
            {
                "type": "http.response.start",
                "status": status,
                "headers": headers + SECURITY_HEADERS + [(b"cache-control", b"no-store")],
            }
        )
        await send({"type": "http.response.body", "body": body})

    @staticmethod
    def _headers(scope: Scope, request_id: str) -> list[tuple[bytes, bytes]]:
        headers = [*SECURITY_HEADERS, (b"x-request-id", request_id.encode())]
        if not scope["path"].startswith("/static/"):
            headers.append((b"cache-control", b"no-store"))
        return headers


def _is_json(scope: Scope) -> bool:
    content_type = dict(scope.get("headers", [])).get(b"content-type", b"")
    return b"json" in content_type.lower()  # media types are case-insensitive


def _log_request(scope: Scope, request_id: str, status: int, started: float) -> None:
    # Structured fields and no query string: tokens pasted into URLs never reach the log (C15).
    log.info(
        "request",
        extra={
            "request_id": request_id,
            "method": scope["method"],
            "path": scope["path"][:200],
            "status": status,
            "ms": round((time.perf_counter() - started) * 1000, 1),
        },
    )

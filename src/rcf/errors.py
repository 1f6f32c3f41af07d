"""One error hierarchy. Each error carries its HTTP status; the handler in ``rcf.web.errors``
renders it as problem+json (RFC 9457) under ``/api/`` and as an error page elsewhere."""

from __future__ import annotations

from typing import Any


class RcfError(Exception):
    """Base of every error a user may see. ``detail`` must never hold secrets or internals."""

    status = 400
    title = "Bad request"
    type_slug = "bad-request"

    def __init__(self, detail: str | None = None, **extra: Any) -> None:
        super().__init__(detail or self.title)
        self.detail = detail or self.title
        self.extra = extra


class NotFound(RcfError):
    """Missing, or outside the caller's scope: the two must be indistinguishable."""

    status = 404
    title = "Not found"
    type_slug = "not-found"

    def __init__(self, detail: str | None = None, **extra: Any) -> None:
        # One fixed message: a per-object message would tell "hidden" from "missing".
        super().__init__("The requested resource was not found.", **extra)


class Unauthenticated(RcfError):
    status = 401
    title = "Authentication required"
    type_slug = "unauthenticated"


class Forbidden(RcfError):
    status = 403
    title = "Forbidden"
    type_slug = "forbidden"


class Conflict(RcfError):
    status = 409
    title = "Conflict"
    type_slug = "conflict"


class PayloadTooLarge(RcfError):
    status = 413
    title = "Request too large"
    type_slug = "payload-too-large"


class InvalidInput(RcfError):
    """Input that fails validation; ``errors`` maps field names to messages."""

    status = 422
    title = "Invalid input"
    type_slug = "invalid-input"

    def __init__(self, errors: dict[str, str], detail: str | None = None) -> None:
        super().__init__(detail or "Some fields need correcting.", errors=errors)
        self.errors = errors


class TooManyRequests(RcfError):
    status = 429
    title = "Too many requests"
    type_slug = "too-many-requests"

    def __init__(self, retry_after: int, detail: str | None = None) -> None:
        super().__init__(detail or "Too many attempts. Try again later.")
        self.retry_after = max(1, retry_after)

"""Gzip for slow links, applied only where it cannot leak a secret.

Compressing a response that carries a secret (a CSRF token, a session-bound value) next to
text an attacker can influence lets the attacker recover the secret from the compressed size
(BREACH). Pages rendered for a signed-in user carry CSRF tokens, so they stay uncompressed;
static files, API reads (no CSRF tokens; bearer tokens are never echoed on GET) and file
downloads are what weighs on a slow link, and those are compressed.
"""

from __future__ import annotations

from starlette.middleware.gzip import GZipMiddleware
from starlette.types import ASGIApp, Receive, Scope, Send

COMPRESSED_PREFIXES = ("/static/", "/api/")
DOWNLOAD_SUFFIXES = (".csv", ".json")


def compressible(scope: Scope) -> bool:
    """Only reads of static files, the API and data downloads are compressed."""
    if scope["type"] != "http" or scope["method"] not in ("GET", "HEAD"):
        return False
    path: str = scope["path"]
    return path.startswith(COMPRESSED_PREFIXES) or path.endswith(DOWNLOAD_SUFFIXES)


class SelectiveGZip:
    """Starlette's GZipMiddleware, restricted to the responses :func:`compressible` allows."""

    def __init__(self, app: ASGIApp, minimum_size: int = 1024) -> None:
        self.app = app
        self.gzip = GZipMiddleware(app, minimum_size=minimum_size, compresslevel=6)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if compressible(scope):
            await self.gzip(scope, receive, send)
        else:
            await self.app(scope, receive, send)

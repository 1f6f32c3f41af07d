"""A per-process sliding-window limiter for API clients (E1).

Each worker counts on its own; behind N workers a client gets at most N times the limit, which
is documented in docs/settings.md. A shared store can replace this class without touching routes.
"""

from __future__ import annotations

import threading
import time
from collections import deque

from starlette.requests import Request

from rcf.access.policy import Actor
from rcf.errors import TooManyRequests

WINDOW_SECONDS = 60.0


class RateLimiter:
    def __init__(self, per_minute: int) -> None:
        self.per_minute = per_minute
        self._hits: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def hit(self, key: str, now: float | None = None, weight: int = 1) -> None:
        """Count ``weight`` requests for ``key`` (at most the limit, so one large request may
        still pass alone); raise 429 with Retry-After when over the limit."""
        now = time.monotonic() if now is None else now
        weight = min(max(weight, 1), self.per_minute)
        with self._lock:
            hits = self._hits.setdefault(key, deque())
            while hits and hits[0] <= now - WINDOW_SECONDS:
                hits.popleft()
            if len(hits) + weight > self.per_minute:
                freeing = hits[len(hits) + weight - self.per_minute - 1]
                raise TooManyRequests(int(freeing + WINDOW_SECONDS - now) + 1)
            hits.extend([now] * weight)


def count_page_use(request: Request, actor: Actor, page: str, weight: int = 1) -> None:
    """Pages that answer from many members' records (document checks, screening, the network)
    count against the API's per-minute limit, per user: a session must be no way round it to
    sweep them. ``weight``: requests this page use counts as (a manifest's passengers)."""
    request.app.state.rate_limiter.hit(f"{page}-page:{actor.user_id}", weight=weight)

"""The per-process limiter: a weighted request (a batch) uses up several requests of the minute."""

from __future__ import annotations

import pytest

from rcf.errors import TooManyRequests
from rcf.web.ratelimit import RateLimiter


def test_a_weighted_request_counts_as_that_many() -> None:
    limiter = RateLimiter(per_minute=10)
    limiter.hit("k", now=0.0, weight=7)
    limiter.hit("k", now=1.0, weight=3)
    with pytest.raises(TooManyRequests) as refused:
        limiter.hit("k", now=2.0)
    assert refused.value.retry_after == 59  # the batch at 0 s leaves the window at 60 s
    limiter.hit("other", now=2.0, weight=10)  # counted per key


def test_a_refused_request_counts_nothing_and_the_window_slides() -> None:
    limiter = RateLimiter(per_minute=10)
    limiter.hit("k", now=0.0, weight=5)
    limiter.hit("k", now=30.0, weight=5)
    with pytest.raises(TooManyRequests) as refused:
        limiter.hit("k", now=31.0, weight=6)
    assert refused.value.retry_after == 60  # six must leave: the sixth was counted at 30 s
    limiter.hit("k", now=60.5, weight=5)  # the first five have left the window


def test_a_request_heavier_than_the_limit_passes_alone() -> None:
    limiter = RateLimiter(per_minute=10)
    limiter.hit("k", now=0.0, weight=1000)
    with pytest.raises(TooManyRequests):
        limiter.hit("k", now=1.0)

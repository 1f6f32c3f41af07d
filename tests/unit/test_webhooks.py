"""The signature members verify, and a delivery that fails without raising."""

from __future__ import annotations

import hashlib
import hmac

import pytest

from rcf.webhooks import Delivery, deliver, deliver_all, signature


def test_the_signature_is_the_hex_hmac_sha256_of_the_body() -> None:
    body = b'{"event": "screening.hit", "hit_reference": "SH-1"}'
    expected = hmac.new(b"s3cret", body, hashlib.sha256).hexdigest()
    assert signature("s3cret", body) == "sha256=" + expected
    assert signature("other", body) != signature("s3cret", body)


def test_an_unreachable_hook_is_logged_and_counted_as_not_accepted(
    caplog: pytest.LogCaptureFixture,
) -> None:
    unreachable = Delivery("http://127.0.0.1:9/hook", "secret", b"{}")
    assert deliver(unreachable, timeout=1.0) is False
    assert deliver_all([unreachable, unreachable], timeout=1.0) == 0
    assert caplog.text.count("hit webhook failed") == 3
    assert "secret" not in caplog.text

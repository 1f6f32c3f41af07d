"""A member's system receiving hit webhooks: a local HTTP server that records every POST."""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.factories import csrf_from

SECRET = re.compile(r'<code class="secret">([^<]+)</code>')


def set_on_page(client: TestClient, page: str, url: str) -> str:
    """As the signed-in focal point: set the webhook on ``page``; returns the secret shown."""
    answer = client.post(page, data={"url": url, "csrf_token": csrf_from(client, page)})
    assert answer.status_code == 200, answer.text
    found = SECRET.search(answer.text)
    assert found, "the secret is shown once"
    return found.group(1)


class Receiver(BaseHTTPRequestHandler):
    received: list[tuple[dict[str, str], bytes]] = []
    delay = 0.0

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        time.sleep(self.delay)
        Receiver.received.append(({k.lower(): v for k, v in self.headers.items()}, body))
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args: Any) -> None:
        """Quiet."""


@pytest.fixture
def receiver() -> Iterator[str]:
    Receiver.received, Receiver.delay = [], 0.0
    server = HTTPServer(("127.0.0.1", 0), Receiver)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/hook"
    server.shutdown()
    server.server_close()

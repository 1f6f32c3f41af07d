"""Browser tests: the real application served by uvicorn on 127.0.0.1, driven by Debian's
headless Chromium through Playwright.

``playwright install`` cannot download browsers here, so the system Chromium is launched by path.
Without it the tests are skipped, unless ``RCF_REQUIRE_BROWSER=1`` (CI), where they fail.
"""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn
from playwright.sync_api import Browser, Page, sync_playwright

from rcf.app import create_app
from rcf.runtime import Runtime
from tests.factories import World

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-gpu",
    "--no-first-run",
    "--disable-sync",
]
STARTUP_SECONDS = 20.0
SHUTDOWN_SECONDS = 10.0
# Playwright's default is 30 s; a local server answers in milliseconds, so fail fast instead.
TIMEOUT_MS = 10_000


@pytest.fixture
def live_server(runtime: Runtime, world: World) -> Iterator[str]:
    """The portal on http://127.0.0.1:<free port>, serving the test database (with `world`).

    The socket is bound here and handed to uvicorn, so parallel workers never race for a port.
    """
    app = create_app(runtime=runtime)
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning")
    server = uvicorn.Server(config)
    thread = threading.Thread(
        target=server.run, kwargs={"sockets": [sock]}, name="rcf-live-server", daemon=True
    )
    thread.start()
    try:
        deadline = time.monotonic() + STARTUP_SECONDS
        while not server.started:
            if not thread.is_alive():
                pytest.fail("the live server stopped while starting")
            if time.monotonic() > deadline:
                pytest.fail(f"the live server did not start within {STARTUP_SECONDS} s")
            time.sleep(0.02)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(SHUTDOWN_SECONDS)
        if thread.is_alive():  # a connection kept open: stop without waiting for it
            server.force_exit = True
            thread.join(SHUTDOWN_SECONDS)
        sock.close()
        # A server that cannot stop has its event loop blocked (a request stuck in a busy loop).
        assert not thread.is_alive(), "the live server did not stop: its event loop is blocked"


@pytest.fixture
def chromium() -> Iterator[Browser]:
    """Headless Debian Chromium (one per test, so nothing is shared between tests)."""
    if not CHROMIUM.exists():
        if os.environ.get("RCF_REQUIRE_BROWSER") == "1":
            pytest.fail(f"RCF_REQUIRE_BROWSER=1 but {CHROMIUM} is missing")
        pytest.skip("Debian chromium not installed: browser tests skipped")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def browser_page(chromium: Browser, live_server: str) -> Iterator[Page]:
    """A page in a fresh browser context (no cookies), with the live server as base URL."""
    context = chromium.new_context(base_url=live_server)
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    try:
        yield page
    finally:
        context.close()

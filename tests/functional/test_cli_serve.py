"""`rcf serve`: one process serves the app it built; several start from the app factory."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi import FastAPI

from rcf.settings import Settings
from tests.functional.test_cli import rcf_cli


@pytest.fixture
def started(monkeypatch: pytest.MonkeyPatch) -> list[tuple[Any, dict[str, Any]]]:
    """What uvicorn was asked to run (nothing listens during the test)."""
    calls: list[tuple[Any, dict[str, Any]]] = []
    monkeypatch.setattr(
        "rcf.cli.server.uvicorn.run", lambda app, **options: calls.append((app, options))
    )
    return calls


def test_one_worker_serves_the_app_it_built(
    test_settings: Settings, started: list[tuple[Any, dict[str, Any]]]
) -> None:
    result = rcf_cli(test_settings, "serve", "--port", "8123")
    assert result.exit_code == 0, result.output
    [(app, options)] = started
    assert isinstance(app, FastAPI)
    assert options["port"] == 8123
    assert "workers" not in options


def test_several_workers_each_build_the_app_from_the_factory(
    test_settings: Settings, started: list[tuple[Any, dict[str, Any]]]
) -> None:
    result = rcf_cli(test_settings, "serve", "--workers", "3", "--forwarded-allow-ips", "10.0.0.1")
    assert result.exit_code == 0, result.output
    [(app, options)] = started
    assert app == "rcf.cli.server:served_app"
    assert options["factory"] is True
    assert options["workers"] == 3
    assert options["forwarded_allow_ips"] == "10.0.0.1"
    assert options["server_header"] is False


def test_no_workers_is_a_usage_error(
    test_settings: Settings, started: list[tuple[Any, dict[str, Any]]]
) -> None:
    assert rcf_cli(test_settings, "serve", "--workers", "0").exit_code == 2
    assert started == []

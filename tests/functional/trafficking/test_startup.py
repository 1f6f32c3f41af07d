"""Production refuses to start without the key file of victims' identity fields (or with one
it cannot read): no server that would fail, or worse improvise, on the first case opened."""

from __future__ import annotations

from pathlib import Path

import pytest

from rcf.app import create_app
from rcf.runtime import Runtime
from rcf.settings import Settings, SettingsError
from rcf.trafficking.crypto import add_current_key


def production(runtime: Runtime, **overrides: object) -> Runtime:
    settings = Settings(
        **{
            **runtime.settings.model_dump(),
            "environment": "production",
            "secret_key": runtime.settings.secret_key,
            **overrides,
        }
    )
    return Runtime(settings, runtime.engine, runtime.sessions, runtime.passwords)


def test_production_refuses_to_start_without_the_key_file(runtime: Runtime) -> None:
    with pytest.raises(SettingsError, match="RCF_TRAFFICKING_KEY_FILE"):
        create_app(runtime=production(runtime, trafficking_key_file=None))


@pytest.mark.parametrize(
    "content",
    [None, "", "k1 c2hvcnQ=\n", "not a key line\n"],
    ids=["missing", "empty", "short", "malformed"],
)
def test_production_refuses_an_unusable_key_file(
    runtime: Runtime, tmp_path: Path, content: str | None
) -> None:
    key_file = tmp_path / "trafficking_keys"
    if content is not None:
        key_file.write_text(content, encoding="utf-8")
    with pytest.raises(SettingsError, match="RCF_TRAFFICKING_KEY_FILE"):
        create_app(runtime=production(runtime, trafficking_key_file=key_file))


def test_production_starts_with_a_key_file(runtime: Runtime, tmp_path: Path) -> None:
    key_file = tmp_path / "trafficking_keys"
    add_current_key(key_file)
    assert create_app(runtime=production(runtime, trafficking_key_file=key_file))

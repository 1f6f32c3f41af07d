"""Every setting is documented with its default and description, and nothing else is (Datasette's
rule); the generated secret key is private; production refuses weak keys."""

from __future__ import annotations

import re
import secrets
import stat
from enum import Enum
from pathlib import Path

import pytest

from rcf.settings import Settings, SettingsError

ROOT = Path(__file__).resolve().parent.parent
SETTINGS_DOC = ROOT / "docs" / "settings.md"
README = ROOT / "README.md"
VARIABLE = re.compile(r"\bRCF_[A-Z0-9_]+\b")
# Read by the test suite and CI only, never by the application.
TEST_ONLY_VARIABLES = {"RCF_TEST_DATABASE_URL", "RCF_REQUIRE_BROWSER"}


def variable(field_name: str) -> str:
    return f"RCF_{field_name.upper()}"


def shown_default(value: object) -> str:
    """A default as docs/settings.md writes it."""
    if value is None or value == "":
        return "(empty)"
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, Enum):
        return str(value.value)
    return str(value)


def documented_rows() -> dict[str, tuple[str, str]]:
    """``{"RCF_X": (default, description)}`` from the table of docs/settings.md."""
    rows = {}
    for line in SETTINGS_DOC.read_text(encoding="utf-8").splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) == 3 and VARIABLE.fullmatch(cells[0].strip("`")):
            name, default, description = (cell.strip("`") for cell in cells)
            rows[name] = (default, " ".join(description.split()))
    return rows


def expected_row(field_name: str) -> str:
    field = Settings.model_fields[field_name]
    return f"| `{variable(field_name)}` | `{shown_default(field.default)}` | {field.description} |"


@pytest.mark.parametrize("field_name", list(Settings.model_fields))
def test_every_setting_is_documented_with_its_default(field_name: str) -> None:
    field = Settings.model_fields[field_name]
    rows = documented_rows()
    hint = f"docs/settings.md needs the row:\n{expected_row(field_name)}"

    assert variable(field_name) in rows, hint
    default, description = rows[variable(field_name)]
    assert default == shown_default(field.default), hint
    assert field.description, f"Settings.{field_name} needs a description"
    assert description == " ".join(field.description.split()), hint


def test_every_documented_variable_is_a_setting() -> None:
    known = {variable(name) for name in Settings.model_fields}

    mentioned = set(VARIABLE.findall(SETTINGS_DOC.read_text(encoding="utf-8")))

    assert mentioned - known == set()
    assert set(documented_rows()) == known


def test_the_readme_names_every_variable() -> None:
    readme = README.read_text(encoding="utf-8")
    known = {variable(name) for name in Settings.model_fields}

    mentioned = set(VARIABLE.findall(readme))

    assert known - mentioned == set()
    assert mentioned - known - TEST_ONLY_VARIABLES == set()
    assert "docs/settings.md" in readme


# --- The secret key -----------------------------------------------------------------------------


def local_settings(data_dir: Path, **values: object) -> Settings:
    """Settings that ignore whatever RCF_SECRET_KEY the calling shell may have set."""
    chosen: dict[str, object] = {
        "environment": "development",
        "data_dir": data_dir,
        "secret_key": "",
        "secret_key_file": None,
        **values,
    }
    return Settings(**chosen)  # type: ignore[arg-type]


def test_a_generated_secret_key_is_private_and_kept(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"

    key = local_settings(data_dir).resolved_secret_key

    path = data_dir / "secret_key"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert path.read_text(encoding="utf-8").strip() == key
    assert len(key) >= 48
    assert local_settings(data_dir).resolved_secret_key == key


def test_a_secret_key_file_is_read_and_stripped(tmp_path: Path) -> None:
    key = secrets.token_urlsafe(40)
    key_file = tmp_path / "rcf_secret"
    key_file.write_text(key + "\n", encoding="utf-8")

    settings = local_settings(tmp_path, environment="production", secret_key_file=key_file)

    assert settings.resolved_secret_key == key
    assert not (tmp_path / "secret_key").exists()


@pytest.mark.parametrize("weak", ["", "change-me", "secret", "short-but-random-Zx81"])
def test_production_refuses_a_missing_or_weak_key(weak: str, tmp_path: Path) -> None:
    with pytest.raises(SettingsError, match="RCF_SECRET_KEY"):
        local_settings(tmp_path, environment="production", secret_key=weak)

    assert not (tmp_path / "secret_key").exists()


def test_settings_never_show_the_secret_key(tmp_path: Path) -> None:
    key = secrets.token_urlsafe(40)

    settings = local_settings(tmp_path, secret_key=key)

    assert key not in repr(settings)
    assert key not in str(settings)

"""Identity fields at rest: sealed to their place, unreadable without the key file, rotatable,
and opened only through an audited call."""

from __future__ import annotations

import base64
import stat
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from rcf.cli import app as cli_app
from rcf.settings import Settings, SettingsError
from rcf.trafficking.crypto import (
    DecryptionError,
    FieldAddress,
    FieldCipher,
    KeyFileError,
    Keyring,
    add_current_key,
    key_ids_in_use,
    new_key_line,
)

NAME = FieldAddress("trafficking_persons", "given_name", "42")
NAME_OF_OTHER = FieldAddress("trafficking_persons", "given_name", "43")
SURNAME = FieldAddress("trafficking_persons", "family_name", "42")


def cipher(keys: str, opened: list[FieldAddress] | None = None) -> FieldCipher:
    log = opened if opened is not None else []
    return FieldCipher(Keyring.parse(keys), on_decrypt=log.append)


@pytest.fixture
def keys() -> str:
    return new_key_line() + "\n"


def test_a_value_round_trips_and_each_opening_is_reported(keys: str) -> None:
    opened: list[FieldAddress] = []
    fields = cipher(keys, opened)

    stored = fields.encrypt("Nguyễn Thị Lan", NAME)

    assert fields.decrypt(stored, NAME) == "Nguyễn Thị Lan"
    assert opened == [NAME]


def test_the_stored_text_holds_no_plaintext_and_differs_each_time(keys: str) -> None:
    fields = cipher(keys)
    secret = "PASSPORT-N1234567 Somchai"

    first, second = fields.encrypt(secret, NAME), fields.encrypt(secret, NAME)

    assert first != second
    for stored in (first, second):
        assert "Somchai" not in stored
        assert "1234567" not in stored
        assert base64.urlsafe_b64encode(b"Somchai").decode()[:8] not in stored
        assert stored.startswith("t1." + keys.split()[0] + ".")


def test_lengths_leak_only_in_blocks_of_16_bytes(keys: str) -> None:
    fields = cipher(keys)

    lengths = {len(fields.encrypt("x" * n, NAME)) for n in range(15)}

    assert len(lengths) == 1


@pytest.mark.parametrize("position", [5, 20, -3])
def test_a_tampered_value_does_not_open(keys: str, position: int) -> None:
    fields = cipher(keys)
    stored = fields.encrypt("Lan", NAME)
    flipped = "A" if stored[position] != "A" else "B"
    tampered = stored[:position] + flipped + stored[position + 1 :]

    with pytest.raises(DecryptionError):
        fields.decrypt(tampered, NAME)


@pytest.mark.parametrize(
    "elsewhere", [NAME_OF_OTHER, SURNAME, FieldAddress("other", "given_name", "42")]
)
def test_a_value_moved_to_another_record_or_column_does_not_open(
    keys: str, elsewhere: FieldAddress
) -> None:
    fields = cipher(keys)
    stored = fields.encrypt("Lan", NAME)

    with pytest.raises(DecryptionError):
        fields.decrypt(stored, elsewhere)


def test_another_deployments_key_does_not_open_a_value(keys: str) -> None:
    stored = cipher(keys).encrypt("Lan", NAME)
    same_id_other_secret = keys.split()[0] + " " + new_key_line().split()[1]

    with pytest.raises(DecryptionError):
        cipher(same_id_other_secret).decrypt(stored, NAME)
    with pytest.raises(DecryptionError, match="not in the file"):
        cipher(new_key_line()).decrypt(stored, NAME)


@pytest.mark.parametrize("garbage", ["", "Lan", "t1.abc", "t1.k.!!!!", "t1.k.AAAA", "t2.k.AAAA"])
def test_garbage_is_refused_cleanly(keys: str, garbage: str) -> None:
    with pytest.raises(DecryptionError):
        cipher(keys).decrypt(garbage, NAME)


def test_rotation_reads_old_values_and_reseals_them_under_the_new_key(keys: str) -> None:
    old_value = cipher(keys).encrypt("Lan", NAME)
    rotated_keys = new_key_line() + "\n" + keys
    fields = cipher(rotated_keys)

    assert fields.needs_rotation(old_value)
    resealed = fields.reencrypt(old_value, NAME)

    assert not fields.needs_rotation(resealed)
    assert fields.decrypt(resealed, NAME) == "Lan"
    assert key_ids_in_use([resealed]) == {rotated_keys.split()[0]}
    with pytest.raises(DecryptionError):
        cipher(keys).decrypt(resealed, NAME)


def test_the_blind_index_matches_spellings_of_one_number_only(keys: str) -> None:
    fields = cipher(keys)

    index = fields.blind_index("AB 123-456", kind="passport:THA")

    assert fields.blind_index("ab123456", kind="passport:THA") == index
    assert fields.blind_index("AB123457", kind="passport:THA") != index
    assert fields.blind_index("AB123456", kind="passport:IDN") != index
    assert "123456" not in index
    assert cipher(new_key_line()).blind_index("AB123456", kind="passport:THA") != index


def test_blind_index_candidates_find_values_indexed_before_a_rotation(keys: str) -> None:
    before = cipher(keys).blind_index("N1234567", kind="national_id:IDN")
    rotated = cipher(new_key_line() + "\n" + keys)

    assert before in rotated.blind_index_candidates("N1234567", kind="national_id:IDN")
    assert rotated.blind_index("N1234567", kind="national_id:IDN") != before


@pytest.mark.parametrize(
    "text",
    [
        "",
        "# only a comment\n",
        "k1 c2hvcnQ=\n",  # 5 bytes
        "k1\n",
        "bad/id " + base64.urlsafe_b64encode(bytes(32)).decode(),
        "k1 not*base64\n",
    ],
)
def test_a_missing_malformed_or_short_key_is_refused(text: str) -> None:
    with pytest.raises(KeyFileError):
        Keyring.parse(text)


def test_repeated_key_ids_are_refused() -> None:
    line = new_key_line()
    with pytest.raises(KeyFileError, match="repeats"):
        Keyring.parse(line + "\n" + line.split()[0] + " " + new_key_line().split()[1])


def test_add_current_key_creates_a_private_file_and_keeps_old_keys(tmp_path: Path) -> None:
    path = tmp_path / "keys"

    first = add_current_key(path)
    second = add_current_key(path)

    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    keyring = Keyring.from_file(path)
    assert [key.key_id for key in keyring.keys] == [second, first]


def test_an_unreadable_key_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(KeyFileError, match="Cannot read"):
        Keyring.from_file(tmp_path / "missing")


# --- Settings -----------------------------------------------------------------------------------


def settings(tmp_path: Path, **values: object) -> Settings:
    chosen: dict[str, object] = {
        "environment": "development",
        "data_dir": tmp_path,
        "secret_key": "x" * 40,
        "trafficking_key_file": None,
        **values,
    }
    return Settings(**chosen)  # type: ignore[arg-type]


def test_outside_production_a_key_file_is_generated_private_and_kept(tmp_path: Path) -> None:
    path = settings(tmp_path).resolved_trafficking_key_file

    assert path == tmp_path / "trafficking_keys"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    first = Keyring.from_file(path).current.key_id
    assert (
        Keyring.from_file(settings(tmp_path).resolved_trafficking_key_file).current.key_id == first
    )


def test_production_refuses_to_run_without_a_key_file(tmp_path: Path) -> None:
    production = settings(tmp_path, environment="production")

    with pytest.raises(SettingsError, match="RCF_TRAFFICKING_KEY_FILE"):
        _ = production.resolved_trafficking_key_file
    assert not (tmp_path / "trafficking_keys").exists()


def test_production_uses_the_named_key_file(tmp_path: Path) -> None:
    path = tmp_path / "keys"
    add_current_key(path)

    production = settings(tmp_path, environment="production", trafficking_key_file=path)

    assert production.resolved_trafficking_key_file == path


def test_the_new_key_command_creates_then_rotates_the_key_file(tmp_path: Path) -> None:
    path = tmp_path / "trafficking_keys"
    runner = CliRunner()

    first = runner.invoke(cli_app, ["trafficking", "new-key", str(path)])
    second = runner.invoke(cli_app, ["trafficking", "new-key", str(path)])

    assert first.exit_code == 0, first.output
    assert second.exit_code == 0, second.output
    ids = [key.key_id for key in Keyring.from_file(path).keys]
    assert len(ids) == 2
    assert f"New current key {ids[0]}" in second.output
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_the_new_key_command_never_rewrites_a_damaged_key_file(tmp_path: Path) -> None:
    path = tmp_path / "trafficking_keys"
    path.write_text("k1 c2hvcnQ=\n", encoding="utf-8")

    outcome = CliRunner().invoke(cli_app, ["trafficking", "new-key", str(path)])

    assert outcome.exit_code == 1
    assert "32 random bytes" in outcome.output
    assert path.read_text(encoding="utf-8") == "k1 c2hvcnQ=\n"


@hypothesis_settings(max_examples=60, deadline=None)
@given(st.text(max_size=300), st.text(min_size=1, max_size=20).filter(lambda t: "\x00" not in t))
def test_any_text_round_trips_and_never_appears_in_the_stored_value(text: str, record: str) -> None:
    fields = cipher(FIXED_KEY)
    address = FieldAddress("trafficking_persons", "names", record)

    stored = fields.encrypt(text, address)

    assert fields.decrypt(stored, address) == text
    if len(text) >= 8:  # shorter strings may occur in random base64 by chance
        assert text not in stored.split(".", 2)[2]


FIXED_KEY = "fixed " + base64.urlsafe_b64encode(bytes(range(32))).decode()

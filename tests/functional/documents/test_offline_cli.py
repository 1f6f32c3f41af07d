"""``rcf documents check-offline``: a laptop at a remote port checks documents against a signed
snapshot with no database and no network."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from click.testing import Result
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from typer.testing import CliRunner

from rcf.cli import app as cli_app
from rcf.documents.offline import (
    OfflineRecord,
    build_snapshot,
    format_hmac_key,
    public_key_pem,
)

HMAC_KEY = bytes(range(32))
SIGNING_KEY = Ed25519PrivateKey.from_private_bytes(bytes(range(1, 33)))
RECORDS = [
    OfflineRecord("L898902C3", "UTO", "stolen", "H1", "UTO", "R-0001"),
    OfflineRecord("AB1234567", "THA", "lost", "H2", "THA", "R-0002"),
]


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    paths = {name: tmp_path / name for name in ("snapshot", "public-key", "key-file")}
    now = datetime.now(UTC)
    paths["snapshot"].write_bytes(build_snapshot(RECORDS, HMAC_KEY, SIGNING_KEY, now))
    paths["public-key"].write_bytes(public_key_pem(SIGNING_KEY))
    paths["key-file"].write_text(format_hmac_key(HMAC_KEY))
    return paths


def check(files: dict[str, Path], *args: str) -> Result:
    # A database URL that cannot be opened: the command must not need one.
    env = {"RCF_DATABASE_URL": "postgresql+psycopg://nobody@127.0.0.1:1/none"}
    options = [f"--{name}={path}" for name, path in files.items()]
    return CliRunner().invoke(cli_app, ["documents", "check-offline", *options, *args], env=env)


def test_a_hit_exits_1_and_shows_status_handling_and_reference(files: dict[str, Path]) -> None:
    result = check(files, "l898 902 c3", "uto")

    assert result.exit_code == 1, result.output
    assert "HIT" in result.stdout
    assert "(exact) status=stolen handling=H1 owner=UTO reference=R-0001" in result.stdout


def test_no_hit_exits_0(files: dict[str, Path]) -> None:
    result = check(files, "--json", "ZZ9999999", "THA")

    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == {
        "document_number": "ZZ9999999",
        "issuing_state": "THA",
        "hits": [],
    }


def test_a_confusable_candidate_is_marked(files: dict[str, Path]) -> None:
    result = check(files, "--json", "A81234567", "THA")

    assert result.exit_code == 1
    (hit,) = json.loads(result.stdout)["hits"]
    assert (hit["match"], hit["reference"]) == ("confusable", "R-0002")


def test_a_tampered_snapshot_is_refused(files: dict[str, Path]) -> None:
    data = bytearray(files["snapshot"].read_bytes())
    data[len(data) // 2] ^= 1
    files["snapshot"].write_bytes(bytes(data))

    result = check(files, "L898902C3", "UTO")

    assert result.exit_code == 2
    assert "signature does not verify" in result.stderr
    assert result.stdout == ""


def test_a_stale_snapshot_warns_with_its_age(files: dict[str, Path]) -> None:
    old = datetime.now(UTC) - timedelta(days=30)
    files["snapshot"].write_bytes(build_snapshot(RECORDS, HMAC_KEY, SIGNING_KEY, old))

    result = check(files, "L898902C3", "UTO")

    assert result.exit_code == 1
    assert "stale" in result.stderr
    assert "30 days" in result.stderr


def test_a_manifest_is_checked_hits_first(files: dict[str, Path], tmp_path: Path) -> None:
    manifest = tmp_path / "flight.csv"
    manifest.write_text(
        "document_number,issuing_state,expiry_date\n"
        "ZZ1111111,THA,2099-01-01\n"
        "AB1234567,THA,2001-01-01\n"
    )

    result = check(files, "--json", f"--batch={manifest}")

    assert result.exit_code == 1, result.output
    first, second = (json.loads(line) for line in result.stdout.splitlines())
    assert (first["position"], first["hits"][0]["reference"]) == (3, "R-0002")
    assert first["problems"] == [{"field": "expiry_date", "code": "expired"}]
    assert (second["position"], second["hits"]) == (2, [])


@pytest.mark.parametrize(
    "args",
    [[], ["L898902C3"], ["--batch=x.csv", "L898902C3", "UTO"]],
)
def test_usage_errors_exit_2(files: dict[str, Path], args: list[str]) -> None:
    assert check(files, *args).exit_code == 2


def test_missing_files_exit_2(files: dict[str, Path], tmp_path: Path) -> None:
    files["key-file"] = tmp_path / "nowhere"

    result = check(files, "L898902C3", "UTO")

    assert result.exit_code == 2
    assert "cannot read" in result.stderr


def test_the_key_file_may_come_from_the_environment(files: dict[str, Path]) -> None:
    options = [f"--snapshot={files['snapshot']}", f"--public-key={files['public-key']}"]
    env = {
        "RCF_DATABASE_URL": "postgresql+psycopg://nobody@127.0.0.1:1/none",
        "RCF_DOCUMENT_OFFLINE_HMAC_KEY_FILE": str(files["key-file"]),
    }

    result = CliRunner().invoke(
        cli_app, ["documents", "check-offline", *options, "L898902C3", "UTO"], env=env
    )

    assert result.exit_code == 1, result.output
    assert "reference=R-0001" in result.stdout


def test_an_unknown_state_is_a_usage_error_not_a_no_hit(files: dict[str, Path]) -> None:
    """GER is not Germany's code (D is): a plain NO HIT would read as "not reported"."""
    result = check(files, "L898902C3", "GER")

    assert result.exit_code == 2
    assert "'GER' is not an ICAO code" in result.stderr
    assert check(files, "C01X00T47", "D").exit_code == 0


def test_manifest_lines_name_the_passenger(files: dict[str, Path], tmp_path: Path) -> None:
    manifest = tmp_path / "flight.csv"
    manifest.write_text(
        "document_number,issuing_state,surname,given_names\n"
        "AB1234567,THA,SAMPLE,ONE\n"
        "ZZ1111111,XYZ,,\n"
    )

    result = check(files, f"--batch={manifest}")

    assert result.exit_code == 1, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "HIT #2 AB1234567 THA SAMPLE, ONE"
    assert lines[2] == "ok  #3 ZZ1111111 XYZ (no name)"
    assert lines[3] == "    problem issuing_state: Issuing state 'XYZ' is not an ICAO code."

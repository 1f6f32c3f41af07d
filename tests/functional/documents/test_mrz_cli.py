"""``rcf documents mrz``: exit codes, JSON output and batches. It opens no database."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import Result
from typer.testing import CliRunner

from rcf.cli import app as cli_app

TD3 = [
    "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
    "L898902C36UTO7408122F1204159ZE184226B<<<<<10",
]
TD1 = [
    "I<UTOD231458907<<<<<<<<<<<<<<<",
    "7408122F1204159UTO<<<<<<<<<<<6",
    "ERIKSSON<<ANNA<MARIA<<<<<<<<<<",
]
BAD_TD3 = [TD3[0], TD3[1][:19] + "5" + TD3[1][20:]]  # birth date check digit wrong


def mrz(*args: str) -> Result:
    # A database URL that cannot be opened: the command must not need one.
    env = {"RCF_DATABASE_URL": "postgresql+psycopg://nobody@127.0.0.1:1/none"}
    return CliRunner().invoke(cli_app, ["documents", "mrz", *args], env=env)


def test_a_valid_mrz_exits_0_with_a_readable_summary() -> None:
    result = mrz(*TD3)

    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("VALID TD3")
    assert "given_names: ANNA MARIA" in result.stdout
    assert "warning expiry_date [expired]" in result.stdout


def test_three_lines_td1_as_json() -> None:
    result = mrz("--json", *TD1)

    assert result.exit_code == 0, result.output
    body = json.loads(result.stdout)
    assert body["format"] == "TD1"
    assert body["valid"] is True


def test_an_invalid_mrz_exits_1_and_names_the_field() -> None:
    result = mrz("--json", *BAD_TD3)

    assert result.exit_code == 1
    body = json.loads(result.stdout)
    assert body["valid"] is False
    assert body["checks"]["birth_date"] is False
    assert body["errors"][0]["field"] == "birth_date"


def test_a_wrong_length_is_invalid_not_a_usage_error() -> None:
    result = mrz(TD3[0], TD3[1][:-1])

    assert result.exit_code == 1
    assert "INVALID (format not recognised)" in result.stdout
    assert "wrong_line_length" in result.stdout


def test_usage_errors_exit_2() -> None:
    assert mrz().exit_code == 2
    assert mrz(TD3[0]).exit_code == 2
    assert mrz(*TD1, TD1[0]).exit_code == 2
    assert mrz("--batch", "whatever.txt", *TD3).exit_code == 2
    assert mrz("--batch", "/nonexistent/mrz.txt").exit_code == 2
    assert mrz("--unknown-option", *TD3).exit_code == 2


def test_batch_prints_one_json_object_per_input_line(tmp_path: Path) -> None:
    batch = tmp_path / "mrz.txt"
    batch.write_text("\n".join(["|".join(TD3), "|".join(BAD_TD3), "|".join(TD1)]) + "\n")

    result = mrz("--batch", str(batch))

    assert result.exit_code == 1  # one of them is invalid
    objects = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(o["format"], o["valid"]) for o in objects] == [
        ("TD3", True),
        ("TD3", False),
        ("TD1", True),
    ]


def test_batch_of_valid_mrzs_exits_0(tmp_path: Path) -> None:
    batch = tmp_path / "mrz.txt"
    batch.write_text("|".join(TD3) + "\r\n" + "|".join(TD1) + "\r\n")

    result = mrz("--batch", str(batch))

    assert result.exit_code == 0, result.output
    assert len(result.stdout.splitlines()) == 2


def test_batch_from_standard_input() -> None:
    env = {"RCF_DATABASE_URL": "postgresql+psycopg://nobody@127.0.0.1:1/none"}
    result = CliRunner().invoke(
        cli_app, ["documents", "mrz", "--batch", "-"], input="|".join(TD3) + "\n", env=env
    )

    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["valid"] is True


def test_a_pasted_mrz_in_one_argument_is_split_into_its_lines() -> None:
    """What a scanner or a copy from a screen gives: the lines in one argument."""
    for pasted in ("\n".join(TD3) + "\n", "|".join(TD1)):
        result = mrz(pasted)
        assert result.exit_code == 0, result.output
        assert result.stdout.startswith("VALID")


def test_the_help_says_to_quote_the_lines() -> None:
    assert "quotes" in mrz("--help").stdout

"""``rcf documents mrz``: parse and validate machine-readable zones. Needs no database."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Annotated, Any

import click
import typer

from rcf.cli.documents_offline import check_offline
from rcf.cli.documents_register import register as register_commands
from rcf.documents.mrz import MrzResult, parse_mrz

app = typer.Typer(help="Travel-document and visa integrity.", no_args_is_help=True)

# Only the start of a batch line is parsed: anything longer is not an MRZ (wrong_line_length).
MAX_BATCH_LINE = 1000
USAGE = "Give 2 or 3 MRZ lines, or --batch FILE (not both)."


@app.command("mrz")
def mrz(
    lines: Annotated[
        list[str] | None,
        typer.Argument(
            help="The MRZ lines, 2 or 3, each in single quotes (the shell reads < as a "
            "redirection); or one argument holding them on separate lines or joined by '|'."
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the result as JSON.")] = False,
    batch: Annotated[
        Path | None,
        typer.Option(
            help="A file with one MRZ per line, its lines joined by '|'; prints one "
            "JSON object per line ('-' reads standard input)."
        ),
    ] = None,
) -> None:
    """Parse and validate an MRZ (TD1, TD2, TD3, MRV-A, MRV-B). Exit 0 when valid, 1 when
    invalid (in a batch: when any is), 2 on a usage error."""
    lines = _split_pasted(lines or [])
    if (batch is None) == (not lines) or (lines and not 2 <= len(lines) <= 3):
        typer.echo(f"Error: {USAGE}", err=True)
        raise typer.Exit(2)
    if batch is not None:
        raise typer.Exit(_run_batch(batch))
    result = parse_mrz(lines)
    typer.echo(json.dumps(result.to_dict()) if as_json else _describe(result))
    raise typer.Exit(0 if result.valid else 1)


def _split_pasted(lines: list[str]) -> list[str]:
    """A whole MRZ pasted as one argument ("$(cat)", a scanner's output) is split into lines."""
    if len(lines) != 1:
        return lines
    return [part for part in lines[0].replace("|", "\n").splitlines() if part.strip()]


def _run_batch(path: Path) -> int:
    try:
        handle = click.open_file(str(path), encoding="utf-8", errors="replace")
    except OSError as error:
        typer.echo(f"Error: cannot read {path}: {error.strerror}", err=True)
        return 2
    all_valid = True
    with handle:
        for result in _batch_results(handle):
            all_valid &= result.valid
            typer.echo(json.dumps(result.to_dict()))
    return 0 if all_valid else 1


def _batch_results(handle: Iterable[str]) -> Iterable[MrzResult]:
    for line in handle:
        yield parse_mrz(line[:MAX_BATCH_LINE].strip().split("|"))


def _describe(result: MrzResult) -> str:
    """The result for a person at a desk: verdict, fields, then every problem."""
    data: dict[str, Any] = result.to_dict()
    verdict = "VALID" if result.valid else "INVALID"
    out = [f"{verdict} {data['format'] or '(format not recognised)'}"]
    if result.fields is not None:
        out += [f"  {name}: {value}" for name, value in data["fields"].items()]
        out += [f"  {name} (ISO): {value}" for name, value in data["dates"].items() if value]
        out += [f"  check {name}: {_mark(ok)}" for name, ok in data["checks"].items()]
    out += [f"error {e['field']} [{e['code']}]: {e['message']}" for e in data["errors"]]
    out += [f"warning {w['field']} [{w['code']}]: {w['message']}" for w in data["warnings"]]
    out += [f"suggestion {s['field']}: {s['message']}" for s in data["suggestions"]]
    return "\n".join(out)


def _mark(ok: bool | None) -> str:
    return {True: "ok", False: "FAILED", None: "none in this format"}[ok]


# --- check-offline (implemented in documents_offline: needs no database either) ---------------
app.command("check-offline")(check_offline)

# --- the register: import, check, export-offline, webhook, remove-reviewed -------------------
register_commands(app)

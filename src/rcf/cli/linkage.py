"""``rcf linkage persons|events``: link records across members on plain files. Needs no database.

Exit codes: 0 linked (warnings about unreadable values, if any, on standard error), 1 the input
file was refused (every problem listed with its row and column), 2 a usage error.
"""

from __future__ import annotations

import csv
import os
import tempfile
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Annotated

import typer

from rcf.linkage.events import link_events
from rcf.linkage.persons import link_persons
from rcf.linkage.reading import (
    EVENTS,
    MAX_PROBLEMS,
    PERSONS,
    Layout,
    LinkageInputError,
    Problem,
    read_table,
)

app = typer.Typer(
    help="Cross-member linkage of persons and events (offline files).", no_args_is_help=True
)

InputOption = Annotated[Path, typer.Option("--input", help="The CSV file to link (UTF-8).")]
OutputOption = Annotated[Path, typer.Option("--output", help="Where to write the clusters (CSV).")]
StrictOption = Annotated[
    bool, typer.Option("--strict", help="Refuse the file over unreadable values too.")
]
Linker = Callable[[Sequence[Mapping[str, str]]], dict[str, str]]


@app.command("persons")
def persons(input_path: InputOption, output: OutputOption, strict: StrictOption = False) -> None:
    """Find the same person across members' records: writes ``record_id,cluster_id``.

    The input has ``record_id, source_state``, ``full_name`` or ``given_name`` + ``family_name``,
    and ``birth_date, nationality, gender, document_number, place_of_birth`` (any may be empty).
    """
    _run(input_path, output, PERSONS, link_persons, strict)


@app.command("events")
def events(input_path: InputOption, output: OutputOption, strict: StrictOption = False) -> None:
    """Find reports of the same boat event across members: writes ``report_id,cluster_id``.

    The input has ``report_id, source_state, event_date, location, vessel_name,
    persons_on_board, passenger_nationalities, facilitator_names`` (a JSON list).
    """
    _run(input_path, output, EVENTS, link_events, strict)


def _run(path: Path, output: Path, layout: Layout, link: Linker, strict: bool) -> None:
    try:
        table = read_table(path, layout, strict=strict)
    except OSError as error:
        typer.echo(f"Error: cannot read {path}: {error.strerror}", err=True)
        raise typer.Exit(2) from None
    except LinkageInputError as error:
        _report(f"Error: {path} was not linked", error.problems)
        raise typer.Exit(1) from None
    if table.warnings:
        _report(f"Warning: values treated as missing in {path}", table.warnings)
    clusters = link(table.rows)
    _write(output, layout.id_column, [(row[layout.id_column], clusters[row[layout.id_column]])
                                       for row in table.rows])  # fmt: skip
    count = len(set(clusters.values()))
    typer.echo(f"{len(table.rows)} records, {count} cluster{'s' * (count != 1)} -> {output}")


def _report(title: str, problems: Sequence[Problem]) -> None:
    count = f"{len(problems)} problem" + ("s" if len(problems) > 1 else "")
    typer.echo(f"{title} ({count}):", err=True)
    for problem in problems[:MAX_PROBLEMS]:
        typer.echo(f"  {problem}", err=True)
    if len(problems) > MAX_PROBLEMS:
        typer.echo(f"  ... and {len(problems) - MAX_PROBLEMS} more", err=True)


def _write(output: Path, id_column: str, rows: list[tuple[str, str]]) -> None:
    """Write through a temporary file beside ``output``: a failed run leaves no partial file."""
    directory = output.resolve().parent
    handle, temporary = tempfile.mkstemp(dir=directory, prefix=".linkage-", suffix=".csv")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            writer = csv.writer(stream)
            writer.writerow([id_column, "cluster_id"])
            writer.writerows(rows)
        os.replace(temporary, output)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


@app.command("propose")
def propose() -> None:
    """Run both engines over the platform's live watchlist persons and incident reports and
    store their cross-member pairs as proposals for analysts to confirm or reject (at
    /screening/links). Idempotent: decided proposals are kept as decided."""
    from rcf.cli.context import console, runtime, transaction
    from rcf.screening.proposing import propose_links

    with transaction(runtime()) as session:
        counts = propose_links(session)
    console.print(f"Links: {counts}")
